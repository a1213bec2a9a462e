"""Customer-journey tables: who answered where and when, and what followed for each customer.

Kept by the rollup for the customers whose answers changed since its last run, so the map's
customer paths and downstream effects are sums over these narrow tables, never a scan of answers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from surveys.models import Base


class CustomerTouch(Base):
    """One response by a known customer: the journey's customer key (as a digest) and when."""

    __tablename__ = "customer_touch"
    __table_args__ = (Index("ix_customer_touch_customer", "journey_id", "customer"),)

    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), primary_key=True
    )
    journey_id: Mapped[int] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    # SHA-256 of the hidden field's value (first 32 hex digits): links a customer's answers
    # without copying their id into another table.
    customer: Mapped[str] = mapped_column(String(32))
    answered_at: Mapped[datetime]


class CustomerLink(Base):
    """A customer's experience at one touchpoint and a KPI they gave at a later stage."""

    __tablename__ = "customer_link"
    __table_args__ = (
        PrimaryKeyConstraint("journey_id", "customer", "from_touchpoint_id", "to_stage_id", "kpi"),
    )

    journey_id: Mapped[int] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    customer: Mapped[str] = mapped_column(String(32))
    from_touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoint.id", ondelete="CASCADE"))
    to_stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"))
    kpi: Mapped[str] = mapped_column(String(8))  # nps, csat or ces
    # Whether the customer's comments at the touchpoint read negative (their mean compound).
    negative: Mapped[bool]
    value: Mapped[float] = mapped_column(Float)  # the KPI answer: NPS 0–10, CSAT 1–5, CES 1–7


class CustomerStep(Base):
    """How often a customer went from one touchpoint straight to another (0: where they began)."""

    __tablename__ = "customer_step"
    __table_args__ = (
        PrimaryKeyConstraint("journey_id", "customer", "from_touchpoint_id", "to_touchpoint_id"),
    )

    journey_id: Mapped[int] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    customer: Mapped[str] = mapped_column(String(32))
    from_touchpoint_id: Mapped[int]  # 0: the customer's first answer
    to_touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoint.id", ondelete="CASCADE"))
    count: Mapped[int] = mapped_column(default=1)
