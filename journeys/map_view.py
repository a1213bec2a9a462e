"""The map page's read model: a journey's stages, lanes, emotion curve, KPIs and pain points under
the reader's filters, computed from snapshots and day buckets only (never from raw answers), so
the page stays fast however many answers lie behind it."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from journeys import painpoints
from journeys.aggregate import CellStats, load_cells
from journeys.maps import active_pain_points, recent_alerts, touchpoint_order
from journeys.models import EMOTION_COLUMNS, Alert, MapCell, MapSnapshot, PainPoint, RollupBucket
from journeys.rollups import latest_snapshot
from journeys.stats import Z_95
from surveys.models import Journey, Persona, Stage, Touchpoint

EACH_PERSONA = "each"  # the persona filter value that draws one curve per persona


class MapViewError(ValueError):
    """A filter the map cannot apply (unknown persona or snapshot, dates the wrong way round)."""


@dataclass(frozen=True, slots=True)
class MapFilters:
    """What the reader narrowed the map to; empty means the newest snapshot as it stands."""

    persona_id: int | None = None
    each_persona: bool = False
    channel: str | None = None
    since: date | None = None
    until: date | None = None
    snapshot_id: int | None = None

    @property
    def narrows(self) -> bool:
        """True when the cells must be summed from buckets instead of read from a snapshot."""
        return any(v is not None for v in (self.persona_id, self.channel, self.since, self.until))

    def query(self) -> dict[str, str]:
        """The filters as URL query parameters (for links that keep them)."""
        out: dict[str, str] = {}
        if self.each_persona:
            out["persona"] = EACH_PERSONA
        elif self.persona_id is not None:
            out["persona"] = str(self.persona_id)
        if self.channel:
            out["channel"] = self.channel
        if self.since:
            out["since"] = self.since.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        if self.snapshot_id is not None:
            out["snapshot"] = str(self.snapshot_id)
        return out


#: The feelings of a complaint, in the order a tie is settled.
COMPLAINT_EMOTIONS = ("frustrated", "disappointed", "angry", "anxious", "confused")


@dataclass(slots=True)
class CellView:
    """One stage × touchpoint as the page shows it."""

    stage_id: int
    touchpoint_id: int
    n: int
    mean: float
    ci_low: float
    ci_high: float
    negative_share: float
    emotions: dict[str, float]
    dominant_emotion: str
    nps: float | None
    csat: float | None
    ces: float | None
    change: float | None = None
    severity: float = 0.0
    pain_rank: int | None = None
    pain_level: str = ""  # severity level of the pain point, for its outline

    @property
    def is_pain_point(self) -> bool:
        """True when the evidence marks this cell as a pain point."""
        return self.pain_rank is not None

    @property
    def complaint_emotion(self) -> str | None:
        """The commonest feeling among the cell's complaints, or None without any. A pain point
        may still be mostly "satisfied" overall (its negative share is high, not a majority);
        what its complaints feel is what a team fixing it needs."""
        shares = {e: self.emotions.get(e, 0.0) for e in COMPLAINT_EMOTIONS}
        best = max(shares, key=shares.__getitem__)
        return best if shares[best] > 0 else None


@dataclass(slots=True)
class StageView:
    """A map column: the stage, its touchpoints, and its answers folded together."""

    stage: Stage
    touchpoints: list[Touchpoint]
    n: int = 0
    mean: float = 0.0
    ci_low: float = 0.0
    ci_high: float = 0.0
    emotions: dict[str, float] = field(default_factory=dict)
    dominant_emotion: str = "neutral"
    nps: float | None = None
    csat: float | None = None
    ces: float | None = None


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """Mean sentiment of one stage with its 95% interval."""

    mean: float
    low: float
    high: float
    n: int


@dataclass(frozen=True, slots=True)
class Curve:
    """One line of the emotion curve: a point per stage (None where nobody answered)."""

    label: str
    points: list[CurvePoint | None]
    reference: bool = False  # drawn dashed, for comparison with the focused line


@dataclass(slots=True)
class PainView:
    """A pain point on the page: its cell, rank, severity level and evidence."""

    rank: int
    stage: Stage
    touchpoint: Touchpoint
    cell: CellView
    level: str  # "high" | "medium" | "low", relative to the worst shown
    point: PainPoint | None
    themes: list[dict[str, Any]]
    quotes: list[dict[str, Any]]


@dataclass(slots=True)
class MapView:
    """Everything the map page, its SVG and its PDF draw."""

    journey: Journey
    filters: MapFilters
    snapshot: MapSnapshot | None
    stages: list[StageView]
    touchpoints: list[Touchpoint]
    cells: dict[tuple[int, int], CellView]
    curves: list[Curve]
    pain_points: list[PainView]
    alerts: list[Alert]
    personas: list[Persona]
    channels: list[str]
    answer_count: int
    latest_snapshot_id: int | None

    def cell(self, stage_id: int, touchpoint_id: int) -> CellView | None:
        """The cell at a stage × touchpoint, if any answers landed there."""
        return self.cells.get((stage_id, touchpoint_id))

    def pains_at(self, stage_id: int) -> list[PainView]:
        """The pain points of one stage, worst first."""
        return [p for p in self.pain_points if p.stage.id == stage_id]

    @property
    def persona_label(self) -> str:
        """Who the map is about, in words."""
        if self.filters.each_persona:
            return "each persona"
        for persona in self.personas:
            if persona.id == self.filters.persona_id:
                return persona.name
        return "all customers"

    @property
    def is_historical(self) -> bool:
        """True when the reader looks at an older snapshot than the newest."""
        return self.snapshot is not None and self.snapshot.id != self.latest_snapshot_id


def _cell_from_stats(key: tuple[int, int], stats: CellStats) -> CellView:
    mean, low, high = stats.interval
    return CellView(
        stage_id=key[0],
        touchpoint_id=key[1],
        n=stats.n,
        mean=mean,
        ci_low=low,
        ci_high=high,
        negative_share=stats.negative_share,
        emotions=stats.emotions,
        dominant_emotion=stats.dominant_emotion,
        nps=stats.nps,
        csat=stats.csat,
        ces=stats.ces,
    )


def _cell_from_snapshot(cell: MapCell) -> CellView:
    return CellView(
        stage_id=cell.stage_id,
        touchpoint_id=cell.touchpoint_id,
        n=cell.n,
        mean=cell.mean_compound,
        ci_low=cell.ci_low,
        ci_high=cell.ci_high,
        negative_share=cell.negative_share,
        emotions={e: float(cell.emotions.get(e, 0.0)) for e in EMOTION_COLUMNS},
        dominant_emotion=cell.dominant_emotion,
        nps=cell.nps,
        csat=cell.csat,
        ces=cell.ces,
        change=cell.change,
        severity=cell.severity if cell.is_pain_point else 0.0,
    )


def _pooled(cells: Iterable[CellView]) -> CurvePoint | None:
    """A stage's mean and interval pooled from its cells' means and intervals (for snapshots,
    which keep no sums of squares): within-cell variance is recovered from each interval."""
    rows = [c for c in cells if c.n > 0]
    total = sum(c.n for c in rows)
    if not total:
        return None
    mean = sum(c.mean * c.n for c in rows) / total
    if total < 2:
        return CurvePoint(mean, -1.0, 1.0, total)
    within = sum((c.n - 1) * ((c.ci_high - c.ci_low) / (2 * Z_95)) ** 2 * c.n for c in rows)
    between = sum(c.n * (c.mean - mean) ** 2 for c in rows)
    half = Z_95 * math.sqrt(max(0.0, (within + between) / (total - 1)) / total)
    return CurvePoint(mean, max(-1.0, mean - half), min(1.0, mean + half), total)


def _weighted(cells: list[CellView], name: str) -> float | None:
    values = [(getattr(c, name), c.n) for c in cells if getattr(c, name) is not None and c.n]
    weight = sum(n for _v, n in values)
    return sum(v * n for v, n in values) / weight if weight else None


def _stage_from_cells(stage: StageView, cells: list[CellView]) -> None:
    point = _pooled(cells)
    if point is None:
        return
    stage.n, stage.mean, stage.ci_low, stage.ci_high = point.n, point.mean, point.low, point.high
    mix = {e: sum(c.emotions.get(e, 0.0) * c.n for c in cells) / point.n for e in EMOTION_COLUMNS}
    stage.emotions = {e: round(v, 4) for e, v in mix.items()}
    stage.dominant_emotion = max(EMOTION_COLUMNS, key=lambda e: mix[e])
    # Snapshots keep no KPI counts, so a stage's KPI is weighted by answers (close, not exact).
    stage.nps, stage.csat, stage.ces = (_weighted(cells, k) for k in ("nps", "csat", "ces"))


def _stage_from_stats(stage: StageView, stats: CellStats) -> None:
    stage.n = stats.n
    stage.mean, stage.ci_low, stage.ci_high = stats.interval
    stage.emotions, stage.dominant_emotion = stats.emotions, stats.dominant_emotion
    stage.nps, stage.csat, stage.ces = stats.nps, stats.csat, stats.ces


def _point(stats: CellStats | None) -> CurvePoint | None:
    if stats is None or not stats.n:
        return None
    mean, low, high = stats.interval
    return CurvePoint(mean, low, high, stats.n)


def _level(severity: float, worst: float) -> str:
    if worst <= 0 or severity >= worst * 2 / 3:
        return "high"
    return "medium" if severity >= worst / 3 else "low"


def journey_channels(session: Session, journey_id: int) -> list[str]:
    """The channels answers came through (for the channel filter), from the buckets."""
    rows = session.scalars(
        select(RollupBucket.channel).where(RollupBucket.journey_id == journey_id).distinct()
    )
    return sorted(rows)


def check_dates(since: date | None, until: date | None) -> None:
    """Raise MapViewError when a filter's days run backwards (the page's and the exports')."""
    if since and until and since > until:
        raise MapViewError("The start date must not be after the end date.")


