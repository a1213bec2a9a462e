"""The response inbox: a survey's responses newest first, a page at a time, under the filters.

Pages are keyset pages: a page names the response it continues from (``after`` or ``before``, its
public id), and the next rows are read from ``ix_response_survey_created`` starting there, so page
500 costs what page 1 costs. Each row carries its free-text answers with their stored scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from surveys.models import Answer, AnswerScore, Persona, Response, Survey, SurveyVersion
from surveys.results.catalogue import QuestionGroup
from surveys.results.filters import InvalidFilter, ResultFilters, conditions

PER_PAGE = 25


@dataclass(frozen=True, slots=True)
class InboxText:
    """A free-text answer as the inbox shows it, with its stored score (None: not scored yet)."""

    key: str
    text: str
    compound: float | None
    label: str | None
    emotion: str | None
    language: str | None

    @property
    def readable(self) -> bool:
        """Scored in a language the scorer reads (other languages are flagged, not scored)."""
        return self.compound is not None and self.language != "other"


@dataclass(frozen=True, slots=True)
class InboxRow:
    """One response in the inbox."""

    public_id: str
    created_at: datetime
    version: int
    persona: str | None
    channel: str
    status: str
    source: str
    texts: tuple[InboxText, ...]


@dataclass(frozen=True, slots=True)
class InboxPage:
    """One page of the inbox and where the pages next to it start."""

    rows: list[InboxRow]
    total: int  # responses matching the filters
    newer: str | None  # ``before`` cursor of the page of newer responses (None: this is the first)
    older: str | None  # ``after`` cursor of the page of older responses (None: this is the last)
    first: bool  # whether this is the newest page


def _cursor(session: Session, survey: Survey, public_id: str, name: str) -> tuple[datetime, int]:
    found = session.execute(
        select(Response.created_at, Response.id).where(
            Response.public_id == public_id, Response.survey_id == survey.id
        )
    ).first()
    if found is None:
        raise InvalidFilter(
            "That page starts at a response that is no longer there; start from the first page.",
            {name: "is not a response of this survey"},
        )
    return found[0], found[1]


def count_matching(
    session: Session, survey: Survey, filters: ResultFilters, groups: Sequence[QuestionGroup]
) -> int:
    """How many of the survey's responses match ``filters``."""
    where = conditions(filters, survey, groups)
    return int(session.scalar(select(func.count(Response.id)).where(*where)) or 0)


def inbox_page(
    session: Session,
    survey: Survey,
    filters: ResultFilters,
    groups: Sequence[QuestionGroup],
    *,
    after: str | None = None,
    before: str | None = None,
    per_page: int = PER_PAGE,
) -> InboxPage:
    """The page of responses older than ``after`` (or newer than ``before``; else the newest)."""
    where = conditions(filters, survey, groups)
    key = tuple_(Response.created_at, Response.id)
    query = select(Response.id, Response.created_at)
    if before is not None:
        position = _cursor(session, survey, before, "before")
        query = query.where(*where, key > tuple_(*position)).order_by(
            Response.created_at, Response.id
        )
    else:
        if after is not None:
            where = [*where, key < tuple_(*_cursor(session, survey, after, "after"))]
        query = query.where(*where).order_by(Response.created_at.desc(), Response.id.desc())
    found = list(session.execute(query.limit(per_page + 1)))
    more = len(found) > per_page
    found = found[:per_page]
    if before is not None:
        found.reverse()
    rows = _rows(session, [r[0] for r in found], groups)
    if before is not None:  # paging back: older rows exist (the cursor's), newer ones if more
        first, has_older = not more, True
    else:
        first, has_older = after is None, more
    newer = rows[0].public_id if rows and not first else None
    older = rows[-1].public_id if rows and has_older else None
    return InboxPage(
        rows=rows,
        total=count_matching(session, survey, filters, groups),
        newer=newer,
        older=older,
        first=first,
    )


def _rows(session: Session, ids: list[int], groups: Sequence[QuestionGroup]) -> list[InboxRow]:
    """The inbox rows of responses ``ids`` (in that order), with their free-text answers."""
    if not ids:
        return []
    heads = session.execute(
        select(
            Response.id,
            Response.public_id,
            Response.created_at,
            SurveyVersion.number,
            Persona.name,
            Response.channel,
            Response.status,
            Response.source,
        )
        .join(SurveyVersion, SurveyVersion.id == Response.version_id)
        .outerjoin(Persona, Persona.id == Response.persona_id)
        .where(Response.id.in_(ids))
    ).all()
    key_of = {qid: g.key for g in groups if g.is_text for qid in g.ids}
    texts: dict[int, list[InboxText]] = {}
    for row in _texts(session, ids, list(key_of)):
        response_id, question_id, text, compound, label, emotion, language = row
        texts.setdefault(response_id, []).append(
            InboxText(key_of[question_id], text or "", compound, label, emotion, language)
        )
    order = {response_id: i for i, response_id in enumerate(ids)}
    return [
        InboxRow(
            public_id=public_id,
            created_at=created_at,
            version=number,
            persona=persona,
            channel=channel,
            status=status,
            source=source,
            texts=tuple(texts.get(response_id, ())),
        )
        for response_id, public_id, created_at, number, persona, channel, status, source in sorted(
            heads, key=lambda h: order[h[0]]
        )
    ]


TextRow = tuple[int, int, str | None, float | None, str | None, str | None, str | None]


def _texts(session: Session, response_ids: list[int], question_ids: list[int]) -> list[TextRow]:
    """(response, question, text, compound, label, emotion, language) of the text answers."""
    if not question_ids:
        return []
    rows = session.execute(
        select(
            Answer.response_id,
            Answer.question_id,
            Answer.value_text,
            AnswerScore.compound,
            AnswerScore.label,
            AnswerScore.emotion,
            AnswerScore.language,
        )
        .outerjoin(AnswerScore, AnswerScore.answer_id == Answer.id)
        .where(Answer.response_id.in_(response_ids), Answer.question_id.in_(question_ids))
        .order_by(Answer.response_id, Answer.question_id)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]
