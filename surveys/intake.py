"""Taking a response through the public API with as few round trips as the rules allow.

The API is the high-volume way in (apps, servers, the widget's bursts), so it does not load the
survey's object graph per request: a published version never changes, so its questions are read
once per process and kept; each request costs one query for the survey's current state (closed?
which version is live?), one for the client's key, and the inserts. The rules are the same as
``create_response``'s: the same answer checkers, the same exactly-once key, the same digest.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from surveys.answers import clean_answers
from surveys.errors import InvalidAnswer, NotFound, check_channel
from surveys.kinds import stored_value
from surveys.models import (
    Answer,
    Persona,
    Response,
    Survey,
    SurveyVersion,
    Touchpoint,
    utcnow,
)
from surveys.models.response import new_response_token
from surveys.responses import (
    IdempotencyConflict,
    check_answerable,
    find_by_key,
    replay,
    request_digest,
)


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """A response as API clients see it, detached from any session."""

    id: int
    public_id: str
    client_key: str | None
    survey: str
    version: int
    status: str
    answers: dict[str, object]
    hidden: dict[str, Any]
    channel: str
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None

    @classmethod
    def of(cls, response: Response) -> StoredResponse:
        """The snapshot of a loaded response."""
        answers: dict[str, object] = {}
        for a in sorted(response.answers, key=lambda a: a.question.position):
            answers[a.question.key] = stored_value(a.question.kind, a.value_text, a.value_number)
        return cls(
            id=response.id,
            public_id=response.public_id,
            client_key=response.client_key,
            survey=response.version.survey.public_id,
            version=response.version.number,
            status=response.status,
            answers=answers,
            hidden=dict(response.meta.get("hidden", {})),
            channel=response.channel,
            created_at=response.created_at,
            updated_at=response.updated_at,
            completed_at=response.completed_at,
        )


@dataclass(frozen=True, slots=True)
class _SurveyState:
    survey_id: int
    status: str
    journey_id: int
    stage_id: int
    touchpoint_id: int
    channel: str
    published: dict[int, tuple[int, datetime]]  # version number → (version id, published at)


RESPONSE: Table = Response.__table__  # type: ignore[assignment]
ANSWER: Table = Answer.__table__  # type: ignore[assignment]

# (database, version id, published at) → the version with its questions, detached and read-only.
_versions: dict[tuple[str, int, datetime], SurveyVersion] = {}
_versions_lock = threading.Lock()


# Statements built once: on the hot path, building and keying them cost more than running them.
_STATE = (
    select(
        Survey.id,
        Survey.status,
        Survey.journey_id,
        Survey.stage_id,
        Survey.touchpoint_id,
        Touchpoint.channel,
        SurveyVersion.id,
        SurveyVersion.number,
        SurveyVersion.published_at,
    )
    .join(Touchpoint, Touchpoint.id == Survey.touchpoint_id)
    .outerjoin(SurveyVersion, SurveyVersion.survey_id == Survey.id)
    .where(Survey.public_id == bindparam("public_id"))
)
_INSERT_ONCE = {
    dialect: insert(RESPONSE)
    .on_conflict_do_nothing(index_elements=["version_id", "client_key"])
    .returning(RESPONSE.c.id)
    for dialect, insert in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))
}
_INSERT_ANSWERS = ANSWER.insert()


def _survey_state(session: Session, public_id: str) -> _SurveyState:
    # Core on the session's connection (same transaction): the ORM layer adds nothing here.
    rows = session.connection().execute(_STATE, {"public_id": public_id}).all()
    if not rows:
        raise NotFound("This survey does not exist.")
    first = rows[0]
    published = {
        number: (version_id, published_at)
        for *_, version_id, number, published_at in rows
        if published_at is not None
    }
    check_answerable(first[1], bool(published))
    return _SurveyState(*first[:6], published=published)


def _version(session: Session, version_id: int, published_at: datetime) -> SurveyVersion:
    """The published version with its questions, loaded once per process and database."""
    bind = session.get_bind()
    key = (str(bind.engine.url), version_id, published_at)
    cached = _versions.get(key)
    if cached is not None:
        return cached
    version = session.scalars(
        select(SurveyVersion)
        .where(SurveyVersion.id == version_id)
        .options(selectinload(SurveyVersion.questions))
        .execution_options(populate_existing=True)
    ).one()
    session.expunge(version)  # a detached copy: reading it never touches a session again
    with _versions_lock:
        _versions.setdefault(key, version)
    return version


def _persona_id(session: Session, journey_id: int, name: str | None) -> int | None:
    if not name:
        return None
    persona_id = session.scalar(
        select(Persona.id).where(
            Persona.journey_id == journey_id, func.lower(Persona.name) == name.strip().lower()
        )
    )
    if persona_id is None:
        raise InvalidAnswer(
            "Unknown persona.", {"persona": "is not a persona of this survey's journey"}
        )
    return int(persona_id)


def _stored_by_key(
    session: Session, version_id: int, client_key: str, digest: str | None
) -> StoredResponse | None:
    stored = find_by_key(session, version_id, client_key)
    return None if stored is None else StoredResponse.of(replay(stored, digest))


def take_response(
    session: Session,
    public_id: str,
    answers: Mapping[str, object],
    *,
    version_number: int | None = None,
    client_key: str | None = None,
    digest: str | None = None,
    complete: bool = True,
    persona: str | None = None,
    channel: str | None = None,
    meta: Mapping[str, Any] | None = None,
    source: str = "api",
) -> tuple[StoredResponse, bool]:
    """Store one response to survey ``public_id`` exactly once; return it and whether it is new.

    Raises NotFound, SurveyClosed, InvalidAnswer (naming fields) or IdempotencyConflict.
    """
    state = _survey_state(session, public_id)
    number = version_number if version_number is not None else max(state.published)
    if number not in state.published:
        raise InvalidAnswer(
            "This survey has no such published version.",
            {"version": f"is not a published version (the live one is {max(state.published)})"},
        )
    version_id, published_at = state.published[number]
    if channel is not None:
        check_channel(channel, InvalidAnswer)
    version = _version(session, version_id, published_at)
    cleaned = clean_answers(version, answers, partial=not complete)
    persona_id = _persona_id(session, state.journey_id, persona)
    if client_key is not None and digest is None:
        # What the request means, not how it was spelled: a retry that writes the default
        # ("complete": true), a rating as "3" or a persona in other case is the same request.
        digest = request_digest(
            {
                "answers": [[c.question.key, c.text, c.number] for c in cleaned],
                "version": number,
                "complete": complete,
                "persona": persona_id,
                "channel": channel or state.channel,
                "hidden": dict(meta or {}).get("hidden", {}),
            }
        )
    now = utcnow()
    row: dict[str, Any] = {
        "public_id": new_response_token(),
        "version_id": version_id,
        "journey_id": state.journey_id,
        "stage_id": state.stage_id,
        "touchpoint_id": state.touchpoint_id,
        "persona_id": persona_id,
        "channel": channel or state.channel,
        "client_key": client_key,
        "request_digest": digest,
        "source": source,
        "status": "complete" if complete else "partial",
        "created_at": now,
        "updated_at": now,
        "completed_at": now if complete else None,
        "meta": dict(meta or {}),
    }
    # No look-up first and no savepoint: the insert itself skips a row whose (version, client key)
    # is taken — a retry, or its twin racing it — and then the stored one is returned.
    connection = session.connection()
    inserted = connection.execute(_INSERT_ONCE[connection.dialect.name], row)
    response_id = inserted.scalar_one_or_none()
    if response_id is None:
        stored = _stored_by_key(session, version_id, str(client_key), digest)
        if stored is None:  # cannot happen: the conflict names a stored row
            raise IdempotencyConflict("The response could not be stored; retry.")
        return stored, False
    if cleaned:
        connection.execute(
            _INSERT_ANSWERS,
            [
                {
                    "response_id": response_id,
                    "question_id": c.question.id,
                    "value_text": c.text,
                    "value_number": c.number,
                }
                for c in cleaned
            ],
        )
    return (
        StoredResponse(
            id=response_id,
            public_id=row["public_id"],
            client_key=client_key,
            survey=public_id,
            version=number,
            status=row["status"],
            answers={
                c.question.key: stored_value(c.question.kind, c.text, c.number) for c in cleaned
            },
            hidden=dict(row["meta"].get("hidden", {})),
            channel=row["channel"],
            created_at=now,
            updated_at=now,
            completed_at=row["completed_at"],
        ),
        True,
    )
