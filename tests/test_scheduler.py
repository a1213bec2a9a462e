"""Scheduled jobs: idempotent rollups, one run per tick, and the real scheduler process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

import journeys
from app import scheduler
from journeys.models import MapSnapshot
from surveys import submit_response
from surveys.models import Survey
from tests.conftest import make_survey

ROOT = Path(__file__).resolve().parent.parent


def _answer_many(session: Session, texts: list[str]) -> None:
    survey = session.scalar(select(Survey)) or make_survey(session)
    for i, text in enumerate(texts):
        submit_response(session, survey.versions[-1], {"q1": 1 + i % 5, "q2": text})
    session.commit()


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
    runs = journeys.runs_of(session, job.id)
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

    monkeypatch.setattr(journeys, "rollup", crash)
    job = scheduler.Job("rollup", scheduler.rollup_journeys, "ROLLUP_INTERVAL_SECONDS")
    assert scheduler.run_job_once(app, job, at=1_900_000_000.0) is True
    (run,) = journeys.runs_of(session, "rollup")
    assert run.status == "failed" and "disk on fire" in run.detail
    assert _cells(session) == before


@pytest.mark.slow
def test_two_scheduler_processes_run_each_job_once_per_tick(database_url: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "FLASK_SCORE_INTERVAL_SECONDS": "2",
        "FLASK_ROLLUP_INTERVAL_SECONDS": "2",
        "SECRET_KEY": "test",
    }
    cmd = [sys.executable, "-m", "flask", "--app", "app", "scheduler", "run"]
    procs = [
        subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    try:
        time.sleep(11)
    finally:
        for proc in procs:
            proc.terminate()
        logs = [proc.communicate(timeout=20)[1] for proc in procs]
    assert all(proc.returncode == 0 for proc in procs), logs
    engine = create_engine(database_url)
    with Session(engine) as session:
        for job_id in ("score-unscored", "rollup"):
            runs = journeys.runs_of(session, job_id)
            ticks = [r.tick for r in runs]
            assert len(ticks) >= 4, (job_id, ticks, logs)
            assert len(set(ticks)) == len(ticks)  # nobody ran a tick twice
            assert sorted(ticks) == list(range(min(ticks), max(ticks) + 1))  # no tick missed
            assert {r.status for r in runs} == {"ok"}
    engine.dispose()
