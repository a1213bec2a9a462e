"""Free text: a short line or a long box; the text is what the sentiment pipeline reads."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from wtforms import Field, StringField, TextAreaField
from wtforms.validators import Optional

from surveys.kinds.base import (
    CleanAnswer,
    Configured,
    FromSurveyJS,
    Operand,
    SettingProblem,
)
from surveys.kinds.summaries import Summary, TextSummary

if TYPE_CHECKING:
    from surveys.models import Question

MAX_TEXT_LENGTH = 5000
MAX_SHORT_TEXT_LENGTH = 500


def clean_text(value: str) -> str:
    """``value`` without control characters other than line breaks and tabs (they carry no
    meaning in feedback), and without outer spaces."""
    return "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()


def text_limit(question: Configured) -> int:
    """The longest answer ``question`` takes."""
    return MAX_SHORT_TEXT_LENGTH if question.settings.get("size") == "short" else MAX_TEXT_LENGTH


class FreeTextKind:
    """Text; ``size`` is ``short`` (one line, 500 characters) or ``long`` (5000)."""

    name = "free_text"
    label = "Free text"
    operand = Operand.TEXT
    surveyjs_types: tuple[str, ...] = ("text", "comment")

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """Short or long."""
        if spec.settings.get("size", "long") not in ("short", "long"):
            return "size", "is short or long"
        return None

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The size of the answer box."""
        return {"size": data.get("size") or "long"}

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The size of the answer box."""
        return {"size": settings.get("size", "long")}

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """A line or a box."""
        common: dict[str, Any] = {"validators": [Optional()], "description": question.help_text}
        if question.settings.get("size") == "short":
            return StringField(question.prompt, **common)
        return TextAreaField(question.prompt, **common)

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """Text within the size's limit."""
        if not isinstance(value, str):
            return "must be text"
        text = clean_text(value)
        limit = text_limit(question)
        if len(text) > limit:
            return f"must be at most {limit} characters"
        return CleanAnswer(question, text=text)

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The text."""
        return text

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """How many answered, and the texts."""
        texts = tuple(v for v in values if isinstance(v, str) and v)
        return TextSummary(len(texts), texts)

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A ``text`` line or a ``comment`` box."""
        return {"type": "text" if spec.settings.get("size") == "short" else "comment"}

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """A line (``text``) or a box (``comment``)."""
        if element.get("type") == "text" and element.get("inputType", "text") != "text":
            problems.append(f"{where}: inputType '{element['inputType']}' is not supported")
        size = "short" if element.get("type") == "text" else "long"
        return FromSurveyJS(self.name, {"size": size})


KIND = FreeTextKind()
