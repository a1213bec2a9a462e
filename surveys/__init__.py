"""The questionnaire domain: journeys as researchers model them, surveys, answers and validation.

Plain Python and SQLAlchemy (no Flask): services take a ``Session``, flush, and leave the commit
to the caller.
"""

from __future__ import annotations

from surveys.answers import clean_answers
from surveys.design import (
    QuestionSpec,
    add_persona,
    add_touchpoint,
    create_journey,
    create_survey,
    journey_by_slug,
    publish,
    slugify,
    stage_named,
)
from surveys.errors import InvalidAnswer, InvalidDesign, NotFound, SurveyClosed, SurveyError
from surveys.forms import SurveyForm, answer_form
from surveys.responses import live_version, submit_response, survey_by_public_id

__all__ = [
    "InvalidAnswer",
    "InvalidDesign",
    "NotFound",
    "QuestionSpec",
    "SurveyClosed",
    "SurveyError",
    "SurveyForm",
    "add_persona",
    "add_touchpoint",
    "answer_form",
    "clean_answers",
    "create_journey",
    "create_survey",
    "journey_by_slug",
    "live_version",
    "publish",
    "slugify",
    "stage_named",
    "submit_response",
    "survey_by_public_id",
]
