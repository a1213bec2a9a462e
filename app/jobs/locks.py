"""A job's lock, so that a run slower than its interval never overlaps a run in another scheduler.

PostgreSQL: a session advisory lock on a connection of its own. The server drops it the moment
that connection ends: a holder killed with SIGKILL closes its socket at once, and the lock's
connection asks the server for TCP keepalives, so a holder whose host vanished is noticed within
about half a minute instead of the kernel's two hours.

SQLite: a ``job_lock`` row leased to its holder for ``lease`` and renewed by a heartbeat thread
every third of that while the job runs. A holder that dies stops renewing, so its row is free
again at most one lease after its last heartbeat. (A SQLite database is shared only by processes
on one machine, but a process id alone is no proof of life, so the lease is the rule.)

The lock keeps its own connection and commits there: taking and releasing it must be seen by
other schedulers at once, whatever the job's own transaction does.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Connection, Engine, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, OperationalError

from app.jobs.models import JobLock
from surveys.models import utcnow

log = logging.getLogger("journeymap.jobs")

LEASE = timedelta(seconds=30)

# Keepalives on the advisory lock's connection: probe after 10 s of silence, every 5 s, give up
# after 3 unanswered probes. Ignored (harmlessly) on a Unix-socket connection.
_KEEPALIVES = (
    "SET tcp_keepalives_idle = 10",
    "SET tcp_keepalives_interval = 5",
    "SET tcp_keepalives_count = 3",
)


def holder_name() -> str:
    """Who is running a job: host and process, for the lock row and the job ledger."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _advisory_key(name: str) -> int:
    return zlib.crc32(f"journeymap:{name}".encode())


@contextmanager
def job_lock(engine: Engine, name: str, *, lease: timedelta = LEASE) -> Iterator[bool]:
    """Hold the lock called ``name`` for the block; yields False (hold nothing) if it is taken."""
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, name) as held:
            yield held
        return
    me = holder_name()
    with engine.begin() as conn:
        held = _take_lease(conn, name, me, lease)
    if not held:
        yield False
        return
    stop = threading.Event()
    heartbeat = threading.Thread(
        target=_keep_renewing, args=(engine, name, me, lease, stop), name=f"lease {name}"
    )
    heartbeat.start()
    try:
        yield True
    finally:
        stop.set()
        heartbeat.join()
        _release_lease(engine, name, me, lease)


@contextmanager
def job_lock_within(
    engine: Engine,
    name: str,
    *,
    wait: timedelta,
    lease: timedelta = LEASE,
    on_wait: Callable[[], None] | None = None,
    poll: timedelta = timedelta(seconds=0.25),
) -> Iterator[bool]:
    """Like :func:`job_lock`, but while it is taken try again every ``poll`` until ``wait`` has
    passed; yields False if it never came free. ``on_wait`` is told once, at the first refusal.

    For a job run by hand: it waits out a scheduled run that is about to end.
    """
    deadline = time.monotonic() + wait.total_seconds()
    told = False
    while True:
        with job_lock(engine, name, lease=lease) as held:
            if held or time.monotonic() >= deadline:
                yield held
                return
        if on_wait is not None and not told:
            on_wait()
            told = True
        time.sleep(poll.total_seconds())


@contextmanager
def _advisory_lock(engine: Engine, name: str) -> Iterator[bool]:
    key = _advisory_key(name)
    with engine.connect() as conn:
        for statement in _KEEPALIVES:
            conn.execute(text(statement))
        held = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())
        conn.commit()  # not left "idle in transaction" while the job runs
        try:
            yield held
        finally:
            if held:
                try:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    conn.commit()
                except DBAPIError:
                    # The connection died, and the server dropped the lock with it; make sure
                    # the pool does not hand the broken connection out again.
                    conn.invalidate()


def _take_lease(conn: Connection, name: str, me: str, lease: timedelta) -> bool:
    """Take the lock row if it is missing, free, or its lease ran out (a dead holder)."""
    now = utcnow()
    statement = (
        sqlite_insert(JobLock)
        .values(name=name, holder=me, expires_at=now + lease)
        .on_conflict_do_update(
            index_elements=[JobLock.name],
            set_={"holder": me, "expires_at": now + lease},
            where=JobLock.holder.is_(None) | (JobLock.expires_at < now),
        )
    )
    return bool(conn.execute(statement).rowcount)


def _keep_renewing(
    engine: Engine, name: str, me: str, lease: timedelta, stop: threading.Event
) -> None:
    """Push the lease forward every third of it until ``stop`` is set."""
    while not stop.wait(lease.total_seconds() / 3):
        try:
            with engine.begin() as conn:
                renewed = conn.execute(
                    update(JobLock)
                    .where(JobLock.name == name, JobLock.holder == me)
                    .values(expires_at=utcnow() + lease)
                ).rowcount
        except OperationalError as error:
            # A long write transaction (the job's own, on another connection) holds SQLite's
            # write lock; nobody else can take the row meanwhile either. Try again next beat.
            log.warning("could not renew the lease on %s yet: %s", name, error.orig)
            continue
        if not renewed:
            log.error("lost the lock on %s: its lease ran out and another process took it", name)
            return


def _release_lease(engine: Engine, name: str, me: str, lease: timedelta) -> None:
    try:
        with engine.begin() as conn:
            conn.execute(
                update(JobLock)
                .where(JobLock.name == name, JobLock.holder == me)
                .values(holder=None, expires_at=None)
            )
    except OperationalError as error:
        log.warning("could not release %s (free again within %s): %s", name, lease, error.orig)


def lock_is_free(engine: Engine, name: str) -> bool:
    """Whether nobody holds the lock called ``name`` right now, without taking it."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            # A session advisory lock on one bigint key shows as classid = high half,
            # objid = low half, objsubid = 1, in the current database.
            held = conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    " AND database = (SELECT oid FROM pg_database"
                    " WHERE datname = current_database())"
                    " AND classid = 0 AND objid::bigint = :k AND objsubid = 1"
                ),
                {"k": _advisory_key(name)},
            ).scalar()
            return not held
        row = conn.execute(
            select(JobLock.holder, JobLock.expires_at).where(JobLock.name == name)
        ).first()
    return row is None or row.holder is None or row.expires_at < utcnow()
