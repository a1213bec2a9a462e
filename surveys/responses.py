"""Services that take customers' answers: find the live version, store a response exactly once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from surveys.answers import clean_answers
from surveys.errors import NotFound, SurveyClosed
from surveys.models import Answer, Persona, Response, Survey, SurveyVersion


def survey_by_public_id(session: Session, public_id: str) -> Survey:
    """The survey behind ``/s/<public_id>``, or NotFound."""
    survey = session.scalar(
        select(Survey)
        .where(Survey.public_id == public_id)
        .options(selectinload(Survey.versions).selectinload(SurveyVersion.questions))
    )
    if survey is None:
        raise NotFound("This survey does not exist.")
    return survey


def live_version(session: Session, public_id: str) -> SurveyVersion:
    """The version customers answer now; NotFound for drafts, SurveyClosed once closed."""
    survey = survey_by_public_id(session, public_id)
    version = survey.live_version
    if survey.status == "closed":
        raise SurveyClosed("This survey is closed and takes no more answers.")
    if survey.status != "live" or version is None:
        raise NotFound("This survey is not published.")
    return version


def submit_response(
    session: Session,
    version: SurveyVersion,
    answers: Mapping[str, object],
    *,
    client_key: str | None = None,
    persona: Persona | None = None,
    channel: str | None = None,
    created_at: datetime | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Response:
    """Store one response exactly once; raise InvalidAnswer or SurveyClosed.

    With a ``client_key`` a retried submission returns the response already stored instead of a
    second copy.
    """
    survey = version.survey
    if survey.status == "closed":
        raise SurveyClosed("This survey is closed and takes no more answers.")
    if client_key is not None:
        existing = session.scalar(
            select(Response).where(
                Response.version_id == version.id, Response.client_key == client_key
            )
        )
        if existing is not None:
            return existing
    cleaned = clean_answers(version, answers)
    response = Response(
        version=version,
        journey_id=survey.journey_id,
        stage_id=survey.stage_id,
        touchpoint_id=survey.touchpoint_id,
        persona_id=persona.id if persona else None,
        channel=channel or survey.touchpoint.channel,
        client_key=client_key,
        meta=dict(meta or {}),
    )
    if created_at is not None:
        response.created_at = created_at
    response.answers = [
        Answer(question=c.question, value_text=c.text, value_number=c.number) for c in cleaned
    ]
    if client_key is None:
        session.add(response)
        session.flush()
        return response
    try:
        # A concurrent retry may win the race for the unique (version, client_key) pair.
        with session.begin_nested():
            session.add(response)
            session.flush()
    except IntegrityError:
        stored = session.scalar(
            select(Response).where(
                Response.version_id == version.id, Response.client_key == client_key
            )
        )
        if stored is None:
            raise
        return stored
    return response
