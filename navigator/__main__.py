"""The command line: `python -m navigator <command> ...`.

This module owns reading arguments and printing answers; every rule it uses lives in the rule
core (navigator.calendar, navigator.timescales, navigator.schedules). Bad input ends with exit
status 2 and one line on stderr saying what is wrong.

Commands:
  due START TIMESCALE [--region REGION] [--explain]
      python -m navigator due 2026-12-18 "5 working days"      ->  2026-12-29
      python -m navigator due 2026-12-18T09:30 "48 hours"      ->  2026-12-20T09:30
  reviews INITIAL_CONFERENCE [--held DATE ...] [--count N]
      python -m navigator reviews 2026-01-15

To add a command, write a function that takes the subparsers object, adds a parser, and sets
`run` to a function (args) -> int; then append it to COMMANDS.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime

from .calendar import DEFAULT_REGION, REGIONS, CalendarError, parse_iso
from .schedules import ScheduleError, review_dates
from .timescales import ACCEPTED, TimescaleError, due, iso, parse_timescale

EXIT_BAD_INPUT = 2
ERRORS_FOR_PEOPLE = (CalendarError, TimescaleError, ScheduleError)


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are a single line on stderr (exit status 2)."""

    def error(self, message: str):
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


def add_due_command(subparsers) -> None:
    parser = subparsers.add_parser(
        "due",
        help="the due date a timescale gives from a start date",
        description="Print the due date TIMESCALE gives from START.",
    )
    parser.add_argument("start", help="YYYY-MM-DD, or YYYY-MM-DDTHH:MM for hours")
    parser.add_argument("timescale", help=f"one of {ACCEPTED}")
    parser.add_argument(
        "--region", default=DEFAULT_REGION, help=f"bank holidays of: {', '.join(REGIONS)}"
    )
    parser.add_argument(
        "--explain", action="store_true", help="also list each non-working day skipped, and why"
    )
    parser.set_defaults(run=run_due)


def run_due(args) -> int:
    result = due(parse_iso(args.start), parse_timescale(args.timescale), region=args.region)
    print(iso(result.when) if result.when is not None else result.timescale.words())
    if args.explain:
        for day, reason in result.skipped:
            print(f"{day.isoformat()} skipped: {reason}")
    return 0


def add_reviews_command(subparsers) -> None:
    parser = subparsers.add_parser(
        "reviews",
        help="child protection review conference due dates",
        description="List review conference due dates after an initial child protection conference.",
    )
    parser.add_argument("initial_conference", help="date of the initial conference, YYYY-MM-DD")
    parser.add_argument(
        "--held",
        action="append",
        default=[],
        metavar="DATE",
        help="date a review was actually held; repeat in order for reviews 1, 2, ...",
    )
    parser.add_argument("--count", type=int, default=4, help="how many reviews to list (4)")
    parser.set_defaults(run=run_reviews)


def run_reviews(args) -> int:
    held = [_date_only(text) for text in args.held]
    for review in review_dates(_date_only(args.initial_conference), held, args.count):
        line = f"{review['label']}: due {review['due'].isoformat()}"
        if review["held"]:
            line += f" (held {review['held'].isoformat()})"
        print(line)
    return 0


COMMANDS = [add_due_command, add_reviews_command]


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="python -m navigator",
        description="Due dates and schedules from the escalation handbook's rule core.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    # Subparsers are made with the parser's class, so their errors are one line too.
    for add_command in COMMANDS:
        add_command(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ERRORS_FOR_PEOPLE as error:
        print(f"{parser.prog}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _date_only(text: str) -> date:
    value = parse_iso(text)
    if isinstance(value, datetime):
        raise CalendarError(f"{text} has a time; write the date only, as YYYY-MM-DD.")
    return value


if __name__ == "__main__":
    sys.exit(main())
