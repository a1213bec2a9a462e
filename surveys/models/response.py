"""What customers send: a response to one survey version, its answers, and each text's score."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.models.base import Base, StrEnumColumn, utcnow
from surveys.models.journey import Channel
from surveys.models.survey import Question, SurveyVersion
from surveys.models.transactions import WritingTransaction


class ResponseStatus(StrEnum):
    """Whether a response is finished; an API client may send one in parts."""

    # Still taking answers from an API client; required answers are checked when it finishes.
    PARTIAL = "partial"
    COMPLETE = "complete"


class ResponseSource(StrEnum):
    """Where a response came from."""

    HOSTED = "hosted"  # the hosted page /s/<id>
    EMBED = "embed"  # the widget on a customer's site
    API = "api"  # the public response API
    IMPORT = "import"  # a feedback file
    DEMO = "demo"  # the demo's generated answers


def _completed_now(context: Any) -> datetime | None:
    """Default of ``completed_at``: now for a response stored complete, empty for a partial one."""
    status = context.get_current_parameters().get("status")
    return utcnow() if status == ResponseStatus.COMPLETE else None


def new_response_token() -> str:
    """An unguessable id by which an API client reads, updates and finishes its response."""
    return secrets.token_urlsafe(16)


class Response(Base):
    """One customer's submission, tagged with where in the journey it came from.

    Survey, journey, stage, touchpoint and persona are copied onto the response when it is stored,
    so a rollup groups responses without walking back through surveys, results pages read a
    survey's responses from one index, and imported feedback can name a touchpoint per row.
    """

    __tablename__ = "response"
    __table_args__ = (
        # A client key names one response per survey, whichever version it answered: a retry
        # after a new version went live is the response it retries (surveys.intake).
        UniqueConstraint("survey_id", "client_key"),
        Index("ix_response_journey_created", "journey_id", "created_at"),
        # The scoring job looks only at responses changed since its last pass.
        Index("ix_response_updated", "updated_at"),
        # A survey's responses newest first (the inbox's keyset pages), and its counts under the
        # inbox's filters read from the index alone.
        Index(
            "ix_response_survey_created",
            "survey_id",
            "created_at",
            "id",
            "version_id",
            "persona_id",
            "channel",
            "status",
        ),
        # The API's response feed pages in this order (see surveys/models/transactions.py).
        Index("ix_response_feed", "stored_by", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The id API clients see; the integer id stays internal so responses cannot be enumerated.
    public_id: Mapped[str] = mapped_column(
        String(40), default=new_response_token, unique=True, index=True
    )
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id"))
    # The version's survey, copied like the journey below: results pages read a survey's
    # responses in order from one index, however many versions it has.
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    journey_id: Mapped[int] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id"))
    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoint.id"))
    persona_id: Mapped[int | None] = mapped_column(ForeignKey("persona.id", ondelete="SET NULL"))
    channel: Mapped[Channel] = mapped_column(StrEnumColumn(Channel, 20), default=Channel.WEB)
    # Set by the client (or derived from an import row) so a retried submission is stored once.
    client_key: Mapped[str | None] = mapped_column(String(120))
    # A digest of the request that created the response: a retry with the same key but another
    # body is a client bug we answer with 409 instead of silently returning the first response.
    request_digest: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[ResponseSource] = mapped_column(
        StrEnumColumn(ResponseSource, 12), default=ResponseSource.HOSTED
    )
    status: Mapped[ResponseStatus] = mapped_column(
        StrEnumColumn(ResponseStatus, 12), default=ResponseStatus.COMPLETE
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(default=_completed_now)
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The transaction that stored the response, set by the database: readers of the feed page by
    # it, so a response committed late still comes after every page already read.
    stored_by: Mapped[int] = mapped_column(BigInteger, server_default=WritingTransaction())

    version: Mapped[SurveyVersion] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )


class Answer(Base):
    """The answer to one question: a number (ratings) or a text (free text)."""

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id"),
        # A question's answers (results filters such as "NPS ≤ 6", its newest comments), the
        # number read from the index alone.
        Index("ix_answer_question", "question_id", "value_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"))
    value_text: Mapped[str | None] = mapped_column(Text)
    value_number: Mapped[float | None] = mapped_column(Float)
    # What "Other (please specify)" specifies, beside the choice "other" in value_text.
    comment: Mapped[str | None] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
    score: Mapped[AnswerScore | None] = relationship(
        back_populates="answer", cascade="all, delete-orphan", uselist=False
    )


class AnswerScore(Base):
    """The stored sentiment reading of one free-text answer, with the model that produced it.

    A table row written by ``journeys.scoring`` from a ``sentiment.TextScore`` (the library's
    result); the table keeps its first name, ``text_score``.
    """

    __tablename__ = "text_score"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answer.id", ondelete="CASCADE"), primary_key=True
    )
    compound: Mapped[float] = mapped_column(Float)
    label: Mapped[str] = mapped_column(String(10))
    emotion: Mapped[str] = mapped_column(String(16), default="neutral")
    emotions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    intensity: Mapped[float] = mapped_column(Float, default=0.0)
    themes: Mapped[list[Any]] = mapped_column(default=list)
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    language: Mapped[str] = mapped_column(String(10), default="english")
    model: Mapped[str] = mapped_column(String(40), index=True)
    # Indexed: a survey's summary tallies look for scores written since they were last counted.
    scored_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    answer: Mapped[Answer] = relationship(back_populates="score")
