"""Scenario checks, at least five per source document, with literal expected values.

Dates were worked out by hand from the calendar (England and Wales): Friday 2026-12-18 is the
raise date; Christmas Day is Friday 2026-12-25, the Boxing Day substitute Monday 2026-12-28, New
Year's Day Friday 2027-01-01; "today" is Friday 2027-01-15 unless a case says otherwise.
"""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from generator.loader import load_bundle
from navigator.flow import answers_in_order, next_step
from navigator.outcome import build_outcome

ROOT = Path(__file__).resolve().parents[2]


def _json(value):
    return json.loads(json.dumps(value, default=str))


def _yaml(path: Path):
    return _json(yaml.safe_load(path.read_text(encoding="utf-8")))


FLOW = _json(load_bundle(ROOT).flow)   # derived from the procedure files, as the build derives it
PROCEDURES = {p["id"]: p for p in map(_yaml, sorted((ROOT / "procedures").glob("*/*.yaml")))}
AREAS = _yaml(ROOT / "procedures" / "areas.yaml")["areas"]

TODAY = "2027-01-15"


def outcome(*replies, today: str = TODAY) -> dict:
    """The outcome a reader reaches answering "no" to immediate risk, then each reply in turn."""
    answers = answers_in_order(FLOW, ["no", *replies], today)
    step = next_step(FLOW, answers, today)
    assert "outcome" in step, step
    return build_outcome(step["outcome"], answers, PROCEDURES, AREAS, today)


def act_now(area: str, today: str = TODAY) -> dict:
    answers = answers_in_order(FLOW, ["yes", area], today)
    step = next_step(FLOW, answers, today)
    return build_outcome(step["outcome"], answers, PROCEDURES, AREAS, today)


def warning_kinds(built: dict) -> list:
    return [w.get("id", w["kind"]) for w in built["warnings"]]


# Bexley: Escalation policy for children subject to CP plans and looked after children (2018).

def bexley_iro(stage, raised="2026-12-18", situation="lac-care-plan-problem", today=TODAY):
    return outcome("bexley", situation, stage, *([raised] if stage != "not-started" else []), today=today)


def bexley_cp(stage, raised="2026-12-18", situation="cp-plan-not-progressing"):
    return outcome("bexley", situation, stage, *([raised] if stage != "not-started" else []))


def test_bexley_iro_stage_2_reached_2026_12_18_is_due_2026_12_29_and_the_assistant_director_is_projected_for_2027_01_06():
    built = bexley_iro("stage-2")
    assert built["procedure"]["version"] == "Updated November 2018"
    assert built["pathway"]["id"] == "iro-dispute-resolution"
    # The date asked for is the stage reached's: stage 2 counts from it, not from stage 1's.
    assert (built["current_stage"]["title"], built["current_stage"]["due"]) == ("Head of Service", "2026-12-29")
    assert (built["next_stage"]["title"], built["next_stage"]["due"]) == ("Assistant Director", "2027-01-06")
    stages = {s["id"]: s for s in built["deadlines"]["stages"]}
    assert stages["stage-1"]["before"] and stages["stage-1"]["due"] is None
    assert stages["stage-3"]["projected"] and not stages["stage-2"]["projected"]
    assert built["next_stage"]["contact"] == [{"role": "assistant-director", "name": "Assistant director"}]
    assert built["next_stage"]["link"] == "procedures/bexley-cp-lac-escalation-2018/#iro-dispute-resolution--stage-3"


def test_bexley_iro_at_stage_3_reached_2026_12_01_stage_3_is_due_2026_12_08_and_the_director_is_a_labelled_projection():
    built = bexley_iro("stage-3", raised="2026-12-01", today="2026-12-02")
    assert built["current_stage"]["due"] == "2026-12-08"          # 5 working days from 1 December
    assert built["deadlines"]["from_stage"] == "stage-3"
    assert (built["next_stage"]["id"], built["next_stage"]["due"]) == ("stage-4", "2026-12-18")
    assert "counted-from-stage" in built["flags"] and "projected:stage-4" in built["flags"]
    assert "projected:stage-3" not in built["flags"]
    assert "Stage 4: Director (projection)" in built["calendar"].replace("\r\n ", "").replace("\\,", ",")
    assert built["lead"]["kind"] == "await" and built["lead"]["by"]["key"] == "stage:stage-3"


