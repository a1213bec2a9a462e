"""Small statistics for rollups: means with 95% intervals from running sums."""

from __future__ import annotations

import math

Z_95 = 1.959963984540054


def mean_interval(n: int, total: float, total_sq: float) -> tuple[float, float, float]:
    """Mean and 95% normal interval of a sample given its count, sum and sum of squares."""
    if n <= 0:
        return 0.0, 0.0, 0.0
    mean = total / n
    if n == 1:
        return mean, -1.0, 1.0
    variance = max(0.0, (total_sq - n * mean * mean) / (n - 1))
    half = Z_95 * math.sqrt(variance / n)
    return mean, max(-1.0, mean - half), min(1.0, mean + half)
