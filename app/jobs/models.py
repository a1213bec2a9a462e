"""The scheduler's tables: the run ledger (``job_run``) and SQLite's lock rows (``job_lock``)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from surveys.models import Base, StrEnumColumn, utcnow


class RunStatus(StrEnum):
    """How a claimed tick of a job ended (``running`` until it does)."""

    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"
    # Claimed, but an earlier run still held the job's lock; the next tick catches up.
    SKIPPED = "skipped"
    # Its scheduler died mid-run (found with the job's lock free); the next tick catches up.
    ABANDONED = "abandoned"


class JobRun(Base):
    """One claimed tick of a scheduled job: the unique pair lets exactly one scheduler run it."""

    __tablename__ = "job_run"
    __table_args__ = (
        UniqueConstraint("job_id", "tick"),
        # A job's runs still marked running, and its newest successful run (for /healthz).
        Index("ix_job_run_job_status_finished", "job_id", "status", "finished_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[str] = mapped_column(String(60))
    tick: Mapped[int]
    holder: Mapped[str] = mapped_column(String(120))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[RunStatus] = mapped_column(
        StrEnumColumn(RunStatus, 12), default=RunStatus.RUNNING
    )
    detail: Mapped[str] = mapped_column(String(500), default="")


class JobLock(Base):
    """SQLite's stand-in for an advisory lock: a row per job whose lease its holder renews."""

    __tablename__ = "job_lock"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(120))
    expires_at: Mapped[datetime | None]