def test_bexley_iro_raised_2026_12_18_meets_the_20_working_day_cap_on_2027_01_20_before_the_director_is_due():
    built = bexley_iro("stage-1")
    stages = {s["id"]: s for s in built["deadlines"]["stages"]}
    assert stages["stage-4"]["due"] == "2027-01-25" and stages["stage-4"]["cap_first"]
    assert not stages["stage-3"]["cap_first"]
    cap = next(w for w in built["warnings"] if w["kind"] == "total-cap")
    assert (cap["due"], cap["exceeded_by_stages"]) == ("2027-01-20", True)
    assert "cap-first:stage-4" in built["flags"]
    assert "The whole-process limit, 2027-01-20, comes first" in built["calendar"].replace("\r\n ", "").replace("\\,", ",")
    assert "bypass" in warning_kinds(built)


def test_bexley_iro_at_stage_4_has_no_next_stage_and_cafcass_is_also_possible():
    built = bexley_iro("stage-4")
    assert built["current_stage"]["due"] == "2027-01-04"   # 8 working days from 18 December, past Christmas
    assert built["next_stage"] is None
    assert [s["id"] for s in built["also_possible"]] == ["stage-5-cafcass"]
    assert built["lead"]["kind"] == "await-last"


def test_bexley_iro_stage_2_due_2026_12_29_is_not_yet_overdue_on_2026_12_29_but_is_on_2027_01_15():
    assert "overdue" in warning_kinds(bexley_iro("stage-2"))
    assert "lead:overdue" in bexley_iro("stage-2")["flags"]
    assert "overdue" not in warning_kinds(bexley_iro("stage-2", today="2026-12-29"))


def test_bexley_cp_chair_stage_1_raised_on_the_friday_before_christmas_is_due_on_2026_12_29():
    built = bexley_cp("stage-1")
    assert built["current_stage"]["due"] == "2026-12-29"
    assert ["2026-12-25", "Christmas Day"] in built["current_stage"]["skipped"]
    assert ["2026-12-28", "Boxing Day (substitute day)"] in built["current_stage"]["skipped"]
    assert (built["next_stage"]["title"], built["next_stage"]["due"]) == ("Head of service", "2027-01-06")
    assert "bypass" not in warning_kinds(built) and "total-cap" not in warning_kinds(built)
    assert built["record"][0]["text"].startswith("A Liquid Logic escalation form is completed.")


def test_bexley_cp_chair_at_stage_4_reached_2026_12_18_the_director_is_due_2027_01_04_with_nothing_after():
    built = bexley_cp("stage-4")
    assert (built["current_stage"]["title"], built["current_stage"]["due"]) == ("Director", "2027-01-04")
    assert built["next_stage"] is None


def test_bexley_iro_not_raised_yet_today_2027_01_15_stage_1_would_be_due_2027_01_22():
    built = bexley_iro("not-started")
    assert built["deadlines"]["raised_assumed_today"] is True
    assert (built["next_stage"]["id"], built["next_stage"]["due"]) == ("stage-1", "2027-01-22")
    assert built["before"][0]["text"].startswith("The IRO first seeks to resolve the issue informally")


def test_bexley_a_child_raising_a_concern_follows_the_cp_chair_route_the_policy_lists_it_under():
    built = bexley_cp("stage-1", situation="child-raises-concern")
    assert built["pathway"]["id"] == "cp-chair-escalation"
    assert built["why"][2]["answer_label"].startswith("The child or young person has raised concerns")
    assert built["why"][2]["cite"][0]["section"] == "2. What issues will be raised as an escalation by the CP Chair"


def test_bexley_each_route_says_who_raises_it():
    assert "Independent Reviewing Officer" in bexley_iro("stage-1")["text"]
    assert "Child Protection Chair" in bexley_cp("stage-1")["text"]


def test_bexley_immediate_risk_says_contact_the_police_and_gives_no_number():
    built = act_now("bexley")
    assert "Act now" in built["text"] and "gives a route or a telephone number for immediate risk" in built["text"]
    assert built["contacts"] == [] and "999" not in built["text"]


# Warwickshire: Practitioner Escalation Protocol (2020).

W2020 = "warwickshire-practitioner-escalation-protocol-2020"
W2016 = "warwickshire-escalation-processes-2016"


def warwickshire(situation, stage, route=None):
    """A 2020 protocol route; `route` answers the route question where both documents cover the situation."""
    return outcome("warwickshire", situation, *([route] if route else []), stage)


