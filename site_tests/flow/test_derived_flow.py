"""The navigator's questions come from the procedure files (navigator.derive): every situation of
every procedure is offered under its area, every stage of every pathway is an answer, two routes
for one situation are both offered, and the ids are the data's own."""
from __future__ import annotations

import copy
import json
from pathlib import Path

from generator.loader import load_bundle
from navigator.derive import SEP, derive_flow
from navigator.flow import check_flow

import yaml

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = load_bundle(ROOT)
FLOW = BUNDLE.flow
QUESTIONS = {q["id"]: q for q in FLOW["questions"]}
OUTCOMES = {o["id"]: o for o in FLOW["outcomes"]}
WORDING = yaml.safe_load((ROOT / "procedures" / "navigator.yaml").read_text(encoding="utf-8"))


def test_every_area_with_a_procedure_is_an_answer_to_both_area_questions():
    served = sorted({p["area"] for p in BUNDLE.procedures})
    for qid in ("area", "act-now-area"):
        assert sorted(o["id"] for o in QUESTIONS[qid]["options"]) == served


def test_every_situation_of_every_procedure_is_an_answer_under_its_own_area():
    for procedure in BUNDLE.procedures:
        question = QUESTIONS[f"{procedure['area']}{SEP}situation"]
        offered = {(ref["procedure"], ref["situation"]) for o in question["options"] for ref in o["covers"]}
        assert {(procedure["id"], s["id"]) for s in procedure.get("situations", [])} <= offered


def test_every_stage_of_every_pathway_with_stages_is_an_answer_to_its_stage_question():
    for procedure in BUNDLE.procedures:
        for pathway in procedure.get("pathways", []):
            if not pathway.get("stages") or not pathway.get("situations"):
                continue
            question = QUESTIONS[f"{procedure['id']}{SEP}{pathway['id']}{SEP}stage"]
            assert [o["id"] for o in question["options"]] == ["not-started"] + [s["id"] for s in pathway["stages"]]


def test_a_situation_two_documents_cover_asks_which_route_and_offers_both():
    for question in QUESTIONS.values():
        if question["id"].endswith(f"{SEP}route"):
            procedures = {OUTCOMES.get(o["id"], {}).get("procedure") or o["id"].split(SEP)[0] for o in question["options"]}
            assert len(question["options"]) >= 2, question["id"]
            if len(procedures) > 1:
                assert all("(" in o["label"] for o in question["options"])   # each names its document


def test_a_situation_with_one_route_goes_straight_to_it():
    for question in QUESTIONS.values():
        if question["id"].endswith(f"{SEP}situation"):
            for option in question["options"]:
                nxt = option["next"]
                assert nxt in QUESTIONS or nxt in OUTCOMES


def test_a_dated_pathway_asks_the_date_and_an_undated_one_does_not():
    for procedure in BUNDLE.procedures:
        for pathway in procedure.get("pathways", []):
            units = {(s.get("timescale") or {}).get("unit") for s in pathway.get("stages", [])}
            asked = f"{procedure['id']}{SEP}{pathway['id']}{SEP}raised" in QUESTIONS
            dated = bool(pathway.get("total_cap")) or bool(units & {"working_days", "calendar_days", "weeks",
                                                                    "calendar_months", "same_working_day", "hours"})
            if pathway.get("stages") and pathway.get("situations"):
                assert asked == dated, (procedure["id"], pathway["id"])


def test_a_pathways_own_words_replace_the_generic_question():
    procedures = copy.deepcopy(BUNDLE.procedures)
    pathway = next(p for proc in procedures for p in proc["pathways"] if p.get("stages") and p.get("situations"))
    pid = next(proc["id"] for proc in procedures if pathway in proc["pathways"])
    pathway["navigator"] = {"stage": {"text": "How far has it got?", "not_started": "Nowhere yet"}}
    flow = derive_flow(WORDING, procedures, BUNDLE.areas)
    question = next(q for q in flow["questions"] if q["id"] == f"{pid}{SEP}{pathway['id']}{SEP}stage")
    assert question["text"] == "How far has it got?" and question["options"][0]["label"] == "Nowhere yet"


def test_the_derived_flow_passes_the_flow_checks_and_is_plain_json():
    assert check_flow(FLOW, BUNDLE.procedures) == []
    assert json.loads(json.dumps(FLOW)) == FLOW


def test_ids_come_from_the_data_so_adding_a_procedure_changes_no_existing_id():
    procedures = copy.deepcopy(BUNDLE.procedures)
    extra = copy.deepcopy(procedures[0])
    extra["id"], extra["area"] = "extra-procedure-2099", "extra-area"
    areas = BUNDLE.areas + [{"id": "extra-area", "name": "Extra", "nation": "England", "region": "england-and-wales"}]
    bigger = derive_flow(WORDING, procedures + [extra], areas)
    before = {q["id"] for q in FLOW["questions"]} | set(OUTCOMES)
    after = {q["id"] for q in bigger["questions"]} | {o["id"] for o in bigger["outcomes"]}
    assert before < after
    assert any(i.startswith("extra-procedure-2099--") for i in after - before)


def test_an_authors_preview_of_one_area_keeps_that_areas_procedures_and_navigator_only():
    area = BUNDLE.procedures[0]["area"]
    preview = BUNDLE.only({area})
    assert {p["area"] for p in preview.procedures} == {area}
    assert [o["id"] for o in next(q for q in preview.flow["questions"] if q["id"] == "area")["options"]] == [area]
    assert check_flow(preview.flow, preview.procedures) == []


def test_a_preview_of_an_unknown_area_says_which_ids_exist():
    from generator.loader import LoadError

    try:
        BUNDLE.only({"atlantis"})
    except LoadError as exc:
        assert "no area 'atlantis' to preview" in str(exc.problems[0])
    else:
        raise AssertionError("an unknown area was previewed")
