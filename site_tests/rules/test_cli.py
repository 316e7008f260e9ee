"""The command line, run as a person would: `python -m navigator ...` from the repository root."""

import subprocess
import sys

import pytest


def navigator(repo, *args):
    return subprocess.run(
        [sys.executable, "-m", "navigator", *args], cwd=repo, capture_output=True, text=True
    )


def test_5_working_days_after_friday_18_december_2026_prints_exactly_the_date(repo):
    result = navigator(repo, "due", "2026-12-18", "5 working days")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2026-12-29\n"


def test_48_hours_after_a_time_prints_an_iso_date_and_time(repo):
    result = navigator(repo, "due", "2026-12-18T09:30", "48 hours")
    assert result.stdout == "2026-12-20T09:30\n"


@pytest.mark.parametrize(
    "start, timescale, printed",
    [
        ("2026-11-30", "3 months", "2027-02-28"),
        ("2026-12-29", "2 working days before", "2026-12-23"),
        ("2026-12-25", "same working day", "2026-12-29"),
        ("2026-12-18", "at any time", "at any time"),
    ],
)
def test_other_timescales(repo, start, timescale, printed):
    result = navigator(repo, "due", start, timescale)
    assert (result.returncode, result.stdout) == (0, printed + "\n"), result.stderr


def test_explain_lists_every_skipped_day_and_why(repo):
    result = navigator(repo, "due", "2026-12-18", "5 working days", "--explain")
    assert result.stdout.splitlines() == [
        "2026-12-29",
        "2026-12-19 skipped: Saturday",
        "2026-12-20 skipped: Sunday",
        "2026-12-25 skipped: Christmas Day",
        "2026-12-26 skipped: Saturday",
        "2026-12-27 skipped: Sunday",
        "2026-12-28 skipped: Boxing Day (substitute day)",
    ]


def test_region_changes_the_bank_holidays(repo):
    result = navigator(repo, "due", "2026-07-31", "1 working day", "--region", "scotland")
    assert result.stdout == "2026-08-04\n"


def test_reviews_lists_the_review_conference_due_dates(repo):
    result = navigator(repo, "reviews", "2026-01-15")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "First review: due 2026-04-15",
        "Second review: due 2026-10-15",
        "Third review: due 2027-04-15",
        "Fourth review: due 2027-10-15",
    ]


def test_reviews_count_from_the_date_a_review_was_held(repo):
    result = navigator(repo, "reviews", "2026-01-15", "--held", "2026-04-20", "--count", "2")
    assert result.stdout.splitlines() == [
        "First review: due 2026-04-15 (held 2026-04-20)",
        "Second review: due 2026-10-20",
    ]


@pytest.mark.parametrize(
    "args, says",
    [
        (["due", "2026-02-31", "5 working days"], "2026-02-31 is not a real date"),
        (["due", "18/12/2026", "5 working days"], "is not a date"),
        (["due", "2026-12-18", "a fortnight"], "is not a timescale"),
        (["due", "2199-01-02", "1 working day"], "outside the bank-holiday data"),
        (["due", "2026-12-18", "1 working day", "--region", "narnia"], "not a region"),
        (["due", "2026-12-18", "48 hours"], "needs a start time"),
        (["due", "2026-12-18"], "required"),
        (["reviews", "2026-01-15", "--held", "2025-12-01"], "before the initial conference"),
        (["reviews", "2026-01-15", "--count", "0"], "1 or more"),
        (["reviews", "2026-01-15T10:00"], "write the date only"),
        (["no-such-command"], "invalid choice"),
        ([], "required"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_no_traceback(repo, args, says):
    result = navigator(repo, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert says in result.stderr
