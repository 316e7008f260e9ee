"""The build's consistency checks (warnings, not errors), in a copy made for the purpose, and the
maintainers' page listing every warning of the real data."""
from __future__ import annotations

from datetime import date

from generator.loader import load_bundle

from .example import edited, example_repo

CAP = ("    raised_by: [practitioner]\n", "    raised_by: [practitioner]\n    total_cap:\n      timescale: {unit: "
       "working_days, amount: 10, text: 10 working days, cite: {section: \"2. Stages\", quote: \"within 10 working "
       "days\"}}\n      text: The whole process takes no more than 10 working days.\n      cite: {section: \"2. "
       "Stages\", quote: \"within 10 working days\"}\n")


def warnings(tmp_path, text, today):
    root, sources = example_repo(tmp_path, text)
    return [w.message for w in load_bundle(root, today=today, sources=sources).warnings]


def test_a_passed_review_date_a_total_past_the_cap_and_an_unchecked_contact_are_reported(tmp_path):
    text = edited("dates: {issued: 2024-03,", "dates: {issued: 2024-03, review_due: 2025-03,")
    text = text.replace("    last_verified: 2024-03-01\n", "    last_verified: null\n").replace(*CAP)
    found = warnings(tmp_path, text, date(2026, 11, 23))
    assert "review was due 2025-03 and has passed" in found
    assert "stage timescales add up to 15 working days, past the stated cap of 10 working days" in found
    assert "contact 'safeguarding-team' never verified since publication" in found


def test_none_of_them_before_the_dates_and_within_the_cap(tmp_path):
    text = edited("dates: {issued: 2024-03,", "dates: {issued: 2024-03, review_due: 2025-03,")
    assert warnings(tmp_path, text, date(2024, 6, 1)) == []


def test_the_maintainers_page_lists_every_warning(site_dir):
    html = (site_dir / "maintainers" / "index.html").read_text(encoding="utf-8")
    for w in load_bundle().warnings:
        assert (f"{w.file}:{w.line}" if w.line else w.file) in html
