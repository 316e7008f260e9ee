"""North Lincolnshire SAfE Challenge & Resolution procedure (April 2018), checked against its source.

Every expected value below is copied from
shared/sources/north-lincolnshire-safe-challenge-and-resolution-2018.txt.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.agreement import iter_timescales
from generator.sources import sources_dir
from navigator.timescales import Timescale


ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / "procedures" / "north-lincolnshire" / "north-lincolnshire-safe-2018.yaml"


@pytest.fixture(scope="module")
def proc() -> dict:
    return yaml.safe_load(FILE.read_text(encoding="utf-8"))


def all_timescales(proc):
    return iter_timescales(proc)


def source(proc) -> str:
    path = sources_dir(ROOT) / proc["source"]["file"]
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    return path.read_text(encoding="utf-8")


def pathway(proc, pathway_id):
    return next(p for p in proc["pathways"] if p["id"] == pathway_id)


def rule(proc, rule_id):
    return next(r for r in proc["rules"] if r["id"] == rule_id)


def note(proc, note_id):
    return next(n for n in proc["notes"] if n["id"] == note_id)


def stage_rows(proc, pathway_id):
    return [(s["id"], s.get("number"), s["title"]) for s in pathway(proc, pathway_id)["stages"]]


def test_the_file_starts_with_the_schema_comment():
    assert FILE.read_text(encoding="utf-8").splitlines()[0] == \
        "# yaml-language-server: $schema=../schema/procedure.schema.json"


def test_the_procedure_is_north_lincolnshire_safe_dated_april_2018(proc):
    assert proc["id"] == "north-lincolnshire-safe-2018"
    assert proc["area"] == "north-lincolnshire"
    assert proc["version"] == "April 2018"
    assert proc["dates"]["issued"] == "2018-04"
    assert proc["source"]["file"] == "north-lincolnshire-safe-challenge-and-resolution-2018.txt"


def test_the_procedure_has_four_pathways_in_source_order(proc):
    assert [p["id"] for p in proc["pathways"]] == [
        "early-help-differences",
        "conference-majority-view",
        "conference-equally-divided",
        "convening-conference",
    ]


def test_early_help_differences_go_practitioners_line_managers_principal_officer_lscb_chair(proc):
    assert stage_rows(proc, "early-help-differences") == [
        ("practitioner-level", None, "Practitioners try to resolve it between agencies"),
        ("line-managers", None, "Line managers (designated person for school staff)"),
        ("principal-officer-review", None, "Review agreed and chaired by a Principal Officer"),
        ("lscb-chair-mediation", None, "Mediation by the LSCB Chair"),
    ]


def test_school_staff_go_to_the_designated_person_instead_of_a_line_manager(proc):
    stage = pathway(proc, "early-help-differences")["stages"][1]
    assert stage["goes_to"] == ["line-manager", "designated-person"]
    stage = pathway(proc, "conference-majority-view")["stages"][0]
    assert stage["goes_to"] == ["line-manager", "designated-person"]


def test_a_majority_view_conference_goes_line_manager_irs_principal_officer_lscb_chair(proc):
    assert stage_rows(proc, "conference-majority-view") == [
        ("line-manager", None, "Minority agency refers to its line manager (designated person for school staff)"),
        ("independent-review-service", None,
         "Line manager discusses with the service manager for the Independent Review Service"),
        ("principal-officer-review", None, "Review agreed and chaired by a Principal Officer"),
        ("lscb-chair-mediation", None, "Mediation by the LSCB Chair"),
    ]


def test_an_equally_divided_conference_adjourns_reconvenes_then_principal_officer_then_lscb_chair(proc):
    assert stage_rows(proc, "conference-equally-divided") == [
        ("adjournment", None, "Conference adjourned for the matter to be reassessed"),
        ("reconvened-conference", None, "Conference reconvened to reach a consensus"),
        ("principal-officer-review", None, "Review agreed and chaired by a Principal Officer"),
        ("lscb-chair-mediation", None, "Mediation by the LSCB Chair"),
    ]


def test_a_dispute_about_convening_a_conference_goes_irs_consultation_principal_officer_lscb_chair(proc):
    assert stage_rows(proc, "convening-conference") == [
        ("request-conference", None, "Request for a child protection conference"),
        ("professional-consultation", None,
         "Independent Review Service liaises with the agency (professional consultation meeting)"),
        ("principal-officer-for-safeguarding", None, "Principal Officer for Safeguarding"),
        ("lscb-chair-mediation", None, "Mediation by the LSCB Independent Chair"),
    ]


def test_an_equally_divided_conference_is_adjourned_for_not_more_than_15_working_days(proc):
    ts = pathway(proc, "conference-equally-divided")["stages"][0]["timescale"]
    assert (ts["unit"], ts["amount"], ts["text"]) == ("working_days", 15, "not exceeding 15 working days")


def test_the_child_keeps_or_is_given_a_plan_while_the_conference_is_adjourned(proc):
    actions = " ".join(a["text"] for a in pathway(proc, "conference-equally-divided")["stages"][0]["actions"])
    assert "continues to have a child protection plan" in actions
    assert "made subject of a child protection plan" in actions


def test_practitioner_level_has_no_number_only_a_timescale_that_safeguards_the_child(proc):
    ts = pathway(proc, "early-help-differences")["stages"][0]["timescale"]
    assert ts["unit"] == "none_stated"
    assert ts["text"].startswith("within a timescale that safeguards the child")


def test_referral_to_line_manager_is_straight_away_immediately_with_no_number(proc):
    for pid, index in (("early-help-differences", 1), ("conference-majority-view", 0)):
        ts = pathway(proc, pid)["stages"][index]["timescale"]
        assert (ts["unit"], ts["text"]) == ("immediately", "straight away")
        assert "amount" not in ts


def test_no_straight_away_is_shown_as_no_timescale_stated(proc):
    """Audit finding 6: the source's "straight away" is a timescale, not the absence of one."""
    found = list(all_timescales(proc))
    assert found
    for path, ts in found:
        if "straight away" in ts.get("text", "") or "immediately" in ts.get("text", ""):
            assert ts["unit"] == "immediately", path
            assert Timescale.from_dict(ts).words() != "no timescale stated"


