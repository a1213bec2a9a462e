"""The questionnaire domain: journeys as researchers model them, surveys, answers and validation.

Plain Python and SQLAlchemy (no Flask): services take a ``Session``, flush, and leave the commit
to the caller.
"""

from __future__ import annotations

from surveys.answers import COMMENT_SUFFIX, clean_answers
from surveys.design import create_survey, publish
from surveys.errors import (
    InvalidAnswer,
    InvalidDesign,
    NotFound,
    SurveyClosed,
    SurveyError,
    UnknownPersona,
)
from surveys.forms import answer_form, form_value
from surveys.hidden_fields import answer_meta, clean_hidden_fields, device_class
from surveys.intake import (
    IdempotencyConflict,
    NewResponse,
    PreparedResponse,
    StoredResponse,
    prepare_response,
    request_digest,
    store_response,
    store_responses,
    submit_response,
)
from surveys.journey_structure import (
    add_persona,
    add_touchpoint,
    create_journey,
    journey_by_slug,
    persona_named,
    stage_named,
)
from surveys.kinds import stored_value
from surveys.kinds.repeat import pressed_rows_button
from surveys.pages import PageSpec
from surveys.published import (
    Target,
    live_version,
    live_version_of,
    published_target,
    survey_by_public_id,
    target_of,
)
from surveys.questions import QuestionSpec
from surveys.responses import (
    ResponseComplete,
    answers_so_far,
    finish_response,
    response_by_public_id,
    response_with_key,
    save_progress,
    update_response,
)
from surveys.slugs import slugify

__all__ = [
    "COMMENT_SUFFIX",
    "IdempotencyConflict",
    "InvalidAnswer",
    "InvalidDesign",
    "NewResponse",
    "NotFound",
    "PageSpec",
    "PreparedResponse",
    "QuestionSpec",
    "ResponseComplete",
    "StoredResponse",
    "SurveyClosed",
    "SurveyError",
    "Target",
    "UnknownPersona",
    "add_persona",
    "add_touchpoint",
    "answer_form",
    "answer_meta",
    "answers_so_far",
    "clean_answers",
    "clean_hidden_fields",
    "create_journey",
    "create_survey",
    "device_class",
    "finish_response",
    "form_value",
    "journey_by_slug",
    "live_version",
    "live_version_of",
    "persona_named",
    "prepare_response",
    "pressed_rows_button",
    "publish",
    "published_target",
    "request_digest",
    "response_by_public_id",
    "response_with_key",
    "save_progress",
    "slugify",
    "stage_named",
    "store_response",
    "store_responses",
    "stored_value",
    "submit_response",
    "survey_by_public_id",
    "target_of",
    "update_response",
]
