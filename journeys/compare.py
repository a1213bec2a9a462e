"""Two periods of a journey side by side (as-is vs now), each cell's change marked only where a
two-sample test says it is more than noise. Computed from day buckets."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy.orm import Session

from journeys.aggregate import CellKey, CellStats, load_cells, load_map_cells
from journeys.alerts import significant_change
from journeys.errors import InvalidPeriod
from journeys.maps import touchpoint_order
from journeys.stats import Z_95
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


#: The comparisons offered with one click: key → what it compares.
PRESETS: dict[str, str] = {
    "7d": "Last 7 days vs the 7 before",
    "30d": "Last 30 days vs the 30 before",
    "90d": "Last 90 days vs the 90 before",
    "quarter": "This quarter so far vs last quarter",
}


def preset_periods(preset: str, today: date) -> tuple[Period, Period]:
    """The (before, after) periods of a preset, ending today; InvalidPeriod for an unknown one."""
    if preset == "quarter":
        start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        last_end = start - timedelta(days=1)
        last_start = date(last_end.year, 3 * ((last_end.month - 1) // 3) + 1, 1)
        return Period(last_start, last_end), Period(start, today)
    days = {"7d": 7, "30d": 30, "90d": 90}.get(preset)
    if days is None:
        raise InvalidPeriod(
            f"Choose a comparison from the list ({', '.join(PRESETS)}).", {"preset": "unknown"}
        )
    after = Period(today - timedelta(days=days - 1), today)
    before = Period(after.since - timedelta(days=days), after.since - timedelta(days=1))
    return before, after


@dataclass(frozen=True, slots=True)
class FigureChange:
    """One KPI or share in both periods, and which way it moved (where a test can say)."""

    name: str
    before: float | None
    after: float | None
    direction: str  # a Direction, "untested", or "" (missing in a period)

    @property
    def change(self) -> float | None:
        """After − before, when both exist."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def _pooled_se(x1: int, n1: int, x2: int, n2: int) -> float:
    """Standard error of a difference of two proportions under the null of no change (the
    pooled two-proportion z-test), in percentage points."""
    p = (x1 + x2) / (n1 + n2)
    return 100 * math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))


def _z_direction(change: float, se: float, *, higher_is_better: bool) -> Direction:
    if se <= 0 or abs(change) / se <= Z_95:
        return Direction.STEADY
    return Direction.BETTER if (change > 0) == higher_is_better else Direction.WORSE


def figure_changes(before: CellStats | None, after: CellStats | None) -> list[FigureChange]:
    """NPS, CSAT, CES and the negative share of the text in both periods, each tested where the
    sums allow: NPS and CSAT by a two-sample z-test at 95%, the negative share by a test of two
    proportions; CES is shown untested (buckets keep no sum of its squares)."""
    a, b = before or CellStats(), after or CellStats()
    out = []
    if a.nps is not None and b.nps is not None:

        def nps_var(s: CellStats) -> float:
            nps = s.nps or 0.0
            return 10_000 * (s.nps_promoters + s.nps_detractors) / s.nps_n - nps * nps

        se = math.sqrt(nps_var(a) / a.nps_n + nps_var(b) / b.nps_n)
        out.append(
            FigureChange(
                "NPS", a.nps, b.nps, _z_direction(b.nps - a.nps, se, higher_is_better=True)
            )
        )
    else:
        out.append(FigureChange("NPS", a.nps, b.nps, ""))
    if a.csat is not None and b.csat is not None:
        se = _pooled_se(a.csat_satisfied, a.csat_n, b.csat_satisfied, b.csat_n)
        out.append(
            FigureChange(
                "CSAT", a.csat, b.csat, _z_direction(b.csat - a.csat, se, higher_is_better=True)
            )
        )
    else:
        out.append(FigureChange("CSAT", a.csat, b.csat, ""))
    both = a.ces is not None and b.ces is not None
    out.append(FigureChange("CES", a.ces, b.ces, "untested" if both else ""))
    if a.n and b.n:
        pa, pb = a.negative_share, b.negative_share
        se = _pooled_se(a.negative, a.n, b.negative, b.n)
        change = 100 * (pb - pa)
        direction = _z_direction(change, se, higher_is_better=False)
        out.append(FigureChange("negative %", 100 * pa, 100 * pb, direction))
    return out


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

    @property
    def figures(self) -> list[FigureChange]:
        """The KPIs and the negative share in both periods, each with its direction."""
        return figure_changes(self.before, self.after)

    @property
    def emotions(self) -> tuple[str | None, str | None]:
        """The dominant emotion before and after (None where nobody answered)."""
        return (
            self.before.dominant_emotion if self.before and self.before.n else None,
            self.after.dominant_emotion if self.after and self.after.n else None,
        )


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


def cell_directions(
    session: Session,
    journey_id: int,
    before: Period,
    after: Period,
    *,
    persona_id: int | None = None,
    channel: str | None = None,
    min_answers: int = 10,
) -> dict[CellKey, Direction]:
    """Each cell's direction between two periods ("better", "worse", …), for the map's marks."""
    then, now = (
        load_map_cells(
            session,
            journey_id,
            persona_id=persona_id,
            channel=channel,
            since=period.since,
            until=period.until,
        )
        for period in (before, after)
    )
    return {
        key: direction(then.get(key), now.get(key), min_answers=min_answers)
        for key in then.keys() | now.keys()
    }


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
