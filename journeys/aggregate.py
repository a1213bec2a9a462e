"""Cuts of the map: sums of day buckets by stage × touchpoint (or any key), for any filter."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from journeys.models import EMOTION_COLUMNS, RollupBucket
from journeys.stats import Z_95, mean_interval, sample_variance

SUM_FIELDS: tuple[str, ...] = (
    "responses",
    "n",
    "sum_compound",
    "sum_compound_sq",
    "negative",
    "positive",
    "negative_intensity",
    *EMOTION_COLUMNS,
    "nps_n",
    "nps_promoters",
    "nps_detractors",
    "csat_n",
    "csat_satisfied",
    "csat_sum",
    "ces_n",
    "ces_sum",
    "outcome_negative_n",
    "outcome_negative_sum",
    "outcome_other_n",
    "outcome_other_sum",
)


FLOAT_FIELDS = frozenset(
    {
        "sum_compound",
        "sum_compound_sq",
        "negative_intensity",
        "csat_sum",
        "ces_sum",
        "outcome_negative_sum",
        "outcome_other_sum",
    }
)


def _as_int(value: Any) -> int:
    return int(value or 0)


def _as_float(value: Any) -> float:
    return float(value or 0.0)


@dataclass(slots=True)
class CellStats:
    """Additive sums for one cell of a cut, with the statistics people read derived from them."""

    responses: int = 0
    n: int = 0
    sum_compound: float = 0.0
    sum_compound_sq: float = 0.0
    negative: int = 0
    positive: int = 0
    negative_intensity: float = 0.0
    emotion_counts: dict[str, int] = field(default_factory=dict)
    nps_n: int = 0
    nps_promoters: int = 0
    nps_detractors: int = 0
    csat_n: int = 0
    csat_satisfied: int = 0
    csat_sum: float = 0.0
    ces_n: int = 0
    ces_sum: float = 0.0
    outcome_negative_n: int = 0
    outcome_negative_sum: float = 0.0
    outcome_other_n: int = 0
    outcome_other_sum: float = 0.0

    @classmethod
    def from_sums(cls, sums: Sequence[Any]) -> CellStats:
        """Build from values in ``SUM_FIELDS`` order (as a GROUP BY returns them)."""
        values = dict(zip(SUM_FIELDS, sums, strict=True))
        emotion_counts = {e: _as_int(values.pop(e)) for e in EMOTION_COLUMNS}
        numbers = {
            name: _as_float(value) if name in FLOAT_FIELDS else _as_int(value)
            for name, value in values.items()
        }
        return cls(emotion_counts=emotion_counts, **numbers)  # type: ignore[arg-type]

    def add(self, other: CellStats) -> None:
        """Fold ``other`` into this cell (sums are additive)."""
        for f in fields(self):
            if f.name == "emotion_counts":
                for name, count in other.emotion_counts.items():
                    self.emotion_counts[name] = self.emotion_counts.get(name, 0) + count
            else:
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def interval(self) -> tuple[float, float, float]:
        """Mean compound with its 95% interval."""
        return mean_interval(self.n, self.sum_compound, self.sum_compound_sq)

    @property
    def variance(self) -> float:
        """Sample variance of the responses' compound scores."""
        return sample_variance(self.n, self.sum_compound, self.sum_compound_sq)

    @property
    def mean(self) -> float:
        """Mean compound of the responses' text."""
        return self.sum_compound / self.n if self.n else 0.0

    @property
    def negative_share(self) -> float:
        """Share of scored responses whose text reads negative."""
        return self.negative / self.n if self.n else 0.0

    @property
    def positive_share(self) -> float:
        """Share of scored responses whose text reads positive."""
        return self.positive / self.n if self.n else 0.0

    @property
    def emotions(self) -> dict[str, float]:
        """Each emotion's share of the scored responses."""
        total = sum(self.emotion_counts.values())
        return {
            e: round(self.emotion_counts.get(e, 0) / total, 4) if total else 0.0
            for e in EMOTION_COLUMNS
        }

    @property
    def dominant_emotion(self) -> str:
        """The most frequent emotion (neutral when there is no text)."""
        if not any(self.emotion_counts.values()):
            return "neutral"
        return max(EMOTION_COLUMNS, key=lambda e: self.emotion_counts.get(e, 0))

    @property
    def nps(self) -> float | None:
        """Net Promoter Score, −100…100, where NPS questions were answered."""
        if not self.nps_n:
            return None
        return 100.0 * (self.nps_promoters - self.nps_detractors) / self.nps_n

    @property
    def csat(self) -> float | None:
        """CSAT: percent of ratings that are 4 or 5 out of 5."""
        return 100.0 * self.csat_satisfied / self.csat_n if self.csat_n else None

    @property
    def ces(self) -> float | None:
        """Customer Effort Score: mean on its 1–7 scale."""
        return self.ces_sum / self.ces_n if self.ces_n else None

    @property
    def negative_intensity_mean(self) -> float:
        """How strongly the negative answers read, on average (0–1)."""
        return self.negative_intensity / self.negative if self.negative else 0.0

    def outcome_gap(self) -> float | None:
        """Outcome points between respondents whose text read negative and the others."""
        if not self.outcome_negative_n or not self.outcome_other_n:
            return None
        return (
            self.outcome_other_sum / self.outcome_other_n
            - self.outcome_negative_sum / self.outcome_negative_n
        )


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """95% Wilson score interval of a proportion; sound for small counts and shares near 0 or 1."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


KEY_COLUMNS = {
    "stage": RollupBucket.stage_id,
    "touchpoint": RollupBucket.touchpoint_id,
    "persona": RollupBucket.persona_id,
    "channel": RollupBucket.channel,
    "day": RollupBucket.day,
}


def _sum_rows(
    session: Session,
    journey_id: int,
    by: Sequence[str],
    *,
    persona_id: int | None,
    channel: str | None,
    since: date | None,
    until: date | None,
) -> Iterable[Sequence[Any]]:
    """Rows of the ``by`` keys followed by the SUM_FIELDS sums, under the given filters."""
    keys = [KEY_COLUMNS[name] for name in by]
    sums = [func.sum(getattr(RollupBucket, name)) for name in SUM_FIELDS]
    query = select(*keys, *sums).where(RollupBucket.journey_id == journey_id).group_by(*keys)
    if persona_id is not None:
        query = query.where(RollupBucket.persona_id == persona_id)
    if channel is not None:
        query = query.where(RollupBucket.channel == channel)
    if since is not None:
        query = query.where(RollupBucket.day >= since)
    if until is not None:
        query = query.where(RollupBucket.day <= until)
    return session.execute(query)


def load_cells(
    session: Session,
    journey_id: int,
    *,
    by: Sequence[str] = ("stage", "touchpoint"),
    persona_id: int | None = None,
    channel: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> dict[tuple[object, ...], CellStats]:
    """Sum the journey's buckets by ``by`` (keys of KEY_COLUMNS) under the given filters."""
    rows = _sum_rows(
        session, journey_id, by, persona_id=persona_id, channel=channel, since=since, until=until
    )
    width = len(by)
    return {tuple(row[:width]): CellStats.from_sums(row[width:]) for row in rows}


