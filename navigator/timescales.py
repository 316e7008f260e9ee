"""Timescales as data, and the due date each one gives.

This module owns the arithmetic from "an event happened on this day" and "the procedure
allows this long" to "this is the due date". Procedures store a timescale as data, for example
{"unit": "working_days", "amount": 5, "text": "5 days"}; the command line types it as words,
for example "5 working days". The counting conventions are:

* N working days after an event: the Nth working day after the day of the event. The day of
  the event never counts, whatever day it is, so an event on a Saturday and an event on the
  Friday before both count from the following Monday. A working day is Monday to Friday and
  not a bank holiday in the area's region.
* N working days before an event: the Nth working day before the day of the event (again, the
  event's own day never counts).
* N hours before an event: the event's date and time minus N hours, on the clock as written
  ("share the report 48 hours before the conference"). A before-timescale may name its event
  (`before: the conference`), and its words then say it: "48 hours before the conference".
* The same working day: the day of the event if it is a working day, otherwise the next
  working day.
* N calendar days, N weeks: plain date addition. A due date that lands on a weekend or bank
  holiday is NOT moved to the next working day; the source documents never say to move them,
  and moving one would give a later date than the procedure allows.
* N calendar months: the same day number N months later; if that month is shorter, the last
  day of the month (30 November + 3 months = 28 February, or 29 February in a leap year;
  31 January + 1 month = 28 or 29 February). Not moved off weekends or bank holidays either.
* N hours: the start date and time plus N hours, on the clock as written (local time; no
  time-zone conversion, so across a change of the clocks the answer is by the clock on the
  wall, an hour away from the elapsed time).
* At any time, immediately ("straight away"), no timescale stated: there is no due date. The
  source's "straight away" is not a number of days, so the handbook does not make one up.
* `at_most: true` marks a timescale the source gives as a ceiling in so many words ("not
  exceeding 15 working days"); the due date is the same and the words say "no more than".
* Whichever is sooner of two or more timescales: the earliest of their due dates. A due date
  without a time means by the end of that day, so a due time on the same day is the sooner.

Only the working-day units consult the bank-holiday calendar. A date they need that is
outside the calendar's data raises CalendarError, never a silently wrong date.

Standard library only: the same file runs in CPython and, in the browser, in Pyodide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .calendar import DEFAULT_REGION, Calendar, get_calendar

WORKING_DAYS = "working_days"
CALENDAR_DAYS = "calendar_days"
WEEKS = "weeks"
HOURS = "hours"
CALENDAR_MONTHS = "calendar_months"
SAME_WORKING_DAY = "same_working_day"
WORKING_DAYS_BEFORE = "working_days_before"
HOURS_BEFORE = "hours_before"
IMMEDIATELY = "immediately"
AT_ANY_TIME = "at_any_time"
NONE_STATED = "none_stated"
SOONER_OF = "sooner_of"

AMOUNT_UNITS = (WORKING_DAYS, CALENDAR_DAYS, WEEKS, HOURS, CALENDAR_MONTHS, WORKING_DAYS_BEFORE, HOURS_BEFORE)
BEFORE_UNITS = (WORKING_DAYS_BEFORE, HOURS_BEFORE)
UNITS = AMOUNT_UNITS + (SAME_WORKING_DAY, IMMEDIATELY, AT_ANY_TIME, NONE_STATED)

_COUNTED = {  # unit -> (one, many)
    WORKING_DAYS: ("working day", "working days"),
    CALENDAR_DAYS: ("calendar day", "calendar days"),
    WEEKS: ("week", "weeks"),
    HOURS: ("hour", "hours"),
    CALENDAR_MONTHS: ("calendar month", "calendar months"),
    WORKING_DAYS_BEFORE: ("working day before", "working days before"),
    HOURS_BEFORE: ("hour before", "hours before"),
}
_FIXED = {
    SAME_WORKING_DAY: "the same working day",
    IMMEDIATELY: "immediately",
    AT_ANY_TIME: "at any time",
    NONE_STATED: "no timescale stated",
}


class TimescaleError(ValueError):
    """A timescale that cannot be read or used; the message is one line for a person."""


@dataclass(frozen=True)
class Timescale:
    """How long a procedure allows: a unit, an amount for counted units, and the source's words.

    `text` is the wording as the source document gives it (e.g. "5 days"); `sooner_of` holds
    the parts of a "whichever is sooner" timescale and is empty for every other unit. `before`
    names the event a before-timescale counts back from ("the conference"); `at_most` says the
    source gives it as a ceiling in so many words ("not exceeding").
    """

    unit: str
    amount: int | None = None
    text: str = ""
    sooner_of: tuple[Timescale, ...] = ()
    before: str = ""
    at_most: bool = False

    def __post_init__(self):
        object.__setattr__(self, "sooner_of", tuple(self.sooner_of))
        _check_unit(self.unit)
        _check_amount(self.unit, self.amount)
        _check_parts(self.unit, self.sooner_of)
        if self.before and self.unit not in BEFORE_UNITS:
            raise TimescaleError(f"Only a {' or '.join(BEFORE_UNITS)} timescale names an event it is before, "
                                 f"not {self.unit}.")

    @classmethod
    def from_dict(cls, data: dict) -> Timescale:
        """Read the dict form; keys other than unit, amount, text, of, before and at_most are ignored."""
        if not isinstance(data, dict):
            raise TimescaleError(
                f"A timescale must be a mapping such as {{unit: working_days, amount: 5}}, "
                f"not {data!r}."
            )
        text = data.get("text") or ""
        if data.get("unit") == SOONER_OF:
            parts = tuple(cls.from_dict(part) for part in data.get("of") or ())
            return cls(SOONER_OF, text=text, sooner_of=parts)
        return cls(data.get("unit"), data.get("amount"), text, before=data.get("before") or "",
                   at_most=data.get("at_most") is True)

    def to_dict(self) -> dict:
        """The dict form: unit, then amount or of where they apply, then text if any."""
        out: dict = {"unit": self.unit}
        if self.amount is not None:
            out["amount"] = self.amount
        if self.unit == SOONER_OF:
            out["of"] = [part.to_dict() for part in self.sooner_of]
        if self.text:
            out["text"] = self.text
        if self.before:
            out["before"] = self.before
        if self.at_most:
            out["at_most"] = True
        return out

    def words(self) -> str:
        """Plain English, e.g. "5 working days" or "whichever is sooner of 24 hours and 1 working day"."""
        if self.unit == SOONER_OF:
            return "whichever is sooner of " + _join(part.words() for part in self.sooner_of)
        if self.unit in _FIXED:
            return _FIXED[self.unit]
        one, many = _COUNTED[self.unit]
        words = f"{self.amount} {one if self.amount == 1 else many}"
        if self.before:
            words += " " + self.before
        return ("no more than " + words) if self.at_most else words


@dataclass(frozen=True)
class Due:
    """The due date a timescale gives from a start.

    `when` is a date (a datetime for hours; None when there is no due date). `skipped` lists
    every non-working day passed over while counting working days, with the reason for each.
    For "whichever is sooner", `parts` holds each part's own Due and `skipped` is the sooner one's.
    """

    when: date | datetime | None
    timescale: Timescale
    start: date | datetime
    skipped: tuple[tuple[date, str], ...] = ()
    parts: tuple[Due, ...] = ()

    def to_dict(self) -> dict:
        """JSON-safe values: ISO strings for dates and times."""
        return {
            "start": iso(self.start),
            "when": iso(self.when) if self.when is not None else None,
            "timescale": self.timescale.to_dict(),
            "skipped": [{"date": day.isoformat(), "reason": reason} for day, reason in self.skipped],
            "parts": [part.to_dict() for part in self.parts],
        }


def due(
    start: date | datetime,
    timescale: Timescale | str,
    region: str = DEFAULT_REGION,
    calendar: Calendar | None = None,
) -> Due:
    """The due date `timescale` gives from `start`, counting working days in `region`.

    Pass `calendar` to use bank-holiday data loaded some other way (it overrides `region`).
    """
    if isinstance(timescale, str):
        timescale = parse_timescale(timescale)
    if not isinstance(start, date):
        raise TypeError(f"start must be a date or datetime, got {type(start).__name__}")
    calendar = calendar or get_calendar(region)
    return _RULES[timescale.unit](start, timescale, calendar)


def months_after(start: date, months: int) -> date:
    """The same day number `months` calendar months on, clamped to the end of a shorter month."""
    start = _day(start)
    year, month_index = divmod(start.year * 12 + start.month - 1 + months, 12)
    month = month_index + 1
    return date(year, month, min(start.day, _days_in_month(year, month)))


def iso(value: date | datetime) -> str:
    """ISO 8601 text; a time is given to the minute unless it has seconds."""
    if isinstance(value, datetime) and not (value.second or value.microsecond):
        return value.isoformat(timespec="minutes")
    return value.isoformat()


# Reading timescales typed by a person.

_NUMBER = r"([0-9]+)"
_PATTERNS = (
    (re.compile(rf"{_NUMBER} working days? before"), WORKING_DAYS_BEFORE),
    (re.compile(rf"{_NUMBER} hours? before"), HOURS_BEFORE),
    (re.compile(rf"{_NUMBER} working days?"), WORKING_DAYS),
    (re.compile(rf"{_NUMBER} (?:calendar )?days?"), CALENDAR_DAYS),
    (re.compile(rf"{_NUMBER} weeks?"), WEEKS),
    (re.compile(rf"{_NUMBER} hours?"), HOURS),
    (re.compile(rf"{_NUMBER} (?:calendar )?months?"), CALENDAR_MONTHS),
    (re.compile(r"(?:the )?same working day"), SAME_WORKING_DAY),
    (re.compile(r"(?:at )?any time"), AT_ANY_TIME),
    (re.compile(r"immediately|straight away"), IMMEDIATELY),
    (re.compile(r"none(?: stated)?|no timescale(?: stated)?"), NONE_STATED),
)
_SOONER = re.compile(r"(?:whichever is )?(?:the )?sooner of (.+)")
_PART_SEPARATOR = re.compile(r",\s*|\s+and\s+")
ACCEPTED = (
    '"5 working days", "10 days", "2 weeks", "48 hours", "3 months", "same working day", '
    '"2 working days before", "48 hours before", "immediately", "at any time", "none", or "sooner of 24 hours and 1 working day"'
)


def parse_timescale(text: str) -> Timescale:
    """Read a timescale typed by a person (case and spacing do not matter).

    Plain "days" means calendar days; "months" means calendar months.
    """
    if not isinstance(text, str):
        raise TimescaleError(f"A timescale must be written as words, e.g. {ACCEPTED}; got {text!r}.")
    original = text.strip()
    words = " ".join(original.lower().split())
    sooner = _SOONER.fullmatch(words)
    if sooner:
        parts = [_parse_simple(part) for part in _PART_SEPARATOR.split(sooner.group(1))]
        if len(parts) >= 2 and all(parts):
            return Timescale(SOONER_OF, text=original, sooner_of=tuple(parts))
    else:
        timescale = _parse_simple(words, original)
        if timescale:
            return timescale
    raise TimescaleError(f"{original!r} is not a timescale the navigator can read; write {ACCEPTED}.")


def _parse_simple(words: str, text: str = "") -> Timescale | None:
    """One timescale from normalised words, keeping `text` (or the words) as its wording."""
    for pattern, unit in _PATTERNS:
        match = pattern.fullmatch(words)
        if match:
            amount = int(match.group(1)) if unit in AMOUNT_UNITS else None
            return Timescale(unit, amount, text or words)
    return None


# Validation.


def _check_unit(unit) -> None:
    if unit not in UNITS and unit != SOONER_OF:
        raise TimescaleError(
            f"{unit!r} is not a timescale unit; use one of {', '.join(UNITS + (SOONER_OF,))}."
        )


def _check_amount(unit: str, amount) -> None:
    if unit in AMOUNT_UNITS:
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise TimescaleError(
                f"A {unit} timescale needs a whole-number amount, 0 or more (got {amount!r})."
            )
    elif amount is not None:
        raise TimescaleError(f"A {unit} timescale takes no amount (got {amount!r}).")


def _check_parts(unit: str, parts: tuple) -> None:
    if unit != SOONER_OF:
        if parts:
            raise TimescaleError(f"Only a {SOONER_OF} timescale has parts, not {unit}.")
        return
    if len(parts) < 2 or not all(isinstance(part, Timescale) for part in parts):
        raise TimescaleError(f"A {SOONER_OF} timescale needs two or more timescales to compare.")


# The rule for each unit: (start, timescale, calendar) -> Due.


def _after_working_days(start, timescale: Timescale, calendar: Calendar) -> Due:
    day = _day(start)
    when = calendar.add_working_days(day, timescale.amount)
    return Due(when, timescale, start, _passed_over(calendar, day + timedelta(days=1), when))


def _before_working_days(start, timescale: Timescale, calendar: Calendar) -> Due:
    day = _day(start)
    when = calendar.subtract_working_days(day, timescale.amount)
    return Due(when, timescale, start, _passed_over(calendar, when, day - timedelta(days=1)))


def _same_working_day(start, timescale: Timescale, calendar: Calendar) -> Due:
    day = _day(start)
    when = calendar.next_working_day_on_or_after(day)
    return Due(when, timescale, start, _passed_over(calendar, day, when - timedelta(days=1)))


def _calendar_days(start, timescale: Timescale, calendar: Calendar) -> Due:
    return Due(_day(start) + timedelta(days=timescale.amount), timescale, start)


def _weeks(start, timescale: Timescale, calendar: Calendar) -> Due:
    return Due(_day(start) + timedelta(weeks=timescale.amount), timescale, start)


def _calendar_months(start, timescale: Timescale, calendar: Calendar) -> Due:
    return Due(months_after(start, timescale.amount), timescale, start)


def _hours(start, timescale: Timescale, calendar: Calendar) -> Due:
    if not isinstance(start, datetime):
        raise TimescaleError(
            f"{timescale.words()} needs a start time as well as a date, e.g. {start}T09:30."
        )
    return Due(start + timedelta(hours=timescale.amount), timescale, start)


def _hours_before(start, timescale: Timescale, calendar: Calendar) -> Due:
    if not isinstance(start, datetime):
        raise TimescaleError(
            f"{timescale.words()} needs the event's time as well as its date, e.g. {start}T09:30."
        )
    return Due(start - timedelta(hours=timescale.amount), timescale, start)


def _no_due_date(start, timescale: Timescale, calendar: Calendar) -> Due:
    return Due(None, timescale, start)


def _sooner_of(start, timescale: Timescale, calendar: Calendar) -> Due:
    parts = tuple(due(start, part, calendar=calendar) for part in timescale.sooner_of)
    dated = [part for part in parts if part.when is not None]
    if not dated:
        return Due(None, timescale, start, parts=parts)
    sooner = min(dated, key=lambda part: _end_of(part.when))
    return Due(sooner.when, timescale, start, sooner.skipped, parts)


_RULES = {
    WORKING_DAYS: _after_working_days,
    WORKING_DAYS_BEFORE: _before_working_days,
    SAME_WORKING_DAY: _same_working_day,
    CALENDAR_DAYS: _calendar_days,
    WEEKS: _weeks,
    CALENDAR_MONTHS: _calendar_months,
    HOURS: _hours,
    HOURS_BEFORE: _hours_before,
    IMMEDIATELY: _no_due_date,
    AT_ANY_TIME: _no_due_date,
    NONE_STATED: _no_due_date,
    SOONER_OF: _sooner_of,
}


# Small helpers.


def _passed_over(calendar: Calendar, first: date, last: date) -> tuple[tuple[date, str], ...]:
    return calendar.non_working_days(first, last) if first <= last else ()


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _end_of(when: date | datetime) -> datetime:
    """A due date without a time means by the end of that day."""
    return when if isinstance(when, datetime) else datetime.combine(when, time.max)


def _days_in_month(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def _join(phrases) -> str:
    phrases = list(phrases)
    return phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]
