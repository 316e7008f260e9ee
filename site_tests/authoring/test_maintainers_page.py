"""The build's consistency checks (warnings, not errors) reach the maintainers' page."""
from __future__ import annotations

from datetime import date

from generator.loader import load_bundle


def test_the_passed_review_date_the_23_day_total_and_unchecked_contacts_are_reported():
    warnings = load_bundle(today=date(2026, 11, 23)).warnings
    messages = [w.message for w in warnings]
    assert any("review was due 2019-02 and has passed" in m for m in messages)
    assert any("add up to 23 working days, past the stated cap of 20 working days" in m for m in messages)
    assert any("never verified since publication" in m for m in messages)
    assert all(w.severity == "warning" for w in warnings)


def test_no_review_warning_before_the_review_date():
    warnings = load_bundle(today=date(2019, 1, 15)).warnings
    assert not any("review was due" in w.message for w in warnings)


def test_the_maintainers_page_lists_every_warning(site_dir):
    html = (site_dir / "maintainers" / "index.html").read_text(encoding="utf-8")
    for w in load_bundle().warnings:
        assert f"{w.file}:{w.line}" in html
