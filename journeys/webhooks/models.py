"""The webhook tables: endpoints an organisation registered, the events they hear of, and the
outbox of deliveries with every attempt (the delivery log)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.models import Base, StrEnumColumn, utcnow


class EventType(StrEnum):
    """What a webhook can be told about."""

    RESPONSE_CREATED = "response.created"
    RESPONSE_COMPLETED = "response.completed"
    PAIN_POINT_OPENED = "pain_point.opened"
    PAIN_POINT_CHANGED = "pain_point.changed"
    ALERT_RAISED = "alert.raised"
    TEST = "webhook.test"  # the "send test event" button's, to one endpoint only


#: The events an endpoint may subscribe to (the test event goes only where it is sent).
SUBSCRIBABLE: tuple[EventType, ...] = tuple(e for e in EventType if e is not EventType.TEST)


class DeliveryStatus(StrEnum):
    """Where a delivery is: waiting for its (next) attempt, accepted, or given up."""

    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # every attempt failed; kept in the log


class WebhookEndpoint(Base):
    """A URL an organisation's events are POSTed to, signed with the endpoint's secret.

    ``organisation_id`` is empty for the endpoint the ``ALERT_WEBHOOK_URL`` setting configures,
    which hears every organisation's alerts.
    """

    __tablename__ = "webhook_endpoint"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(200), default="")
    events: Mapped[list[Any]] = mapped_column(default=list)  # EventType values
    # Kept as typed (it signs every body); shown to the admin once, when the endpoint is made.
    secret: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    deliveries: Mapped[list[WebhookDelivery]] = relationship(
        back_populates="endpoint", cascade="all, delete-orphan", passive_deletes=True
    )


class WebhookEvent(Base):
    """Something that happened, once: the exact JSON body every endpoint receives for it.

    ``subject`` (a response's, pain point's or alert's id and the moment that makes it new)
    with the type is unique, so an event found twice is recorded once.
    """

    __tablename__ = "webhook_event"
    __table_args__ = (UniqueConstraint("type", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)  # "evt_…", the body's id
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[EventType] = mapped_column(StrEnumColumn(EventType, 40))
    subject: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    body: Mapped[str] = mapped_column(Text)  # signed as stored, byte for byte


class WebhookDelivery(Base):
    """One event on its way to one endpoint: the outbox row the delivery job works through."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        UniqueConstraint("event_id", "endpoint_id"),
        # The job's question: which pending deliveries are due?
        Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
        Index("ix_webhook_delivery_endpoint", "endpoint_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("webhook_event.id", ondelete="CASCADE"))
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoint.id", ondelete="CASCADE"))
    status: Mapped[DeliveryStatus] = mapped_column(
        StrEnumColumn(DeliveryStatus, 20), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]

    event: Mapped[WebhookEvent] = relationship()
    endpoint: Mapped[WebhookEndpoint] = relationship(back_populates="deliveries")
    tries: Mapped[list[WebhookAttempt]] = relationship(
        back_populates="delivery",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="WebhookAttempt.id",
    )


class WebhookAttempt(Base):
    """One POST of a delivery: when, what the receiver answered (or why nothing), how long."""

    __tablename__ = "webhook_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_delivery.id", ondelete="CASCADE"), index=True
    )
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None]
    error: Mapped[str] = mapped_column(String(300), default="")
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)

    delivery: Mapped[WebhookDelivery] = relationship(back_populates="tries")

    @property
    def ok(self) -> bool:
        """Whether the receiver accepted the delivery (any 2xx)."""
        return self.status_code is not None and 200 <= self.status_code < 300


class WebhookCursor(Base):
    """How far the job has looked for new and completed responses: a single row (id 1)."""

    __tablename__ = "webhook_cursor"

    id: Mapped[int] = mapped_column(primary_key=True)
    responses_until: Mapped[datetime | None]
