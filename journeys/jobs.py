"""Coordination of scheduler processes through the database: once-per-tick claims and job locks.

A tick claim (a unique ``(job, tick)`` row) makes exactly one scheduler run a job per tick; a job
lock keeps a slow run from overlapping the next tick's run in another process. On PostgreSQL
the lock is a session advisory lock held on its own connection; on SQLite it is a leased row.
"""

from __future__ import annotations

import os
import socket
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Engine, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from journeys.models import JobLock, JobRun
from surveys.models import utcnow


def holder_name() -> str:
    """Who is running a job: host and process, for the job ledger."""
    return f"{socket.gethostname()}:{os.getpid()}"


def claim_tick(session: Session, job_id: str, tick: int) -> JobRun | None:
    """Claim ``job_id`` for ``tick``; None if another process already did. Commits the claim.

    The unique (job_id, tick) pair makes the claim atomic on SQLite and PostgreSQL alike.
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


def _advisory_key(name: str) -> int:
    return zlib.crc32(f"journeymap:{name}".encode())


@contextmanager
def job_lock(engine: Engine, name: str, *, lease: timedelta = timedelta(hours=1)) -> Iterator[bool]:
    """Hold the lock called ``name`` for the block; yields False (and runs nothing) if taken."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            key = _advisory_key(name)
            got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())
            conn.commit()
            try:
                yield got
            finally:
                if got:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    conn.commit()
        return
    me = holder_name()
    with Session(engine) as session:
        got = _take_lease(session, name, me, lease)
    try:
        yield got
    finally:
        if got:
            with Session(engine) as session:
                session.execute(
                    update(JobLock)
                    .where(JobLock.name == name, JobLock.holder == me)
                    .values(holder=None, expires_at=None)
                )
                session.commit()


def _take_lease(session: Session, name: str, me: str, lease: timedelta) -> bool:
    """Take the lock row if it is free or its lease ran out (a crashed holder)."""
    now = utcnow()
    taken = session.execute(
        update(JobLock)
        .where(JobLock.name == name)
        .where((JobLock.holder.is_(None)) | (JobLock.expires_at < now))
        .values(holder=me, expires_at=now + lease)
    ).rowcount  # type: ignore[attr-defined]
    if taken:
        session.commit()
        return True
    try:
        session.add(JobLock(name=name, holder=me, expires_at=now + lease))
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True
