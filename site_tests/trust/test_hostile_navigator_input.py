"""Tampered and malformed requests to the rule core's JSON door (navigator.api.call, which the
browser calls through Pyodide) get a message for a person, never a Python exception, and the
reply is always JSON that JavaScript's JSON.parse accepts (no NaN, no Infinity).

Each reply is {"error": "..."} or {"ok": ...}; a wrong answer to a question comes back as
{"ok": {"error": {"question": id, "message": ...}}} at that question."""
from __future__ import annotations

import json

import pytest

from generator.loader import load_bundle
from navigator import api
from navigator.flow import answers_for, enumerate_paths

BUNDLE = load_bundle().to_json()
api.load_bundle(json.dumps(BUNDLE))
FLOW = BUNDLE["flow"]
QUESTIONS = {q["id"]: q for q in FLOW["questions"]}
TODAY = "2027-01-15"
BEXLEY = "bexley-cp-lac-escalation-2018"


def reply(operation, args_json):
    """The reply as JSON, parsed the way JavaScript would: NaN and Infinity are refused."""
    text = api.call(operation, args_json)
    assert isinstance(text, str) and len(text) < 200_000
    parsed = json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in the reply: {text[:200]}"))
    assert ("ok" in parsed) != ("error" in parsed), parsed
    assert "Traceback" not in text
    return parsed


def first_path_through(kind: str):
    """A path that asks a question of this kind, and that question's id."""
    for path in enumerate_paths(FLOW):
        for question_id, _ in path.steps:
            if QUESTIONS[question_id]["type"] == kind:
                return path, question_id
    raise AssertionError(f"no path asks a {kind} question")


def answered_at(question_id, value, path, today=TODAY):
    answers = {**answers_for(FLOW, path, "2026-12-18"), question_id: value}
    return reply("next_step", json.dumps({"answers": answers, "today": today}))


def is_error_at(step, question_id) -> bool:
    return "ok" in step and step["ok"].get("error", {}).get("question") == question_id \
        and isinstance(step["ok"]["error"]["message"], str)


# The request itself.


@pytest.mark.parametrize("operation,args_json", [
    ("next_step", "[]"), ("next_step", '"answers"'), ("next_step", "1"), ("next_step", "null"),
    ("next_step", "true"), ("stage_deadlines", "[]"),
    ("next_step", "{not json"), ("next_step", '{"answers": {"immediate-risk": "yes"'),
    ("next_step", "[" * 100_000 + "]" * 100_000),                    # nested deeper than Python recurses
    ("next_step", '{"answers":' + "[" * 5000 + "]" * 5000 + "}"),
    ("next_step", json.dumps({"answers": {"immediate-risk": "x" * 200_000}})),   # over the size limit
    ("next_step", json.dumps({"answers": "yes"})), ("next_step", json.dumps({"answers": 5})),
    ("next_step", json.dumps({"answers": ["immediate-risk"]})),
    ("next_step", json.dumps({"answers": {}, "today": "2026-02-31"})),
    ("next_step", json.dumps({"answers": {}, "today": "0000-01-01"})),
    ("next_step", json.dumps({"answers": {}, "today": [2026, 1, 1]})),
    ("next_step", '{"answers": {}, "today": NaN}'), ("next_step", '{"answers": {}, "today": Infinity}'),
    ("next_step", json.dumps({"answers": {}, "today": 1e9})),
    ("no_such_operation", "{}"), ("__import__", "{}"), ("", "{}"),
    (None, "{}"), (["next_step"], "{}"), (7, "{}"),
    ("next_step", 5), ("next_step", b"{}"), ("next_step", ["{}"]),
], ids=lambda v: repr(v)[:40])
def test_a_malformed_request_gets_a_message_not_an_exception(operation, args_json):
    answer = reply(operation, args_json)
    assert "error" in answer or "ok" in answer
    if "error" in answer:
        assert answer["error"] and len(answer["error"]) < 300


def test_a_request_within_the_limits_still_works_after_the_refusals():
    assert reply("next_step", json.dumps({"answers": {}, "today": TODAY}))["ok"]["question"]["id"] == "immediate-risk"


# Answers to choice questions.


@pytest.mark.parametrize("value", [
    "maybe", "YES", " yes", "yes\u200b", "", "   ", "x" * 1000, "<script>alert(1)</script>",
    None, True, False, 1, 0, -1, 1e9, 3.5, [], ["yes"], {}, {"yes": True},
], ids=repr)
def test_a_tampered_answer_to_a_choice_question_is_refused_at_that_question(value):
    step = reply("next_step", json.dumps({"answers": {"immediate-risk": value}, "today": TODAY}))
    if value is None or (isinstance(value, str) and not value.strip()):
        assert step["ok"]["question"]["id"] == "immediate-risk"    # not answered yet
    elif value == " yes":
        assert "error" not in step["ok"]                          # surrounding spaces are ignored
    else:
        assert is_error_at(step, "immediate-risk"), step
        assert len(step["ok"]["error"]["message"]) < 500


def test_answers_to_unknown_questions_are_ignored():
    step = reply("next_step", json.dumps({"answers": {"no-such-question": "yes", "": "x", "x" * 5000: "y"},
                                          "today": TODAY}))
    assert step["ok"]["question"]["id"] == "immediate-risk"


