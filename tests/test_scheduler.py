"""Scheduled jobs: idempotent rollups, one run per tick, and the real scheduler process."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select, update
from sqlalchemy.orm import Session

import journeys
from app import scheduler
from app.extensions import db
from app.jobs import ledger
from app.jobs.models import JobRun, RunStatus
from journeys.models import MapSnapshot
from surveys import submit_response
from surveys.models import Survey, utcnow
from tests.conftest import make_survey
from tests.job_ledger import ok_runs
from tests.waiting import wait_for

ROOT = Path(__file__).resolve().parent.parent


def _answer_many(session: Session, texts: list[str]) -> None:
    survey = session.scalar(select(Survey)) or make_survey(session)
    for i, text in enumerate(texts):
        submit_response(session, survey.versions[-1], {"q1": 1 + i % 5, "q2": text})
    session.commit()


def _runs(session: Session, job_id: str) -> list[JobRun]:
    """The job's ledger, oldest first."""
    return ledger.recent_runs(session, job_id=job_id, limit=1000)[::-1]


def _cells(session: Session) -> list[tuple[int, int, int, float]]:
    snapshot = session.scalars(select(MapSnapshot).order_by(MapSnapshot.id.desc())).first()
    assert snapshot is not None
    return sorted((c.stage_id, c.touchpoint_id, c.n, c.mean_compound) for c in snapshot.cells)


def test_rollup_job_run_twice_gives_the_same_map_and_no_second_snapshot(
    app: Flask, session: Session
) -> None:
    _answer_many(session, ["Awful wait.", "Lovely staff!", "It was fine."] * 4)
    scheduler.score_unscored(app)
    scheduler.rollup_journeys(app)
    first = _cells(session)
    scheduler.score_unscored(app)
    scheduler.rollup_journeys(app)
    assert _cells(session) == first
    assert session.scalar(select(func.count()).select_from(MapSnapshot)) == 1
    assert first[0][2] == 12


def test_new_answers_make_a_new_snapshot_and_keep_the_old_one(app: Flask, session: Session) -> None:
    _answer_many(session, ["Great!"] * 3)
    scheduler.score_unscored(app)
    scheduler.rollup_journeys(app)
    _answer_many(session, ["Terrible, I want a refund."] * 3)
    scheduler.score_unscored(app)
    scheduler.rollup_journeys(app)
    snapshots = session.scalars(select(MapSnapshot).order_by(MapSnapshot.id)).all()
    assert [s.answer_count for s in snapshots] == [3, 6]


def test_a_tick_is_claimed_once_so_a_second_scheduler_skips_it(
    app: Flask, session: Session
) -> None:
    job = scheduler.JOBS[1]
    moment = 1_800_000_000.0
    assert scheduler.run_job_once(app, job, at=moment) is True
    assert scheduler.run_job_once(app, job, at=moment + 0.4) is False
    next_tick = moment + app.config[job.interval_key]
    assert scheduler.run_job_once(app, job, at=next_tick) is True
    runs = _runs(session, job.id)
    assert [r.status for r in runs] == ["ok", "ok"]
    assert len({r.tick for r in runs}) == 2


