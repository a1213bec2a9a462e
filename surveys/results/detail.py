"""One response as a researcher reads it: every answer, hidden fields, metadata, source and the
stored score of each text, with the words that drove it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from surveys.errors import NotFound
from surveys.kinds import KINDS, HoldsFiles, scale_bounds, scale_labels, stored_value
from surveys.kinds.uploads import CheckedFile, decode_data_url, file_names, type_problem
from surveys.models import (
    Answer,
    Channel,
    Persona,
    Response,
    ResponseSource,
    ResponseStatus,
    Survey,
)
from surveys.results.text import highlight, stored_reasons

# Where a response came from, in the researcher's words.
SOURCE_WORDS: dict[ResponseSource, str] = {
    ResponseSource.HOSTED: "hosted page",
    ResponseSource.EMBED: "embedded widget",
    ResponseSource.API: "API",
    ResponseSource.IMPORT: "file import",
    ResponseSource.DEMO: "demo data",
}


@dataclass(frozen=True, slots=True)
class TextReading:
    """The stored score of a free-text answer."""

    compound: float
    label: str
    emotion: str
    emotions: dict[str, Any]
    themes: list[str]
    reasons: list[tuple[str, float]]
    language: str
    model: str


@dataclass(frozen=True, slots=True)
class AnswerView:
    """One question of the version answered and the answer given (None: not answered)."""

    key: str
    kind: str
    prompt: str
    value: object  # a number, a text, a list of options, or None
    scale: tuple[int, int] | None
    scale_label: str | None  # the label of the chosen scale point, if it has one
    reading: TextReading | None
    #: A file answer's files as (name, type), in order; the page links each for download.
    files: tuple[tuple[str, str], ...] = ()

    @property
    def highlighted(self) -> str:
        """A text answer as safe HTML, its scoring words marked (escaped text if unscored)."""
        reasons = self.reading.reasons if self.reading else []
        return highlight(str(self.value or ""), reasons)

    @property
    def shown(self) -> str:
        """The answer as plain text for the page (escaping is the template's)."""
        if self.value is None:
            return "—"
        if isinstance(self.value, list) and any(isinstance(v, dict) for v in self.value):
            # A repeating group: one row after another, each its fields' answers.
            return " | ".join(
                "; ".join(f"{field}: {answer}" for field, answer in row.items())
                for row in self.value
                if isinstance(row, dict)
            )
        if isinstance(self.value, list):
            return ", ".join(str(v) for v in self.value)
        if isinstance(self.value, dict):  # a matrix: each row's answer
            return "; ".join(f"{row}: {answer}" for row, answer in self.value.items())
        return str(self.value)


@dataclass(frozen=True, slots=True)
class ResponseDetail:
    """A response with everything stored about it."""

    public_id: str
    survey_id: int
    version: int
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    status: ResponseStatus
    source: ResponseSource
    channel: Channel
    persona: str | None
    client_key: str | None
    hidden: dict[str, str]
    metadata: dict[str, str]  # everything else the response keeps (device, import line…)
    answers: list[AnswerView]

    @property
    def source_words(self) -> str:
        """Where it came from, in words."""
        return SOURCE_WORDS[self.source]


def response_detail(session: Session, survey: Survey, public_id: str) -> ResponseDetail:
    """Response ``public_id`` of ``survey`` in full; NotFound for another survey's or none."""
    response = session.scalar(
        select(Response)
        .where(Response.public_id == public_id, Response.survey_id == survey.id)
        .options(selectinload(Response.answers).selectinload(Answer.score))
    )
    if response is None:
        raise NotFound("This survey has no such response.", {"response_id": "is unknown"})
    given = {a.question_id: a for a in response.answers}
    answers = []
    for question in response.version.questions:
        answer = given.get(question.id)
        value = (
            stored_value(question.kind, answer.value_text, answer.value_number) if answer else None
        )
        kind = KINDS.get(question.kind)
        files: tuple[tuple[str, str], ...] = ()
        if answer is not None and isinstance(kind, HoldsFiles):
            stored = kind.files(answer.value_text)
            files = tuple((str(f.get("name")), str(f.get("type"))) for f in stored)
            value = ", ".join(file_names(stored)) or None  # never the content itself
        scale = label = None
        if question.kind in ("nps", "csat", "ces", "rating", "smiley"):
            scale = scale_bounds(question)
            label = scale_labels(question).get(str(value)) if value is not None else None
        reading = None
        if answer is not None and answer.score is not None:
            score = answer.score
            reading = TextReading(
                compound=score.compound,
                label=score.label,
                emotion=score.emotion,
                emotions=dict(score.emotions or {}),
                themes=[str(t) for t in score.themes or ()],
                reasons=stored_reasons(score.reasons),
                language=score.language,
                model=score.model,
            )
        answers.append(
            AnswerView(
                question.key, question.kind, question.prompt, value, scale, label, reading, files
            )
        )
    persona = session.get(Persona, response.persona_id) if response.persona_id else None
    meta = dict(response.meta or {})
    hidden = {str(k): str(v) for k, v in dict(meta.pop("hidden", {}) or {}).items()}
    return ResponseDetail(
        public_id=response.public_id,
        survey_id=survey.id,
        version=response.version.number,
        created_at=response.created_at,
        updated_at=response.updated_at,
        completed_at=response.completed_at,
        status=response.status,
        source=response.source,
        channel=response.channel,
        persona=persona.name if persona else None,
        client_key=response.client_key,
        hidden=hidden,
        metadata={str(k): _plain(v) for k, v in meta.items()},
        answers=answers,
    )


def _plain(value: object) -> str:
    """A metadata value as one line of text."""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def answer_file(
    session: Session, survey: Survey, public_id: str, key: str, number: int
) -> CheckedFile:
    """File ``number`` (from 1) of the answer to question ``key`` in response ``public_id`` of
    ``survey``, checked again as it is read: its bytes must still be what its type says."""
    response = session.scalar(
        select(Response).where(Response.public_id == public_id, Response.survey_id == survey.id)
    )
    if response is None:
        raise NotFound("This survey has no such response.", {"response_id": "is unknown"})
    question = next((q for q in response.version.questions if q.key == key), None)
    kind = KINDS.get(question.kind) if question is not None else None
    if question is None or not isinstance(kind, HoldsFiles):
        raise NotFound("This response has no such file question.", {"key": "is unknown"})
    answer = session.scalar(
        select(Answer).where(Answer.response_id == response.id, Answer.question_id == question.id)
    )
    stored = kind.files(answer.value_text) if answer is not None else []
    if not 1 <= number <= len(stored):
        raise NotFound("This answer has no such file.", {"file": "is unknown"})
    entry = stored[number - 1]
    decoded = decode_data_url(entry.get("content"), len(str(entry.get("content"))))
    if isinstance(decoded, str) or type_problem(*decoded):
        raise NotFound("This file cannot be read.", {"file": "is not a file of a type taken"})
    mime, data = decoded
    return CheckedFile(str(entry.get("name") or "file"), mime, data)
