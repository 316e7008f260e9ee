"""Warwickshire's 2020 Practitioner Escalation Protocol, checked against literal expectations from its source text."""
from __future__ import annotations

from pathlib import Path

import yaml


ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / "procedures/warwickshire/warwickshire-practitioner-escalation-protocol-2020.yaml"
TEXT = FILE.read_text(encoding="utf-8")
PROC = yaml.safe_load(TEXT)
PATHWAY = PROC["pathways"][0]
STAGES = {s["id"]: s for s in PATHWAY["stages"]}
NOTES = {n["id"]: n for n in PROC["notes"]}
ROLES = {r["id"]: r for r in PROC["roles"]}
RULES = {r["id"]: r for r in PROC["rules"]}
FORM = PROC["forms"][0]
GLOSSARY_IDS = {"dsl", "iro", "cp-chair", "mash", "era", "escalation-panel", "core-group",
                "independent-reviewing-service", "designated-doctor-nurse", "cspr", "sar", "lscb", "wscb", "wseb"}


def test_warwickshire_2020_is_practitioner_escalation_protocol_v5_of_9_june_2020_approved_by_wseb_june_2020():
    assert PROC["id"] == "warwickshire-practitioner-escalation-protocol-2020" and FILE.stem == PROC["id"]
    assert TEXT.splitlines()[0] == "# yaml-language-server: $schema=../schema/procedure.schema.json"
    assert (PROC["area"], PROC["title"], PROC["publisher"]) == (
        "warwickshire", "Practitioner Escalation Protocol", "Warwickshire Safeguarding")
    assert PROC["version"] == "V5.0, 09.06.2020, approved by WSEB June 2020"
    assert (PROC["dates"]["issued"], PROC["dates"]["approved"]) == ("2020-06-09", "2020-06")


def test_warwickshire_2020_covers_adults_with_care_and_support_needs_and_carers_as_well_as_children():
    assert PROC["scope"] == ["children", "adults-with-care-and-support-needs", "carers"]
    assert NOTES["covers-adults"]["kind"] == "reading"


def test_warwickshire_2020_has_three_stages_line_manager_senior_manager_partnership():
    assert [p["id"] for p in PROC["pathways"]] == ["practitioner-escalation"]
    assert [(s["id"], s["number"], s["title"]) for s in PATHWAY["stages"]] == [
        ("stage-1", 1, "Line Manager to Line Manager discussion"),
        ("stage-2", 2, "Senior Manager to Senior Manager discussion"),
        ("stage-3", 3, "Safeguarding Partnership"),
    ]


def test_each_stage_says_who_acts_and_who_they_go_to():
    assert (STAGES["stage-1"]["who_acts"], STAGES["stage-1"]["goes_to"]) == (["line-manager"], ["counterpart-line-manager"])
    assert (STAGES["stage-2"]["who_acts"], STAGES["stage-2"]["goes_to"]) == (["senior-manager"], ["counterpart-senior-manager", "dsl"])
    assert "who_acts" not in STAGES["stage-3"]
    assert STAGES["stage-3"]["goes_to"] == ["warwickshire-safeguarding-partnership"]
    assert STAGES["stage-3"]["contacts"] == ["warwickshire-safeguarding-email"]


def test_the_monitoring_form_is_completed_at_stage_1_updated_at_stage_2_and_forwarded_at_stage_3():
    assert all(s["form"] == "escalation-monitoring-form" for s in PATHWAY["stages"])
    assert "must be completed by the escalating line manager" in STAGES["stage-1"]["record"][0]["cite"]["quote"]
    assert "must be updated by the escalating Senior Manager" in STAGES["stage-2"]["record"][0]["cite"]["quote"]
    assert "forwarding the Escalation Monitoring Form" in STAGES["stage-3"]["record"][0]["cite"]["quote"]


def test_prevention_seeks_resolution_within_the_shortest_timescale_possible_with_no_number_of_days():
    first = PATHWAY["before"][0]["timescale"]
    assert (first["unit"], first.get("amount"), first["text"]) == (
        "none_stated", None, "within the shortest timescale possible")


def test_only_stage_3_has_a_timescale_in_a_timely_way():
    assert "timescale" not in STAGES["stage-1"] and "timescale" not in STAGES["stage-2"]
    t = STAGES["stage-3"]["timescale"]
    assert (t["unit"], t.get("amount"), t["text"]) == ("none_stated", None, "in a timely way")
    assert NOTES["stage-timescales-not-set"]["kind"] == "gap"


def test_the_eight_example_areas_for_escalation_are_situations_in_order_with_categories():
    assert [(s["id"], s["category"]) for s in PROC["situations"]] == [
        ("poorly-framed-referral", "referral"),
        ("referral-not-made-in-time", "referral"),
        ("threshold-disagreement", "threshold"),
        ("outcome-of-assessments-plans-decisions", "other"),
        ("no-or-inadequate-action", "other"),
        ("drift-or-delay", "other"),
        ("practitioner-practice", "professional-practice"),
        ("own-management-position", "within-agency"),
    ]
    assert PATHWAY["situations"] == [s["id"] for s in PROC["situations"]]


