"""The job table (data, in one place) and the scheduler process that runs it.

Run with ``flask --app app scheduler run``: one APScheduler 3.x ``BlockingScheduler`` in its own
process, never inside web workers. Every scheduler fires each job on the same clock-aligned
ticks; a job runs only after its tick is claimed in the database (so several schedulers run it
once per tick) and while it holds the job's lock (so a slow run never overlaps the next one).
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
    """Score answers that have no score (or one from an older model) and record their facts."""
    with app.app_context():
        count = journeys.score_pending(db.session)
        db.session.commit()
        if count:
            log.info("processed %d responses", count)


def rollup_journeys(app: Flask) -> None:
    """Fold new and changed answers into each journey's buckets and store a new snapshot."""
    with app.app_context():
        results = journeys.rollup(
            db.session,
            min_answers=app.config["PAIN_POINT_MIN_ANSWERS"],
            period_days=app.config["ALERT_PERIOD_DAYS"],
        )
        db.session.commit()
        for r in results:
            if r.created:
                log.info(
                    "rolled up %s: %d cells, %d pain points, %d alerts",
                    r.journey,
                    r.cells,
                    r.pain_points,
                    r.alerts,
                )


def notify_alerts(app: Flask) -> None:
    """Send alerts the rollups raised to the configured webhook (if any)."""
    url = app.config.get("ALERT_WEBHOOK_URL")
    if not url:
        return
    with app.app_context():
        sent = journeys.deliver_alerts(db.session, url)
        db.session.commit()
        if sent:
            log.info("delivered %d alerts", sent)


def purge_expired(app: Flask) -> None:
    """Delete responses and snapshots older than the retention settings."""
    with app.app_context():
        count = journeys.purge(
            db.session,
            keep_days=app.config["RETENTION_DAYS"],
            keep_snapshots_days=app.config["SNAPSHOT_RETENTION_DAYS"],
        )
        db.session.commit()
        if count:
            log.info("purged %d responses", count)


@dataclass(frozen=True, slots=True)
class Job:
    """A scheduled job: its id, what it runs, and the config key of its interval in seconds."""

    id: str
    func: Callable[[Flask], None]
    interval_key: str


JOBS: tuple[Job, ...] = (
    Job("score-unscored", score_unscored, "SCORE_INTERVAL_SECONDS"),
    Job("rollup", rollup_journeys, "ROLLUP_INTERVAL_SECONDS"),
    Job("notify-alerts", notify_alerts, "ALERT_INTERVAL_SECONDS"),
    Job("purge", purge_expired, "PURGE_INTERVAL_SECONDS"),
)


def run_job_once(app: Flask, job: Job, *, at: float | None = None) -> bool:
    """Claim this tick of ``job`` and run it under its lock; False if the tick was taken."""
    interval = int(app.config[job.interval_key])
    moment = time.time() if at is None else at
    # Fires land a hair after the aligned boundary; rounding gives every process the same tick.
    tick = round(moment / max(1, interval))
    with app.app_context():
        run = journeys.claim_tick(db.session, job.id, tick)
        if run is None:
            log.debug("%s tick %d already claimed elsewhere", job.id, tick)
            return False
        run_id, engine = run.id, db.engine
    status, detail = "ok", ""
    with journeys.job_lock(engine, job.id) as locked:
        if not locked:
            status, detail = "skipped", "the previous run still holds the lock"
        else:
            try:
                job.func(app)
            except Exception as error:
                log.exception("job %s failed", job.id)
                status, detail = "failed", repr(error)
    with app.app_context():
        db.session.rollback()
        journeys.finish_run(db.session, run_id, status, detail)
    return True


def build_scheduler(app: Flask) -> BlockingScheduler:
    """A scheduler with every job of the table on its clock-aligned interval."""
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
            name=job.id,
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
