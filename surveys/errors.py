"""The questionnaire domain's errors, carrying the facts a user needs to put things right."""

from __future__ import annotations

from collections.abc import Mapping

from surveys.models.journey import CHANNELS, Channel


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

    def __init__(
        self,
        message: str = "This survey is closed and takes no more answers.",
        fields: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message, fields)


class InvalidAnswer(SurveyError):
    """Answers that do not fit the version answered; ``fields`` maps question key to the problem."""

    code = "invalid_answer"


class InvalidDesign(SurveyError):
    """A journey or questionnaire that cannot be saved as given; ``fields`` names the parts."""

    code = "invalid_design"


def check_channel(channel: str, error: type[SurveyError]) -> Channel:
    """``channel`` as a Channel if it is one, else raise ``error`` naming the field.

    Answers (InvalidAnswer) and touchpoints (InvalidDesign) take channels from the same list and
    say the same thing about a wrong one.
    """
    if channel not in CHANNELS:
        raise error(
            f"Unknown channel '{channel}'.", {"channel": f"must be one of {', '.join(CHANNELS)}"}
        )
    return Channel(channel)


class UnknownPersona(InvalidAnswer):
    """A persona name that is none of the journey's; says so without listing the journey's own."""

    def __init__(self, name: str) -> None:
        shown = name.strip()
        shown = shown if len(shown) <= 60 else f"{shown[:60]}…"
        super().__init__(
            f"This journey has no persona '{shown}'.",
            {"persona": "is not a persona of this journey"},
        )
