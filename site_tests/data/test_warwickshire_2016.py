"""Warwickshire's 2016 WSCB Escalation Processes, checked against literal expectations from its source text."""
from __future__ import annotations

from pathlib import Path

import yaml


ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / "procedures/warwickshire/warwickshire-escalation-processes-2016.yaml"
TEXT = FILE.read_text(encoding="utf-8")
PROC = yaml.safe_load(TEXT)
PATHWAYS = {p["id"]: p for p in PROC["pathways"]}
SCHEDULES = {s["id"]: s for s in PROC["schedules"]}
RULES = {r["id"]: r for r in PROC["rules"]}
NOTES = {n["id"]: n for n in PROC["notes"]}
ROLES = {r["id"]: r for r in PROC["roles"]}
GLOSSARY_IDS = {"dsl", "iro", "cp-chair", "mash", "era", "escalation-panel", "core-group",
                "independent-reviewing-service", "designated-doctor-nurse", "cspr", "sar", "lscb", "wscb", "wseb"}


def stages(pid):
    return [(s["id"], s.get("number"), s["title"]) for s in PATHWAYS[pid]["stages"]]


def all_timescales(node, path=""):
    """(path, unit, amount, text) for every timescale anywhere in the file."""
    if isinstance(node, dict):
        for key, value in node.items():
            sub = f"{path}.{key}" if path else key
            if key == "timescale" and isinstance(value, dict):
                yield sub, value["unit"], value.get("amount"), value["text"]
            else:
                yield from all_timescales(value, sub)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from all_timescales(value, f"{path}[{i}]")


def test_warwickshire_2016_is_the_wscb_escalation_processes_revised_december_2016():
    assert PROC["id"] == "warwickshire-escalation-processes-2016" and FILE.stem == PROC["id"]
    assert TEXT.splitlines()[0] == "# yaml-language-server: $schema=../schema/procedure.schema.json"
    assert PROC["area"] == "warwickshire"
    assert PROC["title"] == "WSCB Escalation Processes"
    assert PROC["publisher"] == "Warwickshire Safeguarding Children Board"
    assert PROC["dates"]["revised"] == "2016-12"
    assert PROC["audience"][:3] == ["All agencies providing services to children and families",
                                    "Child Protection Conference Chairs", "The Independent Reviewing Service"]
    assert PROC["source"]["file"] == "warwickshire-wscb-escalation-processes-2016.txt"


def test_warwickshire_2016_has_three_pathways_contested_threshold_and_the_two_part_3_processes():
    assert list(PATHWAYS) == ["contested-threshold", "professional-concerns-about-childrens-team",
                              "childrens-team-concerns-about-professional"]


def test_part_1_keeps_its_key_principle_and_four_examples_but_no_stages():
    pw = PATHWAYS["contested-threshold"]
    assert pw["stages"] == []
    assert pw["situations"] == ["stuck-early-help-or-cin-plans", "parental-resistance", "closed-and-reopened",
                                "repeated-assessments-no-service"]
    assert "problem-solve" in pw["before"][0]["cite"]["quote"]
    timescale = pw["before"][0]["timescale"]
    assert (timescale["unit"], timescale["text"]) == ("none_stated", "at the earliest possible stage as swiftly as possible")
    note = NOTES["part-1-stages-missing"]
    assert note["kind"] == "gap" and note["applies_to"] == ["contested-threshold"]


def test_part_1_examples_are_threshold_situations():
    situations = {s["id"]: s for s in PROC["situations"]}
    assert [situations[s]["category"] for s in PATHWAYS["contested-threshold"]["situations"]] == ["threshold"] * 4


def test_a_professional_concerned_about_a_childrens_team_goes_social_worker_then_operations_manager_then_file_review():
    assert stages("professional-concerns-about-childrens-team") == [
        ("stage-1", 1, "Social worker / team manager"),
        ("stage-2", 2, "Children's Operations Manager"),
        ("stage-3", 3, "Children's Operations Manager reviews the file and meets"),
    ]


def test_stage_1_goes_to_the_duty_manager_first_for_a_child_dealt_with_on_a_duty_basis():
    stage = PATHWAYS["professional-concerns-about-childrens-team"]["stages"][0]
    assert stage["who_acts"] == ["professional"]
    assert stage["goes_to"] == ["social-worker", "team-manager", "duty-manager"]
    assert any("duty manager" in a["text"] for a in stage["actions"])


def test_stage_2_is_raised_by_the_professional_line_manager_or_a_named_designated_officer():
    stage = PATHWAYS["professional-concerns-about-childrens-team"]["stages"][1]
    assert stage["who_acts"] == ["professional", "line-manager", "named-designated-doctors-nurses",
                                 "education-safeguarding-manager", "cpu-detective-sergeant"]
    assert stage["goes_to"] == ["childrens-operations-manager"]
    assert ROLES["cpu-detective-sergeant"]["name"] == "CPU Detective Sergeant (Police)"
    assert ROLES["education-safeguarding-manager"]["name"] == "Education Safeguarding Children's Manager"


