"""Journey-map tables: response facts, day buckets, snapshots, pain points, alerts, scoring."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Float,
    ForeignKey,
    Index,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.models import Base, StrEnumColumn, utcnow

EMOTION_COLUMNS: tuple[str, ...] = (
    "delighted",
    "satisfied",
    "neutral",
    "confused",
    "anxious",
    "frustrated",
    "disappointed",
    "angry",
)


class ResponseFact(Base):
    """One response as the map sees it: where it happened, how it felt, and its KPI answers.

    Written by the scoring pipeline whenever a response's answers are scored, so rollups scan this
    one narrow table instead of joining answers, scores and responses. On SQLite the table is
    clustered by its primary key — journey, day, then the bucket's keys — so a rollup reads a
    journey's rows in order and groups them without sorting.
    """

    __tablename__ = "response_fact"
    __table_args__ = (
        PrimaryKeyConstraint(
            "journey_id",
            "day",
            "stage_id",
            "touchpoint_id",
            "persona_id",
            "channel",
            "response_id",
        ),
        Index("ix_response_fact_response", "response_id", unique=True),
        Index("ix_response_fact_journey_updated", "journey_id", "updated_at"),
        # A pain point's evidence: its newest negative responses.
        Index("ix_response_fact_cell", "journey_id", "stage_id", "touchpoint_id", "label"),
        {"sqlite_with_rowid": False},
    )
    # The mapper identifies a fact by its response; the wide key above only orders the rows.
    __mapper_args__ = {"primary_key": ["response_id"]}  # noqa: RUF012

    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    journey_id: Mapped[int] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    day: Mapped[date]
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"))
    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoint.id", ondelete="CASCADE"))
    # 0 when the response names no persona (a key column cannot be NULL).
    persona_id: Mapped[int] = mapped_column(default=0)
    channel: Mapped[str] = mapped_column(String(20))
    # Mean compound of the response's scored free-text answers; None when it has no text.
    compound: Mapped[float | None] = mapped_column(Float)
    label: Mapped[str | None] = mapped_column(String(10))
    emotion: Mapped[str | None] = mapped_column(String(16))
    nps: Mapped[float | None] = mapped_column(Float)  # 0–10
    csat: Mapped[float | None] = mapped_column(Float)  # 1–5
    ces: Mapped[float | None] = mapped_column(Float)  # 1–7
    model: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RollupBucket(Base):
    """Additive sums of the facts of one journey × stage × touchpoint × persona × channel × day.

    Every cut the map offers (persona, channel, period, the whole journey) is a sum of buckets,
    and an incremental rollup rebuilds only the days that changed.
    """

    __tablename__ = "rollup_bucket"
    __table_args__ = (
        UniqueConstraint("journey_id", "day", "stage_id", "touchpoint_id", "persona_id", "channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    day: Mapped[date]
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"))
    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoint.id", ondelete="CASCADE"))
    persona_id: Mapped[int] = mapped_column(default=0)  # 0: no persona known
    channel: Mapped[str] = mapped_column(String(20))
    responses: Mapped[int] = mapped_column(default=0)
    n: Mapped[int] = mapped_column(default=0)  # responses with scored text
    sum_compound: Mapped[float] = mapped_column(Float, default=0.0)
    sum_compound_sq: Mapped[float] = mapped_column(Float, default=0.0)
    negative: Mapped[int] = mapped_column(default=0)
    positive: Mapped[int] = mapped_column(default=0)
    negative_intensity: Mapped[float] = mapped_column(Float, default=0.0)
    delighted: Mapped[int] = mapped_column(default=0)
    satisfied: Mapped[int] = mapped_column(default=0)
    neutral: Mapped[int] = mapped_column(default=0)
    confused: Mapped[int] = mapped_column(default=0)
    anxious: Mapped[int] = mapped_column(default=0)
    frustrated: Mapped[int] = mapped_column(default=0)
    disappointed: Mapped[int] = mapped_column(default=0)
    angry: Mapped[int] = mapped_column(default=0)
    nps_n: Mapped[int] = mapped_column(default=0)
    nps_promoters: Mapped[int] = mapped_column(default=0)
    nps_detractors: Mapped[int] = mapped_column(default=0)
    csat_n: Mapped[int] = mapped_column(default=0)
    csat_satisfied: Mapped[int] = mapped_column(default=0)
    csat_sum: Mapped[float] = mapped_column(Float, default=0.0)
    ces_n: Mapped[int] = mapped_column(default=0)
    ces_sum: Mapped[float] = mapped_column(Float, default=0.0)
    # Outcome (NPS, else CSAT, per respondent on a 0–100 scale) split by the text's sentiment,
    # for the driver analysis.
    outcome_negative_n: Mapped[int] = mapped_column(default=0)
    outcome_negative_sum: Mapped[float] = mapped_column(Float, default=0.0)
    outcome_other_n: Mapped[int] = mapped_column(default=0)
    outcome_other_sum: Mapped[float] = mapped_column(Float, default=0.0)


class RollupState(Base):
    """Where a journey's incremental rollup stopped: the newest fact change it has folded in."""

    __tablename__ = "rollup_state"

    journey_id: Mapped[int] = mapped_column(
        ForeignKey("journey.id", ondelete="CASCADE"), primary_key=True
    )
    facts_seen_until: Mapped[datetime | None]
    last_run_at: Mapped[datetime | None]


