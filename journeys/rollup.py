"""Rollups: scored answers → a journey-map snapshot of stage × touchpoint cells with pain points."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

import sentiment
from journeys.models import MapCell, MapSnapshot
from journeys.painpoints import mark_pain_points
from journeys.stats import mean_interval
from surveys.models import Answer, Journey, Response, TextScore

DEFAULT_MIN_ANSWERS = 30


@dataclass(frozen=True, slots=True)
class RollupResult:
    """What one rollup of one journey did."""

    journey: str
    snapshot_id: int
    created: bool
    cells: int
    pain_points: int


def _watermark(session: Session, journey_id: int) -> str:
    count, last_id, last_scored = session.execute(
        select(func.count(), func.max(TextScore.answer_id), func.max(TextScore.scored_at))
        .select_from(TextScore)
        .join(Answer, Answer.id == TextScore.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.journey_id == journey_id)
    ).one()
    return f"{count}:{last_id}:{last_scored}:{sentiment.MODEL_VERSION}"


def _cells(session: Session, journey_id: int) -> list[MapCell]:
    negative = case((TextScore.label == "negative", 1), else_=0)
    rows = session.execute(
        select(
            Response.stage_id,
            Response.touchpoint_id,
            func.count(),
            func.sum(TextScore.compound),
            func.sum(TextScore.compound * TextScore.compound),
            func.sum(negative),
        )
        .select_from(TextScore)
        .join(Answer, Answer.id == TextScore.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.journey_id == journey_id)
        .group_by(Response.stage_id, Response.touchpoint_id)
        .order_by(Response.stage_id, Response.touchpoint_id)
    ).all()
    cells = []
    for stage_id, touchpoint_id, n, total, total_sq, negatives in rows:
        mean, low, high = mean_interval(int(n), float(total), float(total_sq))
        cells.append(
            MapCell(
                stage_id=stage_id,
                touchpoint_id=touchpoint_id,
                n=int(n),
                mean_compound=round(mean, 6),
                ci_low=round(low, 6),
                ci_high=round(high, 6),
                negative_share=round(int(negatives) / int(n), 6),
            )
        )
    return cells


def rollup_journey(
    session: Session, journey: Journey, *, min_answers: int = DEFAULT_MIN_ANSWERS
) -> RollupResult:
    """Store a new snapshot of ``journey`` unless nothing changed since the newest one."""
    watermark = _watermark(session, journey.id)
    latest = latest_snapshot(session, journey.id)
    if latest is not None and latest.watermark == watermark:
        pains = sum(1 for c in latest.cells if c.is_pain_point)
        return RollupResult(journey.slug, latest.id, False, len(latest.cells), pains)
    cells = _cells(session, journey.id)
    total_n = sum(c.n for c in cells)
    baseline = sum(c.mean_compound * c.n for c in cells) / total_n if total_n else 0.0
    mark_pain_points(cells, baseline=baseline, min_answers=min_answers)
    snapshot = MapSnapshot(
        journey_id=journey.id,
        model=sentiment.MODEL_VERSION,
        answer_count=total_n,
        baseline_compound=round(baseline, 6),
        watermark=watermark,
        cells=cells,
    )
    session.add(snapshot)
    session.flush()
    pains = sum(1 for c in cells if c.is_pain_point)
    return RollupResult(journey.slug, snapshot.id, True, len(cells), pains)


def rollup(
    session: Session,
    *,
    journeys: Sequence[Journey] | None = None,
    min_answers: int = DEFAULT_MIN_ANSWERS,
) -> list[RollupResult]:
    """Roll up every journey (or the ones given); the caller commits."""
    targets = journeys if journeys is not None else session.scalars(select(Journey)).all()
    return [rollup_journey(session, j, min_answers=min_answers) for j in targets]


def latest_snapshot(session: Session, journey_id: int) -> MapSnapshot | None:
    """The newest complete snapshot of a journey, which is the map people read."""
    return session.scalar(
        select(MapSnapshot)
        .where(MapSnapshot.journey_id == journey_id)
        .order_by(MapSnapshot.generated_at.desc(), MapSnapshot.id.desc())
        .limit(1)
    )
