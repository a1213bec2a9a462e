"""Drill-down: the answers behind a map cell or pain point, a page at a time, each with the words
that drove its score marked (text escaped first, so an answer can never become markup)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from journeys import painpoints
from journeys.errors import DrilldownError
from journeys.models import EMOTION_COLUMNS, ResponseFact
from journeys.painpoints import Quote
from sentiment.language import OTHER
from surveys.models import Answer, AnswerScore, Persona
from surveys.results.filters import like_escape
from surveys.results.text import highlight, stored_reasons

PER_PAGE = 20
MAX_PER_PAGE = 100


@dataclass(frozen=True, slots=True)
class DrillAnswer:
    """One scored answer as the drill-down lists it."""

    answer_id: int
    day: date
    text: str
    compound: float
    label: str
    emotion: str
    themes: list[str]
    reasons: list[tuple[str, float]]
    persona: str | None
    channel: str
    language: str = "english"  # "other": flagged, left out of the map's sentiment

    @property
    def highlighted(self) -> str:
        """The text as safe HTML with its scoring words wrapped in ``<mark>``."""
        return highlight(self.text, self.reasons)


@dataclass(frozen=True, slots=True)
class DrillPage:
    """One page of a cell's answers."""

    answers: list[DrillAnswer]
    total: int  # comments matching, other languages included
    page: int
    per_page: int
    responses: int = 0  # responses among them with a comment the scorer read (the map's n)

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        """True when a later page exists."""
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        """True when an earlier page exists."""
        return self.page > 1


def cell_answers(
    session: Session,
    journey_id: int,
    stage_id: int,
    touchpoint_id: int,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
    emotion: str | None = None,
    theme: str | None = None,
    persona_id: int | None = None,
    channel: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> DrillPage:
    """The scored answers of one cell, newest first, optionally only one emotion or theme."""
    if emotion is not None and emotion not in EMOTION_COLUMNS:
        raise DrilldownError(
            f"Unknown emotion '{emotion}'.", {"emotion": f"is one of {', '.join(EMOTION_COLUMNS)}"}
        )
    if page < 1:
        raise DrilldownError("Pages start at 1.", {"page": "starts at 1"})
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    conditions = [
        ResponseFact.journey_id == journey_id,
        ResponseFact.stage_id == stage_id,
        ResponseFact.touchpoint_id == touchpoint_id,
    ]
    if persona_id is not None:
        conditions.append(ResponseFact.persona_id == persona_id)
    if channel is not None:
        conditions.append(ResponseFact.channel == channel)
    if since is not None:
        conditions.append(ResponseFact.day >= since)
    if until is not None:
        conditions.append(ResponseFact.day <= until)
    if emotion is not None:
        conditions.append(AnswerScore.emotion == emotion)
    if theme:
        # Themes are a JSON list stored as text the same way on SQLite and PostgreSQL (SQLAlchemy
        # serialises it), so the quoted phrase is found as written — a portable containment test.
        pattern = "%" + like_escape(json.dumps(theme)) + "%"
        conditions.append(cast(AnswerScore.themes, String).like(pattern, escape="\\"))
    base = (
        select(Answer.id)
        .select_from(ResponseFact)
        .join(Answer, Answer.response_id == ResponseFact.response_id)
        .join(AnswerScore, AnswerScore.answer_id == Answer.id)
        .where(*conditions)
    )
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    responses = session.scalar(
        base.with_only_columns(func.count(ResponseFact.response_id.distinct())).where(
            AnswerScore.language != OTHER
        )
    )
    pages = max(1, -(-total // per_page))
    if page > pages:
        raise DrilldownError(
            f"There {'is' if pages == 1 else 'are'} only {pages} page(s).",
            {"page": f"at most {pages}"},
        )
    rows = session.execute(
        select(
            Answer.id,
            ResponseFact.day,
            Answer.value_text,
            AnswerScore.compound,
            AnswerScore.label,
            AnswerScore.emotion,
            AnswerScore.themes,
            AnswerScore.reasons,
            Persona.name,
            ResponseFact.channel,
            AnswerScore.language,
        )
        .select_from(ResponseFact)
        .join(Answer, Answer.response_id == ResponseFact.response_id)
        .join(AnswerScore, AnswerScore.answer_id == Answer.id)
        .outerjoin(Persona, Persona.id == ResponseFact.persona_id)
        .where(*conditions)
        .order_by(ResponseFact.day.desc(), Answer.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    answers = [
        DrillAnswer(
            answer_id=int(answer_id),
            day=day if isinstance(day, date) else date.fromisoformat(str(day)),
            text=str(text or ""),
            compound=float(compound),
            label=str(label),
            emotion=str(emo),
            themes=[str(t) for t in themes or ()],
            reasons=stored_reasons(reasons),
            persona=persona,
            channel=str(chan),
            language=str(language),
        )
        for (
            answer_id,
            day,
            text,
            compound,
            label,
            emo,
            themes,
            reasons,
            persona,
            chan,
            language,
        ) in rows
    ]
    return DrillPage(answers, int(total), page, per_page, int(responses or 0))


@dataclass(frozen=True, slots=True)
class CellTheme:
    """A theme of a cell's answers: how many mention it, and one of them quoted."""

    phrase: str
    count: int
    quote: Quote | None


def cell_themes(
    session: Session,
    journey_id: int,
    stage_id: int,
    touchpoint_id: int,
    *,
    persona_id: int | None = None,
    channel: str | None = None,
    since: date | None = None,
    until: date | None = None,
    top: int = 10,
) -> list[CellTheme]:
    """The themes of any cell's answers (the newest THEME_SAMPLE under the filters), each with
    its count and a representative quote — for the theme filter and the cell's theme list."""
    rows = painpoints.evidence_rows(
        session,
        journey_id,
        stage_id,
        touchpoint_id,
        persona_id=persona_id,
        channel=channel,
        since=since,
        until=until,
        negative_only=False,
    )
    themes = painpoints.summarise(rows, top=top).themes
    quotes = painpoints.quotes_by_theme(rows, themes)
    return [CellTheme(t.phrase, t.count, quotes.get(t.phrase)) for t in themes]
