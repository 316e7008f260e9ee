"""The bench's arithmetic: medians and percentiles as a reader of BENCHMARKS.md expects them."""
from __future__ import annotations

import pytest

from bench.stats import median, percentile, ratio


def test_the_median_of_an_odd_count_is_the_middle_value():
    assert median([5, 1, 3]) == 3


def test_the_median_of_an_even_count_is_the_mean_of_the_two_middle_values():
    assert median([4, 1, 3, 2]) == 2.5


def test_the_median_of_one_value_is_that_value():
    assert median([7]) == 7


def test_the_50th_percentile_is_the_median():
    values = [12, 3, 9, 1, 30, 4]
    assert percentile(values, 50) == median(values)


def test_the_95th_percentile_of_1_to_100_lies_between_95_and_96():
    assert percentile(range(1, 101), 95) == pytest.approx(95.05)


def test_the_95th_percentile_of_five_values_interpolates_toward_the_largest():
    assert percentile([10, 20, 30, 40, 50], 95) == pytest.approx(48.0)


def test_the_0th_and_100th_percentiles_are_the_least_and_greatest():
    assert (percentile([3, 1, 2], 0), percentile([3, 1, 2], 100)) == (1, 3)


def test_no_values_and_a_percentile_out_of_range_are_refused():
    with pytest.raises(ValueError):
        median([])
    with pytest.raises(ValueError):
        percentile([1], 101)


def test_a_ratio_over_zero_is_none_not_infinity():
    assert ratio(1, 0) is None and ratio(1, 4) == 0.25
