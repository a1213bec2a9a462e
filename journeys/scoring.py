"""The scoring pipeline: free-text answers → the sentiment module → stored text scores."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

import sentiment
from surveys.models import Answer, Question, TextScore, utcnow

Progress = Callable[[int, int], None]


def _apply(answer: Answer, result: sentiment.TextScore) -> None:
    fields = {
        "compound": result.compound,
        "label": result.label,
        "emotion": getattr(result, "emotion", "neutral"),
        "emotions": dict(getattr(result, "emotions", {})),
        "intensity": float(getattr(result, "intensity", abs(result.compound))),
        "themes": list(getattr(result, "themes", ())),
        "reasons": [list(r) for r in getattr(result, "reasons", ())],
        "language": getattr(result, "language", "english"),
        "model": result.model,
        "scored_at": utcnow(),
    }
    if answer.score is None:
        answer.score = TextScore(**fields)
    else:
        for name, value in fields.items():
            setattr(answer.score, name, value)


def score_answers(session: Session, answers: Sequence[Answer]) -> int:
    """Score the free-text answers among ``answers`` (new or stale); return how many were scored."""
    texts = [a for a in answers if a.value_text and a.question.kind == "free_text"]
    for answer, result in zip(
        texts, sentiment.score_many(a.value_text or "" for a in texts), strict=True
    ):
        _apply(answer, result)
    session.flush()
    return len(texts)


def pending_answers_query(model: str = sentiment.MODEL_VERSION) -> Select[Answer]:
    """Free-text answers with no score yet, or a score from another model version."""
    return (
        select(Answer)
        .join(Question, Answer.question_id == Question.id)
        .outerjoin(TextScore, TextScore.answer_id == Answer.id)
        .where(Question.kind == "free_text", Answer.value_text.is_not(None))
        .where(or_(TextScore.answer_id.is_(None), TextScore.model != model))
        .order_by(Answer.id)
    )


def count_pending(session: Session) -> int:
    """How many answers the scoring job would score now."""
    return int(
        session.scalar(select(func.count()).select_from(pending_answers_query().subquery())) or 0
    )


def score_pending(
    session: Session, *, batch_size: int = 500, progress: Progress | None = None
) -> int:
    """Score every unscored or stale answer in batches; flushes each batch, returns the count."""
    total = 0
    last_id = 0
    while True:
        batch = list(
            session.scalars(pending_answers_query().where(Answer.id > last_id).limit(batch_size))
        )
        if not batch:
            return total
        total += score_answers(session, batch)
        last_id = batch[-1].id
        if progress is not None:
            progress(total, 0)
