"""One story per cell and stage: the tile, the stage, the pain card and the legend say the same.

* A **pain point** is labelled with what its complaints feel and drawn at least "slightly
  negative", whatever its mean: praise elsewhere in the cell can lift the mean to neutral while
  its negative share still stands out (``CellView.feeling``, ``layout.cell_band``).
* A **stage's emotion** is its complaints' when its negative share stands out: at least
  ``min_answers`` answers and the Wilson 95% interval of its negative share wholly above the
  negative share of the rest of the journey (the test a pain point passes, applied to the
  column). A stage holding a pain point whose share does not stand out reads "mixed", never a
  positive word alone. Otherwise it is the stage's dominant emotion.
* A **cell to watch** has answers, but fewer than ``min_answers``, and reads strongly negative:
  a mean of −0.25 or below (the "negative" band), or the Wilson interval of its negative share
  above the rest of the journey's. It is shown with its intervals as "watch — few answers", not
  as nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from journeys.aggregate import CellKey, wilson_interval
from journeys.map_view import CellView, PainView, StageView, complaint_emotion
from journeys.painpoints import baseline_share

WATCH_MIN_ANSWERS = 3  # below this even a wholly negative cell says too little to flag
STRONGLY_NEGATIVE = -0.25  # the upper bound of the "negative" colour band


def percent(share: float) -> str:
    """A share as a whole percentage, e.g. '48%'."""
    return f"{share * 100:.0f}%"


def judge(
    stages: list[StageView],
    cells: Mapping[CellKey, CellView],
    pains: list[PainView],
    *,
    min_answers: int,
) -> list[CellView]:
    """Set each stage's feeling and mark the cells to watch; returns them, worst mean first."""
    whole_n = sum(c.n for c in cells.values())
    whole_negative = sum(c.negative for c in cells.values())
    watches = [
        cell
        for cell in cells.values()
        if _to_watch(cell, whole_n, whole_negative, min_answers=min_answers)
    ]
    for cell in watches:
        cell.watch = True
    for stage in stages:
        _stage_feeling(
            stage,
            [p for p in pains if p.stage.id == stage.stage.id],
            whole_n,
            whole_negative,
            min_answers=min_answers,
        )
    return sorted(watches, key=lambda c: (c.mean, c.stage.position, c.touchpoint.position))


def _to_watch(cell: CellView, whole_n: int, whole_negative: int, *, min_answers: int) -> bool:
    """True for a cell below the evidence threshold that reads strongly negative."""
    if cell.is_pain_point or not WATCH_MIN_ANSWERS <= cell.n < min_answers:
        return False
    if cell.mean <= STRONGLY_NEGATIVE:
        return True
    low, _high = wilson_interval(cell.negative, cell.n)
    return low > baseline_share(cell.n, cell.negative, whole_n, whole_negative)


def _stage_feeling(
    stage: StageView,
    pains: Iterable[PainView],
    whole_n: int,
    whole_negative: int,
    *,
    min_answers: int,
) -> None:
    """The stage's feeling and the reason for it, in words."""
    stage.feeling, stage.feeling_note, stage.negative_stands_out = stage.dominant_emotion, "", False
    if not stage.n:
        return
    complaints = complaint_emotion(stage.emotions)
    baseline = baseline_share(stage.n, stage.negative, whole_n, whole_negative)
    low, high = wilson_interval(stage.negative, stage.n)
    if stage.n >= min_answers and low > baseline and complaints:
        stage.feeling, stage.negative_stands_out = complaints, True
        stage.feeling_note = (
            f"{percent(stage.negative_share)} negative (95% {percent(low)}–{percent(high)}), "
            f"above {percent(baseline)} elsewhere; overall mostly {stage.dominant_emotion}"
        )
        return
    worst = next(iter(pains), None)
    if worst is not None:
        stage.feeling = "mixed"
        stage.feeling_note = (
            f"mostly {stage.dominant_emotion}; {worst.cell.feeling_words} at pain point "
            f"#{worst.rank} ({worst.touchpoint.name})"
        )