class MapSnapshot(Base):
    """One complete journey map as a rollup computed it; the newest is the map people read.

    A rollup writes a whole snapshot in one transaction, so a run killed half-way leaves the last
    complete map in place. Snapshots are kept: they are the living map's history.
    """

    __tablename__ = "map_snapshot"
    __table_args__ = (Index("ix_map_snapshot_journey_generated", "journey_id", "generated_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    generated_at: Mapped[datetime] = mapped_column(default=utcnow)
    model: Mapped[str] = mapped_column(String(40))
    answer_count: Mapped[int] = mapped_column(default=0)
    baseline_compound: Mapped[float] = mapped_column(Float, default=0.0)
    baseline_negative_share: Mapped[float] = mapped_column(Float, default=0.0)
    # What the snapshot covers, so a rollup with nothing new stores nothing twice.
    watermark: Mapped[str] = mapped_column(String(120), default="")
    # Customer journeys when the journey follows customers: the flow between touchpoints and the
    # downstream effects (``journeys.customers.CustomerPaths.as_json``); empty otherwise.
    customer_paths: Mapped[dict[str, Any]] = mapped_column(default=dict)

    cells: Mapped[list[MapCell]] = relationship(
        back_populates="snapshot", cascade="all, delete-orphan"
    )


class MapCell(Base):
    """The rolled-up experience at one stage × touchpoint in a snapshot."""

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
    positive_share: Mapped[float] = mapped_column(Float, default=0.0)
    emotions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    dominant_emotion: Mapped[str] = mapped_column(String(16), default="neutral")
    nps: Mapped[float | None] = mapped_column(Float)
    csat: Mapped[float | None] = mapped_column(Float)
    ces: Mapped[float | None] = mapped_column(Float)
    # Mean compound in the latest period minus the period before (None without enough answers).
    change: Mapped[float | None] = mapped_column(Float)
    is_pain_point: Mapped[bool] = mapped_column(default=False)
    severity: Mapped[float] = mapped_column(Float, default=0.0)
    # Outcome-KPI points the journey would gain if negative experiences here scored like the rest.
    impact: Mapped[float | None] = mapped_column(Float)

    snapshot: Mapped[MapSnapshot] = relationship(back_populates="cells")


class PainPointStatus(StrEnum):
    """Where the team is with a pain point; a resolved one that returns reopens as new."""

    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"


#: The statuses' words in the order a pain point moves through them (the map's status menu).
PAIN_POINT_STATUSES: tuple[str, ...] = tuple(status.value for status in PainPointStatus)


class PainPoint(Base):
    """A stage × touchpoint the evidence calls painful, with the team's work on it.

    Detected by rollups and kept across snapshots, so status, owner, notes and effort survive;
    ``active`` says whether the newest rollup still finds it.
    """

    __tablename__ = "pain_point"
    __table_args__ = (UniqueConstraint("journey_id", "stage_id", "touchpoint_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"))
    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoint.id", ondelete="CASCADE"))
    active: Mapped[bool] = mapped_column(default=True)
    status: Mapped[PainPointStatus] = mapped_column(
        StrEnumColumn(PainPointStatus, 12), default=PainPointStatus.NEW
    )
    owner_team: Mapped[str] = mapped_column(String(120), default="")
    opportunity: Mapped[str] = mapped_column(Text, default="")
    effort: Mapped[int | None]  # 1 (trivial) – 5 (major), entered by the team
    value: Mapped[int | None]  # 1 (little) – 5 (a lot), entered by the team
    notes: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[float] = mapped_column(Float, default=0.0)
    impact: Mapped[float | None] = mapped_column(Float)
    n: Mapped[int] = mapped_column(default=0)
    negative_share: Mapped[float] = mapped_column(Float, default=0.0)
    themes: Mapped[list[Any]] = mapped_column(default=list)  # [{"phrase", "count"}]
    quotes: Mapped[list[Any]] = mapped_column(default=list)  # [{"text", "compound", "answer_id"}]
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def priority(self) -> str:
        """Quick win (low effort), long-term (high effort), or unrated until effort is entered;
        with a value too, the quadrant of the value-vs-effort matrix it falls in."""
        if self.effort is None:
            return "unrated"
        if self.value is not None:
            return quadrant(self.value, self.effort)
        return "quick win" if self.effort <= 2 else "long-term"


#: Scores of 3–5 are high value or high effort, 1–2 low: the matrix splits between 2 and 3.
HIGH_FROM = 3


def quadrant(value: int, effort: int) -> str:
    """The quadrant of the value-vs-effort matrix a score pair falls in: high value for little
    effort is a quick win, high value for much a long-term project."""
    if value >= HIGH_FROM:
        return "quick win" if effort < HIGH_FROM else "long-term"
    return "fill-in" if effort < HIGH_FROM else "money pit"


class Alert(Base):
    """A cell that worsened significantly against the previous period, raised by a rollup."""

    __tablename__ = "alert"

    id: Mapped[int] = mapped_column(primary_key=True)
    journey_id: Mapped[int] = mapped_column(ForeignKey("journey.id", ondelete="CASCADE"))
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("map_snapshot.id", ondelete="CASCADE"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"))
    touchpoint_id: Mapped[int] = mapped_column(ForeignKey("touchpoint.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    message: Mapped[str] = mapped_column(Text)
    previous_mean: Mapped[float] = mapped_column(Float)
    current_mean: Mapped[float] = mapped_column(Float)
    delivered_at: Mapped[datetime | None]  # set once the webhook accepted it


class ScoringState(Base):
    """How far the scoring job has looked: a single row (id 1).

    With the model it last scored everything with and the moment its last pass began, a pass
    looks only at responses changed since then; a new model version, or ``--all``, means a full
    pass.
    """

    __tablename__ = "scoring_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    model: Mapped[str] = mapped_column(String(40), default="")
    checked_until: Mapped[datetime | None]
