"""Bexley's 2018 CP and LAC escalation policy, checked against its source text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.sources import source_text, sources_dir

ROOT = Path(__file__).resolve().parents[2]
PROC = yaml.safe_load((ROOT / "procedures/bexley/bexley-cp-lac-escalation-2018.yaml").read_text(encoding="utf-8"))
PATHWAYS = {p["id"]: p for p in PROC["pathways"]}


def stages(pid):
    return [(s["id"], s.get("number"), s["title"]) for s in PATHWAYS[pid]["stages"]]


def timescales(pid):
    return [(s["timescale"]["unit"], s["timescale"].get("amount"), s["timescale"]["text"]) for s in PATHWAYS[pid]["stages"]]


def test_bexley_has_a_cp_chair_pathway_and_an_iro_pathway():
    assert list(PATHWAYS) == ["cp-chair-escalation", "iro-dispute-resolution"]


def test_cp_chair_stages_are_team_and_service_manager_head_of_service_assistant_director_director():
    assert stages("cp-chair-escalation") == [
        ("stage-1", 1, "Team manager and service manager"), ("stage-2", 2, "Head of service"),
        ("stage-3", 3, "Assistant director"), ("stage-4", 4, "Director")]


def source_table(after: str) -> list[tuple[str, int, int]]:
    """The source's timescale table (role, days, stage) in the part of the text after `after`."""
    path = sources_dir(ROOT) / PROC["source"]["file"]
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    text = path.read_text(encoding="utf-8")
    text = text[text.index(after):]
    rows = re.findall(r"^(.+?)\t(\d+) days\t\(Stage (\d)\)", text, re.MULTILINE)
    return [(role, int(days), int(stage)) for role, days, stage in rows][:4]


def test_cp_chair_timescales_are_the_source_tables_days_read_as_working_days():
    table = source_table("4. Timescales")
    assert len(table) == 4
    stages = PATHWAYS["cp-chair-escalation"]["stages"]
    assert [(s["number"], s["timescale"]["amount"], s["timescale"]["text"]) for s in stages] == [
        (stage, days, f"{days} days") for _, days, stage in table]
    assert all(s["timescale"]["unit"] == "working_days" for s in stages)
    assert all("working days" in s["timescale"]["reading"] for s in stages)


def test_iro_timescales_are_the_looked_after_childrens_table():
    table = source_table("6. <u>Timescales for responding")
    stages = [s for s in PATHWAYS["iro-dispute-resolution"]["stages"] if s["timescale"].get("amount")]
    assert [(s["number"], s["timescale"]["amount"]) for s in stages] == [(stage, days) for _, days, stage in table]


def test_iro_pathway_adds_cafcass_at_any_time_as_an_optional_fifth_stage():
    assert [t[:2] for t in timescales("iro-dispute-resolution")] == [
        ("working_days", 5), ("working_days", 5), ("working_days", 5), ("working_days", 8), ("at_any_time", None)]
    last = PATHWAYS["iro-dispute-resolution"]["stages"][-1]
    assert last["title"] == "Escalation to Cafcass" and last["optional"] is True and last["goes_to"] == ["cafcass"]


def test_the_iro_may_bypass_any_stage_and_the_whole_process_is_capped_at_20_working_days():
    pw = PATHWAYS["iro-dispute-resolution"]
    assert pw["bypass"]["allowed"] is True and pw["bypass"]["by"] == "iro"
    assert (pw["total_cap"]["timescale"]["unit"], pw["total_cap"]["timescale"]["amount"]) == ("working_days", 20)


def test_the_stage_total_against_the_20_day_cap_contradiction_and_the_days_reading_are_recorded():
    amounts = [s["timescale"]["amount"] for s in PATHWAYS["iro-dispute-resolution"]["stages"]
               if s["timescale"].get("amount")]
    cap = PATHWAYS["iro-dispute-resolution"]["total_cap"]["timescale"]["amount"]
    assert sum(amounts) > cap
    notes = {n["id"]: n for n in PROC["notes"]}
    assert notes["stages-exceed-iro-cap"]["kind"] == "contradiction"
    assert f"{' + '.join(map(str, amounts))} = {sum(amounts)}" in notes["stages-exceed-iro-cap"]["text"]
    assert notes["days-read-as-working-days"]["kind"] == "reading"


def test_bexley_publishes_no_phone_numbers_so_any_contact_comes_from_a_later_source_of_its_own():
    text = source_text(PROC["source"]["file"])
    if text is not None:
        assert not re.search(r"\b0\d{2,4} ?\d{3,4} ?\d{3,4}\b", text), "the policy now gives a phone number"
    assert all("source" in c for c in PROC.get("contacts", []))
    assert any(n["kind"] == "gap" and "telephone" in n["text"] for n in PROC["notes"])


def test_criteria_lists_match_the_source_categories():
    crit = {c["id"]: [i["title"] for i in c["items"]] for c in PROC["criteria"]}
    assert len(crit["cp-criteria"]) == 9 and len(crit["lac-criteria"]) == 11
    text = source_text(PROC["source"]["file"])
    if text is not None:
        assert "Case management review (CMR) panel" in text


def test_life_story_work_is_due_within_one_calendar_month_of_coming_into_care():
    rule = next(r for r in PROC["rules"] if r["id"] == "life-story-work")
    assert (rule["timescale"]["unit"], rule["timescale"]["amount"]) == ("calendar_months", 1)


