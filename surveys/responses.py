"""Services that take customers' answers: find the version answered, store a response exactly once,
let an API client add to a partial response and finish it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload

from surveys.answers import CleanAnswer, clean_answers, is_blank, missing_required
from surveys.errors import InvalidAnswer, NotFound, SurveyClosed, SurveyError, check_channel
from surveys.kinds import stored_value, visible_questions
from surveys.models import (
    Answer,
    Persona,
    Response,
    Survey,
    SurveyVersion,
    utcnow,
)
from surveys.models.response import RESPONSE_SOURCES


class ResponseComplete(SurveyError):
    """The response was finished; its answers can no longer change."""

    code = "response_complete"


class IdempotencyConflict(SurveyError):
    """A response id or Idempotency-Key was sent again with a different request."""

    code = "idempotency_conflict"


def request_digest(payload: Mapping[str, Any]) -> str:
    """A stable digest of a request body, to tell a true retry from a reused key."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def survey_by_public_id(session: Session, public_id: str) -> Survey:
    """The survey behind ``/s/<public_id>``, or NotFound."""
    survey = session.scalar(
        select(Survey)
        .where(Survey.public_id == public_id)
        .options(
            selectinload(Survey.versions).selectinload(SurveyVersion.questions),
            joinedload(Survey.touchpoint),  # its channel tags every response
        )
    )
    if survey is None:
        raise NotFound("This survey does not exist.")
    return survey


def check_answerable(status: str, published: bool) -> None:
    """Raise SurveyClosed for a closed survey, NotFound for one never published (or a draft)."""
    if status == "closed":
        raise SurveyClosed()
    if status != "live" or not published:
        raise NotFound("This survey is not published.")


def live_version(session: Session, public_id: str) -> SurveyVersion:
    """The version customers answer now; NotFound for drafts, SurveyClosed once closed."""
    survey = survey_by_public_id(session, public_id)
    check_answerable(survey.status, survey.live_version is not None)
    assert survey.live_version is not None  # checked above
    return survey.live_version


def persona_named(survey: Survey, name: str | None) -> Persona | None:
    """The survey's journey persona called ``name`` (case-insensitive), or None."""
    if not name:
        return None
    wanted = name.strip().casefold()
    return next((p for p in survey.journey.personas if p.name.casefold() == wanted), None)


def find_by_key(session: Session, version_id: int, client_key: str) -> Response | None:
    """The response a client already stored under ``client_key`` for this version, if any."""
    return session.scalar(
        select(Response).where(Response.version_id == version_id, Response.client_key == client_key)
    )


def replay(stored: Response, digest: str | None) -> Response:
    """A retry's stored response; IdempotencyConflict if the key came back with other answers."""
    if digest is not None and stored.request_digest not in (None, digest):
        raise IdempotencyConflict(
            "This response id was already used for a different request; "
            "send a new id for a new response.",
            {"id": "was used before with other answers"},
        )
    return stored


def create_response(
    session: Session,
    version: SurveyVersion,
    answers: Mapping[str, object],
    *,
    client_key: str | None = None,
    digest: str | None = None,
    complete: bool = True,
    source: str = "hosted",
    persona: Persona | None = None,
    channel: str | None = None,
    created_at: datetime | None = None,
    meta: Mapping[str, Any] | None = None,
) -> tuple[Response, bool]:
    """Store one response exactly once; return it and whether it is new.

    With a ``client_key`` a retry returns the response already stored (checking ``digest``, the
    first request's fingerprint, so a reused key with other answers raises IdempotencyConflict).
    Raises InvalidAnswer or SurveyClosed. A partial response (``complete=False``) may lack
    required answers until it is finished.
    """
    survey = version.survey
    if survey.status == "closed":
        raise SurveyClosed()
    if client_key is not None and (existing := find_by_key(session, version.id, client_key)):
        return replay(existing, digest), False
    if channel is not None:
        check_channel(channel, InvalidAnswer)
    if source not in RESPONSE_SOURCES:
        raise ValueError(f"unknown response source {source!r}")
    cleaned = clean_answers(version, answers, partial=not complete)
    now = utcnow()
    response = Response(
        version=version,
        journey_id=survey.journey_id,
        stage_id=survey.stage_id,
        touchpoint_id=survey.touchpoint_id,
        persona_id=persona.id if persona else None,
        channel=channel or survey.touchpoint.channel,
        client_key=client_key,
        request_digest=digest,
        source=source,
        status="complete" if complete else "partial",
        created_at=created_at or now,
        updated_at=now,
        completed_at=(created_at or now) if complete else None,
        meta=dict(meta or {}),
    )
    response.answers = [_new_answer(c) for c in cleaned]
    if client_key is None:
        session.add(response)
        session.flush()
        return response, True
    try:
        # A concurrent retry may win the race for the unique (version, client_key) pair.
        with session.begin_nested():
            session.add(response)
            session.flush()
    except IntegrityError:
        stored = find_by_key(session, version.id, client_key)
        if stored is None:
            raise
        return replay(stored, digest), False
    return response, True


