"""Parity: the same next_step calls answered by the rule core in CPython and by the same core in the
site's Pyodide, in Chromium (through the page's own engine, a module Web Worker), are JSON-identical.

The table: every path through the flow with a date raised, the same paths with no date (counting
from "today"), a second "today" for the dated ones, and the inputs the navigator must refuse
(impossible dates, unknown answers), and a Change from "Your answers" at each question of each
path (the earlier answers kept where they still hold, navigator.flow.revise). Each source document is the outcome of at least five of them.
"""
from __future__ import annotations

import json
from collections import Counter

import pytest

from navigator import api
from navigator.flow import answers_for, enumerate_paths

from .test_navigator_in_the_browser import BEXLEY_CP, CP, START, wait_ready

RAISED = "2025-12-18"
TODAYS = ("2026-01-15", "2026-11-23")
REVIEWS = "warwickshire-escalation-processes-2016--cp-plan-reviews-9-and-21-months"
REFUSED = [
    {"answers": {**BEXLEY_CP, f"{CP}--raised": "2025-02-31"}, "today": "2026-01-15"},
    {"answers": {**BEXLEY_CP, f"{CP}--raised": "2027-06-01"}, "today": "2026-01-15"},
    {"answers": {"immediate-risk": "no", "area": "atlantis"}, "today": "2026-01-15"},
    {"answers": {"immediate-risk": "no", "area": "warwickshire", "warwickshire--situation": "cp-plan-over-9-or-21-months",
                 f"{REVIEWS}--initial-conference": "0000-01-01"}, "today": "2026-01-15"},
    {"answers": ["not", "a", "mapping"], "today": "2026-01-15"},
]


def scenarios(flow: dict) -> list[dict]:
    table = []
    questions = {q["id"]: q for q in flow["questions"]}
    for path in enumerate_paths(flow):
        dated = answers_for(flow, path, RAISED)
        for today in TODAYS:
            table.append({"answers": dated, "today": today})
        undated = answers_for(flow, path, "")
        undated = {k: v for k, v in undated.items() if v != ""}
        if undated != dated:
            table.append({"answers": undated, "today": TODAYS[0]})
        # A Change from "Your answers": the first answer given again, and the last choice made
        # otherwise (the core keeps what still holds, navigator.flow.revise).
        first = path.steps[0][0]
        table.append({"answers": {first: dated[first]}, "earlier": dated, "today": TODAYS[0]})
        i, (last, chosen) = max((i, s) for i, s in enumerate(path.steps) if s[1] is not None)
        other = next((o["id"] for o in questions[last]["options"] if o["id"] != chosen), None)
        if other:
            before = {q: dated[q] for q, _ in path.steps[:i]}
            table.append({"answers": {**before, last: other}, "earlier": dated, "today": TODAYS[0]})
    return table + REFUSED


@pytest.fixture(scope="module")
def bundle_text(site_dir) -> str:
    return (site_dir / "data" / "procedures.json").read_text(encoding="utf-8")


def test_every_scenario_gives_json_identical_answers_in_cpython_and_in_pyodide_in_chromium(visit, base_url, bundle_text):
    flow = json.loads(bundle_text)["flow"]
    table = scenarios(flow)
    api.load_bundle(bundle_text)
    expected = [json.loads(api.call("next_step", json.dumps(args))) for args in table]

    page = visit.page
    page.goto(base_url + START)
    wait_ready(page)
    shown = page.evaluate("""async ([table, root]) => {
        const { startEngine } = await import(new URL("assets/navigator/engine.js", root).href);
        const engine = await startEngine(new URL("assets/", root).href);
        const out = [];
        for (const args of table) out.push(await engine.call("next_step", args));
        return { kind: engine.kind, out };
    }""", [table, base_url])
    assert shown["kind"] == "worker"
    assert len(shown["out"]) == len(table)
    for args, cpython, pyodide in zip(table, expected, shown["out"]):
        assert json.dumps(pyodide, sort_keys=True) == json.dumps(cpython, sort_keys=True), args
    assert visit.other_hosts() == set()

    # The table covers every source document at least five times, and refusals come back as errors.
    outcomes = [e["ok"]["outcome"] for e in expected if "ok" in e and "outcome" in e["ok"]]
    per_source = Counter(o["procedure"]["id"] for o in outcomes if o.get("procedure"))
    assert len(per_source) == len(json.loads(bundle_text)["procedures"]) and min(per_source.values()) >= 5, per_source
    assert all(o["kind"] for o in outcomes)
    dated = [o for o in outcomes if (o.get("deadlines") or {}).get("stages")]
    assert any(s.get("due") for o in dated for s in o["deadlines"]["stages"])
    refused = expected[-len(REFUSED):]
    assert all("error" in r or "error" in r.get("ok", {}) for r in refused), refused
