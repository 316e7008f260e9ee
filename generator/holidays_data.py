"""Writes navigator/data/bank-holidays.json, the bank holidays the rule core counts working days with.

This module owns turning the `holidays` package (python-holidays, pinned in requirements.txt)
into the plain JSON that `navigator.calendar` reads in CPython and in the browser. No holiday
rule is written here: every date and name comes from `holidays.UnitedKingdom`. Two things are
done to its output, both so that the file matches the GOV.UK bank-holiday list:

* Days that fall on a Saturday or Sunday are left out. The package lists, for example,
  Christmas Day on Sunday 25 December 2022; that Sunday is not a bank holiday - the substitute
  day (Tuesday 27 December) is, and the package lists that too.
* The package's "(observed)" suffix is shown as "(substitute day)", the term GOV.UK and the
  Banking and Financial Dealings Act 1971 use.

Run `python -m generator.holidays_data` to rewrite the file and `--check` to compare the
committed file with what would be written (exit status 1 if they differ). To cover more
years, raise LAST_YEAR, upgrade the pinned `holidays` package if a new one-off bank holiday
has been proclaimed, and run the script again.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

FIRST_YEAR = 2016
# Years beyond GOV.UK's published list are projections from the statutory rules; keeping the
# horizon a few years out means the coverage test forces a refresh (and a check for newly
# proclaimed one-off days) every couple of years.
LAST_YEAR = 2031

# Region id used by the handbook -> the `holidays` subdivision it is built from.
REGIONS = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}
# England and Wales share one list; the script stops if the package ever says otherwise.
SAME_AS = {"england-and-wales": "WLS"}

OUTPUT = Path(__file__).resolve().parent.parent / "navigator" / "data" / "bank-holidays.json"
GENERATED_BY = "python -m generator.holidays_data"
OBSERVED = " (observed)"
SUBSTITUTE = " (substitute day)"


def package_holidays(subdiv: str, first_year: int, last_year: int) -> dict[date, str]:
    """Every holiday the `holidays` package gives for one UK subdivision, by date."""
    import holidays  # imported here so `--help` works without the package

    calendar = holidays.UnitedKingdom(
        subdiv=subdiv, years=range(first_year, last_year + 1), language="en_GB"
    )
    return dict(calendar.items())


def bank_holidays(raw: dict[date, str]) -> dict[str, str]:
    """The weekday bank holidays from the package's list, as ISO date -> GOV.UK-style name."""
    days = {}
    for day in sorted(raw):
        if day.weekday() >= 5:
            continue
        name = raw[day]
        if name.endswith(OBSERVED):
            name = name[: -len(OBSERVED)] + SUBSTITUTE
        days[day.isoformat()] = name
    return days


def region_entry(region: str, first_year: int, last_year: int) -> dict:
    """One region's block of the JSON file."""
    days = bank_holidays(package_holidays(REGIONS[region], first_year, last_year))
    twin = SAME_AS.get(region)
    if twin and bank_holidays(package_holidays(twin, first_year, last_year)) != days:
        raise SystemExit(
            f"The holidays package now gives different bank holidays for {REGIONS[region]} "
            f"and {twin}; {region} needs splitting before the data can be regenerated."
        )
    return {"first_year": first_year, "last_year": last_year, "holidays": days}


def build(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> dict:
    """The whole document written to navigator/data/bank-holidays.json."""
    import holidays

    return {
        "source": (
            f"python-holidays {holidays.__version__} (holidays.UnitedKingdom, subdivisions "
            + ", ".join(REGIONS.values())
            + "); weekend dates left out and '(observed)' shown as '(substitute day)' "
            "to match https://www.gov.uk/bank-holidays"
        ),
        "generated_by": GENERATED_BY,
        "regions": {
            region: region_entry(region, first_year, last_year) for region in REGIONS
        },
    }


def render(document: dict) -> str:
    """The JSON text exactly as committed (stable key order, one trailing newline)."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator.holidays_data",
        description="Write the bank-holiday data the rule core uses.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the committed file differs from what would be written",
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help="file to write or check")
    args = parser.parse_args(argv)

    text = render(build())
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(
                f"{args.output} is out of date; run `{GENERATED_BY}` and commit the result.",
                file=sys.stderr,
            )
            return 1
        print(f"{args.output} is up to date.")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"Wrote {args.output}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
