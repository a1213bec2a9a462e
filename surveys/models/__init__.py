"""The questionnaire domain's tables, on one declarative base shared with journeys."""

from __future__ import annotations

from surveys.models.account import ROLES, ApiKey, ApiScope, Membership, Organisation, Role, User
from surveys.models.base import Base, StrEnumColumn, utcnow
from surveys.models.erasure import ErasureRecord
from surveys.models.journey import (
    CHANNELS,
    DEFAULT_STAGES,
    PERSONA_NAME_MAX,
    TOUCHPOINT_NAME_MAX,
    Channel,
    Journey,
    Persona,
    Stage,
    Touchpoint,
)
from surveys.models.response import (
    Answer,
    AnswerScore,
    Response,
    ResponseSource,
    ResponseStatus,
)
from surveys.models.survey import (
    Question,
    Survey,
    SurveyStatus,
    SurveyVersion,
    survey_persona,
)
from surveys.models.tally import AnswerTally, ResponseTally, TallyState, ThemeTally

__all__ = [
    "CHANNELS",
    "DEFAULT_STAGES",
    "PERSONA_NAME_MAX",
    "ROLES",
    "TOUCHPOINT_NAME_MAX",
    "Answer",
    "AnswerScore",
    "AnswerTally",
    "ApiKey",
    "ApiScope",
    "Base",
    "Channel",
    "ErasureRecord",
    "Journey",
    "Membership",
    "Organisation",
    "Persona",
    "Question",
    "Response",
    "ResponseSource",
    "ResponseStatus",
    "ResponseTally",
    "Role",
    "Stage",
    "StrEnumColumn",
    "Survey",
    "SurveyStatus",
    "SurveyVersion",
    "TallyState",
    "ThemeTally",
    "Touchpoint",
    "User",
    "survey_persona",
    "utcnow",
]
