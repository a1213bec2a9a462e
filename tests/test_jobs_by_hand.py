"""Jobs run by hand take the scheduler's lock of that job, and the job ledger is pruned."""

from __future__ import annotations

import threading
from datetime import timedelta

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import scheduler
from app.extensions import db
from app.jobs.locks import job_lock, job_lock_within
from app.jobs.models import JobRun, RunStatus
from journeys.models import MapSnapshot
from surveys import submit_response
from surveys.models import utcnow
from tests.conftest import make_survey

BUSY = "now; try again in a moment."


def _snapshots(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(MapSnapshot)) or 0)


def test_a_rollup_or_scoring_by_hand_refuses_while_the_scheduler_runs_that_job(
    app: Flask, session: Session
) -> None:
    survey = make_survey(session)
    submit_response(session, survey.versions[-1], {"q1": 2, "q2": "Slow and rude."})
    session.commit()
    app.config["JOB_WAIT_SECONDS"] = 0
    runner = app.test_cli_runner()

    with job_lock(db.engine, scheduler.ROLLUP_JOB) as held:
        assert held
        refused = runner.invoke(args=["journeys", "rollup"])
    assert refused.exit_code == 1
    assert f"is running this job ({scheduler.ROLLUP_JOB}) {BUSY}" in refused.output
    assert _snapshots(session) == 0  # nothing ran beside the scheduled run

    with job_lock(db.engine, scheduler.SCORE_JOB) as held:
        assert held
        refused = runner.invoke(args=["journeys", "score"])
        # A rollup scores first, so it waits for (here: refuses beside) a scoring run too.
        also_refused = runner.invoke(args=["journeys", "rollup"])
    assert refused.exit_code == 1 and f"({scheduler.SCORE_JOB}) {BUSY}" in refused.output
    assert also_refused.exit_code == 1 and _snapshots(session) == 0

    done = runner.invoke(args=["journeys", "rollup"])
    assert done.exit_code == 0, done.output
    assert _snapshots(session) == 1


def test_a_run_by_hand_waits_for_a_scheduled_run_to_finish(app: Flask) -> None:
    taken, waiting = threading.Event(), threading.Event()
    engine = db.engine

    def scheduled_run() -> None:
        with job_lock(engine, scheduler.ROLLUP_JOB) as held:
            assert held
            taken.set()
            waiting.wait(timeout=60)  # until the run by hand has found the lock taken

    holder = threading.Thread(target=scheduled_run)
    holder.start()
    assert taken.wait(timeout=60)
    with job_lock_within(
        engine, scheduler.ROLLUP_JOB, wait=timedelta(seconds=60), on_wait=waiting.set
    ) as held:
        assert held  # once the scheduled run let go
        assert waiting.is_set()  # and not before it was found running
    holder.join(timeout=60)


def test_the_purge_job_prunes_old_job_runs_but_keeps_each_jobs_newest_good_run(
    app: Flask, session: Session
) -> None:
    now = utcnow()

    def run(job_id: str, tick: int, days_ago: float, status: RunStatus) -> JobRun:
        started = now - timedelta(days=days_ago)
        row = JobRun(
            job_id=job_id,
            tick=tick,
            holder="host:1",
            started_at=started,
            finished_at=None if status == RunStatus.RUNNING else started,
            status=status,
        )
        session.add(row)
        return row

    run("rollup", 1, 40, RunStatus.OK)
    run("rollup", 2, 35, RunStatus.FAILED)
    newest_rollup = run("rollup", 3, 31, RunStatus.OK)  # old, but the job's newest good run
    run("purge", 1, 40, RunStatus.SKIPPED)
    recent_purge = run("purge", 2, 1, RunStatus.OK)
    running = run("score-unscored", 1, 2, RunStatus.RUNNING)
    session.commit()
    kept = {newest_rollup.id, recent_purge.id, running.id}

    app.config["JOB_RUN_RETENTION_DAYS"] = 30
    scheduler.purge_expired(app)

    session.expire_all()
    assert set(session.scalars(select(JobRun.id))) == kept
    last = scheduler.health(session, app.config)["jobs"]["rollup"]["last_ok"]
    assert last is not None  # /healthz still knows when the rollup last ran well

    app.config["JOB_RUN_RETENTION_DAYS"] = 0  # keep every run
    run("rollup", 4, 400, RunStatus.FAILED)
    session.commit()
    scheduler.purge_expired(app)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(JobRun)) == 4
