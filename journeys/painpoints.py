"""Pain points: cells whose sentiment is worse than the journey's baseline with 95% confidence."""

from __future__ import annotations

from collections.abc import Sequence

from journeys.models import MapCell


def mark_pain_points(cells: Sequence[MapCell], *, baseline: float, min_answers: int) -> None:
    """Flag and rank pain points in place.

    A cell qualifies only with at least ``min_answers`` answers and a 95% interval lying wholly
    below the journey's baseline: two angry answers are not a pain point. Severity is volume ×
    intensity, the answer count times how far the mean falls below the baseline.
    """
    for cell in cells:
        gap = baseline - cell.mean_compound
        qualifies = cell.n >= min_answers and cell.ci_high < baseline
        cell.is_pain_point = qualifies
        cell.severity = round(cell.n * gap, 4) if qualifies else 0.0
