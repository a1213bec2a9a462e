"""Services that build questionnaires at a journey's stage and touchpoint; they flush, the caller
commits."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from surveys.errors import InvalidDesign
from surveys.models import (
    Journey,
    Persona,
    Question,
    Stage,
    Survey,
    SurveyStatus,
    SurveyVersion,
    Touchpoint,
    utcnow,
)
from surveys.pages import PageSpec, page_specs
from surveys.questions import QuestionSpec, assign_keys, question_problems


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
    pages: Sequence[PageSpec] | None = None,
) -> Survey:
    """Create a draft survey at ``stage`` × ``touchpoint``; version 1 holds ``questions`` on
    ``pages`` (None: the pages the questions name, else one)."""
    pages = list(pages) if pages is not None else page_specs([], questions)
    problems = placement_problems(journey.id, title, stage, touchpoint, personas)
    problems.update(question_problems(questions, pages=pages))
    if problems:
        raise InvalidDesign("The survey cannot be saved yet.", problems)
    survey = Survey(
        journey=journey, title=title.strip(), intro=intro, stage=stage, touchpoint=touchpoint
    )
    survey.personas = list(personas)
    version = SurveyVersion(number=1, pages=stored_pages(pages))
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


def stored_pages(pages: Sequence[PageSpec]) -> list[dict[str, object]]:
    """Pages as a version stores them; a lone untitled, unconditional page is not stored (a
    version without pages has one)."""
    if len(pages) == 1 and pages[0].stored() == {"name": pages[0].name}:
        return []
    return [page.stored() for page in pages]


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
    survey.status = SurveyStatus.LIVE
    session.flush()
    return version
