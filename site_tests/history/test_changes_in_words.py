"""generator.changes: what changed between two versions of a procedure, said from the data.

Each case is two small versions of a procedure and the sentence a reader should see."""
from __future__ import annotations

import copy

import pytest

from generator.changes import describe

BASE = {
    "id": "example-2020",
    "title": "Example escalation procedure",
    "version": "Version 1",
    "dates": {"updated": "2018-11"},
    "pathways": [{
        "id": "main", "title": "Escalation between agencies (all children)",
        "stages": [
            {"id": "stage-1", "number": 1, "title": "Practitioners talk", "timescale": {"unit": "working_days", "amount": 5}},
            {"id": "stage-2", "number": 2, "title": "Managers talk", "timescale": {"unit": "working_days", "amount": 5}},
        ],
    }],
    "contacts": [{"id": "po", "label": "Principal Officer", "phone": "01724 296500", "published": "2018-11"}],
    "notes": [{"id": "days", "kind": "reading", "text": "Days are read as working days."}],
    "principles": [{"text": "The child comes first."}],
}


def changed(edit) -> list[str]:
    new = copy.deepcopy(BASE)
    edit(new)
    return describe(BASE, new)


def test_the_same_data_is_no_change_whatever_the_formatting_was():
    assert describe(BASE, copy.deepcopy(BASE)) == []


def test_a_new_file_is_added_to_the_handbook():
    assert describe(None, BASE) == ["Added to the handbook"]


def test_stage_2s_timescale_from_5_to_10_working_days():
    def edit(p):
        p["pathways"][0]["stages"][1]["timescale"]["amount"] = 10
    assert changed(edit) == ["Stage 2's timescale changed from 5 to 10 working days"]


def test_a_timescale_that_changes_unit_names_both():
    def edit(p):
        p["pathways"][0]["stages"][0]["timescale"] = {"unit": "calendar_days", "amount": 7}
    assert changed(edit) == ["Stage 1's timescale changed from 5 working days to 7 calendar days"]


def test_a_contacts_telephone_changed():
    def edit(p):
        p["contacts"][0]["phone"] = "01724 296555"
    assert changed(edit) == ["Contact 'Principal Officer' telephone changed from 01724 296500 to 01724 296555"]


def test_a_note_added_is_quoted():
    def edit(p):
        p["notes"].append({"id": "cap", "kind": "gap", "text": "The source gives no total time limit."})
    assert changed(edit) == ["Note added: The source gives no total time limit."]


def test_a_note_removed_and_a_note_reworded():
    assert changed(lambda p: p["notes"].clear()) == ["Note removed: Days are read as working days."]

    def reword(p):
        p["notes"][0]["text"] = "Days are read as calendar days."
    assert changed(reword) == ["Note reworded: Days are read as calendar days."]


def test_stages_are_matched_by_id_so_a_reorder_is_said_as_a_reorder():
    assert changed(lambda p: p["pathways"][0]["stages"].reverse()) == ["Stages reordered"]


def test_a_stage_added_and_removed_by_its_id():
    def edit(p):
        p["pathways"][0]["stages"].append({"id": "stage-3", "number": 3, "title": "Directors talk"})
    assert changed(edit) == ["Stage 3 added"]
    assert changed(lambda p: p["pathways"][0]["stages"].pop(0)) == ["Stage 1 removed"]


def test_with_two_pathways_a_stage_says_which_pathway_without_its_bracket():
    def edit(p):
        second = copy.deepcopy(p["pathways"][0])
        second.update(id="other", title="Another route (looked after children)")
        p["pathways"].append(second)
    two = copy.deepcopy(BASE)
    edit(two)
    new = copy.deepcopy(two)
    new["pathways"][1]["stages"][0]["timescale"]["amount"] = 3
    assert describe(two, new) == ["Stage 1's timescale changed from 5 to 3 working days (Another route)"]


def test_a_dated_field_is_written_as_the_pages_write_dates():
    def edit(p):
        p["dates"]["review_due"] = "2027-01"
    assert changed(edit) == ["Review date added: January 2027"]


def test_a_principle_added_and_the_version_changed():
    def edit(p):
        p["principles"].append({"text": "Escalate early."})
        p["version"] = "Version 2"
    assert sorted(changed(edit)) == ["Principle added: Escalate early.", "Version changed from Version 1 to Version 2"]


def test_a_long_text_is_reworded_not_quoted_twice():
    def edit(p):
        p["title"] = "A much longer title for the example escalation procedure, which goes on and on for a while"
    assert changed(edit) == ["Title reworded"]


@pytest.mark.parametrize("old", [None, "not a mapping", ["a", "list"]])
def test_a_version_that_is_not_a_procedure_never_raises(old):
    words = describe(old, BASE)
    assert words and all(isinstance(w, str) for w in words)


def test_an_old_timescale_the_rule_core_no_longer_reads_is_said_as_written():
    old = copy.deepcopy(BASE)
    old["pathways"][0]["stages"][0]["timescale"] = {"unit": "fortnights", "amount": 1}
    words = describe(old, BASE)
    assert len(words) == 1 and words[0].startswith("Stage 1's timescale changed from ")
    assert words[0].endswith("to 5 working days")


@pytest.mark.parametrize("old,new", [
    ({"pathways": [{"id": ["x"]}]}, {"pathways": [{"id": ["y"]}]}),
    ({"dates": {1: "a", "b": "c"}}, {"dates": {1: "b", "b": "d"}}),
    ({"principles": [{"text": {"a": 1}}, "x"]}, {"principles": ["y", {"text": [1]}]}),
])
def test_versions_shaped_unlike_todays_schema_are_said_to_have_changed_without_raising(old, new):
    words = describe(old, new)
    assert words and all(isinstance(w, str) for w in words)
