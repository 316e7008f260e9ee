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
    assert (rule["timescale"]["unit"], rule["timescale"]["amount"]) == ("hours", 48)
