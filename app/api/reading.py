"""Reading with a key (``read`` scope): journeys, their maps and surveys, and stored responses.

Every lookup goes through the key's organisation: another organisation's things are 404, exactly
as for things that do not exist.
"""

from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.access import access, current_organisation
from app.api import schemas, serialize
from app.api.keyed import (
    bp,
    cursor_after,
    cursor_at,
    feed_position,
    path_journey,
    path_survey,
    query_of,
)
from app.api.spec import validate
from app.extensions import db, db_session
from app.web.maps import load_view
from journeys.map_view import EACH_PERSONA, MapFilters
from journeys.render.json_export import map_document
from surveys.models import Journey, Survey, SurveyVersion
from surveys.response_feed import FeedFilters, position_of, response_page


@bp.get("/journeys")
@access("key:read")
@validate({200: schemas.JourneyList}, tag="journeys", keyed=True, query=schemas.Page)
def list_journeys() -> ResponseReturnValue:
    """The organisation's journeys, oldest first."""
    page = query_of(schemas.Page)
    rows = db.session.scalars(
        select(Journey)
        .where(
            Journey.organisation_id == current_organisation().id,
            Journey.id > cursor_after(page.cursor),
        )
        .order_by(Journey.id)
        .limit(page.limit + 1)
    ).all()
    shown = rows[: page.limit]
    more = len(rows) > page.limit
    return jsonify(
        data=[serialize.journey_summary(j) for j in shown],
        next_cursor=cursor_at(shown[-1].id) if more else None,
    )


@bp.get("/journeys/<slug>")
@access("key:read")
@validate({200: schemas.JourneyEnvelope}, tag="journeys", keyed=True, errors=[404])
def show_journey(slug: str) -> ResponseReturnValue:
    """A journey with its stages, touchpoints (with the ids response filters take) and personas."""
    return jsonify(journey=serialize.journey(path_journey()))


@bp.get("/journeys/<slug>/map")
@access("key:read")
@validate(
    {200: schemas.MapEnvelope}, tag="journeys", keyed=True, errors=[404], query=schemas.MapQuery
)
def show_map(slug: str) -> ResponseReturnValue:
    """The journey map the page draws, as data, under the page's filters (persona, channel,
    since, until, snapshot): the document `journeys export --format json` writes."""
    journey = path_journey()
    wanted = query_of(schemas.MapQuery)
    each = wanted.persona == EACH_PERSONA
    filters = MapFilters(
        persona_id=int(wanted.persona) if wanted.persona and not each else None,
        each_persona=each,
        channel=wanted.channel,
        since=wanted.since,
        until=wanted.until,
        snapshot_id=wanted.snapshot,
    )
    return jsonify(map=map_document(load_view(journey, filters)))


@bp.get("/journeys/<slug>/surveys")
@access("key:read")
@validate(
    {200: schemas.SurveyList},
    tag="surveys",
    keyed=True,
    errors=[404],
    query=schemas.SurveysQuery,
)
def list_surveys(slug: str) -> ResponseReturnValue:
    """The journey's surveys with every version and its questions, oldest first."""
    journey = path_journey()
    page = query_of(schemas.SurveysQuery)
    query = (
        select(Survey)
        .where(Survey.journey_id == journey.id, Survey.id > cursor_after(page.cursor))
        .order_by(Survey.id)
        .limit(page.limit + 1)
        .options(selectinload(Survey.versions).selectinload(SurveyVersion.questions))
    )
    if page.status is not None:
        query = query.where(Survey.status == page.status)
    rows = db.session.scalars(query).all()
    shown = rows[: page.limit]
    return jsonify(
        data=[serialize.survey_detail(s) for s in shown],
        next_cursor=cursor_at(shown[-1].id) if len(rows) > page.limit else None,
    )


@bp.get("/journeys/<slug>/surveys/<public_id>")
@access("key:read")
@validate({200: schemas.SurveyDetailEnvelope}, tag="surveys", keyed=True, errors=[404])
def show_survey_detail(slug: str, public_id: str) -> ResponseReturnValue:
    """A survey with every version (drafts too) and its questions."""
    survey = path_survey()
    return jsonify(survey=serialize.survey_detail(survey))


@bp.get("/responses")
@access("key:read")
@validate(
    {200: schemas.ResponseList},
    tag="responses",
    keyed=True,
    errors=[404],
    query=schemas.ResponsesQuery,
)
def list_responses() -> ResponseReturnValue:
    """Stored responses with answers, hidden fields and scores, in the order they were committed.

    Page with ``cursor`` until ``next_cursor`` is null; a response stored while you page comes
    after every page already given, so none is skipped or repeated. To follow new responses,
    keep the last page's ``sync_cursor`` and send it as ``cursor`` next time. A response is
    listed once every write that began before it has finished (usually at once). To see
    changes to responses already read, ask for ``updated_since``: answers added or changed and
    responses finished change ``updated_at``. Free text is scored a little after it is stored
    (by the scoring job), so a text answer may be listed before its entry in ``scores`` exists.
    """
    wanted = query_of(schemas.ResponsesQuery)
    filters = FeedFilters(
        journey_slug=wanted.journey,
        survey_public_id=wanted.survey,
        touchpoint_id=wanted.touchpoint,
        since=wanted.since,
        until=wanted.until,
        updated_since=wanted.updated_since,
    )
    after = feed_position(wanted.cursor)
    rows, more = response_page(
        db_session(), current_organisation().id, filters, after=after, limit=wanted.limit
    )
    end = cursor_at(*(position_of(rows[-1]) if rows else after))
    return jsonify(
        data=serialize.response_records(db_session(), rows),
        next_cursor=end if more else None,
        sync_cursor=end,
    )
