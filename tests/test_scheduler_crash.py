"""A scheduler killed in the middle of a rollup: the next marks the run abandoned and catches up.

Real scheduler processes (``flask --app app scheduler run``) on a real database, killed with
SIGKILL. The rollup is slow enough to be caught half-way by its size alone: many journeys, each
committed on its own, so the test can see a rollup that has finished some journeys and not others.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.jobs import drivers
from app.jobs.models import JobRun, RunStatus
from journeys.models import MapSnapshot
from surveys.models import Response
from tests.bulk import add_scored_responses
from tests.conftest import make_app, make_survey
from tests.waiting import wait_for

ROOT = Path(__file__).resolve().parent.parent
JOURNEYS = 60
ROLLUP_EVERY = 2  # seconds


def _environment(url: str) -> dict[str, str]:
    """Only the rollup ticks (every 2 s); SQLite's lease is as short as the interval."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "test",
        "FLASK_ROLLUP_INTERVAL_SECONDS": str(ROLLUP_EVERY),
        "FLASK_JOB_LEASE_SECONDS": str(ROLLUP_EVERY),
        "FLASK_SCORE_INTERVAL_SECONDS": "3600",
        "FLASK_WEBHOOK_INTERVAL_SECONDS": "3600",
        "FLASK_PURGE_INTERVAL_SECONDS": "86400",
    }


class Ledger:
    """What the test reads from the database while the schedulers run."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)

    def rollups(self) -> list[JobRun]:
        with Session(self.engine) as session:
            query = select(JobRun).where(JobRun.job_id == "rollup").order_by(JobRun.tick)
            return list(session.scalars(query))

    def running_rollup_of(self, pid: int) -> JobRun | None:
        return next(
            (
                r
                for r in self.rollups()
                if r.status == RunStatus.RUNNING and r.holder.endswith(f":{pid}")
            ),
            None,
        )

    def stale_journeys(self) -> int:
        """Journeys whose newest snapshot does not count every one of their responses."""
        with Session(self.engine) as session:
            newest = (
                select(MapSnapshot.journey_id, func.max(MapSnapshot.id).label("id"))
                .group_by(MapSnapshot.journey_id)
                .subquery()
            )
            shown = dict(
                session.execute(
                    select(MapSnapshot.journey_id, MapSnapshot.answer_count).join(
                        newest, newest.c.id == MapSnapshot.id
                    )
                ).all()
            )
            held = session.execute(
                select(Response.journey_id, func.count()).group_by(Response.journey_id)
            ).all()
        return sum(1 for journey_id, count in held if shown.get(journey_id) != count)


@pytest.fixture
def ledger(database_url: str) -> Iterator[Ledger]:
    reader = Ledger(database_url)
    yield reader
    reader.engine.dispose()


def _start(url: str, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "scheduler", "run"],
        cwd=ROOT,
        env=_environment(url),
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )


@pytest.mark.slow
def test_a_scheduler_killed_mid_rollup_is_caught_up_by_the_next_one(
    database_url: str, ledger: Ledger, tmp_path: Path
) -> None:
    # Every journey has a map of its first 100 answers, then 200 more arrive.
    app = make_app(database_url)
    with app.app_context():
        surveys = [make_survey(db.session) for _ in range(JOURNEYS)]
        db.session.flush()
        for survey in surveys:
            add_scored_responses(db.session, survey, 100)
        db.session.commit()
        drivers.run_rollup(db.session)
        for survey in surveys:
            add_scored_responses(db.session, survey, 200)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    assert ledger.stale_journeys() == JOURNEYS

    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    first = _start(database_url, logs[0])
    second = None
    try:
        killed = wait_for(
            lambda: (
                ledger.running_rollup_of(first.pid) if ledger.stale_journeys() < JOURNEYS else None
            ),
            120,
            lambda: "the first scheduler's rollup to be half-way:\n" + logs[0].read_text(),
            interval=0.02,
        )
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        # The kill landed mid-rollup: some maps are new, others still stale, the run unfinished.
        assert 0 < ledger.stale_journeys() < JOURNEYS
        assert ledger.running_rollup_of(first.pid) is not None

        second = _start(database_url, logs[1])
        wait_for(
            lambda: ledger.stale_journeys() == 0,
            180,
            lambda: "the second scheduler to catch up:\n" + logs[1].read_text(),
        )
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)

    runs = {r.id: r for r in ledger.rollups()}
    assert runs[killed.id].status == RunStatus.ABANDONED
    assert runs[killed.id].finished_at is not None
    # The second scheduler caught up within two of its ticks: at the first, or at the next when
    # the first found the killed holder's lease not yet run out.
    theirs = [r for r in runs.values() if r.holder.endswith(f":{second.pid}")]
    done = next(r for r in theirs if r.status == RunStatus.OK)
    assert done.tick - theirs[0].tick <= 1, [(r.tick, r.status, r.detail) for r in theirs]
    assert {r.status for r in theirs if r.tick < done.tick} <= {RunStatus.SKIPPED}
