"""Colour: a colour picked with the browser's colour picker, stored as SurveyJS stores it — the
hex text ``#rrggbb`` (a text input with ``inputType: color`` there)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from wtforms import Field, StringField
from wtforms.validators import Optional

from surveys.kinds.base import CleanAnswer, Configured, FromSurveyJS, Operand, SettingProblem
from surveys.kinds.summaries import CountSummary, Summary

if TYPE_CHECKING:
    from surveys.models import Question

#: What ``<input type=color>`` submits and SurveyJS stores: ``#`` and six hex digits.
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class ColourKind:
    """A colour as ``#rrggbb`` (stored in lower case, as browsers give it)."""

    name = "colour"
    label = "Colour"
    operand = Operand.TEXT
    surveyjs_types: tuple[str, ...] = ()  # a SurveyJS text with inputType color

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """Nothing to set."""
        return None

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Nothing to set."""
        return {}

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """Nothing to show."""
        return {}

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """The browser's colour picker (without JavaScript or support, a text box that still
        takes ``#rrggbb``)."""
        return StringField(
            question.prompt,
            validators=[Optional()],
            description=question.help_text,
            render_kw={"type": "color", "maxlength": 7},
        )

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """``#`` and six hex digits."""
        if not isinstance(value, str) or not HEX_COLOUR.fullmatch(value.strip()):
            return "must be a colour like #1a2b3c"
        return CleanAnswer(question, text=value.strip().lower())

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The colour's hex text."""
        return text

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """How many gave one (counted like other typed answers)."""
        return CountSummary(sum(1 for v in values if isinstance(v, str) and v))

    def describe(self, question: Question) -> dict[str, Any]:
        """The form of the answer."""
        return {"format": "#rrggbb"}

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A ``text`` element with ``inputType: color``."""
        return {"type": "text", "inputType": "color"}

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """A colour input."""
        return FromSurveyJS(self.name, {})


KIND = ColourKind()
