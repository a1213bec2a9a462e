"""The one way a response is stored, whoever sends it: the hosted page, the widget, the public API,
a file import or the demo.

Storing is two steps: ``prepare_response`` checks one response (the survey takes answers, the
answers fit the exact version answered, the channel is one we know) and builds its row without
touching the database; ``store_responses`` writes a batch of prepared responses with one
multi-row ``INSERT … ON CONFLICT DO NOTHING RETURNING`` and one insert of all their answers. No
ORM object is built per response, so an API request and an import of many thousand rows cost the
same few statements per batch. ``store_response`` is the batch of one.

A client key makes a response exactly once per survey: the insert itself skips a row whose
(survey, key) is taken — a retry, or its twin racing it, even one sent after a new version went
live — and the stored response is returned instead, unless the key came back with a request that
means something else (IdempotencyConflict).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from surveys.answers import COMMENT_SUFFIX, CleanAnswer
from surveys.batch_insert import BatchInsert
from surveys.errors import InvalidAnswer, SurveyClosed, SurveyError, check_channel
from surveys.kinds import stored_value
from surveys.models import (
    Answer,
    Channel,
    Persona,
    Response,
    ResponseSource,
    ResponseStatus,
    SurveyStatus,
    SurveyVersion,
    utcnow,
)
from surveys.models.response import new_response_token
from surveys.published import Target, target_of


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """A response as its sender sees it, detached from any session."""

    id: int
    public_id: str
    client_key: str | None
    survey: str
    version: int
    status: ResponseStatus
    answers: dict[str, object]
    hidden: dict[str, Any]
    channel: Channel
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None

    @classmethod
    def of(cls, response: Response) -> StoredResponse:
        """The snapshot of a loaded response."""
        answers: dict[str, object] = {}
        for a in sorted(response.answers, key=lambda a: a.question.position):
            answers[a.question.key] = stored_value(a.question, a.value_text, a.value_number)
            if a.comment is not None:
                answers[a.question.key + COMMENT_SUFFIX] = a.comment
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


class IdempotencyConflict(SurveyError):
    """A client key came back with a request that means something else.

    ``stored`` is the response the key already names, for a caller whose key identifies one
    showing of a form rather than one request (see ``app.answering``).
    """

    code = "idempotency_conflict"

    def __init__(self, stored: StoredResponse) -> None:
        super().__init__(
            "This response id was already used for a different request; "
            "send a new id for a new response.",
            {"id": "was used before with other answers"},
        )
        self.stored = stored


@dataclass(frozen=True, slots=True)
class NewResponse:
    """One response as a surface hands it over, before any check."""

    target: Target
    answers: Mapping[str, object]  # question key → value, as sent
    source: ResponseSource
    client_key: str | None = None  # makes the response exactly once
    complete: bool = True  # False: an API client is still adding answers
    persona_id: int | None = None  # found with ``surveys.persona_named`` by the caller
    channel: str | None = None  # None: the touchpoint's
    meta: Mapping[str, Any] = field(default_factory=dict)  # hidden fields, device, import line
    created_at: datetime | None = None  # None: now (imports and the demo give their own)


@dataclass(frozen=True, slots=True)
class PreparedResponse:
    """A response whose checks passed: its row and answers, ready for ``store_responses``."""

    target: Target
    row: dict[str, Any]
    answers: list[CleanAnswer]


RESPONSE: Table = Response.__table__  # type: ignore[assignment]
ANSWER: Table = Answer.__table__  # type: ignore[assignment]

# Statements built once: on the API's hot path, building and keying them costs more than running.
# Each response exactly once per survey and client key: the key's row wins, a retry stores nothing.
_INSERT_NEW = {
    dialect: insert(RESPONSE).on_conflict_do_nothing(index_elements=["survey_id", "client_key"])
    for dialect, insert in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))
}
_INSERT_ONCE = {
    dialect: statement.returning(RESPONSE.c.public_id, RESPONSE.c.id)
    for dialect, statement in _INSERT_NEW.items()
}
# A batch goes through the driver's executemany (see ``BatchInsert``); its new ids are then read
# back by public id, which the batch chose.
_BATCH_RESPONSES = {
    dialect: BatchInsert(statement, RESPONSE) for dialect, statement in _INSERT_NEW.items()
}
_BATCH_ANSWERS = BatchInsert(ANSWER.insert(), ANSWER)
_NEW_IDS = select(RESPONSE.c.public_id, RESPONSE.c.id)


# Built once: ``json.dumps`` with options builds an encoder per call, a cost on every response.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)


def request_digest(payload: Mapping[str, Any]) -> str:
    """A stable digest of what a request means, to tell a true retry from a reused key."""
    return hashlib.sha256(_CANONICAL.encode(payload).encode()).hexdigest()


def _meaning(item: NewResponse, cleaned: list[CleanAnswer], channel: str) -> str:
    # What the request means, not how it was spelled: a retry that writes the default
    # ("complete": true), a rating as "3" or a persona in other case is the same request.
    return request_digest(
        {
            "answers": [
                [c.question.key, c.text, c.number, *([c.comment] if c.comment else [])]
                for c in cleaned
            ],
            "version": item.target.number,
            "complete": item.complete,
            "persona": item.persona_id,
            "channel": channel,
            "hidden": item.meta.get("hidden", {}),
        }
    )


def _replayable(item: NewResponse, source: ResponseSource) -> bool:
    """Whether a later request may be answered with this response, so its meaning is kept to
    tell a true retry from a reused key.

    An imported row never is: imported surveys take no answers from a page or the API, and a
    re-import matches rows on the key alone. Its digest would be a hash computed on every row
    of a big import and never read.
    """
    return item.client_key is not None and source is not ResponseSource.IMPORT


def prepare_response(item: NewResponse) -> PreparedResponse:
    """Check one response and build its row; raise SurveyClosed or InvalidAnswer (naming fields).

    Nothing is written. A partial response (``complete=False``) may lack required answers until
    it is finished.
    """
    target = item.target
    if target.status == SurveyStatus.CLOSED:
        raise SurveyClosed()
    # A ValueError for a caller's typo, never user input; a member (every caller's) as it is.
    source = item.source if type(item.source) is ResponseSource else ResponseSource(item.source)
    channel = target.channel if item.channel is None else check_channel(item.channel, InvalidAnswer)
    cleaned = target.rules.clean(item.answers, partial=not item.complete)
    now = utcnow()
    created = item.created_at or now
    row: dict[str, Any] = {
        "public_id": new_response_token(),
        "version_id": target.version_id,
        "survey_id": target.version.survey_id,
        "journey_id": target.journey_id,
        "stage_id": target.stage_id,
        "touchpoint_id": target.touchpoint_id,
        "persona_id": item.persona_id,
        "channel": channel,
        "client_key": item.client_key,
        "request_digest": _meaning(item, cleaned, channel) if _replayable(item, source) else None,
        "source": source,
        "status": ResponseStatus.COMPLETE if item.complete else ResponseStatus.PARTIAL,
        "created_at": created,
        "updated_at": now,
        "completed_at": created if item.complete else None,
        "meta": dict(item.meta),
    }
    return PreparedResponse(target, row, cleaned)


def insert_responses(session: Session, batch: Sequence[PreparedResponse]) -> list[int | None]:
    """Insert a batch of prepared responses and their answers; return each one's new id, or None
    where its client key was taken (a retry, or an import of rows stored before).

    One response is one ``INSERT … ON CONFLICT DO NOTHING RETURNING``; a batch is one
    executemany of that insert, one read of the new ids, and one executemany of all the answers.
    Flushes the session first (rows the ORM made — a persona, an import survey — must exist),
    never commits.
    """
    if not batch:
        return []
    session.flush()
    connection = session.connection()
    rows = [prepared.row for prepared in batch]
    dialect = connection.dialect.name
    # Public id → id, of the rows stored now (a row whose key was taken is not among them).
    if len(rows) == 1:
        found = connection.execute(_INSERT_ONCE[dialect], rows[0])
    else:
        _BATCH_RESPONSES[dialect].run(connection, rows)
        public_ids = [row["public_id"] for row in rows]
        found = connection.execute(_NEW_IDS.where(RESPONSE.c.public_id.in_(public_ids)))
    inserted: dict[str, int] = dict(found.all())  # fetched at once, not row by row
    ids = [inserted.get(row["public_id"]) for row in rows]
    _BATCH_ANSWERS.run(
        connection,
        [
            {
                "response_id": response_id,
                "question_id": clean.question.id,
                "value_text": clean.text,
                "value_number": clean.number,
                "comment": clean.comment,
            }
            for prepared, response_id in zip(batch, ids, strict=True)
            if response_id is not None
            for clean in prepared.answers
        ],
    )
    return ids


def store_responses(
    session: Session, batch: Sequence[PreparedResponse]
) -> list[tuple[StoredResponse, bool]]:
    """Store each prepared response exactly once; return them in order, each with whether it is new.

    A response whose client key is taken comes back as the one stored, or raises
    IdempotencyConflict if the key was used for a request that means something else. Flushes
    the session first, never commits.
    """
    ids = insert_responses(session, batch)
    return [
        (_new(prepared, response_id), True)
        if response_id is not None
        else (_replayed(session, prepared), False)
        for prepared, response_id in zip(batch, ids, strict=True)
    ]


def store_response(session: Session, item: NewResponse) -> tuple[StoredResponse, bool]:
    """Check and store one response exactly once: the batch of one. Returns it and whether new."""
    return store_responses(session, [prepare_response(item)])[0]


def submit_response(
    session: Session,
    version: SurveyVersion,
    answers: Mapping[str, object],
    *,
    persona: Persona | None = None,
    source: ResponseSource = ResponseSource.HOSTED,
    **options: Any,
) -> Response:
    """Store one response to a loaded ``version`` and return it as an ORM object (scripts, tests).

    ``options`` are those of NewResponse (client_key, complete, channel, meta, created_at).
    """
    item = NewResponse(
        target_of(version),
        answers,
        source,
        persona_id=persona.id if persona else None,
        **options,
    )
    stored, _created = store_response(session, item)
    response = session.get(Response, stored.id)
    assert response is not None  # stored just now, in this transaction
    return response


def _new(prepared: PreparedResponse, response_id: int) -> StoredResponse:
    row = prepared.row
    return StoredResponse(
        id=response_id,
        public_id=row["public_id"],
        client_key=row["client_key"],
        survey=prepared.target.survey,
        version=prepared.target.number,
        status=row["status"],
        answers=answers_of(prepared.answers),  # with what "Other" specifies
        hidden=dict(row["meta"].get("hidden", {})),
        channel=row["channel"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        completed_at=row["completed_at"],
    )


def answers_of(cleaned: Sequence[CleanAnswer]) -> dict[str, object]:
    """Clean answers as clients see them: key → value, and ``<key>-Comment`` → what "Other"
    specifies (SurveyJS's data shape)."""
    answers: dict[str, object] = {}
    for c in cleaned:
        answers[c.question.key] = stored_value(c.question, c.text, c.number)
        if c.comment is not None:
            answers[c.question.key + COMMENT_SUFFIX] = c.comment
    return answers


def _replayed(session: Session, prepared: PreparedResponse) -> StoredResponse:
    """The response stored earlier under this one's key; IdempotencyConflict if it meant other."""
    row = prepared.row
    stored = session.scalar(
        select(Response).where(
            Response.survey_id == row["survey_id"], Response.client_key == row["client_key"]
        )
    )
    if stored is None:  # cannot happen: the conflict names a stored row
        raise RuntimeError("a response's key conflicted but no response holds it")
    snapshot = StoredResponse.of(stored)
    # Rows stored before digests were kept (page and widget) match any request.
    if stored.request_digest not in (None, row["request_digest"]):
        raise IdempotencyConflict(snapshot)
    return snapshot
