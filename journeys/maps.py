"""What every map view shares: row order, the journey's live pain points and newest alerts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from journeys.aggregate import CellKey
from journeys.models import Alert, PainPoint
from surveys.models import Touchpoint


def touchpoint_order(touchpoint: Touchpoint) -> tuple[int, int]:
    """Sort key for map rows: by stage order, then position; touchpoints without a stage last."""
    return (touchpoint.stage.position if touchpoint.stage else 1_000_000, touchpoint.position)


def active_pain_points(session: Session, journey_id: int) -> list[PainPoint]:
    """The journey's pain points the newest rollup still finds, most severe first."""
    return list(
        session.scalars(
            select(PainPoint)
            .where(PainPoint.journey_id == journey_id, PainPoint.active.is_(True))
            .order_by(PainPoint.severity.desc(), PainPoint.id)
        )
    )


def tracked_pain_points(session: Session, journey_id: int) -> dict[CellKey, PainPoint]:
    """Every pain point a rollup has found on the journey, active or not, by cell: the team's
    status, owner and notes on a cell outlive its dropping off the map and coming back."""
    points = session.scalars(select(PainPoint).where(PainPoint.journey_id == journey_id))
    return {CellKey(p.stage_id, p.touchpoint_id): p for p in points}


def recent_alerts(session: Session, journey_id: int, limit: int = 10) -> list[Alert]:
    """The journey's newest alerts."""
    return list(
        session.scalars(
            select(Alert)
            .where(Alert.journey_id == journey_id)
            .order_by(Alert.created_at.desc(), Alert.id.desc())
            .limit(limit)
        )
    )