def test_stage_3_reviews_the_file_meets_records_and_may_go_to_the_wscb_representative():
    pw = PATHWAYS["professional-concerns-about-childrens-team"]
    stage = pw["stages"][2]
    assert stage["who_acts"] == ["childrens-operations-manager"]
    assert [a["cite"]["quote"] for a in stage["actions"]] == [
        "the Children's Operations Manager must read and review the file",
        "meet with the professional concerned and their manager / designated officer"]
    assert stage["record"][0]["cite"]["quote"] == "the outcome of this discussion will be recorded on the case file"
    assert "WSCB representative" in pw["after"][0]["text"]


def test_childrens_team_concerns_keep_only_stage_3_numbered_3_with_a_gap_note_for_stages_1_and_2():
    assert stages("childrens-team-concerns-about-professional") == [
        ("stage-3", 3, "Service Manager and the agency's WSCB representative")]
    stage = PATHWAYS["childrens-team-concerns-about-professional"]["stages"][0]
    assert stage["goes_to"] == ["service-manager", "wscb-representative", "head-of-agency"]
    note = NOTES["childrens-team-stages-1-and-2-missing"]
    assert note["kind"] == "gap" and note["applies_to"] == ["childrens-team-concerns-about-professional"]
    assert "Stages 1 and 2 are missing" in note["text"]


def test_childrens_team_examples_are_a_poor_referral_a_late_referral_and_other_failures():
    assert PATHWAYS["childrens-team-concerns-about-professional"]["situations"] == [
        "poorly-framed-referral", "referral-not-made-in-time", "other-safeguarding-responsibilities"]


def test_part_2_is_a_rule_dsl_internal_policy_outside_advice_then_mash_social_worker():
    rule = RULES["disagreement-within-agencies"]
    quotes = [s["cite"]["quote"] for s in rule["steps"]]
    assert len(quotes) == 5
    assert "designated safeguarding lead" in quotes[0]
    assert "policy for internal escalation" in quotes[2]
    assert "the designated nurse or doctor, and the education safeguarding manager" in quotes[3]
    assert "social worker in the MASH" in quotes[4]
    assert NOTES["part-2-sets-no-stages"]["kind"] == "reading"


def test_part_4_schedule_has_reviews_at_3_9_15_and_21_months():
    sched = SCHEDULES["cp-plan-reviews-9-and-21-months"]
    assert sched["kind"] == "cp-plan-reviews"
    assert [i["months"] for i in sched["items"]] == [3, 9, 15, 21]
    assert [i["label"] for i in sched["items"]] == ["3 Month Review", "9 Month Review", "15 Month Review",
                                                   "21 Month Review"]


def test_part_4_era_at_9_months_service_manager_at_15_and_irs_then_panel_chair_then_reviewer_at_21():
    items = {i["months"]: i for i in SCHEDULES["cp-plan-reviews-9-and-21-months"]["items"]}
    assert "due" not in items[3]
    assert "2nd review" in items[9]["due"][0]
    assert any("Service Manager at 15 months" in d for d in items[15]["due"])
    due21 = items[21]["due"]
    assert due21[0] == "Enhanced Risk Analysis completed at the review."
    assert due21[1].startswith("The Independent Reviewing Service examines the case first")
    assert "Chair of the Escalation Panel" in due21[2]
    assert "designated reviewers" in due21[3]


def test_part_5_counts_plans_one_two_three_with_requests_discussed_before_plans_two_and_three():
    sched = SCHEDULES["more-than-one-cp-plan"]
    assert sched["kind"] == "plan-count"
    assert [(i["id"], i.get("count")) for i in sched["items"]] == [
        ("plan-1-start", 1), ("plan-1-ceased", 1), ("request-before-plan-2", None), ("plan-2-start", 2),
        ("plan-2-ceased", 2), ("request-before-plan-3", None), ("plan-3-start", 3)]
    third = sched["items"][-1]
    assert third["due"][0] == "Enhanced Risk Analysis completed at the Initial Child Protection Conference."
    assert "automatically refers the case to the Escalation Panel" in third["due"][1]
    assert "Children's Reviewing Manager" in sched["items"][2]["due"][0]


def test_the_cp_conference_chair_can_escalate_a_plan_at_any_time():
    rule = RULES["cp-chair-escalates-plan"]
    assert (rule["timescale"]["unit"], rule["timescale"]["text"]) == ("at_any_time", "at any time")
    assert "Child Protection Conference Chair" in rule["cite"]["quote"]


def test_every_timescale_has_the_unit_and_amount_the_source_gives():
    assert sorted((p, u, a, t) for p, u, a, t in all_timescales(PROC)) == sorted([
        ("pathways[0].before[0].timescale", "none_stated", None, "at the earliest possible stage as swiftly as possible"),
        ("pathways[1].before[0].timescale", "none_stated", None, "at the earliest possible stage as swiftly as possible"),
        ("pathways[2].before[0].timescale", "none_stated", None, "at the earliest possible stage as swiftly as possible"),
        ("rules[1].timescale", "at_any_time", None, "at any time"),
        ("rules[2].timescale", "at_any_time", None, "at any time"),
        ("rules[3].timescale", "at_any_time", None, "at any time"),
        ("rules[7].timescale", "calendar_months", 15, "15 months after the initial child protection conference"),
        ("rules[11].steps[1].timescale", "immediately", None, "as a matter of urgency"),
    ])
    assert [r["id"] for r in PROC["rules"]][1:4] == ["trigger-4-16", "part-3-at-any-time", "cp-chair-escalates-plan"]
    assert PROC["rules"][7]["id"] == "era-when-due" and PROC["rules"][11]["id"] == "independent-review-outcomes"


