"""Two periods of a journey side by side (as-is vs now), each cell's change marked only where a
two-sample test says it is more than noise. Computed from day buckets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy.orm import Session

from journeys.aggregate import CellStats, load_cells
from journeys.alerts import significant_change
from journeys.errors import InvalidPeriod
from journeys.maps import touchpoint_order
from surveys.models import Journey, Stage, Touchpoint


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive range of days."""

    since: date
    until: date

    def __post_init__(self) -> None:
        if self.since > self.until:
            raise InvalidPeriod(
                f"A period must not end before it starts: {self.since} is after {self.until}.",
                {"until": f"is before {self.since}"},
            )

    @property
    def label(self) -> str:
        """The period in words, e.g. '2026-01-01 – 2026-01-31'."""
        return f"{self.since.isoformat()} – {self.until.isoformat()}"


class Direction(StrEnum):
    """How a cell moved between two periods."""

    BETTER = "better"
    WORSE = "worse"
    STEADY = "steady"  # no change the test can tell from noise
    NEW = "new"  # answers now, none before
    GONE = "gone"  # answers before, none now
    TOO_FEW = "too few answers"


@dataclass(frozen=True, slots=True)
class CellChange:
    """One cell in both periods, and whether it really moved."""

    stage: Stage
    touchpoint: Touchpoint
    before: CellStats | None
    after: CellStats | None
    change: float | None  # mean sentiment after − before
    direction: Direction

    @property
    def marked(self) -> bool:
        """True when the change is significant and worth a reader's attention."""
        return self.direction in (Direction.BETTER, Direction.WORSE)


@dataclass(frozen=True, slots=True)
class Comparison:
    """A whole journey compared across two periods, cells in map order."""

    before: Period
    after: Period
    cells: list[CellChange]

    @property
    def worse(self) -> list[CellChange]:
        """Cells that got significantly worse, worst first."""
        return sorted(
            (c for c in self.cells if c.direction == Direction.WORSE), key=lambda c: c.change or 0
        )

    @property
    def better(self) -> list[CellChange]:
        """Cells that got significantly better, most improved first."""
        return sorted(
            (c for c in self.cells if c.direction == Direction.BETTER),
            key=lambda c: -(c.change or 0),
        )


def direction(before: CellStats | None, after: CellStats | None, *, min_answers: int) -> Direction:
    """How a cell moved: a two-sample z-test at 95% (and at least MIN_DROP on the compound scale,
    as alerts use), so a handful of answers never gets marked."""
    if before is None or not before.n:
        return Direction.NEW if after is not None and after.n else Direction.TOO_FEW
    if after is None or not after.n:
        return Direction.GONE
    if before.n < min_answers or after.n < min_answers:
        return Direction.TOO_FEW
    change = significant_change(before, after)
    if change is None:
        return Direction.STEADY
    return Direction.BETTER if change > 0 else Direction.WORSE


def compare_periods(
    session: Session,
    journey: Journey,
    before: Period,
    after: Period,
    *,
    persona_id: int | None = None,
    channel: str | None = None,
    min_answers: int = 10,
) -> Comparison:
    """Every cell of ``journey`` in ``before`` and ``after``, with its change marked."""
    cuts = [
        load_cells(
            session,
            journey.id,
            persona_id=persona_id,
            channel=channel,
            since=period.since,
            until=period.until,
        )
        for period in (before, after)
    ]
    stages = {s.id: s for s in journey.stages}
    rows = []
    for tp in sorted(journey.touchpoints, key=touchpoint_order):
        if tp.stage_id is None or tp.stage_id not in stages:
            continue
        key = (tp.stage_id, tp.id)
        then, now = cuts[0].get(key), cuts[1].get(key)
        if then is None and now is None:
            continue
        change = now.mean - then.mean if then and now and then.n and now.n else None
        rows.append(
            CellChange(
                stages[tp.stage_id],
                tp,
                then,
                now,
                change,
                direction(then, now, min_answers=min_answers),
            )
        )
    return Comparison(before, after, rows)
