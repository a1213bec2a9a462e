"""Number: a number typed in, optionally within ``min``–``max`` and on a ``step``."""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from wtforms import Field, StringField
from wtforms.validators import Optional

from surveys.kinds.base import CleanAnswer, Configured, FromSurveyJS, Operand, SettingProblem
from surveys.kinds.summaries import NumberSummary, Summary
from surveys.kinds.surveyjs_values import shown
from surveys.kinds.validators import (
    NUMBER_VALIDATORS,
    number_failure,
    validators_problem,
)

if TYPE_CHECKING:
    from surveys.models import Question

#: Beyond this a number is no answer a person types (and floats lose whole-number precision).
LIMIT = 1e15


def _setting_number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) and abs(number) <= LIMIT else None


def _shown(number: float) -> str:
    return str(int(number)) if number.is_integer() else repr(number)


class NumberKind:
    """A number; settings ``min``, ``max`` and ``step`` (each optional) and ``validators``."""

    name = "number"
    label = "Number"
    operand = Operand.NUMBER
    surveyjs_types: tuple[str, ...] = ()  # a SurveyJS text with inputType number

    def bounds(self, question: Configured) -> tuple[float | None, float | None, float | None]:
        """(min, max, step), each None when not set."""
        s = question.settings
        return (
            _setting_number(s.get("min")),
            _setting_number(s.get("max")),
            _setting_number(s.get("step")),
        )

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """Numbers where given; min below max; a positive step."""
        for name in ("min", "max", "step"):
            value = spec.settings.get(name)
            if value not in (None, "") and _setting_number(value) is None:
                return name, "must be a number"
        low, high, step = self.bounds(spec)
        if low is not None and high is not None and low >= high:
            return "max", "must be more than the smallest number allowed"
        if step is not None and step <= 0:
            return "step", "must be more than 0"
        validators = spec.settings.get("validators")
        if validators and (problem := validators_problem(validators, NUMBER_VALIDATORS)):
            return "validators", problem
        return None

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The smallest and largest numbers allowed and the step, as typed."""
        settings: dict[str, Any] = {}
        for name, field in (("min", "number_min"), ("max", "number_max"), ("step", "step")):
            raw = str(data.get(field) or "").strip()
            if raw:
                number = _setting_number(raw)
                settings[name] = raw if number is None else (
                    int(number) if number.is_integer() else number)  # fmt: skip
        return settings

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The range and step."""
        return {
            "number_min": "" if settings.get("min") is None else str(settings["min"]),
            "number_max": "" if settings.get("max") is None else str(settings["max"]),
            "step": "" if settings.get("step") is None else str(settings["step"]),
        }

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """A number input (the browser's own checks follow min, max and step)."""
        low, high, step = self.bounds(question)
        attrs: dict[str, Any] = {"type": "number", "inputmode": "decimal"}
        attrs["step"] = "any" if step is None else _shown(step)
        if low is not None:
            attrs["min"] = _shown(low)
        if high is not None:
            attrs["max"] = _shown(high)
        return StringField(
            question.prompt,
            validators=[Optional()],
            description=question.help_text,
            render_kw=attrs,
        )

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """A number (or its digits) within the range and on the step."""
        low, high, step = self.bounds(question)
        number = None if isinstance(value, bool) else _setting_number(value)
        if number is None:
            return "must be a number"
        if (low is not None and number < low) or (high is not None and number > high):
            if low is not None and high is not None:
                return f"must be from {_shown(low)} to {_shown(high)}"
            if low is not None:
                return f"must be at least {_shown(low)}"
            return f"must be at most {_shown(high or 0.0)}"
        if step is not None:
            steps = (number - (low or 0.0)) / step
            if abs(steps - round(steps)) > 1e-9:
                return f"must go in steps of {_shown(step)}"
        failure = number_failure(question.settings.get("validators") or [], number)
        return failure or CleanAnswer(question, number=number)

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The number (whole numbers as integers)."""
        if number is None:
            return None
        return int(number) if number.is_integer() else number

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """How many, mean, median and range."""
        numbers = [
            float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)
        ]
        if not numbers:
            return NumberSummary(0, None, None, None, None)
        return NumberSummary(
            len(numbers),
            statistics.fmean(numbers),
            statistics.median(numbers),
            min(numbers),
            max(numbers),
        )

    def describe(self, question: Question) -> dict[str, Any]:
        """The range and step (None when not set)."""
        low, high, step = self.bounds(question)
        return {"min": low, "max": high, "step": step}

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A ``text`` element with ``inputType: number`` and its range and step."""
        element: dict[str, Any] = {"type": "text", "inputType": "number"}
        low, high, step = self.bounds(spec)
        for prop, number in (("min", low), ("max", high), ("step", step)):
            if number is not None:
                element[prop] = int(number) if number.is_integer() else number
        if spec.settings.get("validators"):
            element["validators"] = list(spec.settings["validators"])
        return element

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """A number input's range and step (numbers only: SurveyJS also takes expressions)."""
        settings: dict[str, Any] = {}
        for prop in ("min", "max", "step"):
            if prop in element:
                number = _setting_number(element[prop])
                if number is None or isinstance(element[prop], str):
                    problems.append(f"{where}: {prop} {shown(element[prop])} is not a number")
                    continue
                settings[prop] = element[prop]
        if "validators" in element:
            settings["validators"] = element["validators"]
        return FromSurveyJS(self.name, settings)


KIND = NumberKind()
