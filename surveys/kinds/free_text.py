"""Free text: a short line or a long box; the text is what the sentiment pipeline reads."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from wtforms import Field, StringField, TextAreaField
from wtforms.validators import Optional

from surveys.kinds.base import (
    Check,
    CleanAnswer,
    Configured,
    FromSurveyJS,
    Operand,
    SettingProblem,
)
from surveys.kinds.summaries import Summary, TextSummary
from surveys.kinds.validators import TEXT_VALIDATORS, text_failure, validators_problem

if TYPE_CHECKING:
    from surveys.models import Question

MAX_TEXT_LENGTH = 5000
MAX_SHORT_TEXT_LENGTH = 500


def clean_text(value: str) -> str:
    """``value`` without control characters other than line breaks and tabs (they carry no
    meaning in feedback), and without outer spaces."""
    if value.isprintable():  # nearly every text: one C pass instead of a Python step per character
        return value.strip()
    return "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()


def text_limit(question: Configured | Mapping[str, Any]) -> int:
    """The longest answer ``question`` (or a question with these settings) takes."""
    settings = question if isinstance(question, Mapping) else question.settings
    return MAX_SHORT_TEXT_LENGTH if settings.get("size") == "short" else MAX_TEXT_LENGTH


class FreeTextKind:
    """Text; ``size`` is ``short`` (one line, 500 characters) or ``long`` (5000)."""

    name = "free_text"
    label = "Free text"
    operand = Operand.TEXT
    surveyjs_types: tuple[str, ...] = ("text", "comment")

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """Short or long; length and pattern validators that can be checked safely."""
        if spec.settings.get("size", "long") not in ("short", "long"):
            return "size", "is short or long"
        validators = spec.settings.get("validators")
        if validators and (problem := validators_problem(validators, TEXT_VALIDATORS)):
            return "validators", problem
        return None

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The size of the answer box and its length and pattern checks."""
        settings: dict[str, Any] = {"size": data.get("size") or "long"}
        validators: list[dict[str, Any]] = []
        low, high = _whole(data.get("min_length")), _whole(data.get("max_length"))
        if low is not None or high is not None:
            length: dict[str, Any] = {"type": "text"}
            if low is not None:
                length["minLength"] = low
            if high is not None:
                length["maxLength"] = high
            validators.append(length)
        if pattern := str(data.get("pattern") or "").strip():
            rule: dict[str, Any] = {"type": "regex", "regex": pattern}
            if message := str(data.get("pattern_message") or "").strip():
                rule["text"] = message
            validators.append(rule)
        if validators:
            settings["validators"] = validators
        return settings

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The size of the answer box and its checks."""
        data: dict[str, Any] = {"size": settings.get("size", "long")}
        for v in settings.get("validators") or []:
            if v.get("type") == "text":
                data["min_length"] = v.get("minLength")
                data["max_length"] = v.get("maxLength")
            elif v.get("type") == "regex":
                data["pattern"] = v.get("regex", "")
                data["pattern_message"] = v.get("text", "")
        return data

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """A line or a box."""
        common: dict[str, Any] = {"validators": [Optional()], "description": question.help_text}
        if question.settings.get("size") == "short":
            return StringField(question.prompt, **common)
        return TextAreaField(question.prompt, **common)

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """Text within the size's limit."""
        return self.checker(question)(value)

    def checker(self, question: Question) -> Check:
        """``check`` with the limit and validators read once."""
        limit = text_limit(question)
        validators = question.settings.get("validators") or []

        def check(value: object) -> CleanAnswer | str:
            if not isinstance(value, str):
                return "must be text"
            text = clean_text(value)
            if len(text) > limit:
                return f"must be at most {limit} characters"
            failure = text_failure(validators, text) if validators else None
            return failure or CleanAnswer(question, text=text)

        return check

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The text."""
        return text

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """How many answered, and the texts."""
        texts = tuple(v for v in values if isinstance(v, str) and v)
        return TextSummary(len(texts), texts)

    def describe(self, question: Question) -> dict[str, Any]:
        """The box's size and the longest answer taken."""
        return {"size": question.settings.get("size", "long"), "max_length": text_limit(question)}

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A ``text`` line or a ``comment`` box, with its length limit (so SurveyJS stops
        what the API would refuse) and any validators."""
        short = spec.settings.get("size") == "short"
        element: dict[str, Any] = {"type": "text" if short else "comment"}
        element["maxLength"] = text_limit(spec)
        if spec.settings.get("validators"):
            element["validators"] = list(spec.settings["validators"])
        return element

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """A line (``text``) or a box (``comment``); a text input for numbers, dates, email
        addresses or colours is that kind instead."""
        input_type = element.get("inputType", "text")
        if element.get("type") == "text" and input_type in _INPUT_KINDS:
            from surveys.kinds import KINDS  # the registry imports this module

            return KINDS[_INPUT_KINDS[input_type]].from_surveyjs(element, where, problems)
        if element.get("type") == "text" and input_type not in ("text", "tel", "url"):
            problems.append(f"{where}: inputType '{input_type}' is not supported")
        settings: dict[str, Any] = {"size": "short" if element.get("type") == "text" else "long"}
        limit = element.get("maxLength")
        if (
            isinstance(limit, int)
            and not isinstance(limit, bool)
            and 0 < limit < text_limit(settings)
        ):
            settings["validators"] = [{"type": "text", "maxLength": limit}]
        if "validators" in element:
            settings["validators"] = [*settings.get("validators", []), *element["validators"]]
        return FromSurveyJS(self.name, settings)


#: Text inputs SurveyJS shows for the kinds that read them.
_INPUT_KINDS = {"number": "number", "date": "date", "email": "email", "color": "colour"}


def _whole(value: object) -> int | None:
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() else None


KIND = FreeTextKind()
