"""Change detection: cells that worsened significantly against the previous period, each
raised as an alert (and an ``alert.raised`` webhook event)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from journeys import painpoints
from journeys.aggregate import CellKey, CellStats, load_map_cells
from journeys.models import Alert
from journeys.stats import Z_95
from journeys.webhooks import events as webhooks
from surveys.models import Stage, Touchpoint

MIN_DROP = 0.05  # ignore statistically significant but negligible changes on the compound scale


def significant_change(before: CellStats, after: CellStats) -> float | None:
    """The change of mean compound from ``before`` to ``after`` when a two-sample z-test at 95%
    and a size of at least MIN_DROP agree; None when it could be noise. Both need answers."""
    change = after.mean - before.mean
    se = math.sqrt(before.variance / before.n + after.variance / after.n)
    if abs(change) < MIN_DROP or (se > 0 and abs(change) / se <= Z_95):
        return None
    return change


def worsened(previous: CellStats, current: CellStats, *, min_answers: int) -> bool:
    """True when the current period's mean fell significantly (see ``significant_change``),
    with enough answers in both periods."""
    if previous.n < min_answers or current.n < min_answers:
        return False
    change = significant_change(previous, current)
    return change is not None and change < 0


def periods(last_day: date, length_days: int) -> tuple[tuple[date, date], tuple[date, date]]:
    """The latest period ending on ``last_day`` and the equally long one before it."""
    current = (last_day - timedelta(days=length_days - 1), last_day)
    previous = (current[0] - timedelta(days=length_days), current[0] - timedelta(days=1))
    return previous, current


def raise_alerts(
    session: Session,
    journey_id: int,
    snapshot_id: int,
    previous: Mapping[CellKey, CellStats],
    current: Mapping[CellKey, CellStats],
    *,
    min_answers: int,
    period_start: date,
) -> list[Alert]:
    """Create an alert per cell that worsened, once per cell and period."""
    already = {
        (a.stage_id, a.touchpoint_id)
        for a in session.scalars(
            select(Alert).where(Alert.journey_id == journey_id, Alert.created_at >= period_start)
        )
    }
    names = {
        t.id: t.name
        for t in session.scalars(select(Touchpoint).where(Touchpoint.journey_id == journey_id))
    }
    stages = {
        s.id: s.name for s in session.scalars(select(Stage).where(Stage.journey_id == journey_id))
    }
    raised = []
    for key, now in current.items():
        before = previous.get(key)
        if key in already or before is None or not worsened(before, now, min_answers=min_answers):
            continue
        stage_id, touchpoint_id = key
        alert = Alert(
            journey_id=journey_id,
            snapshot_id=snapshot_id,
            stage_id=stage_id,
            touchpoint_id=touchpoint_id,
            previous_mean=round(before.mean, 4),
            current_mean=round(now.mean, 4),
            message=(
                f"{names.get(touchpoint_id, '?')} at {stages.get(stage_id, '?')} worsened: "
                f"mean sentiment {before.mean:+.2f} → {now.mean:+.2f} "
                f"({before.n} → {now.n} answers)"
            ),
        )
        session.add(alert)
        raised.append(alert)
    session.flush()
    webhooks.alerts_raised(session, raised)
    return raised


@dataclass(frozen=True, slots=True)
class AlertEvidence:
    """An alert with what backs it: the two periods' figures and the newer one's complaints."""

    alert: Alert
    stage: str
    touchpoint: str
    previous: tuple[date, date]
    current: tuple[date, date]
    before: CellStats | None
    after: CellStats | None
    evidence: painpoints.Evidence


def alerts_with_evidence(
    session: Session, journey_id: int, *, period_days: int, limit: int = 20
) -> list[AlertEvidence]:
    """The journey's newest alerts, each with its periods' figures from the day buckets and the
    themes and quotes of the current period's negative answers at its cell."""
    rows = session.scalars(
        select(Alert)
        .where(Alert.journey_id == journey_id)
        .order_by(Alert.created_at.desc(), Alert.id.desc())
        .limit(limit)
    ).all()
    names = {
        t.id: t.name
        for t in session.scalars(select(Touchpoint).where(Touchpoint.journey_id == journey_id))
    }
    stages = {
        s.id: s.name for s in session.scalars(select(Stage).where(Stage.journey_id == journey_id))
    }
    out = []
    for alert in rows:
        # The rollup that raised it compared the periods ending on the newest day it had.
        previous, current = periods(alert.created_at.date(), period_days)
        key = CellKey(alert.stage_id, alert.touchpoint_id)
        figures = [
            load_map_cells(session, journey_id, since=since, until=until).get(key)
            for since, until in (previous, current)
        ]
        found = painpoints.evidence(session, journey_id, *key, since=current[0], until=current[1])
        out.append(
            AlertEvidence(
                alert,
                stages.get(alert.stage_id, "?"),
                names.get(alert.touchpoint_id, "?"),
                previous,
                current,
                figures[0],
                figures[1],
                found,
            )
        )
    return out
