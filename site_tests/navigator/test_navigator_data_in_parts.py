"""The navigator's data in parts (navigator/parts.py): the core answers every path the same from the
index and the parts it asks for as from the whole bundle, and asks only for the area answered."""
from __future__ import annotations

import json

import pytest

from generator.loader import load_bundle
from navigator import api
from navigator.flow import answers_for, enumerate_paths
from navigator.parts import PartsError, split_bundle

TODAY = "2027-01-15"
BUNDLE = load_bundle().to_json()
INDEX, PARTS = split_bundle(BUNDLE, lambda part: "v1")


def ask(answers: dict, parts: dict | None = None, fetched: list | None = None) -> dict:
    """next_step through api.call, fetching the parts the core names (as boot.js does)."""
    for _ in range(4):
        reply = json.loads(api.call("next_step", json.dumps({"answers": answers, "today": TODAY})))
        if "needs" not in reply:
            return reply
        for name in reply["needs"]:
            if fetched is not None:
                fetched.append(name)
            api.load_part(json.dumps(parts[name.split("?")[0]]))
    raise AssertionError(f"the core kept asking for parts for {answers}")


def test_every_path_is_answered_alike_from_the_parts_and_from_the_whole_bundle():
    walks = [answers_for(BUNDLE["flow"], path, date) for path in enumerate_paths(BUNDLE["flow"])
             for date in ("2026-12-18", "-")]
    api.load_bundle(json.dumps(BUNDLE))
    whole = [ask(a) for a in walks]
    api.load_bundle(json.dumps(INDEX))
    split = [ask(a, PARTS) for a in walks]
    assert len(whole) == len(walks) and sum("outcome" in r.get("ok", {}) for r in whole) > len(walks) // 2
    assert json.dumps(split, sort_keys=True) == json.dumps(whole, sort_keys=True)


def test_the_first_questions_need_no_part_and_an_area_needs_only_its_own():
    areas = sorted({p["area"] for p in BUNDLE["procedures"]})
    assert sorted(INDEX["parts"]) == areas
    assert "procedures" not in INDEX, "the index carries no procedure"
    for area in areas:
        api.load_bundle(json.dumps(INDEX))
        fetched: list = []
        first = ask({}, PARTS, fetched)
        assert first["ok"]["question"]["id"] == BUNDLE["flow"]["start"] and fetched == []
        step = ask({"immediate-risk": "no", "area": area}, PARTS, fetched)
        assert "question" in step["ok"], step
        assert fetched == [INDEX["parts"][area]["file"]]
        part = PARTS[f"{area}.json"]
        assert {p["area"] for p in part["procedures"]} == {area}
        assert len(part["procedures"]) == sum(1 for p in BUNDLE["procedures"] if p["area"] == area)


def test_stage_deadlines_fetch_the_procedures_area_first():
    procedure = BUNDLE["procedures"][-1]
    pathway = procedure["pathways"][0]["id"]
    args = json.dumps({"procedure": procedure["id"], "pathway": pathway, "raised": "2026-12-18"})
    api.load_bundle(json.dumps(BUNDLE))
    whole = json.loads(api.call("stage_deadlines", args))
    api.load_bundle(json.dumps(INDEX))
    first = json.loads(api.call("stage_deadlines", args))
    assert first == {"needs": [INDEX["parts"][procedure["area"]]["file"]]}
    api.load_part(json.dumps(PARTS[f"{procedure['area']}.json"]))
    assert json.loads(api.call("stage_deadlines", args)) == whole


def test_a_node_shared_by_two_areas_is_refused_with_a_sentence():
    flow = json.loads(json.dumps(BUNDLE["flow"]))
    areas = [o for o in next(q for q in flow["questions"] if q["id"] == "area")["options"]]
    if len(areas) < 2:
        pytest.skip("needs two areas")
    first = next(q for q in flow["questions"] if q["id"] == areas[0]["next"])
    first["options"][0]["next"] = areas[1]["next"]   # the first area's answer leads into the second's questions
    with pytest.raises(PartsError, match="reached from the areas"):
        split_bundle({**BUNDLE, "flow": flow})
