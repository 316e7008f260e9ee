"""The rule core's public API, one behaviour per test, beyond what the case files show."""

import ast
import json
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from navigator.calendar import Calendar, CalendarError, get_calendar, load_data, parse_iso
from navigator.schedules import ScheduleError, months_after, plan_count_triggers, review_dates
from navigator.timescales import Due, Timescale, TimescaleError, due, parse_timescale

NAVIGATOR = Path(__file__).resolve().parents[2] / "navigator"


def test_navigator_imports_only_the_standard_library():
    for path in sorted(NAVIGATOR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top == "navigator", f"{path.name} imports {name}"


@pytest.mark.parametrize(
    "text, words",
    [
        ("5 working days", "5 working days"),
        ("1 Working Day", "1 working day"),
        ("10 days", "10 calendar days"),
        ("1 week", "1 week"),
        ("48 hours", "48 hours"),
        ("3 months", "3 calendar months"),
        ("same working day", "the same working day"),
        ("2 working days before", "2 working days before"),
        ("at any time", "at any time"),
        ("none", "no timescale stated"),
        ("sooner of 24 hours and 1 working day", "whichever is sooner of 24 hours and 1 working day"),
        ("sooner of 1 hour, 2 days and 3 weeks", "whichever is sooner of 1 hour, 2 calendar days and 3 weeks"),
    ],
)
def test_typed_timescales_read_back_in_plain_english(text, words):
    assert parse_timescale(text).words() == words


def test_the_dict_form_round_trips_and_ignores_unknown_keys():
    data = {"unit": "sooner_of", "text": "24 hours or 1 day", "reference": "s4.2",
            "of": [{"unit": "hours", "amount": 24}, {"unit": "working_days", "amount": 1, "note": "x"}]}
    timescale = Timescale.from_dict(data)
    assert timescale.to_dict() == {"unit": "sooner_of", "of": [{"unit": "hours", "amount": 24},
                                   {"unit": "working_days", "amount": 1}], "text": "24 hours or 1 day"}
    assert Timescale.from_dict(timescale.to_dict()) == timescale


@pytest.mark.parametrize(
    "data",
    [
        {"unit": "fortnights", "amount": 1},
        {"unit": "working_days"},
        {"unit": "working_days", "amount": -1},
        {"unit": "working_days", "amount": "5"},
        {"unit": "at_any_time", "amount": 3},
        {"unit": "sooner_of", "of": [{"unit": "hours", "amount": 1}]},
    ],
)
def test_impossible_timescales_are_refused(data):
    with pytest.raises(TimescaleError):
        Timescale.from_dict(data)


def test_an_unreadable_timescale_says_what_is_accepted_in_one_line():
    with pytest.raises(TimescaleError) as raised:
        parse_timescale("a fortnight")
    message = str(raised.value)
    assert "\n" not in message and "5 working days" in message and "at any time" in message


def test_due_to_dict_is_json_safe():
    result = due(datetime(2026, 3, 9, 10, 0), "sooner of 48 hours and 1 working day")
    assert isinstance(result, Due)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["when"] == "2026-03-10"
    assert data["start"] == "2026-03-09T10:00"
    assert [part["when"] for part in data["parts"]] == ["2026-03-11T10:00", "2026-03-10"]


def test_a_calendar_can_be_built_from_data_passed_in():
    data = {"regions": {"england-and-wales": {"first_year": 2026, "last_year": 2026,
                                              "holidays": {"2026-03-10": "Test Day"}}}}
    calendar = Calendar.from_data(data)
    assert calendar.non_working_reason(date(2026, 3, 10)) == "Test Day"
    assert due(date(2026, 3, 9), "1 working day", calendar=calendar).when == date(2026, 3, 11)


def test_non_working_reasons_name_the_weekend_day_or_the_bank_holiday():
    calendar = get_calendar()
    assert calendar.non_working_reason(date(2026, 12, 26)) == "Saturday"
    assert calendar.non_working_reason(date(2026, 12, 27)) == "Sunday"
    assert calendar.non_working_reason(date(2026, 12, 25)) == "Christmas Day"
    assert calendar.non_working_reason(date(2026, 12, 29)) is None
    assert calendar.holiday_name(date(2026, 12, 26)) is None  # Boxing Day's bank holiday is the 28th


def test_working_days_between_is_negative_when_the_end_is_earlier():
    calendar = get_calendar()
    assert calendar.working_days_between(date(2026, 12, 18), date(2026, 12, 29)) == 5
    assert calendar.working_days_between(date(2026, 12, 29), date(2026, 12, 18)) == -5


def test_get_calendar_is_cached_and_refuses_unknown_regions():
    assert get_calendar() is get_calendar("england-and-wales")
    with pytest.raises(CalendarError, match="not a region"):
        get_calendar("wales")
    assert set(load_data()["regions"]) == {"england-and-wales", "scotland", "northern-ireland"}


@pytest.mark.parametrize("text", ["2026-02-29", "2026-13-01", "2026-12-18T25:00", "next tuesday", ""])
def test_dates_that_are_not_real_are_refused(text):
    with pytest.raises(CalendarError):
        parse_iso(text)


def test_months_after_clamps_and_the_schedule_module_exposes_it():
    assert months_after(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert months_after(date(2026, 1, 15), 21) == date(2027, 10, 15)
    assert months_after(date(2026, 3, 31), -1) == date(2026, 2, 28)


def test_review_items_carry_ids_and_numbers():
    first = review_dates(date(2026, 1, 15), count=1)[0]
    assert first == {"number": 1, "id": "review-1", "label": "First review", "due": date(2026, 4, 15),
                     "months_from_initial": 3, "months_after_previous": 3, "held": None}


def test_plan_counts_must_be_possible():
    with pytest.raises(ScheduleError):
        plan_count_triggers(0)
    with pytest.raises(ScheduleError):
        plan_count_triggers(2, -1)
