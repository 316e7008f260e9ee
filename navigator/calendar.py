"""Working days and bank holidays, by region.

This module owns one question: is a given day a working day in a given part of the UK, and
if not, why not? A working day is Monday to Friday and not a bank holiday. Bank holidays come
from data/bank-holidays.json, generated from the `holidays` package by
`python -m generator.holidays_data`; nothing here knows a holiday rule.

A calendar only answers for the whole years its data covers. Asking about any other day
raises CalendarError rather than guessing, because a guessed working day is a wrong deadline.

Standard library only: the same file runs in CPython and, in the browser, in Pyodide.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

REGIONS = ("england-and-wales", "scotland", "northern-ireland")
DEFAULT_REGION = "england-and-wales"
DATA_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "bank-holidays.json")
WEEKEND = {5: "Saturday", 6: "Sunday"}

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?")


class CalendarError(ValueError):
    """A date the calendar cannot answer for; the message is one sentence for a person."""


class Calendar:
    """The working days of one region, for the whole years its bank-holiday data covers."""

    __slots__ = ("region", "first_day", "last_day", "_holidays")

    def __init__(self, region: str, first_day: date, last_day: date, holidays: dict[date, str]):
        self.region = region
        self.first_day = first_day
        self.last_day = last_day
        self._holidays = dict(holidays)

    @classmethod
    def from_data(cls, data: dict, region: str = DEFAULT_REGION) -> Calendar:
        """Build a calendar from the parsed bank-holidays.json document (or a copy passed in)."""
        _check_region_name(region)
        block = data.get("regions", {}).get(region)
        if block is None:
            raise CalendarError(
                f"There is no bank-holiday data for {region}; "
                "dates cannot be worked out for that region yet."
            )
        first_year, last_year = int(block["first_year"]), int(block["last_year"])
        holidays = {date.fromisoformat(day): name for day, name in block["holidays"].items()}
        stray = sorted(day for day in holidays if not first_year <= day.year <= last_year)
        if stray:
            raise CalendarError(
                f"The bank-holiday data for {region} lists {stray[0]}, outside its years "
                f"{first_year} to {last_year}; regenerate it with python -m generator.holidays_data."
            )
        return cls(region, date(first_year, 1, 1), date(last_year, 12, 31), holidays)

    def __repr__(self) -> str:
        return f"Calendar({self.region!r}, {self.first_day} to {self.last_day})"

    # What a single day is.

    def covers(self, day: date) -> bool:
        """True if the bank-holiday data covers this day."""
        return self.first_day <= _as_date(day) <= self.last_day

    def holiday_name(self, day: date) -> str | None:
        """The bank holiday's name if the day is one, else None."""
        return self._holidays.get(self._check_covered(day))

    def non_working_reason(self, day: date) -> str | None:
        """'Saturday', 'Sunday' or the bank holiday's name; None for a working day."""
        day = self._check_covered(day)
        return WEEKEND.get(day.weekday()) or self._holidays.get(day)

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday and not a bank holiday."""
        return self.non_working_reason(day) is None

    # Counting.

    def add_working_days(self, day: date, n: int) -> date:
        """The nth working day after `day`; `day` itself never counts, and n == 0 gives `day`."""
        return self._step(day, _count(n), +1)

    def subtract_working_days(self, day: date, n: int) -> date:
        """The nth working day before `day`; `day` itself never counts, and n == 0 gives `day`."""
        return self._step(day, _count(n), -1)

    def next_working_day_on_or_after(self, day: date) -> date:
        """`day` if it is a working day, else the first working day after it."""
        day = _as_date(day)
        return day if self.is_working_day(day) else self.add_working_days(day, 1)

    def working_days_between(self, start: date, end: date) -> int:
        """The number of working days in (start, end]; negative if end is before start.

        add_working_days(a, n) == b  implies  working_days_between(a, b) == n.
        """
        start, end = self._check_covered(start), self._check_covered(end)
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for day in _days(start + timedelta(days=1), end) if self.is_working_day(day))

    def non_working_days(self, first: date, last: date) -> tuple[tuple[date, str], ...]:
        """Every non-working day from `first` to `last` inclusive, with the reason for each."""
        first, last = self._check_covered(first), self._check_covered(last)
        found = ((day, self.non_working_reason(day)) for day in _days(first, last))
        return tuple((day, reason) for day, reason in found if reason)

    # Internals.

    def _step(self, day: date, n: int, direction: int) -> date:
        day = current = self._check_covered(day)
        remaining = n
        while remaining:
            current += timedelta(days=direction)
            if not self.covers(current):
                raise self._ran_out(day, n, direction)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def _ran_out(self, day: date, n: int, direction: int) -> CalendarError:
        where = "after" if direction > 0 else "before"
        edge = self.last_day if direction > 0 else self.first_day
        ends = "ends" if direction > 0 else "starts"
        return CalendarError(
            f"{n} working day{'s' if n != 1 else ''} {where} {day} runs past the bank-holiday "
            f"data for {self.region}, which {ends} on {edge}; dates cannot be worked out safely."
        )

    def _check_covered(self, day: date) -> date:
        day = _as_date(day)
        if not self.first_day <= day <= self.last_day:
            raise CalendarError(
                f"{day} is outside the bank-holiday data for {self.region} "
                f"({self.first_day} to {self.last_day}); dates cannot be worked out safely."
            )
        return day


def get_calendar(region: str = DEFAULT_REGION) -> Calendar:
    """The calendar for a region, read once from data/bank-holidays.json."""
    _check_region_name(region)
    return _cached_calendar(region)


@lru_cache(maxsize=None)
def _cached_calendar(region: str) -> Calendar:
    return Calendar.from_data(load_data(), region)


@lru_cache(maxsize=1)
def load_data() -> dict:
    """The parsed bank-holidays.json that sits beside this package."""
    try:
        with open(DATA_FILE, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise CalendarError(
            "The bank-holiday data file navigator/data/bank-holidays.json is missing; "
            "run python -m generator.holidays_data to create it."
        ) from None


def parse_iso(text: str) -> date | datetime:
    """A date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM) as a person typed it."""
    text = text.strip()
    if _DATE.fullmatch(text):
        parse, what = date.fromisoformat, "date"
    elif _DATE_TIME.fullmatch(text):
        parse, what = datetime.fromisoformat, "date and time"
    else:
        raise CalendarError(
            f"{text!r} is not a date; write YYYY-MM-DD (e.g. 2026-12-18), "
            "or YYYY-MM-DDTHH:MM for a time (e.g. 2026-12-18T09:30)."
        )
    try:
        return parse(text)
    except ValueError:
        raise CalendarError(f"{text} is not a real {what} on the calendar.") from None


MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
_DAY_MONTH_YEAR = re.compile(r"\s*(\d{1,2})[\s/.\-]+([A-Za-z]+\.?|\d{1,2})[\s/.\-]+(\d+)\s*")


def read_date(text: str) -> date:
    """A date as a UK reader types it, in the three boxes of a date question or in one: day, month
    (a number, a name or its first three letters) and a four-figure year ("18 12 2026", "18 Dec 2026",
    "18/12/2026", "18 December 2026"), or YYYY-MM-DD. Refuses two-figure years and dates that do not
    exist, saying what to write; the same code reads it in CPython and in Pyodide."""
    text = str(text).strip()
    if _DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise CalendarError(f"{text} is not a real date on the calendar; check the day and the month.") from None
    m = _DAY_MONTH_YEAR.fullmatch(text)
    if not m:
        raise CalendarError("write the day, the month and the year, for example 18 12 2026 or 18 December 2026.")
    day, month_text, year_text = int(m.group(1)), m.group(2).rstrip(".").lower(), m.group(3)
    if month_text.isdigit():
        month = int(month_text)
    else:
        month = next((i + 1 for i, name in enumerate(MONTH_NAMES)
                      if month_text == name or (len(month_text) >= 3 and name.startswith(month_text))), 0)
        if not month:
            raise CalendarError(f"'{m.group(2)}' is not a month; write its number or its name, for example 12 or December.")
    if len(year_text) != 4:
        raise CalendarError(f"write the year with four figures, for example {2000 + int(year_text) % 100 if len(year_text) <= 2 else 2026}.")
    if not 1 <= month <= 12:
        raise CalendarError(f"{month} is not a month; write a number from 1 to 12.")
    try:
        return date(int(year_text), month, day)
    except ValueError:
        shown = f"{day} {MONTH_NAMES[month - 1].capitalize()} {year_text}"
        raise CalendarError(f"{shown} is not a real date; check the day and the month.") from None


def _check_region_name(region: str) -> None:
    if region not in REGIONS:
        raise CalendarError(
            f"{region!r} is not a region the handbook knows; use one of {', '.join(REGIONS)}."
        )


def _as_date(day: date) -> date:
    """Days are whole days: a datetime is read as the day it falls on."""
    if isinstance(day, datetime):
        return day.date()
    if not isinstance(day, date):
        raise TypeError(f"expected a date, got {type(day).__name__}")
    return day


def _count(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"a number of working days must be a whole number, 0 or more (got {n!r})")
    return n


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
