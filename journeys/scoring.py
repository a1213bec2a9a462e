"""The scoring pipeline: free-text answers → the sentiment module → stored scores and facts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

import sentiment
from journeys.facts import record_facts
from journeys.models import ResponseFact, ScoringState
from surveys.models import Answer, AnswerScore, Response, utcnow

Progress = Callable[[int, int], None]


def _apply(answer: Answer, result: sentiment.TextScore) -> None:
    fields = {
        "compound": result.compound,
        "label": result.label,
        "emotion": result.emotion,
        "emotions": dict(result.emotions or {}),
        "intensity": float(result.intensity),
        "themes": list(result.themes),
        "reasons": [[word, weight] for word, weight in result.reasons],
        "language": result.language,
        "model": result.model,
        "scored_at": utcnow(),
    }
    if answer.score is None:
        answer.score = AnswerScore(**fields)
    else:
        for name, value in fields.items():
            setattr(answer.score, name, value)


def _needs_score(answer: Answer) -> bool:
    return (
        answer.question.kind == "free_text"
        and bool(answer.value_text)
        and (answer.score is None or answer.score.model != sentiment.MODEL_VERSION)
    )


def _score_texts(answers: Sequence[Answer]) -> int:
    texts = [a for a in answers if _needs_score(a)]
    results = sentiment.score_many([a.value_text or "" for a in texts])
    for answer, result in zip(texts, results, strict=True):
        _apply(answer, result)
    return len(texts)


def score_answers(session: Session, answers: Sequence[Answer]) -> int:
    """Score the unscored or stale texts among ``answers``, refresh their responses' facts, and
    return how many texts were scored. The submit path calls this right after its commit."""
    scored = _score_texts(answers)
    responses = {a.response.id: a.response for a in answers}
    record_facts(session, list(responses.values()))
    return scored


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
    batch_size: int = 500,
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
        batch = session.scalars(
            select(Response)
            .where(Response.id.in_(ids))
            .options(
                selectinload(Response.answers).selectinload(Answer.question),
                selectinload(Response.answers).selectinload(Answer.score),
            )
        ).all()
        _score_texts([a for r in batch for a in r.answers])
        record_facts(session, list(batch))
        done += len(ids)
        last_id = ids[-1]
        if progress is not None:
            progress(done, 0)
    state.model = sentiment.MODEL_VERSION
    state.checked_until = watermark
    session.flush()
    return done