def test_the_era_chart_and_faq_contradiction_is_recorded():
    note = NOTES["era-timing-contradiction"]
    assert note["kind"] == "contradiction"
    assert "9-month review (the 2nd review)" in note["text"] and "third review conference" in note["text"]
    assert "cp-plan-reviews-9-and-21-months" in note["applies_to"]


def test_section_4_16_is_a_missing_reference_not_included():
    refs = {r["id"]: r for r in PROC["references"]}
    assert refs["wscb-interagency-cp-procedures-4-16"]["included"] is False
    note = NOTES["procedures-4-16-not-included"]
    assert note["kind"] == "missing-reference"
    assert note["cite"]["quote"] == "4.16 of the WSCB Interagency Child Protection Procedures"


def test_era_components_are_five_history_items_and_four_questions():
    steps = RULES["era-components"]["steps"]
    assert len(steps) == 9
    assert sum(s["text"].startswith("Full history:") for s in steps) == 5
    assert sum(s["text"].endswith("?") for s in steps) == 4


def test_independent_review_has_four_criteria_and_three_outcomes():
    assert len(RULES["independent-review-criteria"]["steps"]) == 4
    outcomes = RULES["independent-review-outcomes"]["steps"]
    assert len(outcomes) == 3
    assert "no further action" in outcomes[0]["text"]
    assert "critical incident review" in outcomes[2]["text"]


def test_the_only_contact_is_the_wscb_resources_web_page_never_verified():
    assert PROC["contacts"] == [{
        "id": "wscb-resources-web-page", "label": "WSCB resources web page",
        "url": "http://www.warwickshire.gov.uk/wscb/resources",
        "for": PROC["contacts"][0]["for"], "published": "2016-12", "last_verified": None,
        "cite": PROC["contacts"][0]["cite"]}]
    assert PROC["contacts"][0]["for"].startswith("Chronology templates and guidance")


def test_the_2016_processes_overlap_the_2020_protocol_without_being_a_version_of_it():
    assert [(r["procedure"], r["kind"]) for r in PROC["relations"]] == [
        ("warwickshire-practitioner-escalation-protocol-2020", "overlaps")]
    assert "Neither document says that the 2020 protocol replaces these processes" in PROC["relations"][0]["text"]


def test_named_roles_are_all_present_and_glossary_terms_are_only_the_agreed_ids():
    for rid in ["dsl", "line-manager", "social-worker", "team-manager", "duty-manager", "childrens-operations-manager",
                "service-manager", "wscb-representative", "independent-reviewing-service", "escalation-panel",
                "escalation-panel-chair", "cp-chair", "core-group", "named-designated-doctors-nurses",
                "education-safeguarding-manager", "cpu-detective-sergeant", "mash-social-worker",
                "childrens-reviewing-manager", "irs-operations-manager", "iro", "head-of-agency"]:
        assert rid in ROLES, rid
    assert {r["term"] for r in PROC["roles"] if "term" in r} <= GLOSSARY_IDS


def test_every_referenced_id_is_defined():
    roles, situations = set(ROLES), {s["id"] for s in PROC["situations"]}
    contacts = {c["id"] for c in PROC["contacts"]}
    for pw in PROC["pathways"]:
        assert set(pw["raised_by"]) <= roles and set(pw.get("situations", [])) <= situations
        for st in pw["stages"]:
            assert set(st.get("who_acts", [])) | set(st.get("goes_to", [])) <= roles, st["id"]
            assert set(st.get("contacts", [])) <= contacts
    known = (roles | situations | contacts | set(PATHWAYS) | set(SCHEDULES) | set(RULES)
             | {r["id"] for r in PROC["references"]})
    for note in PROC["notes"]:
        assert set(note.get("applies_to", [])) <= known, note["id"]


def test_the_file_uses_no_yaml_anchors_or_aliases():
    for event in yaml.parse(TEXT, Loader=yaml.SafeLoader):
        assert not isinstance(event, yaml.AliasEvent) and not getattr(event, "anchor", None)


def test_the_stray_brackets_and_the_panel_and_sub_committee_are_shown_as_notes():
    """Issue 15 finding 11: source oddities are notes a page renders, not only a role's text."""
    assert NOTES["stray-brackets"]["kind"] == "typo"
    assert "Escalation Panel)" in NOTES["stray-brackets"]["cite"]["quote"]
    assert set(NOTES["panel-and-sub-committee"]["applies_to"]) == {"pme-sub-committee", "escalation-panel"}
