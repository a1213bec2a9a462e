"""The scoring pipeline: free-text answers → the sentiment module → stored scores and facts."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row, Select, Table, bindparam, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

import sentiment
from journeys.facts import FactAnswer, FactPlace, fact_row, kpi_of, replace_facts
from journeys.models import ResponseFact, ScoringState
from surveys.batch_insert import BatchInsert
from surveys.models import Answer, AnswerScore, Question, Response, utcnow

Progress = Callable[[int, int], None]
SCORE_FIELDS = (
    "compound",
    "label",
    "emotion",
    "emotions",
    "intensity",
    "themes",
    "reasons",
    "language",
    "model",
    "scored_at",
)


SCORE: Table = AnswerScore.__table__  # type: ignore[assignment]

# What scoring reads of a batch's answers, their questions, and their responses: plain rows,
# no ORM objects. Questions are read once per batch, not once per answer (their settings are JSON).
_ANSWERS = select(
    Answer.id,
    Answer.response_id,
    Answer.question_id,
    Answer.value_text,
    Answer.value_number,
    AnswerScore.model,
    AnswerScore.compound,
    AnswerScore.intensity,
    AnswerScore.emotion,
    AnswerScore.language,
).outerjoin(AnswerScore, AnswerScore.answer_id == Answer.id)
_QUESTIONS = select(Question.id, Question.kind, Question.settings)
_PLACES = select(
    Response.id,
    Response.journey_id,
    Response.stage_id,
    Response.touchpoint_id,
    Response.persona_id,
    Response.channel,
    Response.created_at,
)
_INSERT_SCORES = BatchInsert(SCORE.insert(), SCORE)  # thousands per batch: the driver's executemany
_UPDATE_SCORE = (
    update(SCORE)
    .where(SCORE.c.answer_id == bindparam("scored_answer"))
    .values({name: bindparam(name) for name in SCORE_FIELDS})
)


def _score_fields(result: sentiment.TextScore, now: datetime) -> dict[str, Any]:
    """The stored score's columns of one result."""
    return {
        "compound": result.compound,
        "label": result.label,
        "emotion": result.emotion,
        "emotions": dict(result.emotions or {}),
        "intensity": float(result.intensity),
        "themes": list(result.themes),
        "reasons": [[word, weight] for word, weight in result.reasons],
        "language": result.language,
        "model": result.model,
        "scored_at": now,
    }


def score_responses(
    session: Session,
    response_ids: Collection[int],
    *,
    scores: Mapping[str, sentiment.TextScore] | None = None,
) -> int:
    """Score the unscored or stale free-text answers of these responses, rewrite their facts,
    and return how many texts were scored.

    ``scores`` holds results computed beforehand (a big import's scoring worker), by text; texts
    it lacks are scored here, and every result is stored alike.

    Set-based: a few statements per batch whatever its size and one ``sentiment.score_many``
    call, so scoring many thousand responses costs about what the scorer costs. Flushes first
    (answers the ORM holds must be read); the caller commits.
    """
    if not response_ids:
        return 0
    session.flush()
    connection = session.connection()
    ids = list(response_ids)
    answers = connection.execute(_ANSWERS.where(Answer.response_id.in_(ids))).all()
    questions = {  # question id → (kind, KPI it feeds)
        question_id: (kind, kpi_of(kind, settings))
        for question_id, kind, settings in connection.execute(
            _QUESTIONS.where(Question.id.in_({a.question_id for a in answers}))
        )
    }
    stale = [
        a
        for a in answers
        if questions[a.question_id][0] == "free_text"
        and a.value_text
        and a.model != sentiment.MODEL_VERSION
    ]
    known = scores or {}
    missing = [a for a in stale if a.value_text not in known]
    results = {a.id: known[a.value_text] for a in stale if a.value_text in known}
    texts = sentiment.score_many([a.value_text for a in missing])
    results.update((a.id, result) for a, result in zip(missing, texts, strict=True))
    now = utcnow()
    _store_scores(connection, stale, results, now)
    of_response: dict[int, list[FactAnswer]] = {}
    for a in answers:
        result = results.get(a.id)
        score = (
            (a.compound, a.intensity or 0.0, a.emotion, a.language)
            if result is None
            else (result.compound, result.intensity, result.emotion, result.language)
        )
        kpi = questions[a.question_id][1]
        of_response.setdefault(a.response_id, []).append(FactAnswer(kpi, a.value_number, *score))
    places = connection.execute(_PLACES.where(Response.id.in_(ids))).all()
    replace_facts(
        session, [fact_row(FactPlace(*p), of_response.get(p.id, []), now) for p in places]
    )
    _forget_stale_objects(session, set(ids))
    return len(stale)


