"""The journey map as people read it: stages across, touchpoints down, newest snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from journeys.models import Alert, MapCell, MapSnapshot, PainPoint
from journeys.rollups import latest_snapshot
from surveys.models import Journey, Stage, Touchpoint


@dataclass(slots=True)
class JourneyMap:
    """A read model of one journey's newest snapshot, ready for a template or an export."""

    journey: Journey
    snapshot: MapSnapshot | None
    stages: list[Stage]
    touchpoints: list[Touchpoint]
    cells: dict[tuple[int, int], MapCell] = field(default_factory=dict)
    pain_points: list[PainPoint] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)

    @property
    def stage_by_id(self) -> dict[int, Stage]:
        """Stages keyed by id, for labelling cells."""
        return {s.id: s for s in self.stages}

    @property
    def touchpoint_by_id(self) -> dict[int, Touchpoint]:
        """Touchpoints keyed by id, for labelling cells."""
        return {t.id: t for t in self.touchpoints}

    def cell(self, stage: Stage, touchpoint: Touchpoint) -> MapCell | None:
        """The cell at ``stage`` × ``touchpoint``, if any answers landed there."""
        return self.cells.get((stage.id, touchpoint.id))


def _touchpoint_order(tp: Touchpoint) -> tuple[int, int]:
    return (tp.stage.position if tp.stage else 1_000_000, tp.position)


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


def journey_map(session: Session, journey: Journey) -> JourneyMap:
    """Assemble the map of ``journey`` from its newest snapshot (no raw answers are read)."""
    snapshot = latest_snapshot(session, journey.id)
    cells = {(c.stage_id, c.touchpoint_id): c for c in snapshot.cells} if snapshot else {}
    return JourneyMap(
        journey=journey,
        snapshot=snapshot,
        stages=list(journey.stages),
        touchpoints=sorted(journey.touchpoints, key=_touchpoint_order),
        cells=cells,
        pain_points=active_pain_points(session, journey.id),
        alerts=recent_alerts(session, journey.id),
    )
