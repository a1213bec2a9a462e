"""The map's read model: a journey's stages, cells, emotion curve, KPIs and pain points with their
evidence under the reader's filters, as one typed ``MapView``. Built once by
``journeys.map_build``; the page, the SVG, PDF, CSV and JSON exports and the CLI all render it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from journeys.aggregate import CellKey, wilson_interval
from journeys.canvas import Canvas
from journeys.customers import CustomerPaths, DownstreamEffect
from journeys.errors import MapViewError
from journeys.models import (
    Alert,
    MapCell,
    MapSnapshot,
    PainPoint,
    PainPointStatus,
    RollupBucket,
)
from journeys.painpoints import Quote, Theme
from surveys.models import Journey, Persona, Stage, Touchpoint

EACH_PERSONA = "each"
# A cell's evidence mark: solid needs enough answers and a mean known to within ±0.2 or so.
SOLID, THIN, NO_DATA = "solid", "thin", "no data"
EVIDENCE_WIDTH = 0.4
KPI_NAMES: dict[str, str] = {
    "nps": "NPS",
    "csat": "CSAT",
    "ces": "CES",
}  # the persona filter value that draws one curve per persona


@dataclass(frozen=True, slots=True)
class MapFilters:
    """What the reader narrowed the map to; empty means the newest snapshot as it stands."""

    persona_id: int | None = None
    each_persona: bool = False
    channel: str | None = None
    since: date | None = None
    until: date | None = None
    snapshot_id: int | None = None

    @property
    def counted_persona_id(self) -> int | None:
        """The persona whose answers the cells count ("each persona" splits only the curve)."""
        return None if self.each_persona else self.persona_id

    @property
    def narrows(self) -> bool:
        """True when the cells must be summed from buckets instead of read from a snapshot."""
        return any(v is not None for v in (self.persona_id, self.channel, self.since, self.until))

    def query(self) -> dict[str, str]:
        """The filters as URL query parameters (for links that keep them)."""
        out: dict[str, str] = {}
        if self.each_persona:
            out["persona"] = EACH_PERSONA
        elif self.persona_id is not None:
            out["persona"] = str(self.persona_id)
        if self.channel:
            out["channel"] = self.channel
        if self.since:
            out["since"] = self.since.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        if self.snapshot_id is not None:
            out["snapshot"] = str(self.snapshot_id)
        return out


def check_dates(since: date | None, until: date | None) -> None:
    """Raise MapViewError when a filter's days run backwards."""
    if since and until and since > until:
        raise MapViewError(
            "The start date must not be after the end date.", {"until": f"is before {since}"}
        )


#: The feelings of a complaint, in the order a tie is settled.
COMPLAINT_EMOTIONS = ("frustrated", "disappointed", "angry", "anxious", "confused")


def complaint_emotion(emotions: dict[str, float]) -> str | None:
    """The commonest feeling among complaints in an emotion mix, or None without any."""
    shares = {e: emotions.get(e, 0.0) for e in COMPLAINT_EMOTIONS}
    best = max(shares, key=shares.__getitem__)
    return best if shares[best] > 0 else None


@dataclass(slots=True)
class CellView:
    """One stage × touchpoint: how its answers read, felt and rated."""

    stage: Stage
    touchpoint: Touchpoint
    n: int  # answers with scored text
    negative: int  # of which read negative
    positive: int  # of which read positive
    mean: float
    ci_low: float
    ci_high: float
    emotions: dict[str, float]
    dominant_emotion: str
    nps: float | None
    csat: float | None
    ces: float | None
    change: float | None = None  # mean against the previous period (snapshots only)
    # Set when the cell is a pain point: its rank, severity and level (for its outline).
    pain_rank: int | None = None
    severity: float = 0.0
    pain_level: str = ""
    # Set when the cell has too few answers to be a pain point but reads strongly negative.
    watch: bool = False
    # "better" / "worse" when the latest period's mean moved significantly against the one
    # before (journeys.compare.direction), else empty.
    trend: str = ""

    @property
    def trend_words(self) -> str:
        """The cell's significant change in words with its mark, or empty."""
        return {"better": "▲ better", "worse": "▼ worse"}.get(self.trend, "")

    @property
    def key(self) -> CellKey:
        """Where the cell sits."""
        return CellKey(self.stage.id, self.touchpoint.id)

    @property
    def negative_share(self) -> float:
        """Share of the scored answers whose text reads negative."""
        return self.negative / self.n if self.n else 0.0

    @property
    def positive_share(self) -> float:
        """Share of the scored answers whose text reads positive."""
        return self.positive / self.n if self.n else 0.0

    @property
    def is_pain_point(self) -> bool:
        """True when the evidence marks this cell as a pain point."""
        return self.pain_rank is not None

    @property
    def complaint_emotion(self) -> str | None:
        """The commonest feeling among the cell's complaints, or None without any. A pain point
        may still be mostly "satisfied" overall (its negative share is high, not a majority);
        what its complaints feel is what a team fixing it needs."""
        return complaint_emotion(self.emotions)

    @property
    def flagged(self) -> bool:
        """True when the map calls the cell out: a pain point, or one to watch."""
        return self.is_pain_point or self.watch

    @property
    def feeling(self) -> str:
        """The emotion the map labels the cell with: for a flagged cell what its complaints
        feel (never a positive word on a pain point), else the dominant emotion."""
        if self.flagged:
            return self.complaint_emotion or self.dominant_emotion
        return self.dominant_emotion

    @property
    def feeling_words(self) -> str:
        """The cell's emotion label in words, saying whose feeling it is when flagged."""
        if self.flagged and self.complaint_emotion:
            return f"complaints mostly {self.complaint_emotion}"
        return self.dominant_emotion

    @property
    def negative_interval(self) -> tuple[float, float]:
        """Wilson 95% interval of the cell's negative share."""
        return wilson_interval(self.negative, self.n)


