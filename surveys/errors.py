"""The questionnaire domain's errors, carrying the facts a user needs to put things right."""

from __future__ import annotations

from collections.abc import Mapping


class SurveyError(Exception):
    """Base of every error the surveys domain raises on purpose."""

    code = "survey_error"

    def __init__(self, message: str, fields: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields: dict[str, str] = dict(fields or {})


class NotFound(SurveyError):
    """No such journey, survey or version (or not one the caller may see)."""

    code = "not_found"


class SurveyClosed(SurveyError):
    """The survey exists but takes no more answers."""

    code = "survey_closed"


class InvalidAnswer(SurveyError):
    """Answers that do not fit the version answered; ``fields`` maps question key to the problem."""

    code = "invalid_answer"


class InvalidDesign(SurveyError):
    """A journey or questionnaire that cannot be saved as given; ``fields`` names the parts."""

    code = "invalid_design"
