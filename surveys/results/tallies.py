"""Counting a survey's answers for its summary: tallies kept per day, or counted live.

One set of queries counts answers per question, day and filter value (``_answer_counts``),
responses per day (``_response_counts``) and themes (``_theme_counts``). Kept, they fill the
tally tables for the days whose responses or scores changed since the survey's tallies were last
brought up to date (``refresh``), so the summary of 100,000 responses adds up a few thousand rows.
Under an answer condition ("people who answered NPS ≤ 6"), which no tally can know, the very same
queries run over the matching responses instead (``counts`` decides).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    String,
    and_,
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from surveys.kinds import FILE_KINDS, KINDS, Operand
from surveys.kinds.uploads import ALLOWED_TYPES
from surveys.models import Answer, AnswerScore, Question, Response, Survey, SurveyVersion
from surveys.models.tally import AnswerTally, ResponseTally, TallyState, ThemeTally
from surveys.results.catalogue import QuestionGroup
from surveys.results.filters import ResultFilters, conditions

# Changes stamped this long before the newest one are looked at again, so a transaction that
# stamped its rows earlier but committed later is still counted.
MARGIN = timedelta(minutes=10)
OTHER_LANGUAGE = "other"  # the language a stored score names when the scorer cannot read it
GIVEN = "(given)"  # counted in place of a typed text the tallies must not keep (an email)


@dataclass(frozen=True, slots=True)
class AnswerCount:
    """How many responses on ``day`` gave one answer to question ``question_id``."""

    question_id: int
    day: date | None  # None when counted live without days (only NPS needs them, for its trend)
    number: float | None
    option: str | None
    label: str | None
    emotion: str | None
    responses: int
    compound_sum: float


@dataclass(frozen=True, slots=True)
class Counts:
    """Everything a summary adds up, under one set of filters."""

    answers: list[AnswerCount]
    themes: list[tuple[int, str, int]]  # (question id, theme, answers)
    total: int  # responses counted
    scored: int  # responses among them with a comment the scorer read


def _day(column: Any) -> ColumnElement[date]:
    """The UTC day of a timestamp, as a date on SQLite (text) and PostgreSQL alike."""
    return func.date(column, type_=Date)


def _readable() -> ColumnElement[bool]:
    return and_(AnswerScore.answer_id.is_not(None), AnswerScore.language != OTHER_LANGUAGE)


def _cell_columns() -> list[Any]:
    return [
        Response.version_id,
        _day(Response.created_at).label("day"),
        func.coalesce(Response.persona_id, 0).label("persona_id"),
        Response.channel,
        Response.status,
    ]


def _label() -> ColumnElement[str | None]:
    """A comment's reading: its label, ``other`` for a language the scorer cannot read, None
    while it waits to be scored."""
    return case(
        (AnswerScore.answer_id.is_(None), None),
        (AnswerScore.language == OTHER_LANGUAGE, OTHER_LANGUAGE),
        else_=AnswerScore.label,
    )


def value_kinds() -> tuple[list[str], list[str]]:
    """The kinds whose stored text is counted by value — choices and every kind the registry
    adds that is neither a number nor text (yes/no, dates, rankings, matrices…) — and the kinds
    of typed text other than the scored comment, counted only as given: an email address is
    personal data, kept in its answer and nowhere else."""
    by_value = [
        name for name, kind in KINDS.items() if kind.operand not in (Operand.NUMBER, Operand.TEXT)
    ]
    given = [
        name for name, kind in KINDS.items() if kind.operand == Operand.TEXT and name != "free_text"
    ]
    return by_value, given


def _file_types() -> ColumnElement[str]:
    """The types of a file answer's files, as ``image/png;application/pdf;`` (each type taken
    once, in a fixed order): what the summary counts instead of the files, whose names and
    content stay in the answer. A file's type is matched where SurveyJS's shape writes it
    (``"type": "image/png"``, or a signature's ``data:image/png;``); names hold no quotes, so a
    name never matches."""
    found: ColumnElement[str] = literal("", String)
    for mime in ALLOWED_TYPES:
        written = or_(
            Answer.value_text.like(f'%"type": "{mime}"%'), Answer.value_text.like(f"data:{mime};%")
        )
        found = found + case((written, literal(f"{mime};", String)), else_=literal("", String))
    return found


def _option(asked: Iterable[tuple[int, str]]) -> ColumnElement[str | None]:
    """The stored text an answer is counted by, for questions ``(id, kind)``: the option chosen
    (a multiple choice's stored list) or any other kind's stored value; ``GIVEN`` for typed
    text; None for scales and the scored comment."""
    by_value, given = value_kinds()
    asked = list(asked)
    valued = [i for i, kind in asked if kind in by_value] or [0]
    typed = [i for i, kind in asked if kind in given] or [0]
    files = [i for i, kind in asked if kind in FILE_KINDS] or [0]
    return case(
        (Answer.question_id.in_(files), _file_types()),
        (Answer.question_id.in_(valued), Answer.value_text),
        (
            and_(Answer.question_id.in_(typed), Answer.value_text.is_not(None)),
            literal(GIVEN, String),
        ),
        else_=None,
    )


def _answer_counts(
    where: Sequence[ColumnElement[bool]], option: ColumnElement[str | None]
) -> Select[Any]:
    """Answers per question, day, filter cell and value, with their sentiment summed."""
    readable = _readable()
    label = _label()
    emotion = case((readable, AnswerScore.emotion), else_=None)
    compound = func.coalesce(func.sum(case((readable, AnswerScore.compound), else_=0.0)), 0.0)
    cells = _cell_columns()
    keys = [Answer.question_id, *cells, Answer.value_number, option, label, emotion]
    return (
        select(
            Response.survey_id,
            *keys,
            func.count().label("responses"),
            compound.label("compound_sum"),
        )
        .select_from(Response)
        .join(Answer, Answer.response_id == Response.id)
        .outerjoin(AnswerScore, AnswerScore.answer_id == Answer.id)
        .where(*where)
        .group_by(Response.survey_id, *keys)
    )


def _response_counts(where: Sequence[ColumnElement[bool]]) -> Select[Any]:
    """Responses per day and filter cell, and how many carry a scored comment."""
    scored = exists(
        select(Answer.id)
        .join(AnswerScore, AnswerScore.answer_id == Answer.id)
        .where(Answer.response_id == Response.id, AnswerScore.language != OTHER_LANGUAGE)
    )
    cells = _cell_columns()
    return (
        select(
            Response.survey_id,
            *cells,
            func.count().label("responses"),
            func.coalesce(func.sum(case((scored, 1), else_=0)), 0).label("scored"),
        )
        .where(*where)
        .group_by(Response.survey_id, *cells)
    )


def _theme_lists(rows: Iterable[Any]) -> Counter[tuple[Any, ...]]:
    """Count each theme of rows ``(*key, themes as stored text, comments)``: comments are
    grouped by their whole theme list in SQL, so only distinct lists are read here."""
    counted: Counter[tuple[Any, ...]] = Counter()
    for *key, themes, n in rows:
        try:
            found = json.loads(themes) if themes else []
        except ValueError:
            found = []
        for theme in set(found if isinstance(found, list) else ()):
            counted[(*key, str(theme)[:120])] += int(n)
    return counted


def _theme_counts(
    session: Session, where: Sequence[ColumnElement[bool]]
) -> Iterable[tuple[tuple[Any, ...], int]]:
    """Themes of readable comments per question, day and filter cell."""
    themes = cast(AnswerScore.themes, String)
    keys = [Answer.question_id, *_cell_columns(), themes]
    rows = session.execute(
        select(*keys, func.count())
        .select_from(Response)
        .join(Answer, Answer.response_id == Response.id)
        .join(AnswerScore, AnswerScore.answer_id == Answer.id)
        .where(*where, AnswerScore.language != OTHER_LANGUAGE)
        .group_by(*keys)
    )
    return _theme_lists(rows).items()


def _day_range(days: Collection[date]) -> list[ColumnElement[bool]]:
    first, last = min(days), max(days)
    return [
        Response.created_at >= datetime.combine(first, time.min),
        Response.created_at < datetime.combine(last + timedelta(days=1), time.min),
        _day(Response.created_at).in_(sorted(days)),
    ]


def rebuild(session: Session, survey_id: int, days: Collection[date] | None = None) -> None:
    """Recount the survey's tallies of ``days`` (every day when None) from its responses."""
    if days is not None and not days:
        return
    where: list[ColumnElement[bool]] = [Response.survey_id == survey_id]
    if days is not None:
        where += _day_range(days)
    for model in (AnswerTally, ThemeTally, ResponseTally):
        remove = delete(model).where(model.survey_id == survey_id)
        if days is not None:
            remove = remove.where(model.day.in_(sorted(days)))
        session.execute(remove)
    asked = session.execute(
        select(Question.id, Question.kind)
        .join(SurveyVersion, SurveyVersion.id == Question.version_id)
        .where(SurveyVersion.survey_id == survey_id)
    ).all()
    session.execute(
        insert(AnswerTally).from_select(
            [
                "survey_id",
                "question_id",
                "version_id",
                "day",
                "persona_id",
                "channel",
                "status",
                "number",
                "option",
                "label",
                "emotion",
                "responses",
                "compound_sum",
            ],
            _answer_counts(where, _option((i, kind) for i, kind in asked)),
        )
    )
    session.execute(
        insert(ResponseTally).from_select(
            [
                "survey_id",
                "version_id",
                "day",
                "persona_id",
                "channel",
                "status",
                "responses",
                "scored",
            ],
            _response_counts(where),
        )
    )
    themes = [
        {
            "survey_id": survey_id,
            "question_id": question_id,
            "version_id": version_id,
            "day": day if isinstance(day, date) else date.fromisoformat(str(day)),
            "persona_id": persona_id,
            "channel": channel,
            "status": status,
            "theme": theme,
            "answers": n,
        }
        for (question_id, version_id, day, persona_id, channel, status, theme), n in _theme_counts(
            session, where
        )
    ]
    if themes:
        session.execute(insert(ThemeTally), themes)
    session.flush()


def _newest_change(session: Session) -> datetime | None:
    """The newest response or score stamp in the database (each read from its index)."""
    stamps = [
        session.scalar(select(func.max(Response.updated_at))),
        session.scalar(select(func.max(AnswerScore.scored_at))),
    ]
    found = [s for s in stamps if s is not None]
    return max(found) if found else None


def _changed_days(session: Session, survey_id: int, since: datetime) -> tuple[set[date], int]:
    """Days of the survey's responses changed or scored after ``since``, and how many such
    changes there are."""
    changed = session.execute(
        select(_day(Response.created_at)).where(
            Response.survey_id == survey_id, Response.updated_at > since
        )
    ).all()
    scored = session.execute(
        select(_day(Response.created_at))
        .select_from(AnswerScore)
        .join(Answer, Answer.id == AnswerScore.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(AnswerScore.scored_at > since, Response.survey_id == survey_id)
    ).all()
    days = {_as_day(row[0]) for row in [*changed, *scored]}
    return days, len(changed) + len(scored)


def _state(session: Session, survey_id: int) -> TallyState:
    """The survey's state row, created if missing and locked (PostgreSQL) so two summaries
    refreshing at once take turns instead of counting the same days twice."""
    dialect = session.get_bind().dialect.name
    statement = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        statement(TallyState).values(survey_id=survey_id, recent=0).on_conflict_do_nothing()
    )
    state = session.scalar(
        select(TallyState)
        .where(TallyState.survey_id == survey_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert state is not None  # inserted just now if it was missing
    return state


def refresh(session: Session, survey: Survey) -> bool:
    """Bring the survey's tallies up to date; return whether anything was recounted.

    Reads only, when nothing changed since the last refresh (the usual case); else recounts the
    days whose responses or scores changed. Flushes, the caller commits.
    """
    state = session.get(TallyState, survey.id)
    newest = _newest_change(session)
    if state is not None and state.checked_until is not None:
        since = state.checked_until - MARGIN
        if newest == state.checked_until:
            _days, recent = _changed_days(session, survey.id, since)
            if recent == state.recent:
                return False
    state = _state(session, survey.id)
    if state.checked_until is None:
        rebuild(session, survey.id)
    else:
        days, _recent = _changed_days(session, survey.id, state.checked_until - MARGIN)
        rebuild(session, survey.id, days)
    state.checked_until = newest
    if newest is not None:
        state.recent = _changed_days(session, survey.id, newest - MARGIN)[1]
    session.flush()
    return True


def days_of(session: Session, response_ids: Sequence[int]) -> dict[int, set[date]]:
    """The days of ``response_ids`` by survey (before they are erased)."""
    found: dict[int, set[date]] = {}
    for start in range(0, len(response_ids), 500):
        chunk = list(response_ids[start : start + 500])
        for survey_id, day in session.execute(
            select(Response.survey_id, _day(Response.created_at)).where(Response.id.in_(chunk))
        ):
            found.setdefault(survey_id, set()).add(_as_day(day))
    return found


def recount(session: Session, survey_id: int, days: Collection[date]) -> None:
    """Recount ``days`` of a survey whose tallies exist (after responses were erased: deleted
    rows leave no stamp to find them by)."""
    if session.get(TallyState, survey_id) is not None:
        rebuild(session, survey_id, days)


def forget(session: Session, survey_ids: Collection[int] | None = None) -> None:
    """Make the next summary of these surveys (all when None) recount everything: for deletions
    no stamp records, such as the retention purge."""
    query = delete(TallyState)
    if survey_ids is not None:
        query = query.where(TallyState.survey_id.in_(list(survey_ids)))
    session.execute(query)
    session.flush()


def _tally_where(model: Any, survey: Survey, filters: ResultFilters) -> list[Any]:
    where = [model.survey_id == survey.id]
    if filters.version_id is not None:
        where.append(model.version_id == filters.version_id)
    if filters.since is not None:
        where.append(model.day >= filters.since)
    if filters.until is not None:
        where.append(model.day <= filters.until)
    if filters.persona_id is not None:
        where.append(model.persona_id == filters.persona_id)
    if filters.channel is not None:
        where.append(model.channel == filters.channel)
    if filters.completion is not None:
        where.append(model.status == filters.completion)
    return where


def _as_day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _answer_count(row: tuple[Any, ...]) -> AnswerCount:
    """(question, day, number, option, label, emotion, responses, compound sum) as a count."""
    question_id, day, number, option, label, emotion, responses, compound = row
    return AnswerCount(
        int(question_id),
        None if day is None else _as_day(day),
        number,
        option,
        label,
        emotion,
        int(responses),
        float(compound or 0),
    )


def _from_tallies(
    session: Session, survey: Survey, filters: ResultFilters, groups: Sequence[QuestionGroup]
) -> Counts:
    values = [AnswerTally.number, AnswerTally.option, AnswerTally.label, AnswerTally.emotion]
    sums = [func.sum(AnswerTally.responses), func.sum(AnswerTally.compound_sum)]
    where = _tally_where(AnswerTally, survey, filters)
    nps_ids = [i for g in groups if g.kind == "nps" for i in g.ids]
    # Days only where a figure needs them (NPS's weekly trend): a few rows per value otherwise.
    with_days = [AnswerTally.question_id, AnswerTally.day, *values]
    answers: list[tuple[Any, ...]] = [
        tuple(row)
        for row in session.execute(
            select(*with_days, *sums)
            .where(*where, AnswerTally.question_id.in_(nps_ids or [0]))
            .group_by(*with_days)
        )
    ]
    without = [AnswerTally.question_id, *values]
    answers += [
        (row[0], None, *tuple(row)[1:])
        for row in session.execute(
            select(*without, *sums)
            .where(*where, AnswerTally.question_id.not_in(nps_ids or [0]))
            .group_by(*without)
        )
    ]
    themes = session.execute(
        select(ThemeTally.question_id, ThemeTally.theme, func.sum(ThemeTally.answers))
        .where(*_tally_where(ThemeTally, survey, filters))
        .group_by(ThemeTally.question_id, ThemeTally.theme)
    ).all()
    total, scored = session.execute(
        select(func.sum(ResponseTally.responses), func.sum(ResponseTally.scored)).where(
            *_tally_where(ResponseTally, survey, filters)
        )
    ).one()
    return Counts(
        answers=[_answer_count(row) for row in answers],
        themes=[(int(q), str(t), int(n)) for q, t, n in themes],
        total=int(total or 0),
        scored=int(scored or 0),
    )


def _live(
    session: Session, survey: Survey, filters: ResultFilters, groups: Sequence[QuestionGroup]
) -> Counts:
    """The counts of the responses matching ``filters``, read from the answers of each kind of
    question (``ix_answer_question``) among those responses, without days but NPS's."""
    matching = select(Response.id).where(*conditions(filters, survey, groups))
    among = Answer.response_id.in_(matching)
    ids = {kind: [i for g in groups if g.kind == kind for i in g.ids] for kind in ("nps",)}
    nps_ids = ids["nps"]
    text_ids = [i for g in groups if g.is_text for i in g.ids]
    other_ids = [i for g in groups if not g.is_text and g.kind != "nps" for i in g.ids]
    option = _option((i, g.kind) for g in groups for i in g.ids)
    answers: list[AnswerCount] = []
    if other_ids:
        for question_id, number, chosen, n in session.execute(
            select(Answer.question_id, Answer.value_number, option, func.count())
            .where(Answer.question_id.in_(other_ids), among)
            .group_by(Answer.question_id, Answer.value_number, option)
        ):
            answers.append(AnswerCount(question_id, None, number, chosen, None, None, n, 0.0))
    if nps_ids:
        day = _day(Response.created_at)
        for question_id, on, number, n in session.execute(
            select(Answer.question_id, day, Answer.value_number, func.count())
            .join(Response, Response.id == Answer.response_id)
            .where(Answer.question_id.in_(nps_ids), among)
            .group_by(Answer.question_id, day, Answer.value_number)
        ):
            answers.append(AnswerCount(question_id, _as_day(on), number, None, None, None, n, 0.0))
    themes: Counter[tuple[Any, ...]] = Counter()
    scored = 0
    if text_ids:
        readable = _readable()
        label, emotion = _label(), case((readable, AnswerScore.emotion), else_=None)
        compound = func.coalesce(func.sum(case((readable, AnswerScore.compound), else_=0.0)), 0.0)
        for question_id, read, felt, n, total in session.execute(
            select(Answer.question_id, label, emotion, func.count(), compound)
            .outerjoin(AnswerScore, AnswerScore.answer_id == Answer.id)
            .where(Answer.question_id.in_(text_ids), among)
            .group_by(Answer.question_id, label, emotion)
        ):
            answers.append(
                AnswerCount(question_id, None, None, None, read, felt, n, float(total or 0))
            )
        stored = cast(AnswerScore.themes, String)
        themes = _theme_lists(
            session.execute(
                select(Answer.question_id, stored, func.count())
                .join(AnswerScore, AnswerScore.answer_id == Answer.id)
                .where(
                    Answer.question_id.in_(text_ids), among, AnswerScore.language != OTHER_LANGUAGE
                )
                .group_by(Answer.question_id, stored)
            )
        )
        scored = int(
            session.scalar(
                select(func.count(Answer.response_id.distinct()))
                .join(AnswerScore, AnswerScore.answer_id == Answer.id)
                .where(
                    Answer.question_id.in_(text_ids), among, AnswerScore.language != OTHER_LANGUAGE
                )
            )
            or 0
        )
    total = session.scalar(select(func.count()).select_from(matching.subquery()))
    return Counts(
        answers=answers,
        themes=[(int(q), str(t), n) for (q, t), n in themes.items()],
        total=int(total or 0),
        scored=scored,
    )


def counts(
    session: Session, survey: Survey, filters: ResultFilters, groups: Sequence[QuestionGroup]
) -> Counts:
    """The survey's counts under ``filters``: from the tallies (refreshed first) unless an
    answer condition or an inbox-only filter asks for a live count."""
    if filters.answers or filters.label or filters.emotion or filters.theme or filters.search:
        return _live(session, survey, filters, groups)
    refresh(session, survey)
    return _from_tallies(session, survey, filters, groups)


def survey_totals(session: Session, surveys: Sequence[Survey]) -> dict[int, tuple[int, int]]:
    """Each survey's responses and responses with a scored comment, from its tallies
    (refreshed first): the survey list says the same as the summary."""
    for survey in surveys:
        refresh(session, survey)
    if not surveys:
        return {}
    rows = session.execute(
        select(
            ResponseTally.survey_id,
            func.sum(ResponseTally.responses),
            func.sum(ResponseTally.scored),
        )
        .where(ResponseTally.survey_id.in_([s.id for s in surveys]))
        .group_by(ResponseTally.survey_id)
    )
    found = {int(s): (int(n or 0), int(c or 0)) for s, n, c in rows}
    return {s.id: found.get(s.id, (0, 0)) for s in surveys}
