"""Retention: purge responses (and everything derived from them) older than the retention period."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from journeys.buckets import rebuild_buckets
from journeys.models import MapSnapshot, ResponseFact, RollupBucket, RollupState
from surveys.models import Answer, AnswerScore, Journey, Response, utcnow
from surveys.results import tallies


def purge(session: Session, *, keep_days: int, keep_snapshots_days: int | None = None) -> int:
    """Delete responses older than ``keep_days`` with their answers, scores, facts and day
    buckets, and map snapshots older than ``keep_snapshots_days`` (each journey keeps its newest).
    Returns the number of responses deleted; a ``keep_days`` of 0 keeps everything."""
    if keep_days <= 0:
        return 0
    cutoff = utcnow() - timedelta(days=keep_days)
    old = select(Response.id).where(Response.created_at < cutoff)
    count = int(session.scalar(select(func.count()).select_from(old.subquery())) or 0)
    # Delete children explicitly: SQLite enforces ON DELETE CASCADE only with the pragma on,
    # and bulk deletes bypass ORM cascades.
    session.execute(delete(ResponseFact).where(ResponseFact.response_id.in_(old)))
    old_answers = select(Answer.id).where(Answer.response_id.in_(old))
    session.execute(delete(AnswerScore).where(AnswerScore.answer_id.in_(old_answers)))
    session.execute(delete(Answer).where(Answer.response_id.in_(old)))
    session.execute(delete(Response).where(Response.id.in_(old)))
    session.execute(delete(RollupBucket).where(RollupBucket.day < cutoff.date()))
    # The cutoff day lost only some of its responses: re-aggregate it from the facts left, and
    # make the next rollup store a fresh snapshot without the purged answers.
    for journey_id in session.scalars(select(Journey.id)):
        rebuild_buckets(session, journey_id, {cutoff.date()})
    if count:
        session.execute(update(RollupState).values(facts_seen_until=None))
        # Survey summaries count from their own tallies; the next one of each starts afresh.
        tallies.forget(session)
    if keep_snapshots_days:
        snap_cutoff = utcnow() - timedelta(days=keep_snapshots_days)
        newest = select(func.max(MapSnapshot.id)).group_by(MapSnapshot.journey_id)
        session.execute(
            delete(MapSnapshot).where(
                MapSnapshot.generated_at < snap_cutoff, MapSnapshot.id.not_in(newest)
            )
        )
    session.flush()
    return count