def test_a_dsl_senior_manager_or_practitioner_without_a_line_manager_follows_each_stage_and_records_it():
    alts = {a["id"]: a for a in PATHWAY["alternatives"]}
    assert list(alts) == ["dsl-senior-manager-or-no-line-manager", "concern-about-own-managers"]
    assert "schools, early years settings and for individual childminders" in alts["dsl-senior-manager-or-no-line-manager"]["when"]
    assert "record accordingly on the monitoring form" in alts["dsl-senior-manager-or-no-line-manager"]["cite"]["quote"]


def test_a_concern_about_own_managers_goes_to_their_manager_the_safeguarding_lead_or_sideways():
    alt = PATHWAY["alternatives"][1]
    assert "manager of your line manager" in alt["text"] and "safeguarding lead" in alt["text"] and "sideways" in alt["text"]


def test_agencies_make_an_annual_return_as_a_monitoring_rule():
    rule = RULES["annual-return"]
    assert rule["kind"] == "monitoring"
    assert "number of escalations made, the number received" in rule["steps"][0]["text"]
    assert "Safeguarding Reviews Subgroup" in rule["steps"][2]["text"]


def test_each_agency_names_the_line_manager_and_senior_manager_at_the_initial_escalation():
    assert RULES["name-the-managers"]["kind"] == "recording"
    assert "name of the Line Manager and Senior Manager" in RULES["name-the-managers"]["cite"]["quote"]
    assert NOTES["manager-footnote"]["kind"] == "reading"


def test_the_monitoring_form_has_all_fifteen_fields_in_order():
    assert [(f["label"], f["type"]) for f in FORM["fields"]] == [
        ("Child/Adult Name", "text"),
        ("DOB", "date"),
        ("Address", "long-text"),
        ("Escalating organisation", "text"),
        ("Recipient organisation", "text"),
        ("Escalator name and contact details", "long-text"),
        ("Recipient name and contact details", "long-text"),
        ("Summary of reason for dispute. Please include views of any other agencies involved", "long-text"),
        ("Response from the recipient", "long-text"),
        ("Agreed outcomes", "long-text"),
        ("Date agreed", "date"),
        ("Escalator signature", "signature"),
        ("Recipient signature", "signature"),
        ("Escalation stage that agreement was reached", "stage"),
        ("Time taken to reach resolution", "duration"),
    ]
    assert FORM["fields_in_source"] is True


def test_the_form_goes_to_wscb_at_warwickshire_gov_uk_only_if_the_escalation_reaches_stage_3():
    assert PROC["contacts"] == [{
        "id": "warwickshire-safeguarding-email", "label": "Warwickshire Safeguarding (Escalation Monitoring Forms)",
        "role": "warwickshire-safeguarding-partnership", "email": "wscb@warwickshire.gov.uk",
        "for": "Returning the Escalation Monitoring Form, only if the escalation reaches Stage 3",
        "published": "2020-06", "last_verified": None, "cite": PROC["contacts"][0]["cite"]}]
    assert FORM["contacts"] == ["warwickshire-safeguarding-email"]
    assert "only if the escalation reaches Stage 3" in FORM["return_to"]["cite"]["quote"]


def test_the_missing_flowchart_is_recorded_as_a_gap():
    note = NOTES["flowchart-missing"]
    assert note["kind"] == "gap" and note["applies_to"] == ["practitioner-escalation"]
    assert note["cite"]["section"] == "Process Flowchart"


def test_the_2020_protocol_overlaps_the_2016_processes_without_being_a_version_of_them():
    assert [(r["procedure"], r["kind"]) for r in PROC["relations"]] == [
        ("warwickshire-escalation-processes-2016", "overlaps")]
    assert "does not say that it replaces the 2016 processes" in PROC["relations"][0]["text"]


def test_named_roles_are_all_present_and_glossary_terms_are_only_the_agreed_ids():
    for rid in ["practitioner", "line-manager", "counterpart-line-manager", "safeguarding-lead", "senior-manager",
                "counterpart-senior-manager", "dsl", "manager-of-line-manager", "alternative-team-manager",
                "warwickshire-safeguarding-partnership", "wseb", "safeguarding-reviews-subgroup"]:
        assert rid in ROLES, rid
    assert {r["term"] for r in PROC["roles"] if "term" in r} <= GLOSSARY_IDS


def test_every_referenced_id_is_defined():
    roles, contacts = set(ROLES), {c["id"] for c in PROC["contacts"]}
    assert set(PATHWAY["raised_by"]) <= roles
    for st in PATHWAY["stages"]:
        assert set(st.get("who_acts", [])) | set(st.get("goes_to", [])) <= roles, st["id"]
        assert set(st.get("contacts", [])) <= contacts
    assert {c["role"] for c in PROC["contacts"]} <= roles
    known = roles | contacts | {PATHWAY["id"], FORM["id"]} | set(RULES)
    for note in PROC["notes"]:
        assert set(note.get("applies_to", [])) <= known, note["id"]


def test_the_file_uses_no_yaml_anchors_or_aliases():
    for event in yaml.parse(TEXT, Loader=yaml.SafeLoader):
        assert not isinstance(event, yaml.AliasEvent) and not getattr(event, "anchor", None)
