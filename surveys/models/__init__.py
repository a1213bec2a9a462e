"""The questionnaire domain's tables, on one declarative base shared with journeys."""

from __future__ import annotations

from surveys.models.account import ROLES, Membership, Organisation, User
from surveys.models.base import Base, utcnow
from surveys.models.erasure import ErasureRecord
from surveys.models.journey import (
    CHANNELS,
    DEFAULT_STAGES,
    PERSONA_NAME_MAX,
    TOUCHPOINT_NAME_MAX,
    Journey,
    Persona,
    Stage,
    Touchpoint,
)
from surveys.models.response import Answer, AnswerScore, Response
from surveys.models.survey import (
    SURVEY_STATUSES,
    Question,
    Survey,
    SurveyVersion,
    survey_persona,
)

__all__ = [
    "CHANNELS",
    "DEFAULT_STAGES",
    "PERSONA_NAME_MAX",
    "ROLES",
    "SURVEY_STATUSES",
    "TOUCHPOINT_NAME_MAX",
    "Answer",
    "AnswerScore",
    "Base",
    "ErasureRecord",
    "Journey",
    "Membership",
    "Organisation",
    "Persona",
    "Question",
    "Response",
    "Stage",
    "Survey",
    "SurveyVersion",
    "Touchpoint",
    "User",
    "survey_persona",
    "utcnow",
]
