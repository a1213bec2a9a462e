"""The journey a researcher models: ordered stages, touchpoints with their channel, personas."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.models.account import Organisation
from surveys.models.base import Base, StrEnumColumn, utcnow

DEFAULT_STAGES: tuple[str, ...] = (
    "Awareness",
    "Consideration",
    "Purchase",
    "Retention",
    "Advocacy",
)


class Channel(StrEnum):
    """The medium of a touchpoint, and of each response given there."""

    WEB = "web"
    MOBILE_APP = "mobile_app"
    EMAIL = "email"
    PHONE = "phone"
    STORE = "store"
    CHAT = "chat"
    SOCIAL = "social"


#: The channels' words in display order, for menus, flags and messages (click's Choice would
#: match an enum member by its name, WEB, not its word).
CHANNELS: tuple[str, ...] = tuple(channel.value for channel in Channel)


class Journey(Base):
    """One customer journey of one organisation: the frame every survey, answer and map belongs to.

    Slugs are unique per organisation, so two teams may both have an ``onboarding`` journey.
    """

    __tablename__ = "journey"
    __table_args__ = (UniqueConstraint("organisation_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The hidden field that names a customer (e.g. ``customer_id``): answers carrying the same
    # value are one customer's, followed across touchpoints. None: customers are not followed.
    customer_field: Mapped[str | None] = mapped_column(String(40))

    organisation: Mapped[Organisation] = relationship()
    stages: Mapped[list[Stage]] = relationship(
        back_populates="journey", order_by="Stage.position", cascade="all, delete-orphan"
    )
    touchpoints: Mapped[list[Touchpoint]] = relationship(
        back_populates="journey", order_by="Touchpoint.position", cascade="all, delete-orphan"
    )
    personas: Mapped[list[Persona]] = relationship(
        back_populates="journey", order_by="Persona.name", cascade="all, delete-orphan"
    )


class Stage(Base):
    """A step of the journey (awareness, purchase…), shown as a map column in ``position`` order."""

    __tablename__ = "stage"
    __table_args__ = (UniqueConstraint("journey_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)
    goals: Mapped[str] = mapped_column(Text, default="")
    actions: Mapped[str] = mapped_column(Text, default="")
    owner_team: Mapped[str] = mapped_column(String(120), default="")

    journey: Mapped[Journey] = relationship(back_populates="stages")


# The longest names a journey keeps (what its design pages and a feedback import accept).
TOUCHPOINT_NAME_MAX = 160
PERSONA_NAME_MAX = 120


class Touchpoint(Base):
    """Where the customer meets the company (checkout page, support call…), on one channel."""

    __tablename__ = "touchpoint"
    __table_args__ = (UniqueConstraint("journey_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    stage_id: Mapped[int | None] = mapped_column(ForeignKey("stage.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(TOUCHPOINT_NAME_MAX))
    channel: Mapped[Channel] = mapped_column(StrEnumColumn(Channel, 20), default=Channel.WEB)
    position: Mapped[int] = mapped_column(default=0)

    journey: Mapped[Journey] = relationship(back_populates="touchpoints")
    stage: Mapped[Stage | None] = relationship()


class Persona(Base):
    """A kind of customer the journey is mapped for; answers may carry one."""

    __tablename__ = "persona"
    __table_args__ = (UniqueConstraint("journey_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(PERSONA_NAME_MAX))
    description: Mapped[str] = mapped_column(Text, default="")
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)

    journey: Mapped[Journey] = relationship(back_populates="personas")