def build_map_view(
    session: Session, journey: Journey, filters: MapFilters, *, min_answers: int = 30
) -> MapView:
    """The map of ``journey`` under ``filters``: the newest (or a chosen) snapshot when nothing
    narrows it, else sums of day buckets with pain points detected afresh on that cut."""
    check_dates(filters.since, filters.until)
    personas = list(journey.personas)
    if filters.persona_id is not None and all(p.id != filters.persona_id for p in personas):
        raise MapViewError("This journey has no such persona.")
    latest = latest_snapshot(session, journey.id)
    snapshot = latest
    if filters.snapshot_id is not None:
        snapshot = session.get(MapSnapshot, filters.snapshot_id)
        if snapshot is None or snapshot.journey_id != journey.id:
            raise MapViewError("This journey has no such snapshot.")
    stages = list(journey.stages)
    touchpoints = sorted(journey.touchpoints, key=touchpoint_order)
    historical = snapshot is not None and latest is not None and snapshot.id != latest.id

    # One bucket query gives every cut the page draws: cells, stage columns and persona curves.
    by_persona: dict[tuple[object, ...], CellStats] = {}
    if not historical:
        by_persona = load_cells(
            session,
            journey.id,
            by=("persona", "stage", "touchpoint"),
            persona_id=None if filters.each_persona else filters.persona_id,
            channel=filters.channel,
            since=filters.since,
            until=filters.until,
        )
    cell_stats: dict[tuple[int, int], CellStats] = {}
    stage_stats: dict[int, CellStats] = {}
    persona_stage: dict[tuple[int, int], CellStats] = {}
    for (persona_id, stage_id, touchpoint_id), stats in by_persona.items():
        key = (int(str(stage_id)), int(str(touchpoint_id)))
        cell_stats.setdefault(key, CellStats()).add(stats)
        stage_stats.setdefault(key[0], CellStats()).add(stats)
        persona_stage.setdefault((int(str(persona_id)), key[0]), CellStats()).add(stats)

    cells: dict[tuple[int, int], CellView]
    pains: list[tuple[tuple[int, int], float]]
    if filters.narrows or snapshot is None:
        cells = {k: _cell_from_stats(k, s) for k, s in cell_stats.items()}
        detections = painpoints.detect(cell_stats, min_answers=min_answers)
        pains = [((d.stage_id, d.touchpoint_id), d.severity) for d in detections]
    else:
        cells = {(c.stage_id, c.touchpoint_id): _cell_from_snapshot(c) for c in snapshot.cells}
        ranked = sorted((c for c in snapshot.cells if c.is_pain_point), key=lambda c: -c.severity)
        pains = [((c.stage_id, c.touchpoint_id), c.severity) for c in ranked]

    # A touchpoint sits in its own stage's column, and in any other stage it has answers in (a
    # survey may tag a touchpoint with another stage): every answer counted is on the map.
    stage_views = [
        StageView(s, [t for t in touchpoints if t.stage_id == s.id or (s.id, t.id) in cells])
        for s in stages
    ]
    for view in stage_views:
        if historical:
            _stage_from_cells(view, [c for k, c in cells.items() if k[0] == view.stage.id])
        elif view.stage.id in stage_stats:
            _stage_from_stats(view, stage_stats[view.stage.id])

    curves = _curves(session, journey, filters, stage_views, personas, persona_stage, historical)
    tracked = {(p.stage_id, p.touchpoint_id): p for p in active_pain_points(session, journey.id)}
    stage_by_id = {s.id: s for s in stages}
    tp_by_id = {t.id: t for t in touchpoints}
    worst = max((sev for _k, sev in pains), default=0.0)
    pain_views = []
    for rank, (key, severity) in enumerate(pains, start=1):
        cell = cells.get(key)
        if cell is None or key[0] not in stage_by_id or key[1] not in tp_by_id:
            continue
        level = _level(severity, worst)
        cell.pain_rank, cell.severity, cell.pain_level = rank, severity, level
        point = tracked.get(key)
        pain_views.append(
            PainView(
                rank=rank,
                stage=stage_by_id[key[0]],
                touchpoint=tp_by_id[key[1]],
                cell=cell,
                level=level,
                point=point,
                themes=list(point.themes) if point else [],
                quotes=list(point.quotes) if point else [],
            )
        )
    return MapView(
        journey=journey,
        filters=filters,
        snapshot=snapshot,
        stages=stage_views,
        touchpoints=touchpoints,
        cells=cells,
        curves=curves,
        pain_points=pain_views,
        alerts=recent_alerts(session, journey.id, limit=5),
        personas=personas,
        channels=journey_channels(session, journey.id),
        answer_count=sum(c.n for c in cells.values()),
        latest_snapshot_id=latest.id if latest else None,
    )