class CellKey(NamedTuple):
    """Where a map cell sits: its stage and its touchpoint."""

    stage_id: int
    touchpoint_id: int


def load_map_cells(
    session: Session,
    journey_id: int,
    *,
    persona_id: int | None = None,
    channel: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> dict[CellKey, CellStats]:
    """The journey's map cells (stage × touchpoint) summed under the given filters."""
    rows = _sum_rows(
        session,
        journey_id,
        ("stage", "touchpoint"),
        persona_id=persona_id,
        channel=channel,
        since=since,
        until=until,
    )
    return {
        CellKey(stage, touchpoint): CellStats.from_sums(sums) for stage, touchpoint, *sums in rows
    }


def load_persona_cells(
    session: Session,
    journey_id: int,
    *,
    persona_id: int | None = None,
    channel: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> dict[tuple[int, CellKey], CellStats]:
    """The map cells split by persona (0: none known), keyed (persona id, cell)."""
    rows = _sum_rows(
        session,
        journey_id,
        ("persona", "stage", "touchpoint"),
        persona_id=persona_id,
        channel=channel,
        since=since,
        until=until,
    )
    return {
        (persona, CellKey(stage, touchpoint)): CellStats.from_sums(sums)
        for persona, stage, touchpoint, *sums in rows
    }


def total(cells: Iterable[CellStats]) -> CellStats:
    """Cells of a cut folded into one."""
    whole = CellStats()
    for stats in cells:
        whole.add(stats)
    return whole


PERIODS: tuple[str, ...] = ("day", "week", "month")


def period_start(day: date, period: str) -> date:
    """The first day of the day's period: itself, its ISO week's Monday, or its month's 1st."""
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    raise ValueError(f"period must be one of {', '.join(PERIODS)}")


def load_series(
    session: Session,
    journey_id: int,
    *,
    period: str = "week",
    by: Sequence[str] = ("stage", "touchpoint"),
    persona_id: int | None = None,
    channel: str | None = None,
) -> dict[date, dict[tuple[object, ...], CellStats]]:
    """The cut ``by`` for each day, week or month, oldest first (empty periods left out)."""
    daily = load_cells(session, journey_id, by=("day", *by), persona_id=persona_id, channel=channel)
    series: dict[date, dict[tuple[object, ...], CellStats]] = {}
    for (day, *key), stats in sorted(daily.items(), key=lambda kv: str(kv[0][0])):
        start = period_start(day if isinstance(day, date) else date.fromisoformat(str(day)), period)
        cell = series.setdefault(start, {}).setdefault(tuple(key), CellStats())
        cell.add(stats)
    return series
