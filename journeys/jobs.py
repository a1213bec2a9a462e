"""Once-per-tick claims of scheduled jobs, shared by all scheduler processes via the database."""

from __future__ import annotations

import os
import socket
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from journeys.models import JobRun
from surveys.models import utcnow


def holder_name() -> str:
    """Who is running a job: host and process, for the job ledger."""
    return f"{socket.gethostname()}:{os.getpid()}"


def tick_of(moment: datetime, interval_seconds: int) -> int:
    """The number of the interval-long tick that ``moment`` falls in (same for every process)."""
    return int(moment.timestamp()) // max(1, interval_seconds)


def claim_tick(session: Session, job_id: str, tick: int) -> JobRun | None:
    """Claim ``job_id`` for ``tick``; None if another process already did. Commits the claim.

    The unique (job_id, tick) pair makes the claim atomic on SQLite and PostgreSQL alike, so two
    scheduler processes never run one job twice in a tick.
    """
    run = JobRun(job_id=job_id, tick=tick, holder=holder_name())
    session.add(run)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return run


def finish_run(session: Session, run_id: int, status: str, detail: str = "") -> None:
    """Record how a claimed run ended (in its own small transaction)."""
    session.execute(
        update(JobRun)
        .where(JobRun.id == run_id)
        .values(status=status, finished_at=utcnow(), detail=detail[:500])
    )
    session.commit()


def runs_of(session: Session, job_id: str) -> list[JobRun]:
    """The ledger of one job, oldest first."""
    return list(session.scalars(select(JobRun).where(JobRun.job_id == job_id).order_by(JobRun.id)))
