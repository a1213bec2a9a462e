"""The canvas a team shapes on its map: notes on stages and cells, lanes of its own words, and the
to-be line. Services take a ``Session`` and flush; the caller commits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from journeys.canvas_models import CanvasLane, CellNote, StageTarget
from journeys.errors import InvalidCanvasEdit
from surveys.models import Journey

LANE_NAME_MAX = 60  # characters of a lane's name
LANE_TEXT_MAX = 500  # characters of a lane's text at one stage
MAX_LANES = 8  # lanes of its own a map may carry


@dataclass(slots=True)
class Canvas:
    """What the team wrote onto one journey's map, as the map's outputs read it."""

    lanes: list[CanvasLane] = field(default_factory=list)  # top to bottom
    notes: dict[tuple[int, int | None], CellNote] = field(default_factory=dict)
    targets: dict[int, float] = field(default_factory=dict)  # stage id → target sentiment

    def note(self, stage_id: int, touchpoint_id: int | None = None) -> CellNote | None:
        """The note on a stage (no touchpoint) or on one of its cells, if the team wrote one."""
        return self.notes.get((stage_id, touchpoint_id))

    def notes_at(self, stage_id: int) -> list[CellNote]:
        """A stage's notes: the stage's own first, then its cells' in touchpoint id order."""
        found = [n for (s, _t), n in self.notes.items() if s == stage_id]
        return sorted(found, key=lambda n: (n.touchpoint_id is not None, n.touchpoint_id or 0))


def load_canvas(session: Session, journey_id: int) -> Canvas:
    """A journey's canvas, in three small reads."""
    lanes = session.scalars(
        select(CanvasLane)
        .where(CanvasLane.journey_id == journey_id)
        .order_by(CanvasLane.position, CanvasLane.id)
    )
    notes = session.scalars(select(CellNote).where(CellNote.journey_id == journey_id))
    targets = session.execute(
        select(StageTarget.stage_id, StageTarget.target).where(StageTarget.journey_id == journey_id)
    )
    return Canvas(
        lanes=list(lanes),
        notes={(n.stage_id, n.touchpoint_id): n for n in notes},
        targets={int(s): float(t) for s, t in targets},
    )


def _check_place(journey: Journey, stage_id: int, touchpoint_id: int | None) -> None:
    """Refuse a stage or touchpoint that is not the journey's (or a touchpoint of another stage)."""
    stage_ids = {s.id for s in journey.stages}
    if stage_id not in stage_ids:
        raise InvalidCanvasEdit({"stage_id": "is not one of this journey's stages"})
    if touchpoint_id is not None and not any(
        t.id == touchpoint_id and t.stage_id in (stage_id, None) for t in journey.touchpoints
    ):
        raise InvalidCanvasEdit({"touchpoint_id": "is not one of this stage's touchpoints"})


def note_for(
    session: Session, journey: Journey, stage_id: int, touchpoint_id: int | None
) -> CellNote:
    """The note on a stage or cell of ``journey``, made (unsaved fields empty) when it has none."""
    _check_place(journey, stage_id, touchpoint_id)
    found = session.scalar(
        select(CellNote).where(
            CellNote.journey_id == journey.id,
            CellNote.stage_id == stage_id,
            CellNote.touchpoint_id.is_(None)
            if touchpoint_id is None
            else CellNote.touchpoint_id == touchpoint_id,
        )
    )
    if found is None:
        found = CellNote(journey_id=journey.id, stage_id=stage_id, touchpoint_id=touchpoint_id)
        session.add(found)
    return found


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidCanvasEdit({"name": "must not be empty"})
    if len(cleaned) > LANE_NAME_MAX:
        raise InvalidCanvasEdit({"name": f"must be at most {LANE_NAME_MAX} characters"})
    return cleaned


def _lanes(session: Session, journey_id: int) -> list[CanvasLane]:
    return load_canvas(session, journey_id).lanes


def add_lane(session: Session, journey: Journey, name: str) -> CanvasLane:
    """Add a lane of the team's words at the bottom of its lanes."""
    cleaned = _clean_name(name)
    lanes = _lanes(session, journey.id)
    if len(lanes) >= MAX_LANES:
        raise InvalidCanvasEdit({"name": f"a map carries at most {MAX_LANES} lanes of its own"})
    lane = CanvasLane(
        journey_id=journey.id,
        name=cleaned,
        position=max([-1, *(lane.position for lane in lanes)]) + 1,
        texts={},
    )
    session.add(lane)
    session.flush()
    return lane


def lane_of(session: Session, journey: Journey, lane_id: int) -> CanvasLane | None:
    """The journey's lane with this id, or None (another journey's lane is none of its)."""
    lane = session.get(CanvasLane, lane_id)
    return lane if lane is not None and lane.journey_id == journey.id else None


def update_lane(
    session: Session, journey: Journey, lane: CanvasLane, name: str, texts: Mapping[int, str]
) -> CanvasLane:
    """Rename a lane and set its text at each stage given (empty clears it); all or nothing."""
    cleaned = _clean_name(name)
    stage_ids = {s.id for s in journey.stages}
    problems = {
        f"text-{stage_id}": f"must be at most {LANE_TEXT_MAX} characters"
        for stage_id, text in texts.items()
        if len(text.strip()) > LANE_TEXT_MAX
    }
    problems |= {
        f"text-{s}": "is not one of this journey's stages" for s in texts if s not in stage_ids
    }
    if problems:
        raise InvalidCanvasEdit(problems)
    merged = dict(lane.texts)
    for stage_id, text in texts.items():
        if text.strip():
            merged[str(stage_id)] = text.strip()
        else:
            merged.pop(str(stage_id), None)
    lane.name, lane.texts = cleaned, merged  # a new dict, so the JSON column is seen as changed
    session.flush()
    return lane


def move_lane(session: Session, journey: Journey, lane: CanvasLane, direction: str) -> None:
    """Swap a lane with the one above ("up") or below ("down"); at either end nothing moves."""
    if direction not in ("up", "down"):
        raise InvalidCanvasEdit({"direction": "must be up or down"})
    lanes = _lanes(session, journey.id)
    index = next(i for i, other in enumerate(lanes) if other.id == lane.id)
    swap = index - 1 if direction == "up" else index + 1
    if 0 <= swap < len(lanes):
        lanes[index], lanes[swap] = lanes[swap], lanes[index]
    for position, each in enumerate(lanes):  # renumbered, so positions never tie
        each.position = position
    session.flush()


def remove_lane(session: Session, lane: CanvasLane) -> None:
    """Remove a lane and its texts."""
    session.delete(lane)
    session.flush()


def set_targets(session: Session, journey: Journey, targets: Mapping[int, float | None]) -> None:
    """Set the to-be sentiment (−1…+1) of the stages given; None clears a stage's. All or
    nothing."""
    stage_ids = {s.id for s in journey.stages}
    problems = {
        f"target-{stage_id}": "must be a number from -1 to +1"
        for stage_id, target in targets.items()
        if target is not None and not -1.0 <= target <= 1.0
    }
    problems |= {
        f"target-{s}": "is not one of this journey's stages" for s in targets if s not in stage_ids
    }
    if problems:
        raise InvalidCanvasEdit(problems)
    for stage_id, target in targets.items():
        row = session.get(StageTarget, stage_id)
        if target is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(StageTarget(stage_id=stage_id, journey_id=journey.id, target=target))
        else:
            row.target = target
    session.flush()
