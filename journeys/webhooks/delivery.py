"""Working through the outbox: which deliveries are due, one signed POST each, and what the
attempt came to — delivered, or tried again later with exponential back-off, or given up."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from journeys.webhooks.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from journeys.webhooks.signing import HEADER, signature_header
from journeys.webhooks.transport import Outcome, post

MAX_ATTEMPTS = 8  # first try plus seven retries: about 1 h 04 min with the default base
RETRY_BASE = timedelta(seconds=30)  # wait before the first retry; doubled for each next one
MAX_RETRY_DELAY = timedelta(hours=6)
USER_AGENT = "Journeymap-Webhooks/1"


@dataclass(frozen=True, slots=True)
class DueDelivery:
    """What one POST needs, read before the network is touched (no transaction stays open)."""

    id: int
    event_id: str
    event_type: str
    url: str
    secret: str
    body: str
    attempt: int  # the number this attempt will have (1 for the first)


def retry_delay(attempts: int, base: timedelta = RETRY_BASE) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: base, 2×base, 4×base …"""
    delay: timedelta = base * 2 ** max(0, attempts - 1)
    return min(delay, MAX_RETRY_DELAY)


def due_deliveries(session: Session, now: datetime, *, limit: int = 100) -> list[DueDelivery]:
    """The pending deliveries whose time has come, oldest first, to active endpoints."""
    rows = session.execute(
        select(WebhookDelivery, WebhookEndpoint, WebhookEvent)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
        .where(
            WebhookDelivery.status == DeliveryStatus.PENDING,
            WebhookDelivery.next_attempt_at <= now,
            WebhookEndpoint.active.is_(True),
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(limit)
    ).all()
    return [
        DueDelivery(
            id=delivery.id,
            event_id=event.public_id,
            event_type=str(event.type),
            url=endpoint.url,
            secret=endpoint.secret,
            body=event.body,
            attempt=delivery.attempts + 1,
        )
        for delivery, endpoint, event in rows
    ]


def send(due: DueDelivery, *, timeout: float, allow_private: bool = False) -> Outcome:
    """POST one delivery, signed now (the receiver checks the signature's age against its clock)."""
    body = due.body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Journeymap-Event": due.event_type,
        "Journeymap-Event-Id": due.event_id,
        "Journeymap-Delivery": str(due.id),
        "Journeymap-Attempt": str(due.attempt),
        HEADER: signature_header(due.secret, int(time.time()), body),
    }
    return post(due.url, body, headers, timeout=timeout, allow_private=allow_private)


def record_attempt(
    session: Session,
    delivery_id: int,
    outcome: Outcome,
    now: datetime,
    *,
    max_attempts: int = MAX_ATTEMPTS,
    base: timedelta = RETRY_BASE,
) -> WebhookDelivery | None:
    """Log an attempt and move its delivery on: delivered, due again later, or failed.

    None when the delivery went meanwhile (its endpoint was deleted). Flushes.
    """
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        return None
    delivery.attempts += 1
    session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            attempted_at=now,
            status_code=outcome.status_code,
            error=outcome.error[:300],
            duration_ms=outcome.duration_ms,
        )
    )
    if outcome.ok:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= max_attempts:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + retry_delay(delivery.attempts, base)
    session.flush()
    return delivery