def _curves(
    session: Session,
    journey: Journey,
    filters: MapFilters,
    stages: list[StageView],
    personas: list[Persona],
    persona_stage: dict[tuple[int, int], CellStats],
    historical: bool,
) -> list[Curve]:
    """The emotion curve: all customers, the chosen persona against everyone, or each persona."""

    def stage_line(label: str, persona_id: int, *, reference: bool = False) -> Curve:
        return Curve(
            label,
            [_point(persona_stage.get((persona_id, s.stage.id))) for s in stages],
            reference,
        )

    everyone = Curve(
        "All customers",
        [CurvePoint(s.mean, s.ci_low, s.ci_high, s.n) if s.n else None for s in stages],
    )
    if historical:
        return [everyone]
    if filters.each_persona:
        return [stage_line(p.name, p.id) for p in personas]
    if filters.persona_id is not None:
        name = next(p.name for p in personas if p.id == filters.persona_id)
        focused = stage_line(name, filters.persona_id)
        # The everyone line for comparison, under the same channel and dates.
        others = load_cells(
            session,
            journey.id,
            by=("stage",),
            channel=filters.channel,
            since=filters.since,
            until=filters.until,
        )
        reference = Curve(
            "All customers",
            [_point(others.get((s.stage.id,))) for s in stages],
            reference=True,
        )
        return [focused, reference]
    return [everyone]


