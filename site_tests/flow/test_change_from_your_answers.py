"""A Change from "Your answers" comes back to the outcome (GOV.UK's check answers), decided by the core.

navigator.flow.revise keeps each answer given before the change while its question is still on the
way and asked in the same words; an answer whose question now means something else (a date asked
of the stage reached, once another stage is chosen) or that no longer fits is asked again. Every
path of the flow derived from today's procedures is walked: nothing here names a procedure.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.loader import load_bundle
from navigator import api
from navigator.flow import answers_for, enumerate_paths, next_step, revise

ROOT = Path(__file__).resolve().parents[2]
RAISED, LATER, TODAY = "2026-11-02", "2026-11-16", "2027-01-15"
BUNDLE = load_bundle(ROOT).to_json()
FLOW = BUNDLE["flow"]
QUESTIONS = {q["id"]: q for q in FLOW["questions"]}
PATHS = list(enumerate_paths(FLOW))


def _before(path, i):
    """The answers to the questions before the i-th step of the path (what a Change keeps as given)."""
    answers = answers_for(FLOW, path, RAISED, "2")
    return {q: answers[q] for q, _ in path.steps[:i]}


def _walks_with_a_later_answer():
    """(path, i) for each path and each of its questions that has a question after it."""
    return [(p, i) for p in PATHS for i in range(len(p.steps) - 1)]


def test_giving_the_same_answer_again_returns_to_the_same_outcome_with_every_answer_kept():
    assert PATHS, "the flow has no paths"
    for path in PATHS:
        earlier = answers_for(FLOW, path, RAISED, "2")
        for i, (question, _) in enumerate(path.steps):
            step, used = revise(FLOW, {**_before(path, i), question: earlier[question]}, earlier, TODAY)
            assert step.get("outcome", {}).get("id") == path.outcome, (path, question, step.get("question", {}).get("id"))
            assert used == earlier
            assert step["kept"] == [q for q, _ in path.steps[i + 1:]]


def test_a_changed_date_comes_straight_back_to_the_outcome_counted_from_the_new_date():
    dated = [p for p in PATHS if any(QUESTIONS[q]["type"] == "date" for q, _ in p.steps)]
    assert dated, "no path asks a date"
    for path in dated:
        earlier = answers_for(FLOW, path, RAISED, "2")
        i = next(i for i, (q, _) in enumerate(path.steps) if QUESTIONS[q]["type"] == "date")
        question = path.steps[i][0]
        step, used = revise(FLOW, {**_before(path, i), question: LATER}, earlier, TODAY)
        changed = {**earlier, question: LATER}
        if all(QUESTIONS[q]["type"] != "date" or q == question for q, _ in path.steps[i + 1:]):
            assert "outcome" in step, (path, step.get("question", {}).get("id"))
            assert used == changed
            assert next_step(FLOW, changed, TODAY)["outcome"] == step["outcome"]


def test_choosing_another_stage_asks_the_date_again_where_it_is_asked_of_the_stage_reached():
    cases = 0
    for path in PATHS:
        for i, (question, option) in enumerate(path.steps):
            q = QUESTIONS[question]
            if not q.get("stages_of") or i + 1 >= len(path.steps):
                continue
            date_q = QUESTIONS[path.steps[i + 1][0]]
            if date_q["type"] != "date" or not date_q.get("by_stage"):
                continue
            earlier = answers_for(FLOW, path, RAISED, "2")
            for other in q["options"]:
                if other["id"] == option or other["next"] != date_q["id"]:
                    continue
                words_then = (date_q["by_stage"].get(option) or {}).get("text", date_q["text"])
                words_now = (date_q["by_stage"].get(other["id"]) or {}).get("text", date_q["text"])
                step, used = revise(FLOW, {**_before(path, i), question: other["id"]}, earlier, TODAY)
                if words_then != words_now:   # the date was given for another stage: asked again
                    assert step.get("question", {}).get("id") == date_q["id"], (path, other["id"])
                    assert step["question"]["text"] == words_now
                    assert date_q["id"] not in used
                else:
                    assert "outcome" in step
                cases += 1
    assert cases, "no stage question is followed by a date asked of the stage reached"


def test_a_change_to_a_route_that_asks_other_questions_asks_them_and_keeps_nothing_off_the_way():
    cases = 0
    for path in PATHS:
        earlier = answers_for(FLOW, path, RAISED, "2")
        for i, (question, option) in enumerate(path.steps):
            for other in QUESTIONS[question].get("options", []):
                if other["id"] == option:
                    continue
                step, used = revise(FLOW, {**_before(path, i), question: other["id"]}, earlier, TODAY)
                assert "error" not in step, step
                on_the_way = set(step["path"])
                assert set(used) == on_the_way
                # every kept answer is one the reader gave, to the question asked in the same words
                asked = {e["question"]: e["text"] for e in next_step(FLOW, earlier, TODAY)["trace"]}
                for entry in step["trace"]:
                    if entry["question"] in step["kept"]:
                        assert entry["answer"] == earlier[entry["question"]]
                        assert entry["text"] == asked[entry["question"]]
                cases += 1
    assert cases


def test_an_earlier_answer_that_no_longer_fits_is_asked_again_not_shown_as_an_error():
    numbered = [(p, i) for p, i in _walks_with_a_later_answer()
                if any(QUESTIONS[q]["type"] == "number" and QUESTIONS[q].get("max") is not None for q, _ in p.steps[i + 1:])]
    for path, i in numbered[:20]:
        earlier = answers_for(FLOW, path, RAISED, "2")
        number_q = next(q for q, _ in path.steps[i + 1:] if QUESTIONS[q]["type"] == "number")
        earlier[number_q] = str(QUESTIONS[number_q]["max"] + 1)   # kept from before, now out of range
        question = path.steps[i][0]
        step, _ = revise(FLOW, {**_before(path, i), question: earlier[question]}, earlier, TODAY)
        assert "error" not in step
        assert step["question"]["id"] == number_q


def test_the_core_api_takes_the_earlier_answers_and_works_out_the_outcome_from_the_kept_ones():
    dated = next(p for p in PATHS if any(QUESTIONS[q]["type"] == "date" for q, _ in p.steps)
                 and QUESTIONS[p.steps[-1][0]]["type"] == "date")
    earlier = answers_for(FLOW, dated, RAISED, "2")
    first = dated.steps[0][0]
    api.load_bundle(json.dumps(BUNDLE))
    reply = json.loads(api.call("next_step", json.dumps({"answers": {first: earlier[first]}, "earlier": earlier, "today": TODAY})))
    assert "ok" in reply, reply
    straight = json.loads(api.call("next_step", json.dumps({"answers": earlier, "today": TODAY})))["ok"]
    assert reply["ok"]["outcome"] == straight["outcome"]
    bad = json.loads(api.call("next_step", json.dumps({"answers": {}, "earlier": ["not", "answers"]})))
    assert "error" in bad and "Traceback" not in bad["error"]
