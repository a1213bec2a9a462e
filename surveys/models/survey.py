"""Questionnaires: surveys tagged with stage and touchpoint, their versions and questions."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.models.base import Base, StrEnumColumn, utcnow
from surveys.models.journey import Journey, Persona, Stage, Touchpoint


class SurveyStatus(StrEnum):
    """Where a survey is in its life; only a live one takes answers."""

    DRAFT = "draft"
    LIVE = "live"
    CLOSED = "closed"
    # Holds feedback imported from files; never shown or answered on a page.
    IMPORTED = "imported"


def new_public_id() -> str:
    """An unguessable id for the survey's public URL ``/s/<public id>``, never starting with
    "-" (a command line would read ``feedback origins -Nx…`` as an option)."""
    while (public_id := secrets.token_urlsafe(9)).startswith("-"):
        pass
    return public_id


survey_persona = Table(
    "survey_persona",
    Base.metadata,
    Column("survey_id", ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True),
    Column("persona_id", ForeignKey("persona.id", ondelete="CASCADE"), primary_key=True),
)


class Survey(Base):
    """A questionnaire or feedback form placed at one stage and touchpoint of a journey."""

    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id"))
    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoint.id"))
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[SurveyStatus] = mapped_column(
        StrEnumColumn(SurveyStatus, 12), default=SurveyStatus.DRAFT
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Web origins ("https://shop.example") whose pages may embed the survey and call the API from
    # a browser; enforced with frame-ancestors and CORS. Empty: only the app's own pages.
    allowed_origins: Mapped[list[Any]] = mapped_column(default=list)

    journey: Mapped[Journey] = relationship()
    stage: Mapped[Stage] = relationship()
    touchpoint: Mapped[Touchpoint] = relationship()
    personas: Mapped[list[Persona]] = relationship(secondary=survey_persona)
    versions: Mapped[list[SurveyVersion]] = relationship(
        back_populates="survey", order_by="SurveyVersion.number", cascade="all, delete-orphan"
    )

    @property
    def live_version(self) -> SurveyVersion | None:
        """The newest published version, which customers answer."""
        published = [v for v in self.versions if v.published_at is not None]
        return published[-1] if published else None


class SurveyVersion(Base):
    """An immutable published set of questions; every response is tied to the version answered."""

    __tablename__ = "survey_version"
    __table_args__ = (UniqueConstraint("survey_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    # The pages in order ({"name", "title", "show_if", "end_if"}); each question names its
    # page in ``settings["page"]``. Empty: one page (see surveys.pages).
    pages: Mapped[list[Any]] = mapped_column(default=list)

    survey: Mapped[Survey] = relationship(back_populates="versions")
    questions: Mapped[list[Question]] = relationship(
        back_populates="version", order_by="Question.position", cascade="all, delete-orphan"
    )


class Question(Base):
    """One question of a version; ``key`` names it in forms, APIs and exports; ``kind`` names
    one of ``surveys.kinds.KINDS``."""

    __tablename__ = "question"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    help_text: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(default=False)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)

    version: Mapped[SurveyVersion] = relationship(back_populates="questions")