@dataclass(slots=True)
class StageView:
    """A map column: the stage, its touchpoints, and its answers folded together."""

    stage: Stage
    touchpoints: list[Touchpoint]
    n: int = 0
    mean: float = 0.0
    ci_low: float = 0.0
    ci_high: float = 0.0
    emotions: dict[str, float] = field(default_factory=dict)
    dominant_emotion: str = "neutral"
    nps: float | None = None
    csat: float | None = None
    ces: float | None = None
    negative: int = 0  # answers whose text reads negative
    # What the map says the stage feels (see journeys.verdicts): the dominant emotion, or the
    # complaints' when the stage's negative share stands out, with the reason in words.
    feeling: str = "neutral"
    feeling_note: str = ""
    negative_stands_out: bool = False

    @property
    def negative_share(self) -> float:
        """Share of the stage's scored answers whose text reads negative."""
        return self.negative / self.n if self.n else 0.0


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """Mean sentiment of one stage with its 95% interval."""

    mean: float
    low: float
    high: float
    n: int


@dataclass(frozen=True, slots=True)
class Curve:
    """One line of the emotion curve: a point per stage (None where nobody answered)."""

    label: str
    points: list[CurvePoint | None]
    reference: bool = False  # drawn dashed, for comparison with the focused line


@dataclass(frozen=True, slots=True)
class PainView:
    """A pain point of the map: its cell, rank and severity, the evidence, and the team's work
    on it (``point``, the tracked pain point, when a rollup has found it before)."""

    rank: int
    cell: CellView
    level: str  # "high" | "medium" | "low", relative to the worst shown
    severity: float
    impact: float | None  # outcome-KPI points fixing it could gain
    baseline_share: float  # negative share of the rest of the journey, which this one beats
    themes: list[Theme]
    quotes: list[Quote]
    point: PainPoint | None

    @property
    def stage(self) -> Stage:
        """The stage the pain point is at."""
        return self.cell.stage

    @property
    def touchpoint(self) -> Touchpoint:
        """The touchpoint the pain point is at."""
        return self.cell.touchpoint

    @property
    def status(self) -> PainPointStatus:
        """Where the team is with it (new until someone acknowledges it)."""
        return self.point.status if self.point else PainPointStatus.NEW

    @property
    def owner_team(self) -> str:
        """The team that owns fixing it, or empty."""
        return self.point.owner_team if self.point else ""

    @property
    def opportunity(self) -> str:
        """What the team means to do about it, or empty."""
        return self.point.opportunity if self.point else ""

    @property
    def priority(self) -> str:
        """Quick win, long-term, or unrated until the team enters an effort."""
        return self.point.priority if self.point else "unrated"


