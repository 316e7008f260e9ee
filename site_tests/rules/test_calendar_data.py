"""The bank-holiday data: far enough ahead, with the one-off days, and as generated."""

import subprocess
import sys
from datetime import date

import pytest

from navigator.calendar import CalendarError, get_calendar, load_data

ONE_OFF_DAYS = {
    "2020-05-08": "May Day",  # early May bank holiday moved to Friday 8 May for VE Day
    "2022-06-02": "Spring Bank Holiday",  # moved from Monday 30 May for the Platinum Jubilee
    "2022-06-03": "Platinum Jubilee of Elizabeth II",
    "2022-09-19": "State Funeral of Queen Elizabeth II",
    "2023-05-08": "Coronation of Charles III",
}
NOT_BANK_HOLIDAYS_THOSE_YEARS = ("2020-05-04", "2022-05-30")


def test_data_covers_at_least_the_end_of_next_year_plus_two():
    needed = date(date.today().year + 3, 12, 31)
    for region in load_data()["regions"]:
        last_day = get_calendar(region).last_day
        assert last_day >= needed, (
            f"The {region} bank-holiday data ends on {last_day}; it must reach {needed}. "
            "Raise LAST_YEAR in generator/holidays_data.py and run python -m generator.holidays_data."
        )


def test_data_starts_no_later_than_2016():
    assert get_calendar().first_day <= date(2016, 1, 1)


@pytest.mark.parametrize("region", ["england-and-wales", "scotland", "northern-ireland"])
def test_one_off_bank_holidays_are_present(region):
    calendar = get_calendar(region)
    for day, name in ONE_OFF_DAYS.items():
        assert calendar.holiday_name(date.fromisoformat(day)) == name
    for day in NOT_BANK_HOLIDAYS_THOSE_YEARS:
        assert calendar.is_working_day(date.fromisoformat(day))


def test_only_weekdays_are_listed_as_bank_holidays():
    for region, block in load_data()["regions"].items():
        weekend = [day for day in block["holidays"] if date.fromisoformat(day).weekday() >= 5]
        assert weekend == [], f"{region} lists weekend days as bank holidays: {weekend}"


def test_every_year_has_the_usual_number_of_england_and_wales_bank_holidays():
    block = load_data()["regions"]["england-and-wales"]
    for year in range(block["first_year"], block["last_year"] + 1):
        count = sum(1 for day in block["holidays"] if day.startswith(f"{year}-"))
        assert 8 <= count <= 10, f"{year} has {count} bank holidays in England and Wales"


def test_a_day_outside_the_data_is_refused_with_a_sentence():
    calendar = get_calendar()
    outside = date(calendar.last_day.year + 1, 1, 2)
    with pytest.raises(CalendarError) as raised:
        calendar.is_working_day(outside)
    message = str(raised.value)
    assert message.startswith(f"{outside} is outside the bank-holiday data for england-and-wales")
    assert "\n" not in message


def test_counting_past_the_end_of_the_data_is_refused():
    calendar = get_calendar()
    with pytest.raises(CalendarError):
        calendar.add_working_days(calendar.last_day, 1)
    with pytest.raises(CalendarError):
        calendar.subtract_working_days(calendar.first_day, 1)


def test_a_region_without_data_is_refused_clearly():
    from navigator.calendar import Calendar

    with pytest.raises(CalendarError, match="no bank-holiday data for scotland"):
        Calendar.from_data({"regions": {}}, "scotland")


def test_the_committed_data_is_what_the_generator_writes(repo):
    pytest.importorskip("holidays", reason="the holidays package is needed to regenerate the data")
    result = subprocess.run(
        [sys.executable, "-m", "generator.holidays_data", "--check"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
