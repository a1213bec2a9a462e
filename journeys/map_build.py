"""Building the one ``MapView`` every output renders, by one of two builders: from a snapshot (the
newest, or one the reader chose from the history) when nothing narrows the map, or from day
buckets for the cut the reader chose (persona, channel, dates), with pain points detected afresh
on that cut. Figures come from snapshots and buckets, never from a scan of the answers, so the
page stays fast however many lie behind it; only a cut's pain points read their own evidence."""

from __future__ import annotations

import copy
import math
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import sentiment
from journeys import alerts, compare, painpoints, verdicts
from journeys.aggregate import CellKey, CellStats, load_cells, load_persona_cells
from journeys.canvas import load_canvas
from journeys.customers import CustomerPaths
from journeys.errors import MapViewError
from journeys.map_view import (
    CellView,
    Curve,
    CurvePoint,
    MapFilters,
    MapView,
    PainView,
    StageView,
    check_dates,
    journey_channels,
)
from journeys.maps import recent_alerts, touchpoint_order, tracked_pain_points
from journeys.models import EMOTION_COLUMNS, MapCell, MapSnapshot, PainPoint, RollupBucket
from journeys.painpoints import Evidence, Quote, Theme
from journeys.rollups import latest_snapshot
from journeys.stats import Z_95
from surveys.models import Journey, Stage, Touchpoint


def build_map_view(
    session: Session,
    journey: Journey,
    filters: MapFilters,
    *,
    min_answers: int = 30,
    period_days: int = 7,
) -> MapView:
    """The map of ``journey`` under ``filters``: the newest (or a chosen) snapshot when nothing
    narrows it, else the cut of day buckets. Raises MapViewError for a filter it cannot apply."""
    check_dates(filters.since, filters.until)
    if filters.persona_id is not None and all(p.id != filters.persona_id for p in journey.personas):
        raise MapViewError(
            "This journey has no such persona.", {"persona": "is not one of this journey's"}
        )
    latest = latest_snapshot(session, journey.id)
    snapshot = latest
    if filters.snapshot_id is not None:
        snapshot = session.get(MapSnapshot, filters.snapshot_id)
        if snapshot is None or snapshot.journey_id != journey.id:
            raise MapViewError(
                "This journey has no such snapshot.", {"snapshot": "is not one of this journey's"}
            )
        if filters.narrows and latest is not None and snapshot.id != latest.id:
            # Buckets hold today's answers only: an older map cannot be cut by persona or date.
            raise MapViewError(
                "An older snapshot shows the whole map; filters apply to the newest.",
                {"snapshot": "takes no filters unless it is the newest"},
            )
    if snapshot is None or filters.narrows:
        view = view_from_buckets(session, journey, filters, latest, min_answers=min_answers)
    else:
        view = view_from_snapshot(
            session, journey, filters, snapshot, latest, min_answers=min_answers
        )
    if not view.is_historical:
        _mark_trends(session, view, latest, period_days, min_answers=min_answers)
    view.canvas = load_canvas(session, journey.id)
    return view


def _mark_trends(
    session: Session,
    view: MapView,
    latest: MapSnapshot | None,
    period_days: int,
    *,
    min_answers: int,
) -> None:
    """Mark each cell whose mean moved significantly between the latest ``period_days`` (ending
    on the cut's last day with answers) and the period before, as the compare page would; read
    once per newest snapshot."""
    filters = view.filters
    trends = read_once_per_snapshot(
        session,
        latest,
        ("trends", view.journey.id, period_days, min_answers, *_cut_args(filters)),
        lambda: _read_trends(session, view, period_days, min_answers=min_answers),
    )
    view.period_days = period_days
    for key, cell in view.cells.items():
        found = trends.get(key)
        cell.trend = found if found in (compare.Direction.BETTER, compare.Direction.WORSE) else ""


