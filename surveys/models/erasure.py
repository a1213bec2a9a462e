"""The audit trail of erasures: who erased which responses, and when — never what they said."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from surveys.models.base import Base, utcnow


class ErasureRecord(Base):
    """One erasure: the responses' public ids and count, the hidden field matched (its name,
    never its value) and who asked. Kept when the survey's responses are gone, so it names its
    journey and survey by id and title-free ids only."""

    __tablename__ = "erasure_record"
    __table_args__ = (Index("ix_erasure_record_journey_erased", "journey_id", "erased_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    # The survey erased from; None when a hidden-field erasure covered every survey.
    survey_id: Mapped[int | None] = mapped_column(ForeignKey("survey.id", ondelete="SET NULL"))
    # Who erased: the account (None once it is deleted) and its e-mail at the time.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    user_email: Mapped[str] = mapped_column(String(254))
    erased_at: Mapped[datetime] = mapped_column(default=utcnow)
    count: Mapped[int] = mapped_column(default=0)
    # The public ids of the erased responses (the ids researchers saw in the inbox).
    response_ids: Mapped[list[Any]] = mapped_column(default=list)
    # For a GDPR request: the hidden field's name ("customer_id"); its value is not kept.
    hidden_field: Mapped[str | None] = mapped_column(String(40))
