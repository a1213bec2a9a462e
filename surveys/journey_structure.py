"""A journey's structure as researchers model it: the journey itself, its stages (renamed,
reordered, with goals, actions and an owning team), touchpoints with their channel and stage, and
personas with attributes. Services flush; the caller commits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveys.accounts import default_organisation
from surveys.errors import InvalidDesign, NotFound, UnknownPersona, check_channel
from surveys.models import (
    DEFAULT_STAGES,
    PERSONA_NAME_MAX,
    TOUCHPOINT_NAME_MAX,
    Channel,
    Journey,
    Organisation,
    Persona,
    Response,
    Stage,
    Survey,
    Touchpoint,
)
from surveys.slugs import slugify


def checked_name(name: str, limit: int) -> str:
    """``name`` stripped, or InvalidDesign on the "name" field when empty or over ``limit``."""
    name = name.strip()
    if not name:
        raise InvalidDesign("A name is required.", {"name": "is required"})
    if len(name) > limit:
        raise InvalidDesign("The name is too long.", {"name": f"at most {limit} characters"})
    return name


def check_unique(existing: list[str], name: str) -> None:
    """InvalidDesign on the "name" field when ``existing`` has ``name`` (ignoring case)."""
    if name.casefold() in (e.casefold() for e in existing):
        raise InvalidDesign(f"'{name}' exists already.", {"name": "is taken in this journey"})


def create_journey(
    session: Session,
    name: str,
    *,
    slug: str | None = None,
    stages: Iterable[str] = DEFAULT_STAGES,
    organisation: Organisation | None = None,
    description: str = "",
) -> Journey:
    """Create a journey with its ordered stages in ``organisation`` (else the default one).

    Raises InvalidDesign if the name is empty or the slug is taken in that organisation.
    """
    name = name.strip()
    if not name:
        raise InvalidDesign("A journey needs a name.", {"name": "is required"})
    organisation = organisation or default_organisation(session)
    slug = slugify(slug or name)
    taken = select(Journey.id).where(
        Journey.slug == slug, Journey.organisation_id == organisation.id
    )
    if session.scalar(taken) is not None:
        raise InvalidDesign(f"A journey called '{slug}' already exists.", {"slug": "is taken"})
    journey = Journey(
        name=name[:200], slug=slug, organisation=organisation, description=description.strip()
    )
    journey.stages = [Stage(name=s, position=i) for i, s in enumerate(stages)]
    session.add(journey)
    session.flush()
    return journey


def journey_by_slug(
    session: Session, slug: str, *, organisation: Organisation | int | None = None
) -> Journey:
    """The journey with ``slug`` in ``organisation``, or NotFound.

    Without an organisation (command-line tools run by operators) the slug must name exactly one
    journey across all organisations; InvalidDesign asks for the organisation otherwise.
    """
    query = select(Journey).where(Journey.slug == slug)
    if organisation is not None:
        org_id = organisation if isinstance(organisation, int) else organisation.id
        query = query.where(Journey.organisation_id == org_id)
    found = list(session.scalars(query.limit(2)))
    if not found:
        raise NotFound(f"No journey '{slug}'.", {"journey": "is unknown"})
    if len(found) > 1:
        raise InvalidDesign(
            f"Several organisations have a journey '{slug}'; name the organisation.",
            {"organisation": "is required when the journey slug is ambiguous"},
        )
    return found[0]


def stage_named(journey: Journey, name: str) -> Stage:
    """The journey's stage called ``name`` (case-insensitive), or NotFound."""
    for stage in journey.stages:
        if stage.name.casefold() == name.strip().casefold():
            return stage
    raise NotFound(f"Journey '{journey.slug}' has no stage '{name}'.", {"stage": "is unknown"})


def add_touchpoint(
    session: Session,
    journey: Journey,
    name: str,
    *,
    channel: str = Channel.WEB,
    stage: Stage | None = None,
) -> Touchpoint:
    """Add a touchpoint on ``channel`` to the journey, placed at ``stage`` if given."""
    name = checked_name(name, TOUCHPOINT_NAME_MAX)
    check_unique([t.name for t in journey.touchpoints], name)
    touchpoint = Touchpoint(
        name=name,
        channel=check_channel(channel, InvalidDesign),
        stage=stage,
        position=len(journey.touchpoints),
    )
    journey.touchpoints.append(touchpoint)
    session.flush()
    return touchpoint


def add_persona(session: Session, journey: Journey, name: str, description: str = "") -> Persona:
    """Add a persona the journey's surveys can target."""
    name = checked_name(name, PERSONA_NAME_MAX)
    check_unique([p.name for p in journey.personas], name)
    persona = Persona(name=name, description=description)
    journey.personas.append(persona)
    session.flush()
    return persona


def persona_named(session: Session, journey_id: int, name: str) -> Persona:
    """The journey's persona called ``name`` (case and outer spaces ignored), or UnknownPersona.

    The one lookup of a persona by name: the API, links and the widget, imports and exports all
    use it, so a name means the same persona (or the same refusal) wherever it is given.
    """
    wanted = name.strip().casefold()
    personas = session.scalars(select(Persona).where(Persona.journey_id == journey_id))
    found = next((p for p in personas if p.name.casefold() == wanted), None)
    if found is None:
        raise UnknownPersona(name)
    return found