def test_warwickshire_poorly_framed_referral_offers_both_documents_routes_and_the_reader_chooses():
    answers = answers_in_order(FLOW, ["no", "warwickshire", "poorly-framed-referral"], TODAY)
    question = next_step(FLOW, answers, TODAY)["question"]
    offered = [o["id"] for o in question["options"]]
    assert offered == [f"{W2016}--childrens-team-concerns-about-professional", f"{W2020}--practitioner-escalation"]
    assert all(("2016" in o["label"]) != ("2020" in o["label"]) for o in question["options"])
    assert built_2016_route_is_the_childrens_team("poorly-framed-referral")


def built_2016_route_is_the_childrens_team(situation):
    built = outcome("warwickshire", situation, f"{W2016}--childrens-team-concerns-about-professional", "not-started")
    return built["pathway"]["id"] == "childrens-team-concerns-about-professional" and "Children" in built["text"]


def test_warwickshire_poorly_framed_referral_at_stage_one_on_the_2020_route_names_the_2016_part_3():
    built = warwickshire("poorly-framed-referral", "stage-1", route=f"{W2020}--practitioner-escalation")
    assert built["procedure"]["id"] == "warwickshire-practitioner-escalation-protocol-2020"
    assert built["next_stage"]["title"] == "Senior Manager to Senior Manager discussion"
    overlap = built["overlap"]
    assert overlap["followed"]["version"] == "V5.0, 09.06.2020, approved by WSEB June 2020"
    assert overlap["other"]["id"] == "warwickshire-escalation-processes-2016"
    assert overlap["followed_is_later"] is True
    assert [p["id"] for p in overlap["other_pathways"]] == ["childrens-team-concerns-about-professional"]


def test_warwickshire_stuck_plans_go_to_the_2016_contested_threshold_part_1_which_names_them():
    built = outcome("warwickshire", "stuck-early-help-or-cin-plans")
    assert (built["procedure"]["id"], built["pathway"]["id"]) == (W2016, "contested-threshold")
    assert built["current_stage"] is None and built["next_stage"] is None


def test_warwickshire_stage_three_gives_the_partnership_email_and_has_nothing_after():
    built = warwickshire("drift-or-delay", "stage-3")
    assert built["current_stage"]["contacts"][0]["email"] == "wscb@warwickshire.gov.uk"
    assert built["next_stage"] is None


def test_warwickshire_2020_sets_no_days_so_there_are_no_deadlines_and_the_gap_note_shows():
    built = warwickshire("own-management-position", "stage-2")
    assert built["deadlines"] is None
    assert "stage-timescales-not-set" in warning_kinds(built)
    assert built["overlap"]["other_situations"] == []


def test_warwickshire_2020_asks_to_name_the_managers_at_the_start():
    built = warwickshire("practitioner-practice", "not-started")
    assert any(r["id"] == "name-the-managers" for r in built["related_rules"])
    assert built["why"][-1]["answer"] == "not-started"


# Warwickshire: WSCB Escalation Processes (2016).

def part_4(initial):
    return outcome("warwickshire", "cp-plan-over-9-or-21-months", initial)


def part_5(plans, episodes):
    return outcome("warwickshire", "more-than-one-cp-plan", plans, episodes)


def test_warwickshire_part_4_plan_from_2026_03_31_has_points_on_06_30_12_31_06_30_and_12_31():
    schedule = part_4("2026-03-31")["schedule"]
    assert [(i["months"], i["date"]) for i in schedule["items"]] == [
        (3, "2026-06-30"), (9, "2026-12-31"), (15, "2027-06-30"), (21, "2027-12-31")]
    assert schedule["next_item"]["id"] == "review-15-months"
    assert [r["due"] for r in schedule["reviews"]] == ["2026-06-30", "2026-12-30", "2027-06-30", "2027-12-30"]


def test_warwickshire_part_4_plan_from_2025_11_30_clamps_to_the_end_of_february():
    schedule = part_4("2025-11-30")["schedule"]
    assert [i["date"] for i in schedule["items"]] == ["2026-02-28", "2026-08-30", "2027-02-28", "2027-08-30"]
    assert schedule["next_item"]["date"] == "2027-02-28"


def test_warwickshire_part_4_is_followed_from_2016_because_2020_has_no_counterpart():
    built = part_4("2026-03-31")
    assert built["overlap"]["followed"]["id"] == "warwickshire-escalation-processes-2016"
    assert built["overlap"]["followed_is_later"] is False
    assert "era-timing-contradiction" in warning_kinds(built)


