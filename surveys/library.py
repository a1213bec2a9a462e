"""The template library: ready questionnaires for every journey stage, instantiated in one click.

Each template is plain data (kind, prompt, settings — skip logic included) tagged with the stage
it belongs to; instantiating one creates a draft survey the researcher can change before
publishing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from surveys.design import create_survey
from surveys.errors import InvalidDesign, NotFound
from surveys.models import DEFAULT_STAGES, Journey, Stage, Survey, Touchpoint
from surveys.questions import QuestionSpec as Q


@dataclass(frozen=True, slots=True)
class Template:
    """A questionnaire ready to use at one stage of the journey."""

    key: str
    title: str
    stage: str
    description: str
    questions: tuple[Q, ...]


def _why_by_score(low: int, high: int) -> tuple[Q, ...]:
    """Two follow-ups on q1: what to improve (score at most ``low``), what was liked (at least
    ``high``)."""
    return (
        Q("free_text", "What is the main thing we should improve?",
          settings={"show_if": {"question": "q1", "operator": "at_most", "value": low}}),
        Q("free_text", "What did you like most?",
          settings={"show_if": {"question": "q1", "operator": "at_least", "value": high}}),
    )  # fmt: skip


TEMPLATES: tuple[Template, ...] = (
    Template(
        "how-did-you-hear", "How did you hear of us?", "Awareness",
        "Which channels bring customers, and what they expected.",
        (
            Q("single_choice", "How did you first hear of us?", required=True,
              settings={"options": ["Search engine", "Social media", "A friend or colleague",
                                    "Advertisement", "Press or blog", "Other"]}),
            Q("free_text", "Where exactly?", settings={"size": "short", "show_if": {
                "question": "q1", "operator": "equals", "value": "Other"}}),
            Q("free_text", "What did you expect from us?", settings={"size": "long"}),
        ),
    ),
    Template(
        "what-almost-stopped-you", "What almost stopped you?", "Consideration",
        "The doubts that nearly cost you the customer.",
        (
            Q("single_choice", "Did anything almost stop you from choosing us?", required=True,
              settings={"options": ["Yes", "No"]}),
            Q("multiple_choice", "What almost stopped you?",
              settings={"options": ["Price", "Delivery time", "Missing information",
                                    "Reviews", "Trust", "Another offer"],
                        "show_if": {"question": "q1", "operator": "equals", "value": "Yes"}}),
            Q("free_text", "Tell us more", settings={"show_if": {
                "question": "q1", "operator": "equals", "value": "Yes"}}),
        ),
    ),
    Template(
        "checkout-csat", "Checkout experience (CSAT)", "Purchase",
        "Satisfaction with checkout, and why when it went badly.",
        (
            Q("csat", "How satisfied are you with the checkout?", required=True),
            Q("multiple_choice", "What went wrong?",
              settings={"options": ["Payment failed", "Hidden costs", "Too many steps",
                                    "Delivery options", "Site errors"],
                        "show_if": {"question": "q1", "operator": "at_most", "value": 3}}),
            Q("free_text", "Anything else about paying?"),
        ),
    ),
    Template(
        "onboarding", "Onboarding", "Retention",
        "How the first days with the product went.",
        (
            Q("rating", "Getting started was easy.", required=True,
              settings={"min": 1, "max": 5, "labels": {"1": "Strongly disagree",
                                                       "5": "Strongly agree"}}),
            Q("single_choice", "Did you reach what you wanted in your first week?",
              settings={"options": ["Yes", "Partly", "No"]}),
            Q("free_text", "What held you back?", settings={"show_if": {
                "question": "q2", "operator": "not_equals", "value": "Yes"}}),
        ),
    ),
    Template(
        "support-ces", "Support effort (CES)", "Retention",
        "How easy support made it to solve the problem.",
        (
            Q("ces", "How easy was it to get your issue resolved?", required=True),
            Q("single_choice", "Was your issue resolved?", required=True,
              settings={"options": ["Yes", "No", "Not yet"]}),
            Q("free_text", "What made it hard?", settings={"show_if": {
                "question": "q1", "operator": "at_most", "value": 3}}),
        ),
    ),
    Template(
        "cancellation-reasons", "Cancellation reasons", "Retention",
        "Why customers leave, and what would bring them back.",
        (
            Q("single_choice", "What is the main reason you are leaving?", required=True,
              settings={"options": ["Too expensive", "Missing features", "Poor service",
                                    "Switched to a competitor", "No longer needed", "Other"],
                        "randomise": True}),
            Q("free_text", "Which features were missing?", settings={"show_if": {
                "question": "q1", "operator": "equals", "value": "Missing features"}}),
            Q("free_text", "What would bring you back?"),
        ),
    ),
    Template(
        "advocacy-nps", "Advocacy (NPS with why)", "Advocacy",
        "Net Promoter Score, with the reason asked according to the score.",
        (Q("nps", "How likely are you to recommend us to a friend or colleague?", required=True),
         *_why_by_score(6, 9)),
    ),
    Template(
        "delivery-smiley", "Delivery (smiley)", "Purchase",
        "A one-tap mood check after delivery.",
        (Q("smiley", "How did the delivery go?", required=True, settings={"max": 5}),
         *_why_by_score(2, 4)),
    ),
    Template(
        "ad-recall", "Ad recall", "Awareness",
        "Which campaigns were noticed, and how they felt.",
        (
            Q("single_choice", "Have you seen our advertising recently?", required=True,
              settings={"options": ["Yes", "No", "Not sure"]}),
            Q("multiple_choice", "Where did you see it?",
              settings={"options": ["TV", "Online video", "Social media", "Outdoor", "Radio"],
                        "show_if": {"question": "q1", "operator": "equals", "value": "Yes"}}),
            Q("rating", "The advertising made me want to find out more.",
              settings={"min": 1, "max": 7, "labels": {"1": "Strongly disagree",
                                                       "7": "Strongly agree"},
                        "show_if": {"question": "q1", "operator": "equals", "value": "Yes"}}),
        ),
    ),
)  # fmt: skip
TEMPLATES_BY_KEY = {t.key: t for t in TEMPLATES}


def template_named(key: str) -> Template:
    """The template ``key``, or NotFound."""
    try:
        return TEMPLATES_BY_KEY[key]
    except KeyError:
        raise NotFound(f"No template '{key}'.", {"template": "is unknown"}) from None


def stage_for(journey: Journey, template: Template) -> Stage:
    """The journey's stage for a template: same name, else the same place, else the last.

    Raises InvalidDesign when the journey has no stages yet.
    """
    if not journey.stages:
        raise InvalidDesign(
            "Add a stage to the journey first.", {"stage": "the journey has no stages"}
        )
    for stage in journey.stages:
        if stage.name.casefold() == template.stage.casefold():
            return stage
    index = DEFAULT_STAGES.index(template.stage)
    return journey.stages[min(index, len(journey.stages) - 1)]


def instantiate(
    session: Session, journey: Journey, key: str, *, touchpoint: Touchpoint | None = None
) -> Survey:
    """A draft survey from template ``key`` at its stage (and ``touchpoint``, else the first
    touchpoint at that stage, else the journey's first).

    The template's description is for researchers; the survey starts without an introduction.
    """
    template = template_named(key)
    stage = stage_for(journey, template)
    if touchpoint is None:
        at_stage = [t for t in journey.touchpoints if t.stage_id == stage.id]
        candidates = at_stage or list(journey.touchpoints)
        touchpoint = candidates[0] if candidates else None
    if touchpoint is None:
        raise InvalidDesign(
            "Add a touchpoint to the journey first.", {"touchpoint": "the journey has none"}
        )
    return create_survey(
        session, journey, title=template.title, stage=stage, touchpoint=touchpoint,
        questions=list(template.questions),
    )  # fmt: skip
