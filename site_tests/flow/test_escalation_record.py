"""The escalation record on a pathway outcome: Warwickshire 2020's Escalation Monitoring Form with the
source's own fields, pre-filled with what the answers say; elsewhere the handbook's short record, which
names the procedure's own form where the source names one without giving its fields."""
from __future__ import annotations

from navigator.flow import answers_for, answers_in_order, enumerate_paths, next_step
from navigator.outcome import OWN_RECORD_FIELDS, build_outcome

from .test_outcomes import AREAS, FLOW, PROCEDURES, TODAY, bexley_cp, bexley_iro, outcome, warwickshire

WARWICKSHIRE_2020 = PROCEDURES["warwickshire-practitioner-escalation-protocol-2020"]
MONITORING_FORM = next(f for f in WARWICKSHIRE_2020["forms"] if f["id"] == "escalation-monitoring-form")


def fields(built: dict) -> dict:
    return {f["id"]: f for f in built["escalation_record"]["fields"]}


def test_the_warwickshire_record_is_the_monitoring_form_with_the_source_fields_in_order():
    record = warwickshire("drift-or-delay", "stage-2")["escalation_record"]
    assert record["form"]["id"] == "escalation-monitoring-form"
    assert record["form"]["title"] == "Warwickshire Safeguarding Escalation Monitoring Form"
    assert [f["label"] for f in record["fields"]] == [f["label"] for f in MONITORING_FORM["fields"]]
    assert [f["type"] for f in record["fields"]] == [f["type"] for f in MONITORING_FORM["fields"]]
    assert all(f["cite"]["section"] == "Appendix 1" for f in record["fields"])
    assert "only if the escalation reaches Stage 3" in record["form"]["return_to"]["text"]
    assert record["form"]["href"] == "procedures/warwickshire-practitioner-escalation-protocol-2020/#form-escalation-monitoring-form"


def test_the_monitoring_form_summary_starts_with_the_situation_chosen_and_nothing_else_is_guessed():
    built = warwickshire("drift-or-delay", "stage-2")
    by_id = fields(built)
    situation = next(s for s in WARWICKSHIRE_2020["situations"] if s["id"] == "drift-or-delay")
    assert by_id["summary-of-reason-for-dispute"]["value"] == situation["text"]
    assert {k for k, f in by_id.items() if f["value"]} == {"summary-of-reason-for-dispute"}
    assert built["escalation_record"]["stage_reached"] == "Stage 2: Senior Manager to Senior Manager discussion"
    stage_field = by_id["escalation-stage-agreement-reached"]
    assert [o["id"] for o in stage_field["options"]] == ["stage-1", "stage-2", "stage-3"]


def test_a_different_situation_changes_the_summary():
    one = fields(warwickshire("threshold-disagreement", "stage-1"))["summary-of-reason-for-dispute"]["value"]
    other = fields(warwickshire("drift-or-delay", "stage-1"))["summary-of-reason-for-dispute"]["value"]
    assert one and other and one != other


def test_bexley_gets_the_handbook_record_naming_the_liquid_logic_form_whose_fields_the_source_does_not_give():
    record = bexley_iro("stage-2")["escalation_record"]
    assert record["form"] is None
    assert record["named_form"]["title"] == "Liquid Logic escalation form"
    assert [f["id"] for f in record["fields"]] == [f["id"] for f in OWN_RECORD_FIELDS]


def test_the_handbook_record_is_pre_filled_with_the_date_raised_and_the_stage_reached():
    by_id = fields(bexley_cp("stage-1", raised="2026-12-18"))
    assert by_id["date-raised"]["value"] == "2026-12-18"
    assert by_id["stage-reached"]["value"] == "stage-1"
    assert "stage-1" in [o["id"] for o in by_id["stage-reached"]["options"]]


def without_the_date(stage: str) -> dict:
    """A Bexley CP outcome as a static page builds it: routed with a date, built without it."""
    answers = answers_in_order(FLOW, ["no", "bexley", "cp-plan-not-progressing", stage, "2026-12-18"], TODAY)
    step = next_step(FLOW, answers, TODAY)
    undated = {q: a for q, a in answers.items() if not q.endswith("--raised")}
    return build_outcome(step["outcome"], undated, PROCEDURES, AREAS, TODAY)


def test_without_a_date_raised_the_date_is_left_blank_not_set_to_today():
    built = without_the_date("stage-1")
    assert built["deadlines"]["raised_assumed_today"] is True
    assert fields(built)["date-raised"]["value"] is None
    assert fields(built)["stage-reached"]["value"] == "stage-1"


def test_not_started_leaves_the_stage_blank():
    assert fields(without_the_date("not-started"))["stage-reached"]["value"] is None


def test_no_field_of_the_handbook_record_asks_for_a_name():
    for field in OWN_RECORD_FIELDS:
        label = field["label"].lower()
        assert "name" not in label or "no names" in label, field


def test_every_pathway_outcome_has_a_record_and_other_outcomes_have_none():
    seen = set()
    for path in enumerate_paths(FLOW):
        answers = answers_for(FLOW, path, "2026-12-18")
        if answers.get("immediate-risk") != "no":
            continue
        step = next_step(FLOW, answers, TODAY)
        built = build_outcome(step["outcome"], answers, PROCEDURES, AREAS, TODAY)
        has_record = built["escalation_record"] is not None
        assert has_record == (built["kind"] == "pathway"), (path.outcome, built["kind"])
        if has_record:
            values = [f["value"] for f in built["escalation_record"]["fields"] if f["type"] == "stage"]
            assert all(v is None or v in built["pathway"]["stages"] for v in values)
            seen.add(built["procedure"]["id"])
    assert seen == {o["procedure"] for o in FLOW["outcomes"] if o["kind"] == "pathway"}
    assert len(seen) >= 4
