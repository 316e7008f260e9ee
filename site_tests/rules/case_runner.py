"""Runs one rule-core case and returns a JSON-safe result (standard library only).

The same file runs in CPython (test_cases.py) and inside Pyodide (pyodide_cases.mjs), so both
evaluate a case by exactly the same steps. A case arrives JSON-safe: dates are ISO strings.
The result holds only what the rule core answered; the expected values stay in the test.
"""

from navigator.calendar import DEFAULT_REGION, CalendarError, parse_iso
from navigator.schedules import ScheduleError, plan_count_triggers, review_dates
from navigator.timescales import Timescale, TimescaleError, due, iso, parse_timescale

ERRORS = (CalendarError, TimescaleError, ScheduleError)


def run_case(case: dict) -> dict:
    """The rule core's answer to one case, or the name and message of the error it raised."""
    try:
        if "initial_conference" in case:
            return _reviews(case)
        if "plans_including_current" in case:
            return _plan_count(case)
        return _due(case)
    except ERRORS as error:
        return {"error": type(error).__name__, "message": str(error)}


def run_cases(cases: list[dict]) -> list[dict]:
    return [run_case(case) for case in cases]


def _due(case: dict) -> dict:
    timescale = case["timescale"]
    if isinstance(timescale, str):
        timescale = parse_timescale(timescale)
    else:
        timescale = Timescale.from_dict(timescale)
    result = due(parse_iso(case["start"]), timescale, region=case.get("region", DEFAULT_REGION))
    return {
        "due": iso(result.when) if result.when is not None else None,
        "skipped": {day.isoformat(): reason for day, reason in result.skipped},
    }


def _reviews(case: dict) -> dict:
    held = [parse_iso(day) for day in case.get("held", [])]
    reviews = review_dates(parse_iso(case["initial_conference"]), held, case.get("count", 4))
    return {
        "reviews": [review["due"].isoformat() for review in reviews],
        "held": [review["held"].isoformat() if review["held"] else None for review in reviews],
    }


def _plan_count(case: dict) -> dict:
    return plan_count_triggers(case["plans_including_current"], case.get("family_episodes"))