def _store_scores(
    connection: Connection,
    stale: Sequence[Row[*tuple[Any, ...]]],
    results: Mapping[int, sentiment.TextScore],
    now: datetime,
) -> None:
    """Insert the scores of answers scored for the first time; update those of the rescored."""
    fresh = [
        {"answer_id": a.id, **_score_fields(results[a.id], now)} for a in stale if a.model is None
    ]
    _INSERT_SCORES.run(connection, fresh)
    redone = [
        {"scored_answer": a.id, **_score_fields(results[a.id], now)}
        for a in stale
        if a.model is not None
    ]
    if redone:
        connection.execute(_UPDATE_SCORE, redone)


def _forget_stale_objects(session: Session, response_ids: set[int]) -> None:
    """Expire the scores and facts the session holds of these responses: they were rewritten
    under the ORM, which would otherwise go on showing the old ones."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Answer) and obj.response_id in response_ids:
            session.expire(obj, ["score"])
        elif isinstance(obj, ResponseFact) and obj.response_id in response_ids:
            session.expire(obj)


def score_answers(session: Session, answers: Sequence[Answer]) -> int:
    """Score the unscored or stale texts among the responses of ``answers``, refresh their
    facts, and return how many texts were scored. The submit path calls this after its commit."""
    return score_responses(session, {answer.response_id for answer in answers})


# A pass looks again at responses stamped up to this long before the newest one the previous
# pass saw: a transaction that stamped its response earlier but committed later, or a web host
# whose clock runs behind another's by less than this, is not missed.
LOOK_BACK = timedelta(minutes=10)


def pending_responses_query(*, changed_since: datetime | None = None) -> Select[int]:
    """Ids of responses whose fact is missing, from another model, or older than an update —
    among all responses, or only those updated after ``changed_since``."""
    model = sentiment.MODEL_VERSION
    query = (
        select(Response.id)
        .outerjoin(ResponseFact, ResponseFact.response_id == Response.id)
        .where(
            or_(
                ResponseFact.response_id.is_(None),
                ResponseFact.model != model,
                ResponseFact.updated_at < Response.updated_at,
            )
        )
        .order_by(Response.id)
    )
    if changed_since is not None:
        query = query.where(Response.updated_at > changed_since)
    return query


def _since(state: ScoringState | None, everything: bool) -> datetime | None:
    """Since when responses need a look (None: all of them)."""
    if (
        everything
        or state is None
        or state.checked_until is None
        or state.model != sentiment.MODEL_VERSION
    ):
        return None
    return state.checked_until - LOOK_BACK


def _state_row(session: Session) -> ScoringState:
    """The job's single state row, created if missing — without a unique-key race when two
    first passes (a CLI run beside the scheduler) start at once."""
    state = session.get(ScoringState, 1)
    if state is None:
        dialect = session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        session.execute(insert(ScoringState).values(id=1, model="").on_conflict_do_nothing())
        state = session.get(ScoringState, 1)
        assert state is not None
    return state


def _watermark(session: Session) -> datetime | None:
    """The newest response stamp: where the next pass starts looking (less LOOK_BACK).

    Taken from the data, not this host's clock, so a scoring host whose clock runs ahead of
    the web hosts' cannot skip responses stamped "before" its own now.
    """
    return session.scalar(select(func.max(Response.updated_at)))


def count_pending(session: Session, *, everything: bool = False) -> int:
    """How many responses the scoring job would process now (reads only)."""
    since = _since(session.get(ScoringState, 1), everything)
    query = pending_responses_query(changed_since=since).subquery()
    return int(session.scalar(select(func.count()).select_from(query)) or 0)


def record_pass(session: Session) -> None:
    """Note a pass that found nothing to do, so the next one looks only at what changes."""
    state = _state_row(session)
    state.model = sentiment.MODEL_VERSION
    state.checked_until = _watermark(session)
    session.flush()


def score_pending(
    session: Session,
    *,
    everything: bool = False,
    batch_size: int = 2000,
    progress: Progress | None = None,
) -> int:
    """Score and record facts for pending responses in batches; return responses done.

    A pass looks at the responses changed since the newest one the previous pass saw (less
    :data:`LOOK_BACK`); the first pass, a new
    model version (which is how answers get rescored when the model changes) and
    ``everything=True`` look at all of them. Flushes each batch; the caller commits.
    """
    state = _state_row(session)
    since = _since(state, everything)
    watermark = _watermark(session)
    done = 0
    last_id = 0
    while True:
        ids = list(
            session.scalars(
                pending_responses_query(changed_since=since)
                .where(Response.id > last_id)
                .limit(batch_size)
            )
        )
        if not ids:
            break
        score_responses(session, ids)
        done += len(ids)
        last_id = ids[-1]
        if progress is not None:
            progress(done, 0)
    state.model = sentiment.MODEL_VERSION
    state.checked_until = watermark
    session.flush()
    return done
