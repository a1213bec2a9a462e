"""Managing an organisation's webhook endpoints: add (the secret shown once), list, delete,
send a test event, read the delivery log; and the endpoint ALERT_WEBHOOK_URL configures."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from journeys.errors import InvalidWebhook
from journeys.webhooks.events import record_event
from journeys.webhooks.models import (
    SUBSCRIBABLE,
    EventType,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from journeys.webhooks.signing import new_secret
from journeys.webhooks.transport import checked_url

MAX_DESCRIPTION = 200


def create_endpoint(
    session: Session,
    organisation_id: int,
    url: str,
    events: Iterable[str],
    *,
    description: str = "",
) -> WebhookEndpoint:
    """A new endpoint with a fresh secret (the caller shows it once); InvalidWebhook naming
    each field that does not fit."""
    problems: dict[str, str] = {}
    try:
        url = checked_url(url)
    except InvalidWebhook as error:
        problems.update(error.fields)
    chosen = list(dict.fromkeys(str(e) for e in events))
    known = {str(e) for e in SUBSCRIBABLE}
    if not chosen:
        problems["events"] = "choose at least one event"
    elif unknown := [e for e in chosen if e not in known]:
        problems["events"] = f"unknown: {', '.join(unknown)}"
    if len(description.strip()) > MAX_DESCRIPTION:
        problems["description"] = f"must be at most {MAX_DESCRIPTION} characters"
    if problems:
        raise InvalidWebhook("The endpoint was not saved.", problems)
    endpoint = WebhookEndpoint(
        organisation_id=organisation_id,
        url=url,
        events=chosen,
        description=description.strip(),
        secret=new_secret(),
    )
    session.add(endpoint)
    session.flush()
    return endpoint


def endpoints_of(session: Session, organisation_id: int) -> list[WebhookEndpoint]:
    """An organisation's endpoints, oldest first."""
    return list(
        session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.organisation_id == organisation_id)
            .order_by(WebhookEndpoint.id)
        )
    )


def endpoint_of(session: Session, organisation_id: int, endpoint_id: int) -> WebhookEndpoint | None:
    """The organisation's endpoint ``endpoint_id``; None for another organisation's."""
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    return endpoint if endpoint and endpoint.organisation_id == organisation_id else None


def delete_endpoint(session: Session, endpoint: WebhookEndpoint) -> None:
    """Delete an endpoint with its deliveries and their log. Flushes."""
    session.delete(endpoint)
    session.flush()


def send_test_event(session: Session, endpoint: WebhookEndpoint) -> WebhookEvent:
    """Queue a ``webhook.test`` event for this endpoint alone (the delivery job sends it)."""
    event = record_event(
        session,
        endpoint.organisation_id,
        EventType.TEST,
        f"test:{endpoint.id}:{secrets.token_hex(8)}",
        {"endpoint": {"id": endpoint.id, "url": endpoint.url}},
        to=[endpoint],
    )
    assert event is not None  # a fresh subject, sent to one endpoint: always recorded
    return event


def delivery_log(
    session: Session, endpoint: WebhookEndpoint, *, limit: int = 50
) -> list[WebhookDelivery]:
    """The endpoint's newest deliveries with their event and every attempt."""
    return list(
        session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.endpoint_id == endpoint.id)
            .options(selectinload(WebhookDelivery.tries), selectinload(WebhookDelivery.event))
            .order_by(WebhookDelivery.id.desc())
            .limit(limit)
        )
    )


def configured_endpoint(session: Session, url: str, secret: str = "") -> WebhookEndpoint | None:
    """Keep the endpoint the ALERT_WEBHOOK_URL setting names: every organisation's alerts.

    Made on first use (with ``secret``, else a fresh one), updated when the setting changes,
    switched off when it is emptied. Flushes.
    """
    current = session.scalar(
        select(WebhookEndpoint)
        .where(WebhookEndpoint.organisation_id.is_(None))
        .order_by(WebhookEndpoint.id)
        .limit(1)
    )
    if not url:
        if current is not None and current.active:
            current.active = False
            session.flush()
        return None
    url = checked_url(url)
    if current is None:
        current = WebhookEndpoint(
            organisation_id=None,
            url=url,
            events=[str(EventType.ALERT_RAISED)],
            description="ALERT_WEBHOOK_URL",
            secret=secret or new_secret(),
        )
        session.add(current)
    current.url, current.active = url, True
    if secret:
        current.secret = secret
    session.flush()
    return current
