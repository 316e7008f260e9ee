"""The question flow, node by node: every question reachable, every answer checked, every path built.

The flow is derived from the procedure files as the build derives it (generator.loader, which
calls navigator.derive); the procedures are read from YAML and turned into plain JSON values, as the
build does: the rule core only ever sees plain dicts.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from generator.loader import load_bundle
from navigator.flow import answers_for, check_flow, enumerate_paths, next_step
from navigator.outcome import build_outcome

ROOT = Path(__file__).resolve().parents[2]
RAISED, TODAY = "2026-12-18", "2027-01-15"


def _json(value):
    return json.loads(json.dumps(value, default=str))


FLOW = _json(load_bundle(ROOT).flow)
PROCEDURES = {p["id"]: p for p in (_json(yaml.safe_load(f.read_text(encoding="utf-8")))
                                   for f in sorted((ROOT / "procedures").glob("*/*.yaml")))}
AREAS = _json(yaml.safe_load((ROOT / "procedures" / "areas.yaml").read_text(encoding="utf-8")))["areas"]
PATHS = list(enumerate_paths(FLOW))


def test_the_flow_has_no_problems_against_the_procedures():
    assert check_flow(FLOW, PROCEDURES) == []


def test_the_flow_also_accepts_procedures_as_a_list():
    assert check_flow(FLOW, list(PROCEDURES.values())) == []


def test_every_question_and_every_outcome_lies_on_some_path():
    on_paths = {q for path in PATHS for q, _ in path.steps}
    assert on_paths == {q["id"] for q in FLOW["questions"]}
    assert {path.outcome for path in PATHS} == {o["id"] for o in FLOW["outcomes"]}


def test_every_option_of_every_question_is_taken_by_some_path():
    taken = {(q, o) for path in PATHS for q, o in path.steps if o is not None}
    offered = {(q["id"], o["id"]) for q in FLOW["questions"] for o in q.get("options", [])}
    assert taken == offered


def test_every_situation_of_every_procedure_is_covered_and_none_is_left_out():
    covered = {(ref["procedure"], ref["situation"]) for q in FLOW["questions"] for o in q.get("options", [])
               for ref in o.get("covers", [])}
    covered |= {(ref["procedure"], ref["situation"]) for o in FLOW["outcomes"] for ref in o.get("covers", [])}
    wanted = {(pid, s["id"]) for pid, p in PROCEDURES.items() for s in p.get("situations", [])}
    assert wanted <= covered
    assert FLOW["not_covered"] == []


def test_the_first_question_asks_about_immediate_risk():
    step = next_step(FLOW, {}, TODAY)
    assert step["question"]["id"] == "immediate-risk"
    assert step["question"]["type"] == "yes-no"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: "-".join(o or q for q, o in p.steps) + "->" + p.outcome)
def test_every_path_reaches_its_outcome_and_builds_as_json(path):
    answers = answers_for(FLOW, path, RAISED, "3")
    step = next_step(FLOW, answers, TODAY)
    assert step["outcome"]["id"] == path.outcome
    assert step["path"] == [q for q, _ in path.steps]
    built = build_outcome(step["outcome"], answers, PROCEDURES, AREAS, TODAY)
    text = json.dumps(built)
    assert json.loads(text)["id"] == path.outcome
    assert len(built["why"]) == len(path.steps)
    if built["kind"] == "pathway":
        assert built["procedure"]["version"] and built["pathway"]["title"]
        # a pathway whose stages the source lost has none (and a gap note saying so)
        assert built["current_stage"] or built["next_stage"] or not built["pathway"]["stages"]


def test_an_immediate_risk_answer_goes_straight_to_the_area_and_then_to_act_now():
    step = next_step(FLOW, {"immediate-risk": "yes"}, TODAY)
    assert step["question"]["id"] == "act-now-area"
    step = next_step(FLOW, {"immediate-risk": "yes", "act-now-area": "bexley"}, TODAY)
    assert step["outcome"]["kind"] == "act-now"


def test_answers_off_the_path_are_ignored():
    step = next_step(FLOW, {"immediate-risk": "no", "liverpool--situation": "cp-plan-progress"}, TODAY)
    assert step["question"]["id"] == "area"


# Impossible input gives the message at the question, one edge case per line.

IRO = "bexley-cp-lac-escalation-2018--iro-dispute-resolution"
CP = "bexley-cp-lac-escalation-2018--cp-chair-escalation"
PLANS = "warwickshire-escalation-processes-2016--more-than-one-cp-plan"
BEXLEY_IRO = {"immediate-risk": "no", "area": "bexley", "bexley--situation": "lac-care-plan-problem",
              f"{IRO}--stage": "stage-2"}
PART_5 = {"immediate-risk": "no", "area": "warwickshire", "warwickshire--situation": "more-than-one-cp-plan"}


@pytest.mark.parametrize("answers, question, words", [
    ({"immediate-risk": "maybe"}, "immediate-risk", "'maybe' is not one of the answers"),
    ({"immediate-risk": "no", "area": "wales"}, "area", "choose one of: bexley, warwickshire"),
    ({**BEXLEY_IRO, f"{IRO}--stage": "stage-9"}, f"{IRO}--stage", "'stage-9' is not one of the answers"),
    ({**BEXLEY_IRO, f"{IRO}--raised": "2026-02-31"}, f"{IRO}--raised", "2026-02-31 is not a real date"),
    ({**BEXLEY_IRO, f"{IRO}--raised": "31 2 2026"}, f"{IRO}--raised", "31 February 2026 is not a real date"),
    ({**BEXLEY_IRO, f"{IRO}--raised": "18 12 26"}, f"{IRO}--raised", "write the year with four figures, for example 2026"),
    ({**BEXLEY_IRO, f"{IRO}--raised": "18 Decembre 2026"}, f"{IRO}--raised", "'Decembre' is not a month"),
    ({**BEXLEY_IRO, f"{IRO}--raised": "18 13 2026"}, f"{IRO}--raised", "13 is not a month"),
    ({**BEXLEY_IRO, f"{IRO}--raised": "next Friday"}, f"{IRO}--raised", "write the day, the month and the year"),
    ({**BEXLEY_IRO, f"{IRO}--raised": "2027-01-16"}, f"{IRO}--raised", "2027-01-16 is after today (2027-01-15)"),
    ({**BEXLEY_IRO, f"{IRO}--raised": "2026-12-18T09:30"}, f"{IRO}--raised", "write the day, the month and the year"),
    ({**PART_5, f"{PLANS}--plans": "0"}, f"{PLANS}--plans", "0 is out of range; write a number from 1 to 20"),
    ({**PART_5, f"{PLANS}--plans": "21"}, f"{PLANS}--plans", "21 is out of range"),
    ({**PART_5, f"{PLANS}--plans": "two"}, f"{PLANS}--plans", "write a whole number"),
    ({**PART_5, f"{PLANS}--plans": "-1"}, f"{PLANS}--plans", "write a whole number"),
    ({**PART_5, f"{PLANS}--plans": "2", f"{PLANS}--family-episodes": "21"}, f"{PLANS}--family-episodes",
     "21 is out of range; write a number from 0 to 20"),
])
def test_an_impossible_answer_gives_a_message_at_its_question(answers, question, words):
    step = next_step(FLOW, answers, TODAY)
    assert step["error"]["question"] == question
    assert words in step["error"]["message"]
    text = next(q["text"] for q in FLOW["questions"] if q["id"] == question)
    assert text in step["error"]["message"]


@pytest.mark.parametrize("typed", ["2026-12-18", "18 12 2026", "18 Dec 2026", "18 December 2026", "18/12/2026",
                                   "18-12-2026", "18.12.2026", "18 dec. 2026", "  18   DECEMBER   2026 "])
def test_a_date_is_read_as_a_uk_reader_types_it_and_kept_as_iso(typed):
    step = next_step(FLOW, {**BEXLEY_IRO, f"{IRO}--raised": typed}, TODAY)
    assert step["outcome"]["trace"][-1]["answer"] == "2026-12-18"


def test_a_raise_date_of_today_is_accepted():
    step = next_step(FLOW, {**BEXLEY_IRO, f"{IRO}--raised": TODAY}, TODAY)
    assert step["outcome"]["id"] == IRO


# check_flow finds what is wrong with a broken flow.

def _broken(change):
    flow = copy.deepcopy(FLOW)
    change(flow)
    return check_flow(flow, PROCEDURES)


def _question(flow, qid):
    return next(q for q in flow["questions"] if q["id"] == qid)


def _outcome(flow, oid):
    return next(o for o in flow["outcomes"] if o["id"] == oid)


def test_check_flow_reports_an_unknown_next_id():
    problems = _broken(lambda f: _question(f, "area")["options"][0].update(next="nowhere"))
    assert any("leads to 'nowhere'" in p for p in problems)


def test_check_flow_reports_an_unreachable_question():
    problems = _broken(lambda f: f["questions"].append(
        {"id": "orphan", "type": "date", "text": "Orphan?", "next": CP}))
    assert "The question 'orphan' cannot be reached from the start." in problems


def test_check_flow_reports_a_cycle():
    problems = _broken(lambda f: _question(f, f"{CP}--raised").update(next=f"{CP}--stage"))
    assert f"The flow goes round in a circle through '{CP}--stage'." in problems


def test_check_flow_reports_a_dead_end():
    def change(flow):
        _question(flow, f"{CP}--raised").update(next=f"{CP}--stage")
        for option in _question(flow, f"{CP}--stage")["options"]:
            option["next"] = f"{CP}--raised"
    problems = _broken(change)
    assert f"The question '{CP}--stage' is a dead end: no answer leads to an outcome." in problems
    assert f"The outcome '{CP}' cannot be reached from the start." in problems


def test_check_flow_reports_an_outcome_pointing_at_an_unknown_pathway_or_stage():
    problems = _broken(lambda f: _outcome(f, CP).update(pathway="no-such-pathway"))
    assert any("no-such-pathway" in p for p in problems)
    problems = _broken(lambda f: _outcome(f, CP).update(stage="stage-9"))
    assert any("'stage-9'" in p for p in problems)


def test_check_flow_reports_a_stage_question_missing_a_stage():
    problems = _broken(lambda f: _question(f, f"{IRO}--stage")["options"].pop())
    assert any("does not offer stage 'stage-5-cafcass'" in p for p in problems)


def test_check_flow_reports_a_situation_no_answer_covers():
    problems = _broken(lambda f: _question(f, "liverpool--situation")["options"][0].pop("covers"))
    assert any("internal-referral-disagreement" in p for p in problems)
