"""The canvas tables: what a team writes onto its map beyond the evidence — notes on stages and
cells, lanes of its own, and a target ("to-be") sentiment per stage."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from journeys.models import PainPointStatus
from surveys.models import Base, StrEnumColumn, utcnow


class CellNote(Base):
    """The team's note on a stage (``touchpoint_id`` empty) or on one stage × touchpoint cell:
    an opportunity, its owner team, notes, a status, and the value and effort the team gives it.
    Annotated by the same code as a pain point (``journeys.annotations``)."""

    __tablename__ = "canvas_cell_note"
    __table_args__ = (UniqueConstraint("journey_id", "stage_id", "touchpoint_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(
        ForeignKey("journey.id", ondelete="CASCADE"), index=True
    )
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"))
    touchpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("touchpoint.id", ondelete="CASCADE")
    )
    status: Mapped[PainPointStatus] = mapped_column(
        StrEnumColumn(PainPointStatus, 12), default=PainPointStatus.NEW
    )
    owner_team: Mapped[str] = mapped_column(String(120), default="")
    opportunity: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    value: Mapped[int | None]  # 1 (little) – 5 (a lot), entered by the team
    effort: Mapped[int | None]  # 1 (trivial) – 5 (major), entered by the team
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CanvasLane(Base):
    """A lane of the team's own words ("thoughts", "backstage", "systems"…): a text per stage,
    drawn below the actions lane in ``position`` order."""

    __tablename__ = "canvas_lane"

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(
        ForeignKey("journey.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(default=0)
    texts: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {str(stage_id): text}

    def text_at(self, stage_id: int) -> str:
        """The lane's text at one stage, or empty."""
        return str(self.texts.get(str(stage_id), ""))


class StageTarget(Base):
    """The sentiment the team aims for at a stage (−1…+1): the to-be line of the curve."""

    __tablename__ = "canvas_stage_target"

    stage_id: Mapped[int] = mapped_column(
        ForeignKey("stage.id", ondelete="CASCADE"), primary_key=True
    )
    journey_id: Mapped[int] = mapped_column(
        ForeignKey("journey.id", ondelete="CASCADE"), index=True
    )
    target: Mapped[float] = mapped_column(Float)
