"""What the map shows beside its cells: the journey's live pain points and its newest alerts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from journeys.models import Alert, PainPoint


def active_pain_points(session: Session, journey_id: int) -> list[PainPoint]:
    """The journey's pain points the newest rollup still finds, most severe first."""
    return list(
        session.scalars(
            select(PainPoint)
            .where(PainPoint.journey_id == journey_id, PainPoint.active.is_(True))
            .order_by(PainPoint.severity.desc(), PainPoint.id)
        )
    )


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
