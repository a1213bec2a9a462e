"""Response facts: each response reduced to where it happened, how it felt, and its KPI answers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

import sentiment
from journeys.buckets import rebuild_buckets
from journeys.models import ResponseFact, RollupState
from sentiment.language import OTHER
from surveys.models import Question, Response, utcnow

KPI_KINDS: dict[str, str] = {"nps": "nps", "csat": "csat", "ces": "ces"}


def kpi_of(question: Question) -> str | None:
    """Which KPI a question feeds: NPS, CSAT or CES; a plain 1–5 rating counts as CSAT."""
    if question.kind in KPI_KINDS:
        return KPI_KINDS[question.kind]
    if question.kind == "rating" and int(question.settings.get("max", 5)) == 5:
        return "csat"
    return None


def _fill(fact: ResponseFact, response: Response) -> None:
    fact.journey_id = response.journey_id
    fact.stage_id = response.stage_id
    fact.touchpoint_id = response.touchpoint_id
    fact.persona_id = response.persona_id or 0
    fact.channel = response.channel
    fact.day = response.created_at.date()
    # Text in another language is flagged, not read as neutral: the English scorer cannot read
    # it, and a 0.0 would pull the map's means towards neutral. It leaves the sentiment out,
    # as an answer without text does; the response's KPI answers still count.
    scored = [
        a.score for a in response.answers if a.score is not None and a.score.language != OTHER
    ]
    if scored:
        mean = sum(s.compound for s in scored) / len(scored)
        fact.compound = mean
        fact.label = sentiment.label_for(mean)
        fact.emotion = max(scored, key=lambda s: s.intensity).emotion
    else:
        fact.compound = fact.label = fact.emotion = None
    fact.nps = fact.csat = fact.ces = None
    for answer in response.answers:
        kpi = kpi_of(answer.question)
        if kpi is not None and answer.value_number is not None:
            setattr(fact, kpi, answer.value_number)
    fact.model = sentiment.MODEL_VERSION
    fact.updated_at = utcnow()


def record_facts(session: Session, responses: Sequence[Response]) -> None:
    """Write (or rewrite) the fact of each response from its answers and their current scores."""
    if not responses:
        return
    ids = [r.id for r in responses]
    existing = {
        f.response_id: f
        for f in session.scalars(select(ResponseFact).where(ResponseFact.response_id.in_(ids)))
    }
    # Filling reads answers lazily; a half-filled new fact must not be flushed meanwhile.
    with session.no_autoflush:
        for response in responses:
            fact = existing.get(response.id)
            if fact is None:
                fact = ResponseFact(response_id=response.id)
                _fill(fact, response)
                session.add(fact)
            else:
                _fill(fact, response)
    session.flush()


def forget_responses(session: Session, response_ids: Sequence[int]) -> None:
    """Forget responses about to be erased: delete their facts, re-aggregate the day buckets
    they were in, and make the next rollup of their journeys store a map without them.

    The erasure listener the app passes to ``surveys.results.erase`` (same transaction).
    """
    ids = list(response_ids)
    touched: dict[int, set[date]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for journey_id, day in session.execute(
            select(ResponseFact.journey_id, ResponseFact.day).where(
                ResponseFact.response_id.in_(chunk)
            )
        ):
            touched.setdefault(journey_id, set()).add(day)
        session.execute(delete(ResponseFact).where(ResponseFact.response_id.in_(chunk)))
    for journey_id, days in touched.items():
        rebuild_buckets(session, journey_id, days)
    if touched:
        # The snapshot's watermark may not move when facts only disappear: a rollup from
        # scratch of these journeys stores the map without them.
        session.execute(
            update(RollupState)
            .where(RollupState.journey_id.in_(list(touched)))
            .values(facts_seen_until=None)
        )
    session.flush()
