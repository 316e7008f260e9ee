"""Child protection schedules: when review conferences fall due, and plan-count triggers.

This module owns two pieces of arithmetic that sit beside the escalation stages:

* Review conferences. The first child protection review conference is due 3 calendar months
  after the initial child protection conference, and each later review 6 calendar months after
  the previous one (Working Together to Safeguard Children). Months are counted as in
  navigator.timescales: same day number, clamped to the end of a shorter month, not moved off
  weekends or bank holidays. When the date a review was actually held is known, the next one is
  counted from that date; otherwise from the previous due date.
* The third-plan trigger (Warwickshire 2016, part 5): "Should a child be subject to a third child
  protection plan or a family have three episodes of children becoming subject to a child
  protection plan, the case will automatically be referred to the Escalation Panel by the
  Independent Reviewing Service."

Functions return ids and numbers; callers choose the words (the "label" of a review is the one
exception, a plain ordinal). Dated items such as Warwickshire part 4's 9, 15 and 21-month points
come from the procedure data and use months_after().

Standard library only: the same file runs in CPython and, in the browser, in Pyodide.
"""

from __future__ import annotations

from datetime import date

from .timescales import months_after

__all__ = ["ScheduleError", "months_after", "plan_count_triggers", "review_dates"]

FIRST_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6
# Warwickshire 2016 part 5: a third plan for a child, or a third episode in a family.
THIRD_PLAN = 3
THIRD_FAMILY_EPISODE = 3

_ORDINALS = (
    "First", "Second", "Third", "Fourth", "Fifth", "Sixth",
    "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh", "Twelfth",
)


class ScheduleError(ValueError):
    """Schedule input that cannot be right; the message is one sentence for a person."""


def review_dates(initial_conference: date, held: list[date] = (), count: int = 4) -> list[dict]:
    """Review conference due dates after an initial child protection conference.

    `held` gives the dates reviews 1, 2, ... were actually held, in order. At least `count`
    reviews are listed, and always one beyond the last review held. Each item is
    {"number", "id", "label", "due", "months_from_initial", "months_after_previous", "held"};
    "months_from_initial" is the standard schedule (3, 9, 15, ...), whatever the held dates.
    """
    held = list(held)
    _check_count(count)
    _check_held(initial_conference, held)
    reviews = []
    previous = initial_conference
    for number in range(1, max(count, len(held) + 1) + 1):
        gap = FIRST_REVIEW_MONTHS if number == 1 else LATER_REVIEW_MONTHS
        due_date = months_after(previous, gap)
        held_on = held[number - 1] if number <= len(held) else None
        reviews.append(
            {
                "number": number,
                "id": f"review-{number}",
                "label": review_label(number),
                "due": due_date,
                "months_from_initial": FIRST_REVIEW_MONTHS + LATER_REVIEW_MONTHS * (number - 1),
                "months_after_previous": gap,
                "held": held_on,
            }
        )
        previous = held_on or due_date
    return reviews


def review_label(number: int) -> str:
    """"First review", "Second review", ...; "Review 13" beyond the twelfth."""
    if 1 <= number <= len(_ORDINALS):
        return f"{_ORDINALS[number - 1]} review"
    return f"Review {number}"


def plan_count_triggers(plans_including_current: int, family_episodes: int | None = None) -> dict:
    """Whether the automatic referral to the Escalation Panel applies (Warwickshire 2016 part 5).

    Returns {"applies": bool, "triggers": [ids]} where the ids are "third-plan" (this child's
    third or later plan, counting the current one) and "third-family-episode" (the family's
    third or later episode of children becoming subject to a plan). `family_episodes` None
    means not known, which never triggers.
    """
    _check_whole(plans_including_current, "The number of plans, counting the current one,", 1)
    if family_episodes is not None:
        _check_whole(family_episodes, "The number of family episodes", 0)
    triggers = []
    if plans_including_current >= THIRD_PLAN:
        triggers.append("third-plan")
    if family_episodes is not None and family_episodes >= THIRD_FAMILY_EPISODE:
        triggers.append("third-family-episode")
    return {"applies": bool(triggers), "triggers": triggers}


def _check_held(initial_conference: date, held: list[date]) -> None:
    previous, previous_name = initial_conference, "the initial conference"
    for number, held_on in enumerate(held, start=1):
        if held_on < previous:
            raise ScheduleError(
                f"Review {number} cannot have been held on {held_on}, "
                f"before {previous_name} on {previous}."
            )
        previous, previous_name = held_on, f"review {number}"


def _check_count(count: int) -> None:
    _check_whole(count, "The number of reviews to list", 1)


def _check_whole(value, what: str, least: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ScheduleError(f"{what} must be a whole number, {least} or more (got {value!r}).")