def _read_trends(
    session: Session, view: MapView, period_days: int, *, min_answers: int
) -> dict[CellKey, compare.Direction]:
    """Each cell's direction between the latest period and the one before."""
    last_day = view.filters.until or session.scalar(
        select(func.max(RollupBucket.day)).where(RollupBucket.journey_id == view.journey.id)
    )
    if last_day is None:
        return {}
    if isinstance(last_day, str):  # SQLite hands an aggregate's date back as text
        last_day = date.fromisoformat(last_day)
    (p_start, p_end), (c_start, c_end) = alerts.periods(last_day, period_days)
    return compare.cell_directions(
        session,
        view.journey.id,
        compare.Period(p_start, p_end),
        compare.Period(c_start, c_end),
        persona_id=view.filters.counted_persona_id,
        channel=view.filters.channel,
        min_answers=max(5, min_answers // 3),
    )


def view_from_snapshot(
    session: Session,
    journey: Journey,
    filters: MapFilters,
    snapshot: MapSnapshot,
    latest: MapSnapshot | None,
    *,
    min_answers: int = 30,
) -> MapView:
    """The map as a rollup stored it: its cells, changes and ranked pain points with their
    tracked evidence. The newest snapshot's figures are the buckets it was rolled up from (the
    snapshot keeps six decimals, no KPI counts and no personas); an older one's are its own."""
    frame = _Frame.of(journey)
    newest = latest is not None and snapshot.id == latest.id
    cut = _read_cut(session, journey.id, filters, latest) if newest else _Cut()
    cells = _snapshot_cells(frame, snapshot, cut)
    findings = _stored_findings(snapshot, cells)
    tracked = tracked_pain_points(session, journey.id)
    stages = frame.stage_views(cells)
    if newest:
        _fill_stages(stages, cut)
        curves = _curves(session, journey, filters, stages, cut)
    else:
        for view in stages:
            _pool_stage(view, [c for c in cells.values() if c.stage.id == view.stage.id])
        curves = [_everyone(stages)]
    pains = _pain_views(cells, findings, lambda key: _stored_evidence(tracked.get(key)), tracked)
    return _assemble(
        session,
        frame,
        filters,
        snapshot=snapshot,
        latest=latest,
        cells=cells,
        stages=stages,
        curves=curves,
        pains=pains,
        min_answers=min_answers,
    )


def view_from_buckets(
    session: Session,
    journey: Journey,
    filters: MapFilters,
    latest: MapSnapshot | None,
    *,
    min_answers: int,
) -> MapView:
    """The map of the reader's cut, summed from day buckets: pain points detected on the cut,
    with the themes and quotes of the cut's own complaints."""
    frame = _Frame.of(journey)
    cut = _read_cut(session, journey.id, filters, latest)
    cells = {
        key: _cell_of_stats(*place, stats)
        for key, stats in cut.cells.items()
        if (place := frame.place(key)) is not None
    }
    findings = [
        _Finding(d.key, d.severity, d.impact, d.baseline_share)
        for d in painpoints.detect(cut.cells, min_answers=min_answers)
        if d.key in cells
    ]

    def evidence(key: CellKey) -> Evidence:
        return cut_evidence(session, journey.id, key, filters, latest)

    stages = frame.stage_views(cells)
    _fill_stages(stages, cut)
    curves = _curves(session, journey, filters, stages, cut)
    pains = _pain_views(cells, findings, evidence, tracked_pain_points(session, journey.id))
    return _assemble(
        session,
        frame,
        filters,
        snapshot=latest,  # the newest roll-up behind the buckets, for when the map was made
        latest=latest,
        cells=cells,
        stages=stages,
        curves=curves,
        pains=pains,
        min_answers=min_answers,
    )


# What the newest snapshot's map reads from day buckets: its cut's sums, its cells' trends and
# a cut's pain-point evidence. Reading them costs tens of milliseconds at a million answers, while
# buckets change only when a rollup writes a new snapshot (or an erasure, which the next rollup
# folds into a new snapshot). So each is read once per snapshot and arguments in each process,
# and every page and download of that map shows the same; a new rollup means a new snapshot id,
# so nothing is stale for longer than the snapshot beside it.
_BY_SNAPSHOT: OrderedDict[tuple[object, ...], object] = OrderedDict()
BY_SNAPSHOT_CACHE_SIZE = 1024
T = TypeVar("T")


def read_once_per_snapshot(
    session: Session, snapshot: MapSnapshot | None, key: tuple[object, ...], read: Callable[[], T]
) -> T:
    """``read()``'s result for ``key`` under ``snapshot``, read once per process (a deep copy is
    handed out, so a caller that changes it changes nothing cached)."""
    if snapshot is None:
        return read()
    # The database and the snapshot's stamp as well as its id: ids repeat across databases.
    where = (str(session.get_bind().engine.url), snapshot.id, snapshot.generated_at)
    cache_key = (where, *key)
    if cache_key in _BY_SNAPSHOT:
        _BY_SNAPSHOT.move_to_end(cache_key)
        return cast(T, copy.deepcopy(_BY_SNAPSHOT[cache_key]))
    found = read()
    _BY_SNAPSHOT[cache_key] = copy.deepcopy(found)
    while len(_BY_SNAPSHOT) > BY_SNAPSHOT_CACHE_SIZE:
        _BY_SNAPSHOT.popitem(last=False)
    return found


def cut_evidence(
    session: Session,
    journey_id: int,
    key: CellKey,
    filters: MapFilters,
    snapshot: MapSnapshot | None,
) -> Evidence:
    """The themes and quotes of a cell's complaints under the cut's filters, read once per
    snapshot (see ``read_once_per_snapshot``)."""
    return read_once_per_snapshot(
        session,
        snapshot,
        ("evidence", journey_id, key, *_cut_args(filters)),
        lambda: painpoints.evidence(
            session,
            journey_id,
            *key,
            persona_id=filters.counted_persona_id,
            channel=filters.channel,
            since=filters.since,
            until=filters.until,
            sample=painpoints.CUT_THEME_SAMPLE,
        ),
    )


def _cut_args(filters: MapFilters) -> tuple[object, ...]:
    return (filters.counted_persona_id, filters.channel, filters.since, filters.until)


def clear_evidence_cache() -> None:
    """Forget everything read once per snapshot (benchmarks measure the first reader)."""
    _BY_SNAPSHOT.clear()


@dataclass(frozen=True, slots=True)
class _Frame:
    """The journey's stages and touchpoints in map order, to place cells by their key."""

    journey: Journey
    stages: dict[int, Stage]
    touchpoints: dict[int, Touchpoint]  # in map row order

    @classmethod
    def of(cls, journey: Journey) -> _Frame:
        rows = sorted(journey.touchpoints, key=touchpoint_order)
        return cls(journey, {s.id: s for s in journey.stages}, {t.id: t for t in rows})

    def place(self, key: CellKey) -> tuple[Stage, Touchpoint] | None:
        """The stage and touchpoint of a cell, or None if the journey no longer has them."""
        stage, touchpoint = self.stages.get(key.stage_id), self.touchpoints.get(key.touchpoint_id)
        return (stage, touchpoint) if stage and touchpoint else None

    def stage_views(self, cells: dict[CellKey, CellView]) -> list[StageView]:
        """A column per stage with its touchpoints: its own, and any other that has answers in
        it (a survey may tag a touchpoint with another stage), so every answer is on the map."""
        return [
            StageView(
                stage,
                [
                    t
                    for t in self.touchpoints.values()
                    if t.stage_id == stage.id or CellKey(stage.id, t.id) in cells
                ],
            )
            for stage in self.journey.stages
        ]


@dataclass(slots=True)
class _Cut:
    """Bucket sums of one cut, folded three ways: cells, stage columns, persona × stage."""

    cells: dict[CellKey, CellStats] = field(default_factory=dict)
    stages: dict[int, CellStats] = field(default_factory=dict)
    persona_stages: dict[tuple[int, int], CellStats] = field(default_factory=dict)


def _read_cut(
    session: Session, journey_id: int, filters: MapFilters, latest: MapSnapshot | None
) -> _Cut:
    """The cut under ``filters``, read once per newest snapshot."""
    return read_once_per_snapshot(
        session,
        latest,
        ("cut", journey_id, filters.each_persona, *_cut_args(filters)),
        lambda: _load_cut(session, journey_id, filters),
    )


def _load_cut(session: Session, journey_id: int, filters: MapFilters) -> _Cut:
    """The cut under ``filters`` from one bucket query ("each persona" splits only the curve, so
    its cells are every persona's)."""
    cut = _Cut()
    by_persona = load_persona_cells(
        session,
        journey_id,
        persona_id=filters.counted_persona_id,
        channel=filters.channel,
        since=filters.since,
        until=filters.until,
    )
    for (persona_id, key), stats in by_persona.items():
        cut.cells.setdefault(key, CellStats()).add(stats)
        cut.stages.setdefault(key.stage_id, CellStats()).add(stats)
        cut.persona_stages.setdefault((persona_id, key.stage_id), CellStats()).add(stats)
    return cut


def _snapshot_cells(frame: _Frame, snapshot: MapSnapshot, cut: _Cut) -> dict[CellKey, CellView]:
    """The snapshot's cells with their changes; figures from the cut's sums where it has them."""
    cells = {}
    for stored in snapshot.cells:
        key = CellKey(stored.stage_id, stored.touchpoint_id)
        place = frame.place(key)
        if place is None:
            continue
        stats = cut.cells.get(key)
        cell = _cell_of_snapshot(*place, stored) if stats is None else _cell_of_stats(*place, stats)
        cell.change = stored.change
        cells[key] = cell
    return cells


def _cell_of_stats(stage: Stage, touchpoint: Touchpoint, stats: CellStats) -> CellView:
    mean, low, high = stats.interval
    return CellView(
        stage=stage,
        touchpoint=touchpoint,
        n=stats.n,
        negative=stats.negative,
        positive=stats.positive,
        mean=mean,
        ci_low=low,
        ci_high=high,
        emotions=stats.emotions,
        dominant_emotion=stats.dominant_emotion,
        nps=stats.nps,
        csat=stats.csat,
        ces=stats.ces,
    )


def _cell_of_snapshot(stage: Stage, touchpoint: Touchpoint, cell: MapCell) -> CellView:
    return CellView(
        stage=stage,
        touchpoint=touchpoint,
        n=cell.n,
        # The snapshot keeps shares to six decimals: exact counts for any cell under a million.
        negative=round(cell.negative_share * cell.n),
        positive=round(cell.positive_share * cell.n),
        mean=cell.mean_compound,
        ci_low=cell.ci_low,
        ci_high=cell.ci_high,
        emotions={e: float(cell.emotions.get(e, 0.0)) for e in EMOTION_COLUMNS},
        dominant_emotion=cell.dominant_emotion,
        nps=cell.nps,
        csat=cell.csat,
        ces=cell.ces,
    )


def _fill_stages(stages: list[StageView], cut: _Cut) -> None:
    """Each stage column's figures from the cut's sums (exact, KPIs included)."""
    for view in stages:
        stats = cut.stages.get(view.stage.id)
        if stats is None:
            continue
        view.n = stats.n
        view.mean, view.ci_low, view.ci_high = stats.interval
        view.emotions, view.dominant_emotion = stats.emotions, stats.dominant_emotion
        view.nps, view.csat, view.ces = stats.nps, stats.csat, stats.ces
        view.negative = stats.negative


def _pool_stage(view: StageView, cells: list[CellView]) -> None:
    """A stage column of an older snapshot, pooled from its cells."""
    point = _pooled(cells)
    if point is None:
        return
    view.n, view.mean, view.ci_low, view.ci_high = point.n, point.mean, point.low, point.high
    view.negative = sum(c.negative for c in cells)
    mix = {e: sum(c.emotions.get(e, 0.0) * c.n for c in cells) / point.n for e in EMOTION_COLUMNS}
    view.emotions = {e: round(v, 4) for e, v in mix.items()}
    view.dominant_emotion = max(EMOTION_COLUMNS, key=lambda e: mix[e])
    # Snapshots keep no KPI counts, so a stage's KPI is weighted by answers (close, not exact).
    view.nps, view.csat, view.ces = (_weighted(cells, k) for k in ("nps", "csat", "ces"))


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


def _point(stats: CellStats | None) -> CurvePoint | None:
    if stats is None or not stats.n:
        return None
    mean, low, high = stats.interval
    return CurvePoint(mean, low, high, stats.n)


def _everyone(stages: list[StageView]) -> Curve:
    """The all-customers line, through the stage columns."""
    return Curve(
        "All customers",
        [CurvePoint(s.mean, s.ci_low, s.ci_high, s.n) if s.n else None for s in stages],
    )


def _curves(
    session: Session, journey: Journey, filters: MapFilters, stages: list[StageView], cut: _Cut
) -> list[Curve]:
    """The emotion curve: all customers, the chosen persona against everyone, or each persona."""

    def persona_line(label: str, persona_id: int) -> Curve:
        return Curve(
            label, [_point(cut.persona_stages.get((persona_id, s.stage.id))) for s in stages]
        )

    if filters.each_persona:
        return [persona_line(p.name, p.id) for p in journey.personas]
    if filters.persona_id is None:
        return [_everyone(stages)]
    name = next(p.name for p in journey.personas if p.id == filters.persona_id)
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
        "All customers", [_point(others.get((s.stage.id,))) for s in stages], reference=True
    )
    return [persona_line(name, filters.persona_id), reference]


