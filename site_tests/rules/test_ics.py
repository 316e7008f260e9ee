"""The outcome's calendar file, written by the core (RFC 5545): escaped text, folded lines, all-day
events, and the same text for the same answers."""
from __future__ import annotations

from datetime import date

from navigator.ics import calendar, escape, fold


def test_text_values_escape_backslash_semicolon_comma_and_newline():
    assert escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "é" * 80
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_one_all_day_event_per_date_with_the_next_day_as_its_end():
    text = calendar([{"date": "2026-12-31", "summary": "Response due", "description": "5 working days", "id": "stage-1"}],
                    date(2026, 12, 1), "bexley-cp")
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and text.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20261231" in lines and "DTEND;VALUE=DATE:20270101" in lines
    assert "DTSTAMP:20261201T000000Z" in lines
    assert text == calendar([{"date": "2026-12-31", "summary": "Response due", "description": "5 working days",
                              "id": "stage-1"}], date(2026, 12, 1), "bexley-cp")


def test_no_dates_no_calendar():
    assert calendar([], date(2026, 12, 1), "x") is None