def test_a_failing_job_is_recorded_and_the_last_map_stays(
    app: Flask, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer_many(session, ["Great!", "Bad."])
    scheduler.score_unscored(app)
    scheduler.rollup_journeys(app)
    before = _cells(session)
    _answer_many(session, ["More answers arrive."])

    def crash(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(journeys, "rollup_journey", crash)
    job = scheduler.Job("rollup", scheduler.rollup_journeys, "ROLLUP_INTERVAL_SECONDS")
    assert scheduler.run_job_once(app, job, at=1_900_000_000.0) is True
    (run,) = _runs(session, "rollup")
    assert run.status == "failed" and "disk on fire" in run.detail
    assert _cells(session) == before


def test_a_run_left_running_by_a_dead_scheduler_is_marked_abandoned_by_the_next(
    app: Flask, session: Session
) -> None:
    _answer_many(session, ["Great!", "Slow delivery."])
    scheduler.score_unscored(app)
    job = scheduler.JOBS[1]
    moment = 1_800_000_000.0
    # A scheduler claimed this tick and died before finishing: its row says running, and it
    # holds no lock.
    dead = ledger.claim_tick(session, job.id, round(moment / app.config[job.interval_key]))
    session.commit()
    assert scheduler.run_job_once(app, job, at=moment + app.config[job.interval_key]) is True
    session.expire_all()
    killed, caught_up = _runs(session, job.id)
    assert killed.id == dead and killed.status == RunStatus.ABANDONED
    assert killed.finished_at is not None and "stopped" in killed.detail
    assert caught_up.status == RunStatus.OK
    assert session.scalar(select(MapSnapshot.answer_count)) == 2


def test_a_tick_whose_lock_is_held_is_skipped_and_not_called_abandoned(
    app: Flask, session: Session
) -> None:
    from app.jobs.locks import job_lock

    job = scheduler.JOBS[1]
    with job_lock(db.engine, job.id) as held:
        assert held
        assert scheduler.run_job_once(app, job, at=1_800_000_000.0) is True
    (run,) = _runs(session, job.id)
    assert run.status == RunStatus.SKIPPED and "holds the lock" in run.detail


def test_scheduler_runs_lists_runs_and_marks_those_of_dead_schedulers_abandoned(
    app: Flask, session: Session
) -> None:
    runner = app.test_cli_runner()
    assert "No runs yet." in runner.invoke(args=["scheduler", "runs"]).output
    job = scheduler.JOBS[1]
    assert scheduler.run_job_once(app, job, at=1_800_000_000.0)
    dead = ledger.claim_tick(session, job.id, 1)
    session.execute(
        update(JobRun).where(JobRun.id == dead).values(started_at=utcnow() - timedelta(minutes=5))
    )
    session.commit()
    reply = runner.invoke(args=["scheduler", "runs", "--job", "rollup"])
    assert reply.exit_code == 0, reply.output
    lines = reply.output.splitlines()
    assert lines[0].split()[:4] == ["started", "(UTC)", "job", "status"]
    assert " abandoned " in lines[1] and " ok " in lines[2]
    session.expire_all()
    assert session.get(JobRun, dead).status == RunStatus.ABANDONED  # type: ignore[union-attr]
    other = runner.invoke(args=["scheduler", "runs", "--job", "purge"])
    assert other.output.strip() == "No runs yet."
    unknown = runner.invoke(args=["scheduler", "runs", "--job", "nope"])
    assert unknown.exit_code == 2 and "--job" in unknown.output


def test_scheduler_runs_leaves_a_run_whose_lock_is_held_running(
    app: Flask, session: Session
) -> None:
    from app.jobs.locks import job_lock

    live = ledger.claim_tick(session, "rollup", 1)
    session.execute(
        update(JobRun).where(JobRun.id == live).values(started_at=utcnow() - timedelta(minutes=5))
    )
    session.commit()
    with job_lock(db.engine, "rollup") as held:
        assert held
        reply = app.test_cli_runner().invoke(args=["scheduler", "runs"])
    assert " running " in reply.output
    session.expire_all()
    assert session.get(JobRun, live).status == RunStatus.RUNNING  # type: ignore[union-attr]


def test_healthz_reports_each_jobs_newest_successful_run_and_nothing_else(
    app: Flask, session: Session
) -> None:
    client = app.test_client()
    before = client.get("/healthz").get_json()
    assert before["status"] == "ok"
    assert before["scheduler"]["status"] == "unknown"
    assert before["scheduler"]["jobs"]["rollup"] == {
        "last_ok": None,
        "interval_seconds": app.config["ROLLUP_INTERVAL_SECONDS"],
        "recent": None,
    }
    now = 1_800_000_000.0
    for job in scheduler.JOBS[:2]:
        assert scheduler.run_job_once(app, job, at=now)
    reply = client.get("/healthz")
    health = reply.get_json()["scheduler"]
    assert health["status"] == "ok"
    assert health["jobs"]["rollup"]["recent"] is True
    assert health["jobs"]["rollup"]["last_ok"].endswith("+00:00")
    assert health["jobs"]["purge"]["recent"] is None
    (run,) = _runs(session, "rollup")
    assert run.holder.split(":")[0] not in reply.text  # no host names or process ids
    # The rollup's newest success lies three intervals back: late.
    every = timedelta(seconds=app.config["ROLLUP_INTERVAL_SECONDS"])
    session.execute(
        update(JobRun)
        .where(JobRun.id == run.id)
        .values(finished_at=utcnow() - 3 * every - scheduler.LATE_GRACE)
    )
    session.commit()
    late = client.get("/healthz").get_json()["scheduler"]
    assert late["status"] == "late" and late["jobs"]["rollup"]["recent"] is False
    assert late["jobs"]["score-unscored"]["recent"] is True


@pytest.mark.slow
def test_two_scheduler_processes_run_each_job_once_per_tick(
    database_url: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "FLASK_SCORE_INTERVAL_SECONDS": "2",
        "FLASK_ROLLUP_INTERVAL_SECONDS": "2",
        "SECRET_KEY": "test",
    }
    cmd = [sys.executable, "-m", "flask", "--app", "app", "scheduler", "run"]
    logs = [tmp_path / f"scheduler-{n}.log" for n in range(2)]
    procs = [
        subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"), text=True
        )
        for log in logs
    ]
    try:
        # Each process takes seconds to start on a busy machine: wait for the ticks, not a time.
        wait_for(
            lambda: all(ok_runs(database_url, job_id=j) >= 4 for j in ("score-unscored", "rollup")),
            180,
            lambda: "4 ticks of each job:\n" + "\n".join(log.read_text() for log in logs),
        )
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
    texts = [log.read_text() for log in logs]
    assert all(proc.returncode == 0 for proc in procs), texts
    engine = create_engine(database_url)
    with Session(engine) as session:
        for job_id in ("score-unscored", "rollup"):
            runs = _runs(session, job_id)
            ticks = [r.tick for r in runs]
            assert len(set(ticks)) == len(ticks)  # nobody ran a tick twice
            assert sorted(ticks) == list(range(min(ticks), max(ticks) + 1))  # no tick missed
            # Every run ended well, bar one the stop may have cut short.
            assert {r.status for r in runs[:-1]} == {RunStatus.OK}, texts
            assert runs[-1].status in (RunStatus.OK, RunStatus.RUNNING)
    engine.dispose()
