"""An organisation's stored responses page by page, for programs that read or sync them.

Pages follow the order responses were committed in, from a position, never an offset: a
response stored while a reader pages lands after every position already handed out, so nothing
is skipped and nothing comes twice. The order is (storing transaction, id), read only up to the
oldest transaction still writing: ids alone are handed out before commit, so a slow transaction
could commit id 104 after a reader had passed 105 (surveys/models/transactions.py). A response
therefore shows once every write that began before it has finished (usually milliseconds; as
long as a job's transaction, at worst).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select, tuple_
from sqlalchemy.orm import Session, joinedload, selectinload

from surveys.errors import NotFound
from surveys.models import Answer, Journey, Response, Survey, SurveyVersion, Touchpoint
from surveys.models.transactions import OldestRunningTransaction

#: Where a reader is in the feed: (storing transaction, id) of the last response it was given.
Position = tuple[int, int]
START: Position = (0, 0)  # before every response: ids start at 1


@dataclass(frozen=True, slots=True)
class FeedFilters:
    """What the reader narrowed the responses to; every filter combines with the others."""

    journey_slug: str | None = None
    survey_public_id: str | None = None
    touchpoint_id: int | None = None
    since: datetime | None = None  # created at or after
    until: datetime | None = None  # created before
    updated_since: datetime | None = None  # changed at or after


def _narrowed(session: Session, organisation_id: int, filters: FeedFilters) -> Select[Response]:
    """The organisation's responses under ``filters``; NotFound for a filter naming nothing of
    the organisation's (another organisation's survey is as unknown as a missing one)."""
    query = (
        select(Response)
        .join(Journey, Journey.id == Response.journey_id)
        .where(Journey.organisation_id == organisation_id)
    )
    if filters.journey_slug is not None:
        journey_id = session.scalar(
            select(Journey.id).where(
                Journey.organisation_id == organisation_id, Journey.slug == filters.journey_slug
            )
        )
        if journey_id is None:
            raise NotFound(f"No journey '{filters.journey_slug}'.", {"journey": "is unknown"})
        query = query.where(Response.journey_id == journey_id)
    if filters.survey_public_id is not None:
        survey_id = session.scalar(
            select(Survey.id)
            .join(Journey, Journey.id == Survey.journey_id)
            .where(
                Journey.organisation_id == organisation_id,
                Survey.public_id == filters.survey_public_id,
            )
        )
        if survey_id is None:
            raise NotFound("No such survey.", {"survey": "is unknown"})
        versions = select(SurveyVersion.id).where(SurveyVersion.survey_id == survey_id)
        query = query.where(Response.version_id.in_(versions))
    if filters.touchpoint_id is not None:
        owner = session.scalar(
            select(Journey.organisation_id)
            .join(Touchpoint, Touchpoint.journey_id == Journey.id)
            .where(Touchpoint.id == filters.touchpoint_id)
        )
        if owner != organisation_id:
            raise NotFound("No such touchpoint.", {"touchpoint": "is unknown"})
        query = query.where(Response.touchpoint_id == filters.touchpoint_id)
    if filters.since is not None:
        query = query.where(Response.created_at >= filters.since)
    if filters.until is not None:
        query = query.where(Response.created_at < filters.until)
    if filters.updated_since is not None:
        query = query.where(Response.updated_at >= filters.updated_since)
    return query


def response_page(
    session: Session,
    organisation_id: int,
    filters: FeedFilters,
    *,
    after: Position = START,
    limit: int = 50,
) -> tuple[Sequence[Response], bool]:
    """Up to ``limit`` responses committed after position ``after``, oldest first, with their
    answers, questions and scores loaded; and whether more follow."""
    rows = session.scalars(
        _narrowed(session, organisation_id, filters)
        .where(
            tuple_(Response.stored_by, Response.id) > tuple_(*after),
            Response.stored_by < OldestRunningTransaction(),
        )
        .order_by(Response.stored_by, Response.id)
        .limit(limit + 1)
        .options(
            joinedload(Response.version).joinedload(SurveyVersion.survey),
            selectinload(Response.answers).joinedload(Answer.question),
            selectinload(Response.answers).joinedload(Answer.score),
        )
    ).all()
    return rows[:limit], len(rows) > limit


def position_of(response: Response) -> Position:
    """Where the feed stands after ``response``."""
    return (response.stored_by, response.id)