@dataclass(frozen=True, slots=True)
class _Finding:
    """A pain point as its builder found it, before it is ranked onto the map."""

    key: CellKey
    severity: float
    impact: float | None
    baseline_share: float


def _stored_findings(snapshot: MapSnapshot, cells: dict[CellKey, CellView]) -> list[_Finding]:
    """The snapshot's pain points, worst first, each with the negative share of the rest of the
    journey that its own beat (as detection computed it, from the cells' counts)."""
    whole_n = sum(c.n for c in cells.values())
    whole_negative = sum(c.negative for c in cells.values())
    findings = []
    for stored in sorted((c for c in snapshot.cells if c.is_pain_point), key=lambda c: -c.severity):
        cell = cells.get(CellKey(stored.stage_id, stored.touchpoint_id))
        if cell is None:
            continue
        baseline = painpoints.baseline_share(cell.n, cell.negative, whole_n, whole_negative)
        findings.append(_Finding(cell.key, stored.severity, stored.impact, baseline))
    return findings


def _stored_evidence(point: PainPoint | None) -> Evidence:
    """The evidence a rollup gathered for a tracked pain point (none for an untracked cell)."""
    if point is None:
        return Evidence([], [])
    return Evidence(
        [Theme(str(t["phrase"]), int(t["count"])) for t in point.themes],
        [Quote(str(q["text"]), float(q["compound"]), int(q["answer_id"])) for q in point.quotes],
    )


