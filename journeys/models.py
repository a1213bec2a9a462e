"""The journey-map tables: map snapshots with their cells, and the scheduler's job ledger."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.models import Base, utcnow


class MapSnapshot(Base):
    """One complete journey map as a rollup computed it; the newest is the map people read.

    A rollup writes a whole snapshot in one transaction, so a run killed half-way leaves the last
    complete map in place.
    """

    __tablename__ = "map_snapshot"
    __table_args__ = (Index("ix_map_snapshot_journey_generated", "journey_id", "generated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    generated_at: Mapped[datetime] = mapped_column(default=utcnow)
    model: Mapped[str] = mapped_column(String(40))
    answer_count: Mapped[int] = mapped_column(default=0)
    baseline_compound: Mapped[float] = mapped_column(Float, default=0.0)
    # What the snapshot covers, so a rollup with nothing new stores nothing twice.
    watermark: Mapped[str] = mapped_column(String(120), default="")

    cells: Mapped[list[MapCell]] = relationship(
        back_populates="snapshot", cascade="all, delete-orphan"
    )


class MapCell(Base):
    """The rolled-up sentiment of one stage × touchpoint in a snapshot."""

    __tablename__ = "map_cell"
    __table_args__ = (UniqueConstraint("snapshot_id", "stage_id", "touchpoint_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("map_snapshot.id", ondelete="CASCADE"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"))
    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoint.id", ondelete="CASCADE"))
    n: Mapped[int] = mapped_column(default=0)
    mean_compound: Mapped[float] = mapped_column(Float, default=0.0)
    ci_low: Mapped[float] = mapped_column(Float, default=0.0)
    ci_high: Mapped[float] = mapped_column(Float, default=0.0)
    negative_share: Mapped[float] = mapped_column(Float, default=0.0)
    emotions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    dominant_emotion: Mapped[str] = mapped_column(String(16), default="neutral")
    is_pain_point: Mapped[bool] = mapped_column(default=False)
    severity: Mapped[float] = mapped_column(Float, default=0.0)

    snapshot: Mapped[MapSnapshot] = relationship(back_populates="cells")


class JobRun(Base):
    """One claimed tick of a scheduled job: the unique pair lets exactly one scheduler run it."""

    __tablename__ = "job_run"
    __table_args__ = (UniqueConstraint("job_id", "tick"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(String(60))
    tick: Mapped[int]
    holder: Mapped[str] = mapped_column(String(120))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(12), default="running")
    detail: Mapped[str] = mapped_column(String(500), default="")
