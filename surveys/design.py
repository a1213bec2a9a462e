"""Services that build journeys and questionnaires; they flush, the caller commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.accounts import default_organisation
from surveys.errors import InvalidDesign, NotFound, UnknownPersona, check_channel
from surveys.journey_model import check_unique, checked_name
from surveys.models import (
    DEFAULT_STAGES,
    Journey,
    Organisation,
    Persona,
    Question,
    Stage,
    Survey,
    SurveyVersion,
    Touchpoint,
    utcnow,
)
from surveys.questions import QuestionSpec, assign_keys, question_problems
from surveys.slugs import slugify


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
    channel: str = "web",
    stage: Stage | None = None,
) -> Touchpoint:
    """Add a touchpoint on ``channel`` to the journey, placed at ``stage`` if given."""
    name = checked_name(name, 160)
    check_unique([t.name for t in journey.touchpoints], name)
    check_channel(channel, InvalidDesign)
    touchpoint = Touchpoint(
        name=name, channel=channel, stage=stage, position=len(journey.touchpoints)
    )
    journey.touchpoints.append(touchpoint)
    session.flush()
    return touchpoint


def add_persona(session: Session, journey: Journey, name: str, description: str = "") -> Persona:
    """Add a persona the journey's surveys can target."""
    name = checked_name(name, 120)
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


def create_survey(
    session: Session,
    journey: Journey,
    *,
    title: str,
    stage: Stage,
    touchpoint: Touchpoint,
    questions: Sequence[QuestionSpec],
    personas: Sequence[Persona] = (),
    intro: str = "",
) -> Survey:
    """Create a draft survey at ``stage`` × ``touchpoint``; version 1 holds ``questions``."""
    problems = placement_problems(journey.id, title, stage, touchpoint, personas)
    problems.update(question_problems(questions))
    if problems:
        raise InvalidDesign("The survey cannot be saved yet.", problems)
    survey = Survey(
        journey=journey, title=title.strip(), intro=intro, stage=stage, touchpoint=touchpoint
    )
    survey.personas = list(personas)
    version = SurveyVersion(number=1)
    version.questions = build_questions(questions)
    survey.versions.append(version)
    session.add(survey)
    session.flush()
    return survey


#: Longest survey title (the column's size: PostgreSQL refuses longer ones).
MAX_TITLE = 200


def placement_problems(
    journey_id: int,
    title: str,
    stage: Stage,
    touchpoint: Touchpoint,
    personas: Sequence[Persona] = (),
) -> dict[str, str]:
    """What is wrong with a survey's title and place, by field (empty when nothing is).

    Creating a survey and moving one check the same: a title that fits, and a stage,
    touchpoint and personas of the survey's own journey.
    """
    problems: dict[str, str] = {}
    if not title.strip():
        problems["title"] = "is required"
    elif len(title.strip()) > MAX_TITLE:
        problems["title"] = f"must be at most {MAX_TITLE} characters"
    if stage.journey_id != journey_id:
        problems["stage"] = "belongs to another journey"
    if touchpoint.journey_id != journey_id:
        problems["touchpoint"] = "belongs to another journey"
    if any(p.journey_id != journey_id for p in personas):
        problems["personas"] = "belong to another journey"
    return problems


def build_questions(specs: Sequence[QuestionSpec], used: set[str] | None = None) -> list[Question]:
    """Question rows for ``specs`` in order; a spec without a key gets the next free ``q<n>``.

    ``used`` holds keys taken by earlier versions, so a new question never reuses an old key.
    """
    rows = []
    keys = assign_keys(specs, used)
    for position, (spec, key) in enumerate(zip(specs, keys, strict=True), start=1):
        rows.append(
            Question(
                key=key,
                position=position,
                kind=spec.kind,
                prompt=spec.prompt.strip(),
                required=spec.required,
                help_text=spec.help_text.strip(),
                settings=dict(spec.settings),
            )
        )
    return rows


def publish(session: Session, survey: Survey) -> SurveyVersion:
    """Publish the survey's draft (its unpublished newest version) and open it for answers.

    Raises InvalidDesign when there is no draft: a closed survey is reopened, not republished.
    """
    version = survey.versions[-1] if survey.versions else None
    if version is None or version.published_at is not None:
        raise InvalidDesign(
            "There is no draft to publish: edit the survey to make one.",
            {"draft": "there is no unpublished version"},
        )
    version.published_at = utcnow()
    survey.status = "live"
    session.flush()
    return version