def _level(severity: float, worst: float) -> str:
    if worst <= 0 or severity >= worst * 2 / 3:
        return "high"
    return "medium" if severity >= worst / 3 else "low"


def _pain_views(
    cells: dict[CellKey, CellView],
    findings: list[_Finding],
    evidence: Callable[[CellKey], Evidence],
    tracked: dict[CellKey, PainPoint],
) -> list[PainView]:
    """The pain points ranked worst first, each with its level and evidence; their cells are
    marked with rank, severity and level for the outlines."""
    worst = max((f.severity for f in findings), default=0.0)
    views = []
    for rank, finding in enumerate(findings, start=1):
        cell = cells[finding.key]
        level = _level(finding.severity, worst)
        cell.pain_rank, cell.severity, cell.pain_level = rank, finding.severity, level
        themes, quotes = evidence(finding.key)
        views.append(
            PainView(
                rank=rank,
                cell=cell,
                level=level,
                severity=finding.severity,
                impact=finding.impact,
                baseline_share=finding.baseline_share,
                themes=themes,
                quotes=quotes,
                point=tracked.get(finding.key),
            )
        )
    return views


def _assemble(
    session: Session,
    frame: _Frame,
    filters: MapFilters,
    *,
    snapshot: MapSnapshot | None,
    latest: MapSnapshot | None,
    cells: dict[CellKey, CellView],
    stages: list[StageView],
    curves: list[Curve],
    pains: list[PainView],
    min_answers: int,
) -> MapView:
    """The view from a builder's parts, with what every map shows besides: each stage's
    feeling and the cells to watch, alerts, personas and channels for the filters, the model
    that scored the answers."""
    journey = frame.journey
    watches = verdicts.judge(stages, cells, pains, min_answers=min_answers)
    return MapView(
        journey=journey,
        filters=filters,
        snapshot=snapshot,
        latest_snapshot_id=latest.id if latest else None,
        model=snapshot.model if snapshot else sentiment.MODEL_VERSION,
        stages=stages,
        touchpoints=list(frame.touchpoints.values()),
        cells=cells,
        curves=curves,
        pain_points=pains,
        alerts=recent_alerts(session, journey.id, limit=5),
        personas=list(journey.personas),
        channels=journey_channels(session, journey.id),
        min_answers=min_answers,
        watches=watches,
        customer_paths=CustomerPaths.from_json(snapshot.customer_paths) if snapshot else None,
    )