def test_warwickshire_part_5_a_third_plan_is_referred_automatically_to_the_escalation_panel():
    schedule = (built := part_5("3", "0"))["schedule"]
    assert schedule["triggers"] == {"applies": True, "triggers": ["third-plan"]}
    assert schedule["family_episodes"] is None
    assert "automatic-referral" in warning_kinds(built)
    assert schedule["next"] == []


def test_warwickshire_part_5_a_second_plan_in_a_family_with_three_episodes_is_referred_too():
    schedule = part_5("2", "3")["schedule"]
    assert schedule["triggers"] == {"applies": True, "triggers": ["third-family-episode"]}


def test_warwickshire_part_5_a_first_plan_triggers_nothing_and_the_next_point_is_a_further_request():
    built = part_5("1", "1")
    assert built["schedule"]["triggers"] == {"applies": False, "triggers": []}
    assert [i["id"] for i in built["schedule"]["next"]] == ["plan-1-ceased", "request-before-plan-2"]
    assert "automatic-referral" not in warning_kinds(built)


def test_warwickshire_a_conference_chair_can_escalate_a_plan_at_any_time():
    rule = outcome("warwickshire", "plan-unsatisfactory-progress")["rule"]
    assert (rule["id"], rule["timescale"], rule["due"]) == ("cp-chair-escalates-plan", "at any time", None)


def test_warwickshire_staff_disagreeing_within_one_agency_use_part_2_of_2016():
    built = outcome("warwickshire", "disagreement-within-agency")
    assert built["rule"]["id"] == "disagreement-within-agencies"
    assert "part-2-sets-no-stages" in warning_kinds(built)


# North Lincolnshire: SAFE procedure (April 2018).

def north_lincolnshire(situation, stage, adjourned=None):
    return outcome("north-lincolnshire", situation, stage, *([adjourned] if adjourned else []))


def test_north_lincolnshire_immediate_risk_on_friday_2027_01_15_is_escalated_the_same_day():
    built = act_now("north-lincolnshire")
    assert (built["rule"]["id"], built["rule"]["due"]) == ("immediate-risk-same-working-day", "2027-01-15")
    assert "same working day" in built["rule"]["text"]


def test_north_lincolnshire_immediate_risk_on_boxing_day_2026_is_escalated_by_tuesday_2026_12_29():
    assert act_now("north-lincolnshire", today="2026-12-26")["rule"]["due"] == "2026-12-29"


def test_north_lincolnshire_a_conference_adjourned_on_2026_12_18_must_reconvene_by_2027_01_13():
    built = north_lincolnshire("conference-equally-divided", "adjournment",
                               "2026-12-18")
    assert built["current_stage"]["due"] == "2027-01-13"
    assert built["next_stage"]["id"] == "reconvened-conference"
    assert "equally-divided-after-reconvening" in warning_kinds(built)


def test_north_lincolnshire_after_professional_consultation_the_principal_officer_is_on_01724_297240():
    built = north_lincolnshire("conference-not-convened", "professional-consultation")
    assert built["next_stage"]["id"] == "principal-officer-for-safeguarding"
    assert built["next_stage"]["contacts"][0]["phone"] == "01724 297240"
    assert "phone-hours-not-stated" in warning_kinds(built)


def test_north_lincolnshire_a_minority_agency_starts_with_its_line_manager():
    built = north_lincolnshire("conference-majority-decision-disputed", "not-started")
    assert built["next_stage"]["id"] == "line-manager"
    assert built["deadlines"] is None
    assert "appendix-1-flowchart-missing" in warning_kinds(built)


def test_north_lincolnshire_early_help_at_lscb_chair_mediation_is_the_last_stage():
    built = north_lincolnshire("early-help-not-provided-before-referral", "lscb-chair-mediation")
    assert built["current_stage"]["id"] == "lscb-chair-mediation" and built["next_stage"] is None


def test_north_lincolnshire_an_impossible_adjournment_date_is_refused_at_its_question():
    answers = answers_in_order(FLOW, ["no", "north-lincolnshire", "conference-equally-divided", "adjournment",
                                      "2026-02-31"], TODAY)
    step = next_step(FLOW, answers, TODAY)
    assert step["error"]["question"] == "north-lincolnshire-safe-2018--conference-equally-divided--raised"
    assert "On what date was the conference adjourned?" in step["error"]["message"]
    assert "2026-02-31 is not a real date" in step["error"]["message"]


# Liverpool: Northway schools' escalation guidance (2018).

