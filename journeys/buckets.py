"""Day buckets: additive sums of response facts, rebuilt in SQL for the days that changed."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, case, cast, delete, func, insert, select
from sqlalchemy.orm import Session

from journeys.models import EMOTION_COLUMNS, ResponseFact, RollupBucket

F = ResponseFact


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _sum_if(condition: ColumnElement[bool], value: ColumnElement[Any]) -> ColumnElement[float]:
    return func.coalesce(func.sum(case((condition, value), else_=0.0)), 0.0)


def _outcome() -> ColumnElement[float | None]:
    """Each respondent's outcome on 0–100: NPS as promoter 100 / passive 0 / detractor −100,
    else CSAT as satisfied (4–5) 100 / not 0; None when neither was asked."""
    return case(
        (F.nps >= 9, 100.0),
        (F.nps <= 6, -100.0),
        (F.nps.is_not(None), 0.0),
        (F.csat >= 4, 100.0),
        (F.csat.is_not(None), 0.0),
        else_=None,
    )


def _aggregates() -> list[tuple[str, ColumnElement[Any]]]:
    negative = F.label == "negative"
    other = F.label.in_(("positive", "neutral"))
    outcome = _outcome()
    columns: list[tuple[str, ColumnElement[Any]]] = [
        ("responses", func.count()),
        ("n", func.count(F.compound)),
        ("sum_compound", func.coalesce(func.sum(F.compound), 0.0)),
        ("sum_compound_sq", func.coalesce(func.sum(F.compound * F.compound), 0.0)),
        ("negative", _count_if(negative)),
        ("positive", _count_if(F.label == "positive")),
        ("negative_intensity", _sum_if(negative, func.abs(F.compound))),
    ]
    columns += [(name, _count_if(F.emotion == name)) for name in EMOTION_COLUMNS]
    columns += [
        ("nps_n", func.count(F.nps)),
        ("nps_promoters", _count_if(F.nps >= 9)),
        ("nps_detractors", _count_if(F.nps <= 6)),
        ("csat_n", func.count(F.csat)),
        ("csat_satisfied", _count_if(F.csat >= 4)),
        ("csat_sum", func.coalesce(func.sum(F.csat), 0.0)),
        ("ces_n", func.count(F.ces)),
        ("ces_sum", func.coalesce(func.sum(F.ces), 0.0)),
        ("outcome_negative_n", _count_if(negative & outcome.is_not(None))),
        ("outcome_negative_sum", _sum_if(negative & outcome.is_not(None), outcome)),
        ("outcome_other_n", _count_if(other & outcome.is_not(None))),
        ("outcome_other_sum", _sum_if(other & outcome.is_not(None), outcome)),
    ]
    return columns


def rebuild_buckets(
    session: Session, journey_id: int, days: Collection[date] | None = None
) -> None:
    """Recompute the journey's buckets for ``days`` (all days when None) from its facts, in SQL."""
    remove = delete(RollupBucket).where(RollupBucket.journey_id == journey_id)
    keys: list[tuple[str, Any]] = [
        ("journey_id", F.journey_id),
        ("day", F.day),
        ("stage_id", F.stage_id),
        ("touchpoint_id", F.touchpoint_id),
        ("persona_id", F.persona_id),
        ("channel", F.channel),
    ]
    columns: list[tuple[str, Any]] = keys + _aggregates()
    source = (
        select(*(expr for _, expr in columns))
        .where(F.journey_id == journey_id)
        .group_by(F.journey_id, F.day, F.stage_id, F.touchpoint_id, F.persona_id, F.channel)
    )
    if days is not None:
        if not days:
            return
        remove = remove.where(RollupBucket.day.in_(sorted(days)))
        source = source.where(F.day.in_(sorted(days)))
    session.execute(remove)
    session.execute(insert(RollupBucket).from_select([name for name, _ in columns], source))
    session.flush()


def changed_days(session: Session, journey_id: int, since: datetime) -> set[date]:
    """Days of the journey with a fact written after ``since``."""
    # No DISTINCT in SQL: with it SQLite walks the whole journey in primary-key order instead of
    # the few recent entries of the (journey, updated_at) index; the set dedupes here.
    # Days come back as text: parsing thousands of identical dates row by row costs more than
    # the query.
    query = select(cast(F.day, String)).where(F.journey_id == journey_id, F.updated_at > since)
    return {date.fromisoformat(day) for day in set(session.scalars(query))}


def newest_fact_change(session: Session, journey_id: int) -> datetime | None:
    """When the journey's newest fact was written."""
    return session.scalar(select(func.max(F.updated_at)).where(F.journey_id == journey_id))
