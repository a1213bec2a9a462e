"""Response facts: each response reduced to where it happened, how it felt, and its KPI answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, delete, select, update
from sqlalchemy.orm import Session

import sentiment
from journeys.buckets import rebuild_buckets
from journeys.models import ResponseFact, RollupState
from sentiment.language import OTHER
from surveys.batch_insert import BatchInsert

KPI_KINDS: dict[str, str] = {"nps": "nps", "csat": "csat", "ces": "ces"}
FACT: Table = ResponseFact.__table__  # type: ignore[assignment]
_INSERT_FACTS = BatchInsert(FACT.insert(), FACT)  # thousands per batch: the driver's executemany


def kpi_of(kind: str, settings: Mapping[str, Any]) -> str | None:
    """Which KPI a question of ``kind`` feeds: NPS, CSAT or CES; a plain 1–5 rating is CSAT."""
    if kind in KPI_KINDS:
        return KPI_KINDS[kind]
    if kind == "rating" and int(settings.get("max", 5)) == 5:
        return "csat"
    return None


@dataclass(frozen=True, slots=True)
class FactAnswer:
    """What a fact needs of one answer: its KPI and number, and its text's score if it has one."""

    kpi: str | None
    number: float | None
    compound: float | None = None  # None: not scored
    intensity: float = 0.0
    emotion: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class FactPlace:
    """Where a response happened, as its row says."""

    response_id: int
    journey_id: int
    stage_id: int
    touchpoint_id: int
    persona_id: int | None
    channel: str
    created_at: datetime


def fact_row(place: FactPlace, answers: Sequence[FactAnswer], now: datetime) -> dict[str, Any]:
    """The fact table row of one response, from its answers and their current scores."""
    # Text in another language is flagged, not read as neutral: the English scorer cannot read
    # it, and a 0.0 would pull the map's means towards neutral. It leaves the sentiment out, as
    # an answer without text does; the response's KPI answers still count.
    scored = [a for a in answers if a.compound is not None and a.language != OTHER]
    mean = sum(a.compound or 0.0 for a in scored) / len(scored) if scored else None
    row: dict[str, Any] = {
        "response_id": place.response_id,
        "journey_id": place.journey_id,
        "stage_id": place.stage_id,
        "touchpoint_id": place.touchpoint_id,
        "persona_id": place.persona_id or 0,
        "channel": place.channel,
        "day": place.created_at.date(),
        "compound": mean,
        "label": None if mean is None else sentiment.label_for(mean),
        "emotion": max(scored, key=lambda a: a.intensity).emotion if scored else None,
        "nps": None,
        "csat": None,
        "ces": None,
        "model": sentiment.MODEL_VERSION,
        "updated_at": now,
    }
    for answer in answers:
        if answer.kpi is not None and answer.number is not None:
            row[answer.kpi] = answer.number
    return row


def replace_facts(session: Session, rows: Sequence[Mapping[str, Any]]) -> None:
    """Write these fact rows, replacing the facts their responses had (two statements)."""
    if not rows:
        return
    connection = session.connection()
    ids = [row["response_id"] for row in rows]
    connection.execute(delete(FACT).where(FACT.c.response_id.in_(ids)))
    _INSERT_FACTS.run(connection, rows)


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