@dataclass(slots=True)
class MapView:
    """The journey map under the reader's filters, as every output draws it."""

    journey: Journey
    filters: MapFilters
    snapshot: MapSnapshot | None  # the snapshot shown, or the newest behind a narrowed cut
    latest_snapshot_id: int | None
    model: str  # the sentiment model that scored the answers
    stages: list[StageView]
    touchpoints: list[Touchpoint]  # the map's rows: by stage, then position
    cells: dict[CellKey, CellView]
    curves: list[Curve]
    pain_points: list[PainView]  # worst first
    alerts: list[Alert]
    personas: list[Persona]
    channels: list[str]
    min_answers: int = 30  # answers a cell needs before it can be a pain point
    period_days: int = 7  # the periods a cell's trend compares
    watches: list[CellView] = field(default_factory=list)  # few answers, strongly negative
    # The journey's customers across touchpoints (whole journey, as the snapshot's rollup found
    # them), or None when the journey does not follow customers.
    customer_paths: CustomerPaths | None = None
    # What the team wrote onto the map: notes on stages and cells, its own lanes, the to-be line.
    canvas: Canvas = field(default_factory=Canvas)

    def evidence(self, cell: CellView | None) -> str:
        """How well answers back a cell: "no data", "thin" (fewer answers than a pain point
        needs, or a 95% interval of the mean wider than EVIDENCE_WIDTH) or "solid"."""
        if cell is None or cell.n == 0:
            return NO_DATA
        if cell.n < self.min_answers or cell.ci_high - cell.ci_low > EVIDENCE_WIDTH:
            return THIN
        return SOLID

    @property
    def evidence_rule(self) -> str:
        """The evidence marks' rule in words, for every legend."""
        return (
            f"Evidence: solid = at least {self.min_answers} answers and a 95% interval of the "
            f"mean narrower than {EVIDENCE_WIDTH:.1f}; thin = fewer answers or a wider "
            "interval; no data = no answers."
        )

    @property
    def targets(self) -> list[float | None]:
        """The to-be sentiment per stage column (None where the team set none)."""
        return [self.canvas.targets.get(sv.stage.id) for sv in self.stages]

    def touchpoint_name(self, touchpoint_id: int) -> str:
        """A touchpoint's name by id; 0 (where customers began) reads "start"."""
        if touchpoint_id == 0:
            return "start"
        return next((t.name for t in self.touchpoints if t.id == touchpoint_id), "a touchpoint")

    def effect_sentence(self, effect: DownstreamEffect) -> str:
        """A downstream effect in words, with its interval and group sizes."""
        touchpoint = self.touchpoint_name(effect.from_touchpoint_id)
        stage = next(
            (s.stage.name for s in self.stages if s.stage.id == effect.to_stage_id), "a later stage"
        )
        kpi = KPI_NAMES.get(effect.kpi, effect.kpi)
        unit = "" if effect.kpi == "ces" else " points"
        digits = 1 if effect.kpi == "ces" else 0
        size = abs(effect.difference)
        way = "lower" if effect.difference < 0 else "higher"
        return (
            f"Customers whose {touchpoint} comments read negative gave {kpi} "
            f"{size:.{digits}f}{unit} {way} at {stage} "
            f"(95% interval {effect.low:+.{digits}f} to {effect.high:+.{digits}f}; "
            f"n = {effect.negative_n} vs {effect.other_n})"
        )

    def watches_at(self, stage_id: int) -> list[CellView]:
        """The cells to watch at one stage, worst mean first."""
        return [c for c in self.watches if c.stage.id == stage_id]

    def cell(self, stage_id: int, touchpoint_id: int) -> CellView | None:
        """The cell at a stage × touchpoint, if any answers landed there."""
        return self.cells.get(CellKey(stage_id, touchpoint_id))

    def pains_at(self, stage_id: int) -> list[PainView]:
        """The pain points of one stage, worst first."""
        return [p for p in self.pain_points if p.stage.id == stage_id]

    def pain_at(self, key: CellKey) -> PainView | None:
        """The pain point at a cell, if it is one."""
        return next((p for p in self.pain_points if p.cell.key == key), None)

    def cells_in_order(self) -> list[CellView]:
        """Every cell, by stage position, then touchpoint position."""
        return sorted(self.cells.values(), key=lambda c: (c.stage.position, c.touchpoint.position))

    @property
    def answer_count(self) -> int:
        """How many scored answers the map counts."""
        return sum(c.n for c in self.cells.values())

    @property
    def persona(self) -> Persona | None:
        """The one persona the map is narrowed to, if any."""
        if self.filters.each_persona:
            return None
        return next((p for p in self.personas if p.id == self.filters.persona_id), None)

    @property
    def persona_label(self) -> str:
        """Who the map is about, in words."""
        if self.filters.each_persona:
            return "each persona"
        return self.persona.name if self.persona else "all customers"

    @property
    def is_historical(self) -> bool:
        """True when the reader looks at an older snapshot than the newest."""
        return self.snapshot is not None and self.snapshot.id != self.latest_snapshot_id


def journey_channels(session: Session, journey_id: int) -> list[str]:
    """The channels answers came through (for the channel filter), from the buckets."""
    rows = session.scalars(
        select(RollupBucket.channel).where(RollupBucket.journey_id == journey_id).distinct()
    )
    return sorted(rows)


@dataclass(frozen=True, slots=True)
class SnapshotSummary:
    """One entry of the living map's history."""

    id: int
    generated_at: datetime
    answer_count: int
    baseline_compound: float
    pain_points: int


def snapshot_history(session: Session, journey_id: int, limit: int = 30) -> list[SnapshotSummary]:
    """The journey's newest snapshots with how many pain points each found, newest first."""
    newest = (
        select(MapSnapshot.id)
        .where(MapSnapshot.journey_id == journey_id)
        .order_by(MapSnapshot.generated_at.desc(), MapSnapshot.id.desc())
        .limit(limit)
        .subquery()
    )
    pains = func.count(MapCell.id).filter(MapCell.is_pain_point.is_(True))
    rows = session.execute(
        select(
            MapSnapshot.id,
            MapSnapshot.generated_at,
            MapSnapshot.answer_count,
            MapSnapshot.baseline_compound,
            pains,
        )
        .join(newest, newest.c.id == MapSnapshot.id)
        .outerjoin(MapCell, MapCell.snapshot_id == MapSnapshot.id)
        .group_by(MapSnapshot.id)
        .order_by(MapSnapshot.generated_at.desc(), MapSnapshot.id.desc())
    )
    return [SnapshotSummary(int(i), g, int(n), float(b), int(p or 0)) for i, g, n, b, p in rows]
