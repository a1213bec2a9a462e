"""The job table (data, in one place) and the scheduler process that runs it.

Run with ``flask --app app scheduler run``: one APScheduler 3.x ``BlockingScheduler`` in its own
process, never inside web workers. Every scheduler fires each job on the same clock-aligned
ticks; a job runs only after its tick is claimed in the database (so several schedulers run it
once per tick) and while it holds the job's lock (so a slow run never overlaps the next one). A
scheduler that dies mid-run leaves its run marked ``running`` and its lock to lapse (at once on
PostgreSQL, within ``JOB_LEASE_SECONDS`` on SQLite); the next run to take the lock marks that run
``abandoned`` and catches up from the watermarks.
"""

from __future__ import annotations

import logging
import math
import signal
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from types import FrameType
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask
from sqlalchemy.orm import Session

import journeys
from app.extensions import db, db_session
from app.jobs import drivers, ledger
from app.jobs.locks import job_lock
from app.jobs.models import RunStatus
from surveys.models import utcnow

log = logging.getLogger("journeymap.scheduler")


def score_unscored(app: Flask) -> None:
    """Score answers that have no score (or one from an older model) and record their facts."""
    with app.app_context():
        count = drivers.run_scoring(db_session())
        if count:
            log.info("processed %d responses", count)


def rollup_journeys(app: Flask) -> None:
    """Fold new and changed answers into each journey's buckets and store a new snapshot."""
    with app.app_context():
        for r in drivers.run_rollup(db_session()):
            if r.created:
                log.info(
                    "rolled up %s: %d cells, %d pain points, %d alerts",
                    r.journey,
                    r.cells,
                    r.pain_points,
                    r.alerts,
                )


def deliver_webhooks(app: Flask) -> None:
    """Record new responses' webhook events and POST the due deliveries (alerts among them)."""
    with app.app_context():
        done = drivers.run_webhooks(db_session())
        if done.delivered or done.failed:
            log.info("webhooks: %d delivered, %d attempts failed", done.delivered, done.failed)


def purge_expired(app: Flask) -> None:
    """Delete responses and snapshots older than the retention settings, and old job runs."""
    with app.app_context():
        count = journeys.purge(
            db_session(),
            keep_days=app.config["RETENTION_DAYS"],
            keep_snapshots_days=app.config["SNAPSHOT_RETENTION_DAYS"],
        )
        runs = ledger.prune_runs(db_session(), keep_days=app.config["JOB_RUN_RETENTION_DAYS"])
        db.session.commit()
        if count:
            log.info("purged %d responses", count)
        if runs:
            log.info("pruned %d job runs", runs)


@dataclass(frozen=True, slots=True)
class Job:
    """A scheduled job: its id, what it runs, and the config key of its interval in seconds."""

    id: str
    func: Callable[[Flask], None]
    interval_key: str


# The ids of the jobs the command line also runs by hand, under the same lock.
SCORE_JOB, ROLLUP_JOB, WEBHOOK_JOB = "score-unscored", "rollup", "webhooks"

JOBS: tuple[Job, ...] = (
    Job(SCORE_JOB, score_unscored, "SCORE_INTERVAL_SECONDS"),
    Job(ROLLUP_JOB, rollup_journeys, "ROLLUP_INTERVAL_SECONDS"),
    Job(WEBHOOK_JOB, deliver_webhooks, "WEBHOOK_INTERVAL_SECONDS"),
    Job("purge", purge_expired, "PURGE_INTERVAL_SECONDS"),
)


def run_job_once(app: Flask, job: Job, *, at: float | None = None) -> bool:
    """Claim this tick of ``job`` and run it under its lock; False if the tick was taken.

    Commits the claim at once (so every other scheduler sees it), any earlier runs found abandoned,
    and the outcome; the job commits its own work.
    """
    interval = int(app.config[job.interval_key])
    moment = time.time() if at is None else at
    # Fires land a hair after the aligned boundary; rounding gives every process the same tick.
    tick = round(moment / max(1, interval))
    with app.app_context():
        run_id = ledger.claim_tick(db_session(), job.id, tick)
        db.session.commit()
        if run_id is None:
            log.debug("%s tick %d already claimed elsewhere", job.id, tick)
            return False
        engine = db.engine
    lease = timedelta(seconds=int(app.config["JOB_LEASE_SECONDS"]))
    status, detail = RunStatus.OK, ""
    try:
        with job_lock(engine, job.id, lease=lease) as held:
            if held:
                _abandon_earlier_runs(app, job, run_id)
                job.func(app)
            else:
                status, detail = RunStatus.SKIPPED, "the previous run still holds the lock"
    except Exception as error:
        log.exception("job %s failed", job.id)
        status, detail = RunStatus.FAILED, repr(error)
    with app.app_context():
        ledger.finish_run(db_session(), run_id, status, detail)
        db.session.commit()
    return True


def _abandon_earlier_runs(app: Flask, job: Job, run_id: int) -> None:
    """With the job's lock in hand, any earlier run still marked running has lost its scheduler."""
    with app.app_context():
        if count := ledger.abandon_runs(db_session(), job.id, before_run=run_id):
            log.warning(
                "%s: %d earlier run(s) abandoned by a scheduler that stopped", job.id, count
            )
        db.session.commit()


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
    """Run the scheduler in this process until SIGINT or SIGTERM (a running job finishes first)."""
    scheduler = build_scheduler(app)

    def _stop(signum: int, _frame: FrameType | None) -> None:
        log.info("scheduler stopping (signal %d)", signum)
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, _stop)
    for job in JOBS:
        log.info("job %s every %ss", job.id, app.config[job.interval_key])
    log.info("scheduler running")
    scheduler.start()


class Health(StrEnum):
    """The scheduler's state in one word, as /healthz reports it."""

    OK = "ok"  # every job that has run did so within two intervals
    LATE = "late"  # some job's newest successful run is older: no scheduler may be running
    UNKNOWN = "unknown"  # nothing has run yet (or the ledger could not be read)


# How far past two intervals a job's newest successful run may lie before /healthz calls it late:
# a run takes time, and a tick after a crash may wait for the lock's lease.
LATE_GRACE = timedelta(seconds=60)


def health(session: Session, config: Mapping[str, Any]) -> dict[str, Any]:
    """The scheduler as /healthz shows it: per job, its newest successful run and whether that is
    recent (within two intervals), plus one word for all: ok, late, or unknown (nothing ran yet).

    Only times and intervals: no hosts, process ids or error text.
    """
    now = utcnow()
    jobs: dict[str, dict[str, Any]] = {}
    for job in JOBS:
        every = int(config[job.interval_key])
        last = ledger.last_ok(session, job.id)
        recent = None if last is None else now - last <= 2 * timedelta(seconds=every) + LATE_GRACE
        jobs[job.id] = {
            "last_ok": None if last is None else last.replace(tzinfo=UTC).isoformat(),
            "interval_seconds": every,
            "recent": recent,
        }
    seen = [entry["recent"] for entry in jobs.values() if entry["recent"] is not None]
    status = Health.UNKNOWN if not seen else Health.OK if all(seen) else Health.LATE
    return {"status": status, "jobs": jobs}
