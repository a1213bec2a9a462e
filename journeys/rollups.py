"""Rollups: response facts → day buckets → a map snapshot with pain points and alerts.

Incremental by default: only the days whose facts changed since the journey's watermark are
re-aggregated (in SQL), then the snapshot is computed from the small bucket table. ``full=True``
rebuilds every bucket. The caller commits once, so a run killed half-way leaves the previous
complete map and buckets in place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import sentiment
from journeys import alerts, painpoints
from journeys.aggregate import CellKey, CellStats, load_map_cells, total
from journeys.buckets import changed_days, rebuild_buckets
from journeys.customers import customer_paths, refresh_customers
from journeys.models import MapCell, MapSnapshot, ResponseFact, RollupBucket, RollupState
from journeys.stats import round_or_none
from surveys.models import Journey, utcnow

DEFAULT_MIN_ANSWERS = 30
DEFAULT_PERIOD_DAYS = 7
# Facts written this long before the watermark are looked at again, so a transaction that
# committed late is still folded in.
SAFETY_MARGIN = timedelta(minutes=5)

Progress = Callable[[str], None]
# The steps ``rollup_journey`` reports to its progress callback, in order (a journey with nothing
# new reports none).
ROLLUP_STEPS: tuple[str, ...] = ("buckets", "customers", "cells", "pain points", "alerts")


@dataclass(frozen=True, slots=True)
class RollupResult:
    """What one rollup of one journey did."""

    journey: str
    snapshot_id: int
    created: bool
    cells: int
    pain_points: int
    days_rebuilt: int = 0
    alerts: int = 0


def _watermark(session: Session, journey_id: int) -> tuple[str, datetime | None]:
    """What the journey's facts look like now: the newest write, and how many facts were written
    within the safety margin before it (a late commit changes that count)."""
    newest = session.scalar(
        select(func.max(ResponseFact.updated_at)).where(ResponseFact.journey_id == journey_id)
    )
    recent = 0
    if newest is not None:
        recent = (
            session.scalar(
                select(func.count()).where(
                    ResponseFact.journey_id == journey_id,
                    ResponseFact.updated_at > newest - SAFETY_MARGIN,
                )
            )
            or 0
        )
    return f"{newest}:{recent}:{sentiment.MODEL_VERSION}", newest


def latest_snapshot(session: Session, journey_id: int) -> MapSnapshot | None:
    """The newest complete snapshot of a journey, which is the map people read."""
    return session.scalar(
        select(MapSnapshot)
        .where(MapSnapshot.journey_id == journey_id)
        .order_by(MapSnapshot.generated_at.desc(), MapSnapshot.id.desc())
        .limit(1)
    )


def _refresh_buckets(session: Session, journey_id: int, state: RollupState, full: bool) -> int:
    """Rebuild the buckets that changed since the watermark; return how many days (−1: all)."""
    if full or state.facts_seen_until is None:
        rebuild_buckets(session, journey_id)
        return -1
    days = changed_days(session, journey_id, state.facts_seen_until - SAFETY_MARGIN)
    rebuild_buckets(session, journey_id, days)
    return len(days)


def _cell(
    key: CellKey,
    stats: CellStats,
    change: float | None,
    detection: painpoints.Detection | None,
    impact: float | None,
) -> MapCell:
    mean, low, high = stats.interval
    return MapCell(
        stage_id=key[0],
        touchpoint_id=key[1],
        n=stats.n,
        mean_compound=round(mean, 6),
        ci_low=round(low, 6),
        ci_high=round(high, 6),
        negative_share=round(stats.negative_share, 6),
        positive_share=round(stats.positive_share, 6),
        emotions=stats.emotions,
        dominant_emotion=stats.dominant_emotion,
        nps=round_or_none(stats.nps),
        csat=round_or_none(stats.csat),
        ces=round_or_none(stats.ces),
        change=round_or_none(change),
        is_pain_point=detection is not None,
        severity=detection.severity if detection else 0.0,
        impact=impact,
    )


def rollup_journey(
    session: Session,
    journey: Journey,
    *,
    full: bool = False,
    min_answers: int = DEFAULT_MIN_ANSWERS,
    period_days: int = DEFAULT_PERIOD_DAYS,
    progress: Progress | None = None,
) -> RollupResult:
    """Bring the journey's buckets up to date and store a new snapshot if anything changed."""
    say = progress or (lambda _step: None)
    watermark, newest = _watermark(session, journey.id)
    latest = latest_snapshot(session, journey.id)
    state = session.get(RollupState, journey.id) or RollupState(journey_id=journey.id)
    session.add(state)
    seen = state.facts_seen_until is not None
    if latest is not None and latest.watermark == watermark and seen and not full:
        pains = sum(1 for c in latest.cells if c.is_pain_point)
        return RollupResult(journey.slug, latest.id, False, len(latest.cells), pains)

    say("buckets")
    since = None if full or state.facts_seen_until is None else state.facts_seen_until
    rebuilt = _refresh_buckets(session, journey.id, state, full)
    state.facts_seen_until = newest

    say("customers")
    field = journey.customer_field
    refresh_customers(session, journey.id, field, None if since is None else since - SAFETY_MARGIN)
    state.last_run_at = utcnow()

    say("cells")
    cells = load_map_cells(session, journey.id)
    whole = total(cells.values())
    last_day = session.scalar(
        select(func.max(RollupBucket.day)).where(RollupBucket.journey_id == journey.id)
    )
    previous, current = _period_cells(session, journey.id, last_day, period_days)

    say("pain points")
    detections = painpoints.detect(cells, min_answers=min_answers)
    by_key = {(d.stage_id, d.touchpoint_id): d for d in detections}
    snapshot = MapSnapshot(
        journey_id=journey.id,
        model=sentiment.MODEL_VERSION,
        answer_count=whole.n,
        baseline_compound=round(whole.mean, 6),
        baseline_negative_share=round(whole.negative_share, 6),
        watermark=watermark,
        customer_paths=(
            customer_paths(session, journey.id, field, min_group=max(5, min_answers // 2)).as_json()
            if field
            else {}
        ),
    )
    snapshot.cells = [
        _cell(
            key,
            stats,
            _change(previous.get(key), current.get(key)),
            by_key.get(key),
            painpoints.outcome_impact(stats, whole),
        )
        for key, stats in sorted(cells.items())
    ]
    session.add(snapshot)
    session.flush()
    painpoints.persist(session, journey.id, detections)

    say("alerts")
    raised = []
    if last_day is not None:
        raised = alerts.raise_alerts(
            session,
            journey.id,
            snapshot.id,
            previous,
            current,
            min_answers=max(5, min_answers // 2),
            period_start=utcnow() - timedelta(days=period_days),
        )
    return RollupResult(
        journey.slug, snapshot.id, True, len(cells), len(detections), rebuilt, len(raised)
    )


def _period_cells(
    session: Session, journey_id: int, last_day: date | None, period_days: int
) -> tuple[dict[CellKey, CellStats], dict[CellKey, CellStats]]:
    if last_day is None:
        return {}, {}
    (p_start, p_end), (c_start, c_end) = alerts.periods(last_day, period_days)
    previous = load_map_cells(session, journey_id, since=p_start, until=p_end)
    current = load_map_cells(session, journey_id, since=c_start, until=c_end)
    return previous, current


def _change(previous: CellStats | None, current: CellStats | None) -> float | None:
    if previous is None or current is None or not previous.n or not current.n:
        return None
    return current.mean - previous.mean


def rollup(
    session: Session,
    *,
    journeys: Sequence[Journey] | None = None,
    full: bool = False,
    min_answers: int = DEFAULT_MIN_ANSWERS,
    period_days: int = DEFAULT_PERIOD_DAYS,
) -> list[RollupResult]:
    """Roll up every journey (or the ones given); the caller commits."""
    targets = journeys if journeys is not None else session.scalars(select(Journey)).all()
    return [
        rollup_journey(session, j, full=full, min_answers=min_answers, period_days=period_days)
        for j in targets
    ]
