"""The questionnaire domain: journeys as researchers model them, surveys, answers and validation.

Plain Python and SQLAlchemy (no Flask): services take a ``Session``, flush, and leave the commit
to the caller.
"""

from __future__ import annotations

from surveys.answers import clean_answers
from surveys.design import (
    add_persona,
    add_touchpoint,
    create_journey,
    create_survey,
    journey_by_slug,
    publish,
    stage_named,
)
from surveys.errors import InvalidAnswer, InvalidDesign, NotFound, SurveyClosed, SurveyError
from surveys.forms import answer_form
from surveys.hidden_fields import clean_hidden_fields, device_class
from surveys.questions import QuestionSpec
from surveys.responses import (
    IdempotencyConflict,
    ResponseComplete,
    create_response,
    finish_response,
    live_version,
    persona_named,
    request_digest,
    response_by_public_id,
    submit_response,
    survey_by_public_id,
    update_response,
)
from surveys.slugs import slugify

__all__ = [
    "IdempotencyConflict",
    "InvalidAnswer",
    "InvalidDesign",
    "NotFound",
    "QuestionSpec",
    "ResponseComplete",
    "SurveyClosed",
    "SurveyError",
    "add_persona",
    "add_touchpoint",
    "answer_form",
    "clean_answers",
    "clean_hidden_fields",
    "create_journey",
    "create_response",
    "create_survey",
    "device_class",
    "finish_response",
    "journey_by_slug",
    "live_version",
    "persona_named",
    "publish",
    "request_digest",
    "response_by_public_id",
    "slugify",
    "stage_named",
    "submit_response",
    "survey_by_public_id",
    "update_response",
]
