"""Webhooks: an organisation's endpoints hear of responses, pain points and alerts as signed
JSON POSTs, recorded once in an outbox and delivered by a job with retries and back-off."""

from __future__ import annotations

from journeys.webhooks.delivery import (
    DueDelivery,
    due_deliveries,
    record_attempt,
    retry_delay,
    send,
)
from journeys.webhooks.endpoints import (
    configured_endpoint,
    create_endpoint,
    delete_endpoint,
    delivery_log,
    endpoint_of,
    endpoints_of,
    send_test_event,
)
from journeys.webhooks.events import (
    alerts_raised,
    collect_response_events,
    pain_point_changed,
    pain_points_opened,
    record_event,
)
from journeys.webhooks.models import (
    SUBSCRIBABLE,
    DeliveryStatus,
    EventType,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from journeys.webhooks.signing import HEADER, signature_header, verify
from journeys.webhooks.transport import Outcome, checked_url

__all__ = [
    "HEADER",
    "SUBSCRIBABLE",
    "DeliveryStatus",
    "DueDelivery",
    "EventType",
    "Outcome",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "alerts_raised",
    "checked_url",
    "collect_response_events",
    "configured_endpoint",
    "create_endpoint",
    "delete_endpoint",
    "delivery_log",
    "due_deliveries",
    "endpoint_of",
    "endpoints_of",
    "pain_point_changed",
    "pain_points_opened",
    "record_attempt",
    "record_event",
    "retry_delay",
    "send",
    "send_test_event",
    "signature_header",
    "verify",
]
