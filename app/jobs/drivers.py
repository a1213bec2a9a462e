"""The one scoring pass and the one rollup: the scheduler's jobs and the command line run these.

They own their transactions, which is why they live here and not in ``journeys``: a scoring pass
commits each batch and a rollup each journey, so neither holds SQLite's write lock (or a
PostgreSQL transaction) for the whole pass, and a pass killed half-way keeps every batch and every
journey it finished. The next pass picks up the rest from the watermarks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

import journeys
from journeys import ROLLUP_STEPS, RollupResult, webhooks
from surveys.models import Journey, utcnow

# Called with the steps (or responses) done so far, their total (0 when not counted), and what is
# being done now.
Progress = Callable[[int, int, str], None]


def _quiet(_done: int, _total: int, _what: str) -> None:
    """Progress nobody watches."""


def run_scoring(
    session: Session, *, everything: bool = False, progress: Progress | None = None
) -> int:
    """Score pending answers and record their facts, committing each batch; return responses done.

    Counts the pending responses first only when someone watches the progress.
    """
    say = progress or _quiet
    total = journeys.count_pending(session, everything=everything) if progress else 0

    def batch_done(done: int, _total: int) -> None:
        session.commit()
        say(done, total, "scoring")

    done = journeys.score_pending(session, everything=everything, progress=batch_done)
    session.commit()  # the pass's watermark
    return done


def all_journeys(session: Session) -> list[Journey]:
    """Every journey, in the order a rollup goes through them."""
    return list(session.scalars(select(Journey).order_by(Journey.slug)))


def run_rollup(
    session: Session,
    targets: Sequence[Journey] | None = None,
    *,
    full: bool = False,
    progress: Progress | None = None,
) -> list[RollupResult]:
    """Roll up every journey (or ``targets``) into new snapshots, committing after each journey.

    Each snapshot is complete on its own, and a crash loses at most the journey in hand.
    """
    say = progress or _quiet
    config = current_app.config
    chosen = list(targets) if targets is not None else all_journeys(session)
    total = len(chosen) * len(ROLLUP_STEPS)
    results = []
    for number, journey in enumerate(chosen):
        slug, before = journey.slug, number * len(ROLLUP_STEPS)

        def step(name: str, slug: str = slug, before: int = before) -> None:
            say(before + ROLLUP_STEPS.index(name), total, f"{slug}: {name}")

        results.append(
            journeys.rollup_journey(
                session,
                journey,
                full=full,
                min_answers=config["PAIN_POINT_MIN_ANSWERS"],
                period_days=config["ALERT_PERIOD_DAYS"],
                progress=step,
            )
        )
        session.commit()
        say(before + len(ROLLUP_STEPS), total, f"{slug}: done")
    return results


@dataclass(frozen=True, slots=True)
class WebhookPass:
    """What one pass of the webhooks job did."""

    events: int  # response events recorded (others are recorded where they happen)
    delivered: int
    failed: int  # attempts that failed this pass (most are tried again later)


def run_webhooks(session: Session, *, now: datetime | None = None) -> WebhookPass:
    """Record new responses' events, then POST every due delivery once, committing each attempt.

    The endpoint ALERT_WEBHOOK_URL configures is kept in step first. No transaction stays open
    while a receiver is waited for: the due deliveries are read, the read is ended, and each
    attempt is written and committed after its POST. ``now`` (the clock deliveries are due by and
    attempts are stamped with) is for tests and runs by hand.
    """
    config = current_app.config
    webhooks.configured_endpoint(
        session, config["ALERT_WEBHOOK_URL"], config["ALERT_WEBHOOK_SECRET"]
    )
    events = webhooks.collect_response_events(session)
    session.commit()
    due = webhooks.due_deliveries(session, now or utcnow(), limit=config["WEBHOOK_BATCH"])
    session.commit()
    delivered = failed = 0
    for item in due:
        outcome = webhooks.send(
            item,
            timeout=float(config["WEBHOOK_TIMEOUT_SECONDS"]),
            allow_private=bool(config["WEBHOOK_ALLOW_PRIVATE"]),
        )
        webhooks.record_attempt(
            session,
            item.id,
            outcome,
            now or utcnow(),
            max_attempts=int(config["WEBHOOK_MAX_ATTEMPTS"]),
            base=timedelta(seconds=int(config["WEBHOOK_RETRY_BASE_SECONDS"])),
        )
        session.commit()
        delivered, failed = delivered + outcome.ok, failed + (not outcome.ok)
    return WebhookPass(events, delivered, failed)
