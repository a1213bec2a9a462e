"""Email: an email address, checked for its form only (never looked up: the product runs
offline); summarised as a count, since addresses are personal data."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from email_validator import EmailNotValidError, validate_email
from wtforms import Field, StringField
from wtforms.validators import Optional

from surveys.kinds.base import CleanAnswer, Configured, FromSurveyJS, NothingToSet, Operand
from surveys.kinds.summaries import CountSummary, Summary

if TYPE_CHECKING:
    from surveys.models import Question

MAX_EMAIL = 254


class EmailKind(NothingToSet):
    """An email address (stored as the library normalises it: the domain in lower case)."""

    name = "email"
    label = "Email address"
    operand = Operand.TEXT
    surveyjs_types: tuple[str, ...] = ()  # a SurveyJS text with inputType email

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """An email input."""
        return StringField(
            question.prompt,
            validators=[Optional()],
            description=question.help_text,
            render_kw={"type": "email", "autocomplete": "email", "maxlength": MAX_EMAIL},
        )

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """An address of the form name@domain.tld."""
        if not isinstance(value, str) or len(value.strip()) > MAX_EMAIL:
            return "must be an email address like name@example.com"
        try:
            address = validate_email(value.strip(), check_deliverability=False)
        except EmailNotValidError as error:
            return f"must be an email address like name@example.com ({error})"
        return CleanAnswer(question, text=address.normalized)

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The address."""
        return text

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """How many gave one."""
        return CountSummary(sum(1 for v in values if isinstance(v, str) and v))

    def describe(self, question: Question) -> dict[str, Any]:
        """Nothing beyond the prompt."""
        return {}

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A ``text`` element with ``inputType: email`` (SurveyJS checks the form too)."""
        return {"type": "text", "inputType": "email", "validators": [{"type": "email"}]}

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """An email input (its email validator is what this kind does anyway)."""
        return FromSurveyJS(self.name, {})


KIND = EmailKind()
