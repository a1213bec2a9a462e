"""The team's notes on a pain point — status, owner team, opportunity, effort — as researchers
edit them on the map."""

from __future__ import annotations

from sqlalchemy.orm import Session

from journeys.errors import InvalidAnnotation
from journeys.models import PAIN_POINT_STATUSES, PainPoint, PainPointStatus
from journeys.webhooks import events as webhooks


def annotate(
    session: Session,
    point: PainPoint,
    *,
    status: str,
    owner_team: str,
    opportunity: str,
    effort: int | None,
) -> PainPoint:
    """Set the team's fields of ``point`` after checking them all (nothing half-written)."""
    problems = {}
    if status not in PAIN_POINT_STATUSES:
        problems["status"] = f"must be one of {', '.join(PAIN_POINT_STATUSES)}"
    if len(owner_team.strip()) > 120:
        problems["owner_team"] = "must be at most 120 characters"
    if len(opportunity) > 4000:
        problems["opportunity"] = "must be at most 4000 characters"
    if effort is not None and not 1 <= effort <= 5:
        problems["effort"] = "must be a whole number from 1 to 5"
    if problems:
        raise InvalidAnnotation(problems)
    before = (point.status, point.owner_team, point.opportunity, point.effort)
    point.status = PainPointStatus(status)
    point.owner_team = owner_team.strip()
    point.opportunity = opportunity.strip()
    point.effort = effort
    session.flush()
    if (point.status, point.owner_team, point.opportunity, point.effort) != before:
        webhooks.pain_point_changed(session, point)
    return point