def test_conference_report_is_shared_48_hours_before_the_conference():
    rule = next(r for r in PROC["rules"] if r["id"] == "conference-report-sharing")
    assert (rule["timescale"]["unit"], rule["timescale"]["amount"]) == ("hours_before", 48)


# The audit of issue 15, finding by finding: each test fails if the finding returns.

def source_words() -> str:
    path = sources_dir(ROOT) / PROC["source"]["file"]
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    return path.read_text(encoding="utf-8")


def rule(rule_id):
    return next(r for r in PROC["rules"] if r["id"] == rule_id)


def note(note_id):
    return next(n for n in PROC["notes"] if n["id"] == note_id)


def test_the_cp_half_reads_days_as_working_days_only_by_analogy_because_it_never_cites_the_iro_handbook():
    """Finding 2: the IRO Handbook reason holds only for the looked-after half, which quotes it."""
    text = source_words()
    cp_half = text[:text.index("LOOKED AFTER CHILDREN")]
    assert "IRO Handbook" not in cp_half
    for st in PATHWAYS["cp-chair-escalation"]["stages"]:
        reading = st["timescale"]["reading"]
        assert "does not cite the IRO Handbook" in reading and "analogy" in reading, st["id"]
    for st in PATHWAYS["iro-dispute-resolution"]["stages"]:
        if st["timescale"]["unit"] == "working_days":
            assert "IRO Handbook" in st["timescale"]["reading"], st["id"]


def test_the_23_against_20_contradiction_is_said_to_exist_only_under_the_working_day_reading():
    assert "only if the policy's \"days\" are working days" in note("stages-exceed-iro-cap")["text"]


def test_cafcass_at_any_time_starts_with_the_first_stage_not_at_the_directors_due_date():
    """Finding 3, in the core: an at-any-time stage starts on the date the escalation was raised."""
    from datetime import date

    from navigator.deadlines import stage_deadlines

    raised = date(2026, 12, 1)
    result = stage_deadlines(PROC, "iro-dispute-resolution", raised)
    any_time = [s for s, data in zip(result["stages"], PATHWAYS["iro-dispute-resolution"]["stages"])
                if data.get("timescale", {}).get("unit") == "at_any_time"]
    assert any_time
    for entry in any_time:
        assert entry["starts"] == raised.isoformat() and entry["due"] is None


def test_the_conference_report_is_shared_48_hours_before_the_conference_not_48_hours_after_something():
    """Finding 4: an hours-before-an-event unit, shown as "48 hours before the conference"."""
    from datetime import datetime

    from navigator.timescales import Timescale, due

    ts = Timescale.from_dict(rule("conference-report-sharing")["timescale"])
    assert (ts.unit, ts.amount, ts.before) == ("hours_before", 48, "the conference")
    assert ts.words() == "48 hours before the conference"
    assert due(datetime(2026, 12, 18, 10, 0), ts).when == datetime(2026, 12, 16, 10, 0)


def test_life_story_work_is_a_reason_when_there_is_no_planning_or_completion_not_planned_and_completed():
    """Finding 7: the source says no planning *or* completion within 1 month."""
    assert "no planning or completion of life story work" in source_words()
    text = rule("life-story-work")["text"]
    assert "planned and completed" not in text and "no planning or completion" in text


def test_the_facts_the_audit_found_missing_are_encoded_with_quotes():
    """Finding 9: 4.40's seniority and timescale, 2(a)'s preparations, good practice, the owner."""
    principles = " ".join(p["text"] for p in PROC["principles"])
    assert "appropriate level of seniority" in principles and "needs of the individual child" in principles
    assert "regarded as good practice" in principles
    steps = " ".join(s["text"] for s in rule("conference-report-sharing")["steps"])
    for words in ("words and pictures", "interpreter and translation", "reason for the child protection conference"):
        assert words in steps
    assert PROC["owner"]["cite"]["quote"] in source_words()


def test_applying_to_the_courts_is_said_for_looked_after_children_only():
    """Finding 9: the CP complaints paragraph never mentions the courts."""
    text = source_words()
    cp_complaints = text[text.index("3. Complaints"):text.index("4. Timescales")]
    assert "court" not in cp_complaints
    steps = rule("complaints")["steps"]
    assert "court" not in steps[0]["text"] and "courts" in steps[1]["text"]
    assert "looked after children only" in rule("complaints")["text"]


def test_the_handbooks_advice_is_a_note_of_its_own_not_part_of_the_contradiction():
    """Finding 10: "work to the earlier date" is the handbook's advice, labelled as such."""
    assert "earlier date" not in note("stages-exceed-iro-cap")["text"]
    assert note("earlier-date-advice")["kind"] == "advice"


def test_the_source_oddities_are_notes():
    """Finding 11: "(DfES 2018)" and guidance said to amend an Act."""
    for nid, words in (("dfes-2018", "DfES 2018"), ("guidance-amends-an-act", "amends Section 118")):
        assert note(nid)["kind"] == "typo"
        assert words in note(nid)["cite"]["quote"] and note(nid)["cite"]["quote"] in source_words()


def test_bexley_cites_working_together_2018_as_written():
    cited = PROC["guidance_cited"]
    assert [(g["guidance"], g["edition"]) for g in cited] == [("working-together", "2018")]
    assert cited[0]["as_written"] in source_words()