def liverpool(situation, stage=None):
    return outcome("liverpool", situation, *([stage] if stage else []))


def test_liverpool_immediate_risk_lists_the_published_childrens_services_numbers():
    built = act_now("liverpool")
    phones = [c["phone"] for c in built["contacts"]]
    assert phones[0] == "0151 233 3700" and "0345 140 0845" in phones and len(phones) == 8
    assert "oh-numbers" in warning_kinds(built)


def test_liverpool_example_5_after_writing_the_next_step_is_the_team_leader_and_a_cin_meeting_is_optional():
    built = liverpool("cin-plan-progress", "concerns-in-writing")
    assert built["next_stage"]["id"] == "team-leader-then-service-manager"
    assert [s["id"] for s in built["also_possible"]] == ["request-cin-meeting"]


def test_liverpool_example_6_after_the_iro_ask_for_the_service_manager():
    built = liverpool("cp-plan-progress", "contact-iro")
    assert built["next_stage"]["title"] == "If there is no agreement, ask to speak to the Service Manager"


def test_liverpool_example_7_seeking_advice_gives_the_published_email():
    built = liverpool("conference-no-cp-plan", "ask-for-service-manager")
    assert built["next_stage"]["contacts"][0]["email"] == "phil.cooper@si.liverpool.gov.uk"


def test_liverpool_example_8_at_stage_3_goes_next_to_the_lscb_chair_and_notes_the_typo():
    built = liverpool("cin-plan-discontinued", "stage-3")
    assert built["next_stage"]["title"] == "Escalation to LSCB Chair"
    assert "example-8-stage-3-typo" in warning_kinds(built)


def test_liverpool_example_2_leads_to_what_the_flow_chart_says_a_referrer_who_disagrees_does():
    built = liverpool("cp-referral-not-accepted")
    assert (built["kind"], built["rule"]["id"]) == ("rule", "referrer-disagrees-with-decision")
    assert "examples-without-steps" in warning_kinds(built)
    assert [r["id"] for r in built["related_rules"]] == ["referral-decision-within-one-working-day"]


def test_liverpool_example_4_a_child_now_at_risk_of_significant_harm_gets_the_telephone_numbers():
    built = liverpool("cin-child-at-risk-of-significant-harm")
    assert built["rule"]["id"] == "immediate-protection-telephone"
    assert [c["phone"] for c in built["contacts"]][0] == "0151 233 3700"


def test_liverpool_example_9_has_no_route_in_the_text_and_the_outcome_says_so():
    built = liverpool("cp-plan-discontinued")
    assert built["kind"] == "no-route" and "sets out no route" in built["text"]
    assert "examples-without-steps" in warning_kinds(built)


def test_liverpool_example_1_is_cut_off_after_its_first_step():
    built = liverpool("internal-referral-disagreement", "discuss-child-needs")
    assert built["current_stage"]["id"] == "discuss-child-needs"
    assert "example-1-cut-off" in warning_kinds(built)


def test_north_lincolnshire_adjourned_2026_11_25_is_to_reconvene_no_later_than_2026_12_16_in_its_own_words():
    built = outcome("north-lincolnshire", "conference-equally-divided", "adjournment", "2026-11-25", today="2026-11-26")
    assert built["current_stage"]["due"] == "2026-12-16"          # 15 working days from Wednesday 25 November
    assert built["lead"]["by"]["event"] == "own" and built["lead"]["by"]["words"] == "Reconvene no later than"
    assert "Reconvene no later than: Conference adjourned" in built["calendar"].replace("\r\n ", "")


def test_warwickshire_part_5_a_child_on_a_first_current_plan_has_not_reached_plan_1_ceased():
    """Issue 15 finding 8: the end of the plan the child is on now is not yet reached."""
    schedule = part_5("1", "1")["schedule"]
    plan_count = next(sc for sc in PROCEDURES[W2016]["schedules"] if sc["kind"] == "plan-count")
    ends = [i["id"] for i in plan_count["items"] if i.get("ends") and i["count"] == 1]
    assert ends
    reached = [i["id"] for i in schedule["reached"]]
    assert reached and not set(ends) & set(reached)
    assert set(ends) <= {i["id"] for i in part_5("2", "2")["schedule"]["reached"]}


def test_bexley_act_now_labels_the_handbooks_own_advice():
    """Issue 15 finding 10: advice the document does not give is said to be the handbook's."""
    assert "The handbook's advice, not the document's" in act_now("bexley")["text"]
