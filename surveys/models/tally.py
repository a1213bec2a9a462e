"""Answer tallies: a survey's answers counted per question, day and filter value, so a summary of
100,000 responses sums a few thousand rows instead of reading every answer.

Rebuilt by ``surveys.results.tallies`` for the days whose responses or scores changed; a summary
under the filters the tallies keep (version, dates, persona, channel, completion) adds them up.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from surveys.models.base import Base


class AnswerTally(Base):
    """How many responses of one day and filter cell gave one answer to one question.

    The answer is a scale point (``number``), a choice (``option``: the option, or a multiple
    choice's stored list), or for free text its stored reading (``label``: negative, neutral or
    positive, ``other`` for a language the scorer cannot read, None before scoring, and
    ``emotion``) with the sum of its sentiment.
    """

    __tablename__ = "answer_tally"
    __table_args__ = (Index("ix_answer_tally_survey_day", "survey_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id", ondelete="CASCADE"))
    day: Mapped[date]
    persona_id: Mapped[int] = mapped_column(default=0)  # 0: no persona
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12))
    number: Mapped[float | None] = mapped_column(Float)
    option: Mapped[str | None] = mapped_column(Text)
    label: Mapped[str | None] = mapped_column(String(10))
    emotion: Mapped[str | None] = mapped_column(String(16))
    responses: Mapped[int] = mapped_column(default=0)
    compound_sum: Mapped[float] = mapped_column(Float, default=0.0)


class ThemeTally(Base):
    """How many free-text answers of one day and filter cell carry one theme."""

    __tablename__ = "theme_tally"
    __table_args__ = (Index("ix_theme_tally_survey_day", "survey_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id", ondelete="CASCADE"))
    day: Mapped[date]
    persona_id: Mapped[int] = mapped_column(default=0)
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12))
    theme: Mapped[str] = mapped_column(String(120))
    answers: Mapped[int] = mapped_column(default=0)


class ResponseTally(Base):
    """How many responses one day and filter cell got, and how many carry a scored comment."""

    __tablename__ = "response_tally"
    __table_args__ = (Index("ix_response_tally_survey_day", "survey_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id", ondelete="CASCADE"))
    day: Mapped[date]
    persona_id: Mapped[int] = mapped_column(default=0)
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12))
    responses: Mapped[int] = mapped_column(default=0)
    # Responses with at least one free-text answer scored in a language the scorer reads: the
    # ones the journey map's sentiment counts.
    scored: Mapped[int] = mapped_column(default=0)


class TallyState(Base):
    """How far a survey's tallies are: the newest change folded in, and how many changes lay
    within the look-back margin before it (a late commit changes that count)."""

    __tablename__ = "tally_state"

    survey_id: Mapped[int] = mapped_column(
        ForeignKey("survey.id", ondelete="CASCADE"), primary_key=True
    )
    checked_until: Mapped[datetime | None]
    recent: Mapped[int] = mapped_column(default=0)
