"""Job locks: one holder at a time, a lease renewed while held, and a dead holder's lock freed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, select

from app.extensions import db
from app.jobs.locks import job_lock, lock_is_free
from app.jobs.models import JobLock
from surveys.models import utcnow
from tests.waiting import wait_for

ROOT = Path(__file__).resolve().parent.parent

# A process that takes the lock "rollup", says so, and holds it until it is killed.
HOLDER = textwrap.dedent(
    """
    import sys, threading
    from datetime import timedelta
    from sqlalchemy import create_engine
    from app.jobs.locks import job_lock

    engine = create_engine(sys.argv[1])
    with job_lock(engine, "rollup", lease=timedelta(seconds=float(sys.argv[2]))) as held:
        print("held" if held else "taken", flush=True)
        threading.Event().wait()
    """
)


def test_a_job_lock_is_held_by_one_holder_at_a_time(app: Flask) -> None:
    with job_lock(db.engine, "rollup") as first:
        assert first is True
        assert not lock_is_free(db.engine, "rollup")
        with job_lock(db.engine, "rollup") as second:
            assert second is False
        with job_lock(db.engine, "other-job") as other:
            assert other is True
    assert lock_is_free(db.engine, "rollup")
    with job_lock(db.engine, "rollup") as again:
        assert again is True


def test_a_sqlite_lease_is_renewed_while_its_job_runs(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    lease = timedelta(seconds=1)

    def expires() -> object:
        with engine.connect() as conn:
            return conn.scalar(select(JobLock.expires_at).where(JobLock.name == "rollup"))

    with job_lock(engine, "rollup", lease=lease) as held:
        assert held
        first = expires()
        assert isinstance(first, type(utcnow()))
        # Well past the first lease, the heartbeat has pushed it on and nobody can take the lock.
        wait_for(lambda: utcnow() > first + lease, 10, "the clock to pass the first lease")
        assert expires() > first  # type: ignore[operator]
        with job_lock(engine, "rollup", lease=lease) as second:
            assert second is False
    assert lock_is_free(engine, "rollup")
    engine.dispose()


@pytest.mark.slow
def test_a_holder_killed_with_sigkill_frees_its_lock_promptly(database_url: str) -> None:
    """PostgreSQL drops the advisory lock with the holder's connection; on SQLite the lease runs
    out within one lease (2 s here) — not the hour the lease used to be."""
    lease_seconds = 2.0
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, database_url, str(lease_seconds)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    engine = create_engine(database_url)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        assert not lock_is_free(engine, "rollup")
        with job_lock(engine, "rollup") as taken:
            assert taken is False
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=30)
        killed = time.monotonic()

        def take() -> bool:
            with job_lock(engine, "rollup") as held:
                return held

        # Generous deadline for a busy CI machine; the figure that matters is printed below.
        wait_for(take, 30, "a new holder to get the lock of a killed one")
        waited = time.monotonic() - killed
        print(f"{engine.dialect.name}: lock taken {waited:.2f} s after its holder was killed")
        assert waited < (lease_seconds + 5 if engine.dialect.name == "sqlite" else 5)
    finally:
        if holder.poll() is None:
            holder.kill()
        engine.dispose()