def update_journey(session: Session, journey: Journey, name: str, description: str) -> None:
    """Rename the journey or change its description (its slug, and so its links, stay)."""
    journey.name = checked_name(name, 200)
    journey.description = description.strip()
    session.flush()


def add_stage(session: Session, journey: Journey, name: str) -> Stage:
    """Append a stage to the journey."""
    name = checked_name(name, 120)
    check_unique([s.name for s in journey.stages], name)
    stage = Stage(name=name, position=len(journey.stages))
    journey.stages.append(stage)
    session.flush()
    return stage


def update_stage(
    session: Session, stage: Stage, *, name: str, goals: str, actions: str, owner_team: str
) -> None:
    """Rename a stage and set the customer's goals and actions there, and the owning team."""
    name = checked_name(name, 120)
    check_unique([s.name for s in stage.journey.stages if s.id != stage.id], name)
    stage.name, stage.goals, stage.actions = name, goals.strip(), actions.strip()
    owner_team = owner_team.strip()
    if len(owner_team) > 120:
        raise InvalidDesign("The owner team is too long.", {"owner_team": "at most 120 characters"})
    stage.owner_team = owner_team
    session.flush()


def move_stage(session: Session, stage: Stage, offset: int) -> None:
    """Move a stage left (-1) or right (+1) on the map."""
    stages = list(stage.journey.stages)
    i = stages.index(stage)
    j = max(0, min(len(stages) - 1, i + offset))
    stages[i], stages[j] = stages[j], stages[i]
    for position, s in enumerate(stages):
        s.position = position
    session.flush()
    session.expire(stage.journey, ["stages"])


def _refuse_if_used(session: Session, field: str, name: str, value: int) -> None:
    """Raise InvalidDesign naming ``field`` ("stage" or "touchpoint") while any survey or answer
    sits at it: answers must keep where they were given, so such a place is renamed instead."""
    column = f"{field}_id"
    for model in (Survey, Response):
        count = select(func.count()).select_from(model).where(getattr(model, column) == value)
        if session.scalar(count):
            raise InvalidDesign(
                f"{field.capitalize()} '{name}' has surveys or answers; rename it instead.",
                {field: "is in use"},
            )


def delete_stage(session: Session, stage: Stage) -> None:
    """Remove a stage no survey or answer uses (answers must keep where they were given)."""
    _refuse_if_used(session, "stage", stage.name, stage.id)
    journey = stage.journey
    journey.stages.remove(stage)
    for position, s in enumerate(journey.stages):
        s.position = position
    session.flush()


def update_touchpoint(
    session: Session, touchpoint: Touchpoint, *, name: str, channel: str, stage: Stage | None
) -> None:
    """Rename a touchpoint, change its channel or the stage it sits at."""
    name = checked_name(name, TOUCHPOINT_NAME_MAX)
    others = [t.name for t in touchpoint.journey.touchpoints if t.id != touchpoint.id]
    check_unique(others, name)
    if stage is not None and stage.journey_id != touchpoint.journey_id:
        raise InvalidDesign("That stage is another journey's.", {"stage": "is unknown"})
    checked = check_channel(channel, InvalidDesign)
    touchpoint.name, touchpoint.channel, touchpoint.stage = name, checked, stage
    session.flush()


def delete_touchpoint(session: Session, touchpoint: Touchpoint) -> None:
    """Remove a touchpoint no survey or answer uses."""
    _refuse_if_used(session, "touchpoint", touchpoint.name, touchpoint.id)
    touchpoint.journey.touchpoints.remove(touchpoint)
    session.flush()


def parse_attributes(text: str) -> dict[str, str]:
    """Persona attributes typed one per line as ``age: 30–45``."""
    attributes = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if not line.strip():
            continue
        if not sep or not key.strip():
            raise InvalidDesign(
                "Write each attribute as 'name: value'.", {"attributes": f"cannot read '{line}'"}
            )
        key, value = key.strip(), value.strip()
        if len(key) > 60 or len(value) > 200:
            raise InvalidDesign(
                "An attribute is too long.",
                {"attributes": f"'{key[:40]}': names at most 60, values at most 200 characters"},
            )
        attributes[key] = value
    return attributes


def update_persona(
    session: Session,
    persona: Persona,
    *,
    name: str,
    description: str,
    attributes: Mapping[str, str],
) -> None:
    """Rename a persona, describe it and set its attributes."""
    name = checked_name(name, PERSONA_NAME_MAX)
    check_unique([p.name for p in persona.journey.personas if p.id != persona.id], name)
    persona.name, persona.description = name, description.strip()
    persona.attributes = dict(attributes)
    session.flush()


def delete_persona(session: Session, persona: Persona) -> None:
    """Remove a persona; answers that carried it keep their text and lose the tag."""
    persona.journey.personas.remove(persona)
    session.flush()