def submit_response(
    session: Session,
    version: SurveyVersion,
    answers: Mapping[str, object],
    **options: Any,
) -> Response:
    """Store one finished response exactly once; raise InvalidAnswer or SurveyClosed."""
    response, _created = create_response(session, version, answers, **options)
    return response


def response_by_public_id(
    session: Session, public_id: str, *, for_update: bool = False
) -> Response:
    """The response an API client created, by the id it was given; NotFound otherwise.

    ``for_update`` locks the row (PostgreSQL) so two concurrent updates apply one after the other.
    """
    query = select(Response).where(Response.public_id == public_id)
    if for_update:
        query = query.with_for_update()
    response = session.scalar(query)
    if response is None:
        raise NotFound("No such response.", {"id": "is unknown"})
    return response


def _new_answer(clean: CleanAnswer) -> Answer:
    return Answer(question=clean.question, value_text=clean.text, value_number=clean.number)


def _differs(answer: Answer, clean: CleanAnswer) -> bool:
    return (answer.value_text, answer.value_number) != (clean.text, clean.number)


def _changes(response: Response, answers: Mapping[str, object]) -> bool:
    """Whether applying ``answers`` would change what is stored (a retried finish would not)."""
    stored = {a.question.key: a for a in response.answers}
    for clean in clean_answers(response.version, answers, partial=True):
        current = stored.get(clean.question.key)
        if current is None or _differs(current, clean):
            return True
    return any(is_blank(v) and k in stored for k, v in answers.items())


def update_response(
    session: Session, response: Response, answers: Mapping[str, object]
) -> Response:
    """Set or change answers of a partial response; a blank value clears that answer.

    Raises ResponseComplete once finished, SurveyClosed once the survey closed, InvalidAnswer
    naming the questions whose answers do not fit.
    """
    if response.status == "complete":
        raise ResponseComplete(
            "This response is finished and can no longer change.", {"id": "is complete"}
        )
    if response.version.survey.status == "closed":
        raise SurveyClosed()
    cleaned = clean_answers(response.version, answers, partial=True)
    by_question = {a.question_id: a for a in response.answers}
    for clean in cleaned:
        current = by_question.get(clean.question.id)
        if current is None:
            response.answers.append(_new_answer(clean))
        elif _differs(current, clean):
            current.value_text, current.value_number = clean.text, clean.number
            current.score = None  # the old score read other words; the scoring job rescores
    cleared = {key for key, value in answers.items() if is_blank(value)}
    response.answers = [a for a in response.answers if a.question.key not in cleared]
    response.updated_at = utcnow()
    session.flush()
    return response


def finish_response(
    session: Session, response: Response, answers: Mapping[str, object] | None = None
) -> Response:
    """Apply any last ``answers`` and mark the response complete; finishing twice is harmless.

    InvalidAnswer names the required questions still unanswered; ResponseComplete if a finished
    response would be changed.
    """
    if response.status == "complete":
        if answers and _changes(response, answers):
            raise ResponseComplete(
                "This response is finished and can no longer change.", {"id": "is complete"}
            )
        return response
    if answers:
        update_response(session, response, answers)
    stored = {
        a.question.key: stored_value(a.question.kind, a.value_text, a.value_number)
        for a in response.answers
    }
    # A later answer can hide a question answered earlier ("5 stars" hides "what went wrong?"):
    # the finished response keeps only what was asked, exactly as a one-shot submit would.
    shown = visible_questions(response.version.questions, stored)
    if len(shown.intersection(stored)) < len(stored):
        response.answers = [a for a in response.answers if a.question.key in shown]
        stored = {key: value for key, value in stored.items() if key in shown}
    missing = missing_required(response.version, stored)
    if missing:
        raise InvalidAnswer("Answer the required questions before finishing.", missing)
    response.status = "complete"
    response.completed_at = response.updated_at = utcnow()
    session.flush()
    return response