@dataclass(frozen=True, slots=True)
class SnapshotSummary:
    """One entry of the living map's history."""

    id: int
    generated_at: datetime
    answer_count: int
    baseline_compound: float
    pain_points: int


def snapshot_history(session: Session, journey_id: int, limit: int = 30) -> list[SnapshotSummary]:
    """The journey's newest snapshots with how many pain points each found, newest first."""
    newest = (
        select(MapSnapshot.id)
        .where(MapSnapshot.journey_id == journey_id)
        .order_by(MapSnapshot.generated_at.desc(), MapSnapshot.id.desc())
        .limit(limit)
        .subquery()
    )
    pains = func.count(MapCell.id).filter(MapCell.is_pain_point.is_(True))
    rows = session.execute(
        select(
            MapSnapshot.id,
            MapSnapshot.generated_at,
            MapSnapshot.answer_count,
            MapSnapshot.baseline_compound,
            pains,
        )
        .join(newest, newest.c.id == MapSnapshot.id)
        .outerjoin(MapCell, MapCell.snapshot_id == MapSnapshot.id)
        .group_by(MapSnapshot.id)
        .order_by(MapSnapshot.generated_at.desc(), MapSnapshot.id.desc())
    )
    return [SnapshotSummary(int(i), g, int(n), float(b), int(p or 0)) for i, g, n, b, p in rows]
