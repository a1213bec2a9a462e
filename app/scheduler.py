"""The job table (data, in one place) and the scheduler process that runs it.

Run with ``flask --app app scheduler run``: one APScheduler 3.x ``BlockingScheduler`` in its own
process, never inside web workers. Every scheduler fires each job on the same epoch-aligned ticks,
and a job runs only after its tick is claimed in the database, so several scheduler processes
still run each job once per tick.
"""

from __future__ import annotations

import logging
import math
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import FrameType

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

import journeys
from app.extensions import db

log = logging.getLogger("journeymap.scheduler")


def score_unscored(app: Flask) -> None:
    """Score free-text answers that have no score yet or one from an older model."""
    with app.app_context():
        count = journeys.score_pending(db.session)
        db.session.commit()
        if count:
            log.info("scored %d answers", count)


def rollup_journeys(app: Flask) -> None:
    """Roll scored answers up into a new map snapshot of every journey that changed."""
    with app.app_context():
        results = journeys.rollup(db.session, min_answers=app.config["PAIN_POINT_MIN_ANSWERS"])
        db.session.commit()
        for result in results:
            if result.created:
                log.info(
                    "rolled up %s: %d cells, %d pain points",
                    result.journey,
                    result.cells,
                    result.pain_points,
                )


@dataclass(frozen=True, slots=True)
class Job:
    """A scheduled job: its id, what it runs, and the config key of its interval in seconds."""

    id: str
    func: Callable[[Flask], None]
    interval_key: str


JOBS: tuple[Job, ...] = (
    Job("score-unscored", score_unscored, "SCORE_INTERVAL_SECONDS"),
    Job("rollup", rollup_journeys, "ROLLUP_INTERVAL_SECONDS"),
)


def run_job_once(app: Flask, job: Job, *, at: float | None = None) -> bool:
    """Claim this tick of ``job`` and run it; False if another scheduler already claimed it."""
    interval = int(app.config[job.interval_key])
    moment = time.time() if at is None else at
    # Fires land a hair after the aligned boundary; rounding gives every process the same tick.
    tick = round(moment / max(1, interval))
    with app.app_context():
        run = journeys.claim_tick(db.session, job.id, tick)
        if run is None:
            log.debug("%s tick %d already claimed elsewhere", job.id, tick)
            return False
        run_id = run.id
    try:
        job.func(app)
    except Exception as error:
        log.exception("job %s failed", job.id)
        with app.app_context():
            db.session.rollback()
            journeys.finish_run(db.session, run_id, "failed", repr(error))
        return True
    with app.app_context():
        journeys.finish_run(db.session, run_id, "ok")
    return True


def build_scheduler(app: Flask) -> BlockingScheduler:
    """A scheduler with every job of the table on its epoch-aligned interval."""
    scheduler = BlockingScheduler(timezone=UTC)
    now = time.time()
    for job in JOBS:
        interval = max(1, int(app.config[job.interval_key]))
        first = datetime.fromtimestamp(math.ceil(now / interval) * interval, tz=UTC)
        scheduler.add_job(
            run_job_once,
            "interval",
            seconds=interval,
            start_date=first,
            args=(app, job),
            id=job.id,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=max(1, interval // 2),
        )
    return scheduler


def run(app: Flask) -> None:
    """Run the scheduler in this process until SIGINT or SIGTERM."""
    scheduler = build_scheduler(app)

    def _stop(signum: int, _frame: FrameType | None) -> None:
        log.info("scheduler stopping (signal %d)", signum)
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, _stop)
    for job in JOBS:
        log.info("job %s every %ss", job.id, app.config[job.interval_key])
    log.info("scheduler running")
    scheduler.start()
