"""Medians and percentiles, spelled out so the tests can check them (statistics.quantiles does not
give a p95 of a short sample the way a reader expects)."""
from __future__ import annotations

import math


def median(values) -> float:
    """The middle value; the mean of the two middle values of an even count."""
    data = sorted(values)
    if not data:
        raise ValueError("median of no values")
    mid = len(data) // 2
    return float(data[mid]) if len(data) % 2 else (data[mid - 1] + data[mid]) / 2


def percentile(values, p: float) -> float:
    """The p-th percentile (0 to 100), linear between the two nearest ranks (numpy's default).

    percentile(v, 50) == median(v); percentile(v, 0) and (v, 100) are the least and greatest values.
    """
    data = sorted(values)
    if not data:
        raise ValueError("percentile of no values")
    if not 0 <= p <= 100:
        raise ValueError(f"percentile {p} is not between 0 and 100")
    rank = (len(data) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return float(data[low]) + (data[high] - data[low]) * (rank - low)


def ratio(a: float, b: float) -> float | None:
    """a / b, or None where b is zero (a ratio nobody can read)."""
    return a / b if b else None
