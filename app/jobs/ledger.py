"""The job ledger: a ``job_run`` row per claimed tick, how it ended, and runs whose scheduler died.

These functions take the caller's ``Session`` and never commit: the scheduler and the command line
commit at the boundaries they choose (a claim, for one, counts only once it is committed).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Engine, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.jobs.locks import holder_name, lock_is_free
from app.jobs.models import JobRun, RunStatus
from surveys.models import utcnow

# A run is claimed a moment before its scheduler asks for the job's lock; a run younger than this
# with the lock free may still be in that moment, so an onlooker leaves it alone.
CLAIM_GRACE = timedelta(seconds=10)


def claim_tick(session: Session, job_id: str, tick: int) -> int | None:
    """Claim ``job_id`` for ``tick`` and return the run's id; None if another scheduler has.

    The unique (job_id, tick) pair makes the claim atomic on SQLite and PostgreSQL alike.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(JobRun)
        .values(job_id=job_id, tick=tick, holder=holder_name())
        .on_conflict_do_nothing(index_elements=["job_id", "tick"])
        .returning(JobRun.id)
    )
    return session.execute(statement).scalar()


def finish_run(session: Session, run_id: int, status: RunStatus, detail: str = "") -> None:
    """Record how a claimed run ended.

    Written whatever the row says: a live scheduler's own outcome is the truth, even over an
    ``abandoned`` that an onlooker wrote while its lease had lapsed.
    """
    session.execute(
        update(JobRun)
        .where(JobRun.id == run_id)
        .values(status=status, finished_at=utcnow(), detail=detail[:500])
    )


def abandon_runs(
    session: Session,
    job_id: str,
    *,
    before_run: int | None = None,
    started_before: datetime | None = None,
) -> int:
    """Mark the job's runs still ``running`` as abandoned; return how many.

    Only for a caller who knows their schedulers are gone: it holds the job's lock itself (and
    passes its own run as ``before_run``), or found the lock free (and passes ``started_before``).
    """
    query = update(JobRun).where(JobRun.job_id == job_id, JobRun.status == RunStatus.RUNNING)
    if before_run is not None:
        query = query.where(JobRun.id < before_run)
    if started_before is not None:
        query = query.where(JobRun.started_at < started_before)
    detail = "its scheduler stopped before the run ended (the job's lock was found free)"
    result = session.execute(
        query.values(status=RunStatus.ABANDONED, finished_at=utcnow(), detail=detail)
    )
    # An UPDATE's result is a CursorResult, which counts rows; Session.execute is typed Result.
    return cast("CursorResult[Any]", result).rowcount


def abandon_dead_runs(session: Session, engine: Engine, job_ids: Iterable[str]) -> int:
    """Mark as abandoned the running runs of jobs whose lock nobody holds; return how many."""
    now = utcnow()
    abandoned = 0
    for job_id in job_ids:
        running = session.scalar(
            select(func.count())
            .select_from(JobRun)
            .where(JobRun.job_id == job_id, JobRun.status == RunStatus.RUNNING)
        )
        if running and lock_is_free(engine, job_id):
            abandoned += abandon_runs(session, job_id, started_before=now - CLAIM_GRACE)
    return abandoned


def recent_runs(session: Session, *, job_id: str | None = None, limit: int = 20) -> list[JobRun]:
    """The newest runs (of one job, or of all), newest first."""
    query = select(JobRun).order_by(JobRun.id.desc()).limit(limit)
    if job_id is not None:
        query = query.where(JobRun.job_id == job_id)
    return list(session.scalars(query))


def last_ok(session: Session, job_id: str) -> datetime | None:
    """When the job's newest successful run ended (None: never)."""
    return session.scalar(
        select(func.max(JobRun.finished_at)).where(
            JobRun.job_id == job_id, JobRun.status == RunStatus.OK
        )
    )


def prune_runs(session: Session, *, keep_days: int) -> int:
    """Delete runs started more than ``keep_days`` ago (0 keeps every run); return how many.

    Each job's newest successful run stays whatever its age, so /healthz can still say how late
    a job is after a long outage rather than that it never ran.
    """
    if keep_days <= 0:
        return 0
    newest_ok = (
        select(func.max(JobRun.id)).where(JobRun.status == RunStatus.OK).group_by(JobRun.job_id)
    )
    result = session.execute(
        delete(JobRun).where(
            JobRun.started_at < utcnow() - timedelta(days=keep_days), JobRun.id.not_in(newest_ok)
        )
    )
    # A DELETE's result is a CursorResult, which counts rows; Session.execute is typed Result.
    return cast("CursorResult[Any]", result).rowcount