# Answers to date questions.


@pytest.mark.parametrize("value", [
    "2026-02-31", "2026-02-29", "2026-13-01", "2026-00-10", "0000-01-01", "2026-1-5", "20261218",
    "18/12/26", "2026-12-18T10:00", "2026-12-18T25:00", "２０２６-１２-１８", "NaN", "-1", "1e9",
    "2026-12-18; DROP TABLE", "x" * 1000, 20261218, -1, 1e9, 3.5, True, [], ["2026-12-18"], {"date": "2026-12-18"},
], ids=lambda v: repr(v)[:40])
def test_a_date_that_is_not_a_real_past_date_is_refused_at_its_question(value):
    path, question_id = first_path_through("date")
    step = answered_at(question_id, value, path)
    assert is_error_at(step, question_id), step


@pytest.mark.parametrize("value", ["9999-12-31", "2027-01-16", "2031-12-31"])
def test_a_date_after_today_is_refused_at_its_question(value):
    path, question_id = first_path_through("date")
    step = answered_at(question_id, value, path)
    assert is_error_at(step, question_id) and "after today" in step["ok"]["error"]["message"]


@pytest.mark.parametrize("value,today", [
    ("0001-01-01", TODAY), ("1900-01-01", TODAY), ("2015-12-31", TODAY),   # before the bank-holiday data
    ("2032-01-02", "2040-06-01"), ("9999-12-31", "9999-12-31"),           # after it, with a tampered today
])
def test_a_date_outside_the_bank_holiday_data_gives_an_outcome_that_says_so_without_dates(value, today):
    path, question_id = first_path_through("date")
    step = answered_at(question_id, value, path, today)
    outcome = step["ok"]["outcome"]
    assert "outside the bank-holiday data" in outcome["deadlines"]["error"]
    assert "due" not in json.dumps(outcome["deadlines"]) or all(
        s.get("due") is None for s in outcome["deadlines"].get("stages", []))


# Answers to number questions.


@pytest.mark.parametrize("value", [
    "-1", "1e9", "NaN", "nan", "Infinity", "3.0", "+3", "0x10", "³", "３", "999999999999999999999999",
    "1" * 5000, "", "x" * 1000, -1, 10 ** 30, 1e9, 3.5, float("inf"), True, [], [3], {"n": 3},
], ids=lambda v: repr(v)[:40])
def test_a_number_that_is_not_a_whole_number_in_range_is_refused_at_its_question(value):
    path, question_id = first_path_through("number")
    args = json.dumps({"answers": {**answers_for(FLOW, path, "2026-12-18"), question_id: value}, "today": TODAY})
    step = reply("next_step", args)
    if value == "":
        assert step["ok"]["question"]["id"] == question_id
    else:
        assert is_error_at(step, question_id), step


@pytest.mark.parametrize("value", ["3", " 3 ", 3])
def test_a_whole_number_in_range_as_text_or_as_a_number_is_accepted(value):
    path, question_id = first_path_through("number")
    step = answered_at(question_id, value, path)
    assert "outcome" in step["ok"], step


# Every path, every question, every hostile answer: never an exception.


HOSTILE = ["", "nope", "2026-02-31", "0000-01-01", "9999-12-31", "2015-12-31", "-1", "1e9", "NaN", "³",
           "x" * 500, None, True, 7, -1, 2.5, [], {}, ["a"]]


def test_no_hostile_answer_anywhere_on_any_path_raises():
    count = 0
    for path in enumerate_paths(FLOW):
        answers = answers_for(FLOW, path, "2026-12-18")
        for question_id in answers:
            for value in HOSTILE:
                for today in (TODAY, "9999-12-31"):
                    reply("next_step", json.dumps({"answers": {**answers, question_id: value}, "today": today}))
                    count += 1
    assert count > 1000


# The deadline calculator's operation.


@pytest.mark.parametrize("raised", [
    "2026-02-31", "0000-01-01", "0001-01-01", "1900-01-01", "2015-12-31", "2032-01-01", "9999-12-31",
    "2026-12-18T25:00", "NaN", "-1", "1e9", "", "x" * 100_000, None, 20261218, -1, 1e9, True, [], ["2026-12-18"], {},
], ids=lambda v: repr(v)[:40])
def test_stage_deadlines_refuses_a_date_it_cannot_count_from(raised):
    answer = reply("stage_deadlines", json.dumps({"procedure": BEXLEY, "pathway": "cp-chair-escalation",
                                                  "raised": raised}))
    assert "error" in answer and len(answer["error"]) < 300, answer


@pytest.mark.parametrize("procedure,pathway", [
    ("no-such-procedure", "cp-chair-escalation"), (BEXLEY, "no-such-pathway"), ([BEXLEY], "x"),
    (None, None), ({"id": BEXLEY}, "cp-chair-escalation"), ("", ""), ("x" * 5000, "y"), (BEXLEY, "y" * 5000),
])
def test_stage_deadlines_refuses_an_unknown_procedure_or_pathway(procedure, pathway):
    answer = reply("stage_deadlines", json.dumps({"procedure": procedure, "pathway": pathway, "raised": "2026-12-18"}))
    assert "error" in answer and len(answer["error"]) < 700, answer