def test_not_exceeding_is_shown_as_no_more_than_wherever_the_source_says_it(proc):
    """Audit finding 6: "not exceeding 15 working days" is a ceiling, and the words say so."""
    ceilings = [(path, ts) for path, ts in all_timescales(proc) if "not exceeding" in ts.get("text", "")]
    assert ceilings
    for path, ts in ceilings:
        assert ts.get("at_most") is True, path
        assert Timescale.from_dict(ts).words().startswith("no more than "), path


def test_the_garbled_journey_sentence_is_re_worded_with_a_note(proc):
    """Audit finding 10: the handbook's re-wording of a sentence that does not parse says so."""
    note = next(n for n in proc["notes"] if n["id"] == "garbled-journey-sentence")
    assert note["kind"] == "reading" and "re-words" in note["text"]
    assert note["cite"]["quote"] in " ".join(source(proc).split())


def test_every_lscb_chair_mediation_is_in_a_timely_manner(proc):
    for p in proc["pathways"]:
        ts = p["stages"][-1]["timescale"]
        assert (ts["unit"], ts["text"]) == ("none_stated", "in a timely manner to safeguard the child")
        assert p["stages"][-1]["goes_to"] == ["lscb-chair"]


def test_every_route_reaches_a_principal_officer_with_the_published_telephone_number(proc):
    for p in proc["pathways"]:
        stage = p["stages"][2]
        assert stage["goes_to"] == ["principal-officer"]
        assert stage["contacts"] == ["principal-officer-telephone"]


def test_a_child_at_immediate_risk_is_escalated_on_the_same_working_day(proc):
    r = rule(proc, "immediate-risk-same-working-day")
    assert r["kind"] == "immediate-risk"
    assert r["timescale"]["unit"] == "same_working_day"
    assert r["timescale"]["text"] == "on the same working day"


def test_reports_are_shared_2_working_days_before_an_initial_conference(proc):
    r = rule(proc, "reports-before-initial-conference")
    assert r["kind"] == "conference"
    assert (r["timescale"]["unit"], r["timescale"]["amount"]) == ("working_days_before", 2)


def test_reports_are_shared_5_working_days_before_a_review_conference(proc):
    r = rule(proc, "reports-before-review-conference")
    assert r["kind"] == "conference"
    assert (r["timescale"]["unit"], r["timescale"]["amount"]) == ("working_days_before", 5)


def test_a_pit_stop_meeting_is_aimed_for_2_weeks_from_the_referral(proc):
    r = rule(proc, "pit-stop-meetings")
    assert r["kind"] == "meeting"
    assert (r["timescale"]["unit"], r["timescale"]["amount"]) == ("weeks", 2)
    assert r["timescale"]["text"] == "aiming for 2 weeks from the referral point"


def test_pit_stop_rule_lists_the_four_circumstances_and_the_next_steps_record(proc):
    steps = " ".join(s["text"] for s in rule(proc, "pit-stop-meetings")["steps"])
    for words in ("following a multi-agency or internal audit", "following a complaint", "'stuck case'",
                  "recommendation from an LSCB escalation process", "only formal record"):
        assert words in steps


def test_the_multi_agency_debrief_is_a_meeting_rule(proc):
    assert rule(proc, "multi-agency-debrief")["kind"] == "meeting"


def test_learning_goes_to_the_splog(proc):
    r = rule(proc, "learning-to-splog")
    assert r["kind"] == "monitoring"
    assert "SPLOG" in r["text"]


def test_the_only_contact_is_the_principal_officer_on_01724_297240(proc):
    assert [(c["id"], c.get("phone"), c.get("email")) for c in proc["contacts"]] == [
        ("principal-officer-telephone", "01724 297240", None),
    ]
    c = proc["contacts"][0]
    assert c["published"] == "2018-04"
    assert c["last_verified"] is None
    assert c["role"] == "principal-officer"


def test_missing_appendix_1_flowchart_is_a_gap_on_every_route(proc):
    n = note(proc, "appendix-1-flowchart-missing")
    assert n["kind"] == "gap"
    assert set(n["applies_to"]) == {p["id"] for p in proc["pathways"]}


def test_missing_appendix_3_is_a_gap(proc):
    assert note(proc, "appendix-3-missing")["kind"] == "gap"


def test_working_together_2015_is_marked_outdated(proc):
    assert note(proc, "working-together-2015")["kind"] == "outdated"


def test_roles_use_only_the_agreed_glossary_ids(proc):
    allowed = {"dsl", "iro", "cp-chair", "lscb", "principal-officer", "independent-review-service",
               "pit-stop", "marf", "early-help-hub", "splog", "lscb-chair"}
    assert {r["term"] for r in proc["roles"] if "term" in r} <= allowed
