"""Properties of working-day arithmetic that hold for every date the data covers."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from navigator.calendar import get_calendar
from navigator.timescales import Timescale, due

REGIONS = ("england-and-wales", "scotland", "northern-ireland")
MAX_N = 60
# Keep a year clear of the data's edges: counting 2 x MAX_N working days never runs off them.
MARGIN = timedelta(days=366)

calendar = get_calendar()
days = st.dates(min_value=calendar.first_day + MARGIN, max_value=calendar.last_day - MARGIN)
counts = st.integers(min_value=0, max_value=MAX_N)
positive = st.integers(min_value=1, max_value=MAX_N)
regions = st.sampled_from(REGIONS)
examples = settings(max_examples=200, deadline=None)


@examples
@given(days, positive, regions)
def test_a_working_day_due_date_is_always_a_working_day(start, n, region):
    cal = get_calendar(region)
    assert cal.is_working_day(due(start, Timescale("working_days", n), region=region).when)
    assert cal.is_working_day(due(start, Timescale("working_days_before", n), region=region).when)
    assert cal.is_working_day(due(start, Timescale("same_working_day"), region=region).when)


@examples
@given(days, counts, counts, regions)
def test_adding_n_then_m_working_days_is_adding_n_plus_m(start, n, m, region):
    cal = get_calendar(region)
    assert cal.add_working_days(cal.add_working_days(start, n), m) == cal.add_working_days(start, n + m)


@examples
@given(days, counts, regions)
def test_working_days_between_inverts_adding_them(start, n, region):
    cal = get_calendar(region)
    assert cal.working_days_between(start, cal.add_working_days(start, n)) == n


@examples
@given(days, days, counts, regions)
def test_a_later_start_never_gives_an_earlier_due_date(first, second, n, region):
    earlier, later = sorted((first, second))
    cal = get_calendar(region)
    assert cal.add_working_days(earlier, n) <= cal.add_working_days(later, n)
    assert cal.subtract_working_days(earlier, n) <= cal.subtract_working_days(later, n)


@examples
@given(days, positive, regions)
def test_subtracting_inverts_adding_working_days(start, n, region):
    cal = get_calendar(region)
    on_or_before = start
    while not cal.is_working_day(on_or_before):
        on_or_before -= timedelta(days=1)
    # From a working day you come back to it; from any other day, to the working day before it.
    assert cal.subtract_working_days(cal.add_working_days(start, n), n) == on_or_before
    assert cal.add_working_days(cal.subtract_working_days(start, n), n) == (
        cal.next_working_day_on_or_after(start)
    )


@examples
@given(days, positive, regions)
def test_skipped_days_are_exactly_the_non_working_days_passed_over(start, n, region):
    cal = get_calendar(region)
    result = due(start, Timescale("working_days", n), region=region)
    passed = [start + timedelta(days=k) for k in range(1, (result.when - start).days)]
    assert [day for day, _ in result.skipped] == [d for d in passed if not cal.is_working_day(d)]
    assert (result.when - start).days == n + len(result.skipped)


@examples
@given(days, st.integers(min_value=0, max_value=48))
def test_calendar_months_keep_the_day_or_clamp_to_the_month_end(start, months):
    when = due(start, Timescale("calendar_months", months)).when
    assert (when.year * 12 + when.month) - (start.year * 12 + start.month) == months
    following = (when.replace(day=28) + timedelta(days=4)).replace(day=1)
    assert when.day == start.day or (when.day < start.day and when + timedelta(days=1) == following)


def test_the_margin_leaves_room_inside_the_data():
    assert calendar.first_day + MARGIN < calendar.last_day - MARGIN
    assert calendar.first_day == date(calendar.first_day.year, 1, 1)
