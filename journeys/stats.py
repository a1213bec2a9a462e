"""Small statistics for rollups: means with 95% intervals from running sums."""

from __future__ import annotations

import math

Z_95 = 1.959963984540054


def sample_variance(n: int, total: float, total_sq: float) -> float:
    """Sample variance from a count, sum and sum of squares; below two values a placeholder of
    1.0 (wide for scores in [-1, 1], where most real spreads are well under it), so one answer
    never looks certain."""
    if n < 2:
        return 1.0
    mean = total / n
    return max(0.0, (total_sq - n * mean * mean) / (n - 1))


def mean_interval(n: int, total: float, total_sq: float) -> tuple[float, float, float]:
    """Mean and 95% normal interval of a sample given its count, sum and sum of squares."""
    if n <= 0:
        return 0.0, 0.0, 0.0
    mean = total / n
    if n == 1:
        return mean, -1.0, 1.0
    half = Z_95 * math.sqrt(sample_variance(n, total, total_sq) / n)
    return mean, max(-1.0, mean - half), min(1.0, mean + half)


def round_or_none(value: float | None, digits: int = 4) -> float | None:
    """``value`` rounded for storage or export; None stays None (a KPI nobody was asked)."""
    return None if value is None else round(value, digits)
