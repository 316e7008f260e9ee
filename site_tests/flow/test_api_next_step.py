"""The browser's door to the flow (navigator.api, operation next_step) gives the same answers as the
flow and outcome functions, and refuses bad input with a message instead of a traceback."""
from __future__ import annotations

import json

from generator.loader import load_bundle
from navigator import api
from navigator.flow import answers_for, enumerate_paths

BUNDLE = load_bundle().to_json()
api.load_bundle(json.dumps(BUNDLE))


def call(answers, today="2027-01-15"):
    return json.loads(api.call("next_step", json.dumps({"answers": answers, "today": today})))


def test_the_built_bundle_carries_the_checked_flow():
    assert BUNDLE["flow"]["start"] == "immediate-risk"


def test_no_answers_gives_the_immediate_risk_question_first():
    assert call({})["ok"]["question"]["id"] == "immediate-risk"


def test_every_path_through_the_api_ends_in_an_outcome_with_json_only_values():
    count = 0
    for path in enumerate_paths(BUNDLE["flow"]):
        answers = answers_for(BUNDLE["flow"], path, "2026-12-18")
        step = call(answers)
        assert "ok" in step, (path, step)
        assert step["ok"]["outcome"]["id"] == path.outcome
        json.dumps(step)
        count += 1
    assert count > 20


def test_an_unknown_answer_is_reported_at_its_question():
    step = call({"immediate-risk": "maybe"})["ok"]
    assert step["error"]["question"] == "immediate-risk"


def test_answers_that_are_not_a_mapping_get_a_start_again_message():
    assert "start again" in json.loads(api.call("next_step", json.dumps({"answers": ["x"]})))["error"]


def test_malformed_json_gets_a_message_not_a_traceback():
    answer = json.loads(api.call("next_step", "{not json"))
    assert "error" in answer and "Traceback" not in answer["error"]


def test_each_answer_is_recorded_with_the_question_in_the_words_it_was_asked_in():
    """"Your answers" and the record show the trace's words: a date question asked of the stage reached
    ("On what date did the escalation reach Stage 3 ...?") is recorded in those words, not its stage-1 words."""
    reworded = 0
    for path in enumerate_paths(BUNDLE["flow"]):
        answers = answers_for(BUNDLE["flow"], path, "2026-12-18")
        trace = call(answers)["ok"]["trace"]
        for i, entry in enumerate(trace):
            before = {t["question"]: t["answer"] for t in trace[:i]}
            asked = call(before)["ok"]["question"]
            assert asked["id"] == entry["question"]
            assert entry["text"] == asked["text"], (path, entry["question"])
            base = next(q for q in BUNDLE["flow"]["questions"] if q["id"] == entry["question"])
            reworded += entry["text"] != base.get("text", "")
    assert reworded, "no question is asked in other words after an earlier answer, so this checks nothing new"
