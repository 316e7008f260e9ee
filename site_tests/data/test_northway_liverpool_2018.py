"""Northway Primary & Nursery School (Liverpool) Escalation Guidance Policy 2018, checked against its source.

Every expected value below is copied from
shared/sources/northway-primary-liverpool-escalation-guidance-2018.txt.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml


ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / "procedures" / "liverpool" / "northway-liverpool-escalation-guidance-2018.yaml"


@pytest.fixture(scope="module")
def proc() -> dict:
    return yaml.safe_load(FILE.read_text(encoding="utf-8"))


def pathway(proc, pathway_id):
    return next(p for p in proc["pathways"] if p["id"] == pathway_id)


def rule(proc, rule_id):
    return next(r for r in proc["rules"] if r["id"] == rule_id)


def note(proc, note_id):
    return next(n for n in proc["notes"] if n["id"] == note_id)


def contact(proc, contact_id):
    return next(c for c in proc["contacts"] if c["id"] == contact_id)


def stage_rows(proc, pathway_id):
    return [(s["id"], s.get("number"), s["title"]) for s in pathway(proc, pathway_id)["stages"]]


def test_the_file_starts_with_the_schema_comment():
    assert FILE.read_text(encoding="utf-8").splitlines()[0] == \
        "# yaml-language-server: $schema=../schema/procedure.schema.json"


def test_written_november_2017_adopted_february_2018_review_february_2019(proc):
    assert proc["id"] == "northway-liverpool-escalation-guidance-2018"
    assert proc["area"] == "liverpool"
    assert proc["dates"]["written"] == "2017-11"
    assert proc["dates"]["adopted"] == "2018-02"
    assert proc["dates"]["review_due"] == "2019-02"


def test_the_five_levels_of_need_with_early_help_number_lost(proc):
    assert [(lv["id"], lv["name"], lv["level"]) for lv in proc["levels_of_need"]] == [
        ("level-4-child-protection", "Child Protection", 4),
        ("level-4-child-in-need", "Child in Need", 4),
        ("level-3-complex-early-help", "Complex Early Help", 3),
        ("early-help", "Early Help", None),
        ("level-1-universal", "Universal services", 1),
    ]


def test_the_ten_examples_are_situations_in_order(proc):
    assert [(s["id"], s["category"]) for s in proc["situations"]] == [
        ("internal-referral-disagreement", "within-agency"),
        ("cp-referral-not-accepted", "referral"),
        ("cin-referral-not-accepted", "referral"),
        ("cin-child-at-risk-of-significant-harm", "threshold"),
        ("cin-plan-progress", "child-in-need-plan"),
        ("cp-plan-progress", "child-protection-plan"),
        ("conference-no-cp-plan", "conference"),
        ("cin-plan-discontinued", "child-in-need-plan"),
        ("cp-plan-discontinued", "child-protection-plan"),
        ("early-help-assessment-requested", "early-help"),
    ]


def test_pathways_exist_only_for_examples_1_5_6_7_and_8(proc):
    assert [p["id"] for p in proc["pathways"]] == [
        "example-1-internal-referral-disagreement",
        "example-5-cin-plan-progress",
        "example-6-cp-plan-progress",
        "example-7-conference-no-cp-plan",
        "example-8-cin-plan-discontinued",
    ]


def test_example_1_keeps_only_its_one_surviving_step(proc):
    assert stage_rows(proc, "example-1-internal-referral-disagreement") == [
        ("discuss-child-needs", None, "The DSL and the member of staff discuss the child's needs"),
    ]


def test_example_5_child_in_need_plan_progress_steps_a_to_g(proc):
    assert stage_rows(proc, "example-5-cin-plan-progress") == [
        ("speak-to-social-worker", "a", "Speak to the social worker"),
        ("speak-to-line-manager", "b", "Speak to the social worker's line manager"),
        ("concerns-in-writing", "c", "Put your concerns in writing to the social worker and their line manager"),
        ("request-cin-meeting", "d", "Consider asking for a child in need meeting"),
        ("team-leader-then-service-manager", "e", "Speak to the Team Leader and then the Service Manager"),
        ("seek-advice", "f", "Seek advice"),
        ("escalate-under-lscb-policy", "g", "Escalate further under the LSCB policy"),
    ]


def test_example_6_child_protection_plan_progress_steps_a_to_i(proc):
    assert stage_rows(proc, "example-6-cp-plan-progress") == [
        ("speak-to-social-worker", "a", "Speak to the social worker"),
        ("speak-to-line-manager", "b", "Speak to the social worker's line manager"),
        ("concerns-in-writing", "c", "Put your concerns in writing to the social worker and their manager"),
        ("request-core-meeting", "d", "Consider asking for a core meeting"),
        ("speak-to-team-leader", "e", "Speak to a Social Worker Team Leader"),
        ("contact-iro", "f", "Contact the Independent Reviewing Officer"),
        ("ask-for-service-manager", "g", "If there is no agreement, ask to speak to the Service Manager"),
        ("seek-advice", "h", "Seek advice"),
        ("escalate-under-lscb-policy", "i", "Escalate further under the LSCB policy"),
    ]


def test_example_7_conference_disagreement_steps_a_to_g(proc):
    assert stage_rows(proc, "example-7-conference-no-cp-plan") == [
        ("raise-at-conference", "a", "Raise your concerns during the case conference and ask for them to be minuted"),
        ("write-to-conference-chair", "b", "Write to the Independent Conference Chair (Independent Reviewing Officer)"),
        ("speak-to-iro-manager", "c", "Speak to the Independent Reviewing Officer's Manager"),
        ("ask-for-team-leader", "d", "If there is no agreement, ask to speak to a Social Worker Team Leader"),
        ("ask-for-service-manager", "e", "If there is no agreement, ask to speak to the Service Manager"),
        ("seek-advice", "f", "Seek advice"),
        ("escalate-under-lscb-policy", "g", "Escalate further under the LSCB policy"),
    ]


def test_example_8_ending_a_child_in_need_plan_has_stages_1_to_4(proc):
    assert stage_rows(proc, "example-8-cin-plan-discontinued") == [
        ("stage-1", 1, "Attempt resolution, then escalate to line manager"),
        ("stage-2", 2, "Escalation to Organisation Safeguarding Representative"),
        ("stage-3", 3, "Escalation to LSCB Safeguarding Representative"),
        ("stage-4", 4, "Escalation to LSCB Chair"),
    ]


def test_example_8_stage_1_holds_attempt_resolution_and_escalate_to_line_manager(proc):
    actions = pathway(proc, "example-8-cin-plan-discontinued")["stages"][0]["actions"]
    assert [a["text"].split(":")[0] for a in actions] == ["Attempt Resolution", "Escalate to Line Manager"]


def test_example_8_goes_to_organisation_rep_then_lscb_rep_with_appendix_2_then_lscb_chair(proc):
    stages = pathway(proc, "example-8-cin-plan-discontinued")["stages"]
    assert [s.get("goes_to") for s in stages] == [
        ["line-manager"], ["organisation-safeguarding-representative"],
        ["lscb-safeguarding-representative"], ["lscb-chair"],
    ]
    assert stages[2]["form"] == "appendix-2-report-to-lscb"


def test_requesting_a_meeting_is_optional_at_step_d(proc):
    for pid in ("example-5-cin-plan-progress", "example-6-cp-plan-progress"):
        assert pathway(proc, pid)["stages"][3]["optional"] is True


def test_the_advice_step_gives_the_school_improvement_liverpool_email(proc):
    for pid in ("example-5-cin-plan-progress", "example-6-cp-plan-progress", "example-7-conference-no-cp-plan"):
        step = next(s for s in pathway(proc, pid)["stages"] if s["id"] == "seek-advice")
        assert step["contacts"] == ["si-liverpool-advice-email"]
    assert contact(proc, "si-liverpool-advice-email")["email"] == "phil.cooper@si.liverpool.gov.uk"


def test_children_services_telephone_numbers_are_exactly_as_published(proc):
    assert [(c["id"], c.get("phone")) for c in proc["contacts"] if "phone" in c] == [
        ("liverpool-childrens-services", "0151 233 3700"),
        ("knowsley-childrens-services", "0151 443 2600"),
        ("wirral-childrens-services", "0151 606 2008"),
        ("sefton-childrens-services", "0345 140 0845"),
        ("sefton-out-of-hours", "0151 934 3555"),
        ("st-helens-childrens-services", "01744 676600"),
        ("st-helens-out-of-hours", "0345 050 0148"),
        ("wigan-childrens-services", "01942 828300"),
    ]


def test_every_contact_was_published_february_2018_and_never_verified(proc):
    assert len(proc["contacts"]) == 9
    for c in proc["contacts"]:
        assert c["published"] == "2018-02"
        assert c["last_verified"] is None


def test_knowsley_keeps_the_source_spelling_knowlsey_as_its_area_label(proc):
    c = contact(proc, "knowsley-childrens-services")
    assert c["area_label"] == "Knowlsey"
    assert "Knowsley" in c["label"]


def test_the_two_oh_numbers_are_out_of_hours(proc):
    for cid in ("sefton-out-of-hours", "st-helens-out-of-hours"):
        assert contact(proc, cid)["hours"] == "out-of-hours"


def test_a_staff_concern_is_discussed_with_the_dsl_without_delay(proc):
    ts = rule(proc, "discuss-with-dsl-without-delay")["timescale"]
    assert (ts["unit"], ts["text"]) == ("immediately", "without delay")


def test_immediate_protection_is_telephoned_without_delay(proc):
    r = rule(proc, "immediate-protection-telephone")
    assert r["kind"] == "immediate-risk"
    assert (r["timescale"]["unit"], r["timescale"]["text"]) == ("immediately", "without delay")


def test_the_telephone_referral_is_followed_up_in_writing_within_24_hours(proc):
    ts = rule(proc, "written-follow-up-within-24-hours")["timescale"]
    assert (ts["unit"], ts["amount"], ts["text"]) == ("hours", 24, "within 24 hours")


def test_the_local_authority_decides_on_a_referral_within_1_working_day(proc):
    ts = rule(proc, "referral-decision-within-one-working-day")["timescale"]
    assert (ts["unit"], ts["amount"]) == ("working_days", 1)
    assert ts["text"] == "Within one working day of a referral being received"


def test_the_flow_chart_rules_on_consent_early_help_and_anyone_referring_are_present(proc):
    ids = {r["id"] for r in proc["rules"]}
    assert {"cp-referral-consent", "cin-referral-consent", "early-help-assessment", "early-help-consent",
            "anyone-can-refer", "staff-disagree-with-dsl", "referrer-disagrees-with-decision"} <= ids


def test_the_lost_early_help_level_number_is_a_gap_note(proc):
    n = note(proc, "early-help-level-number-lost")
    assert n["kind"] == "gap"
    assert n["applies_to"] == ["early-help"]


def test_the_flow_chart_levels_2_and_3_are_cited_without_resolving_the_gap(proc):
    n = note(proc, "early-help-levels-in-flow-chart")
    assert n["kind"] == "reading"
    assert "Levels 2 and 3" in n["cite"]["quote"]
    assert next(lv for lv in proc["levels_of_need"] if lv["id"] == "early-help")["level"] is None


def test_example_1_cut_off_is_a_gap_note(proc):
    n = note(proc, "example-1-cut-off")
    assert n["kind"] == "gap"
    assert "example-1-internal-referral-disagreement" in n["applies_to"]


def test_examples_2_3_4_9_and_10_without_steps_are_a_gap_note(proc):
    n = note(proc, "examples-without-steps")
    assert n["kind"] == "gap"
    assert n["applies_to"] == ["cp-referral-not-accepted", "cin-referral-not-accepted",
                               "cin-child-at-risk-of-significant-harm", "cp-plan-discontinued",
                               "early-help-assessment-requested"]


def test_example_8_escalate_to_stage_3_is_a_typo_note(proc):
    n = note(proc, "example-8-stage-3-typo")
    assert n["kind"] == "typo"
    assert n["cite"]["quote"] == "If unresolved at stage 3 record and Escalate to Stage 3"


def test_knowlsey_spelling_is_a_typo_note(proc):
    n = note(proc, "knowsley-spelling")
    assert n["kind"] == "typo"
    assert n["applies_to"] == ["knowsley-childrens-services"]


def test_the_oh_labels_are_a_reading_note(proc):
    n = note(proc, "oh-numbers")
    assert n["kind"] == "reading"
    assert n["applies_to"] == ["sefton-out-of-hours", "st-helens-out-of-hours"]


def test_roles_use_only_the_agreed_glossary_ids(proc):
    allowed = {"dsl", "iro", "cp-chair", "lscb", "principal-officer", "independent-review-service",
               "pit-stop", "marf", "early-help-hub", "splog", "lscb-chair"}
    assert {r["term"] for r in proc["roles"] if "term" in r} <= allowed


def test_the_glossary_does_not_fill_in_the_lost_early_help_level(proc):
    """Issue 15 finding 10: the source has lost the level number for early help; the glossary says so."""
    terms = {t["id"]: t for t in yaml.safe_load((ROOT / "procedures/glossary.yaml").read_text())["terms"]}
    definition = " ".join(terms["levels-of-need"]["definition"].split())
    assert "levels 2 and 3 are early help" not in definition
    assert "lost its number" in definition
    assert [lv for lv in proc["levels_of_need"] if lv.get("level") is None]


def test_the_document_cites_working_together_2015(proc):
    assert [(g["guidance"], g["edition"]) for g in proc["guidance_cited"]] == [("working-together", "2015")]
