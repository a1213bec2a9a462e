"""The team's notes on the map — status, owner team, opportunity, notes, value and effort — as
researchers edit them inline: one path for a pain point and for a stage's or cell's note."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from journeys.canvas_models import CellNote
from journeys.errors import InvalidAnnotation
from journeys.models import PAIN_POINT_STATUSES, PainPoint, PainPointStatus
from journeys.webhooks import events as webhooks
from surveys.models import utcnow

OWNER_MAX, TEXT_MAX = 120, 4000

#: What the team can annotate: a pain point the rollup found, or a note it put on a cell.
Annotated = TypeVar("Annotated", PainPoint, CellNote)


def annotate(
    session: Session,
    target: Annotated,
    *,
    status: str,
    owner_team: str,
    opportunity: str,
    effort: int | None,
    value: int | None = None,
    notes: str = "",
) -> Annotated:
    """Set the team's fields of ``target`` after checking them all (nothing half-written)."""
    problems = {}
    if status not in PAIN_POINT_STATUSES:
        problems["status"] = f"must be one of {', '.join(PAIN_POINT_STATUSES)}"
    if len(owner_team.strip()) > OWNER_MAX:
        problems["owner_team"] = f"must be at most {OWNER_MAX} characters"
    if len(opportunity) > TEXT_MAX:
        problems["opportunity"] = f"must be at most {TEXT_MAX} characters"
    if len(notes) > TEXT_MAX:
        problems["notes"] = f"must be at most {TEXT_MAX} characters"
    for name, score in (("effort", effort), ("value", value)):
        if score is not None and not 1 <= score <= 5:
            problems[name] = "must be a whole number from 1 to 5"
    if problems:
        raise InvalidAnnotation(problems)
    # Endpoints hear of a pain point's change (its fields their events carry), not of a note's.
    fields = ("status", "owner_team", "opportunity", "effort")
    before = tuple(getattr(target, name) for name in fields)
    target.status = PainPointStatus(status)
    target.owner_team = owner_team.strip()
    target.opportunity = opportunity.strip()
    target.notes = notes.strip()
    target.effort = effort
    target.value = value
    if isinstance(target, CellNote):
        target.updated_at = utcnow()
    session.flush()
    if isinstance(target, PainPoint) and tuple(getattr(target, n) for n in fields) != before:
        webhooks.pain_point_changed(session, target)
    return target
