"""Yes/no: a boolean answer, stored as 1 or 0 and read back as ``true`` or ``false`` (as
SurveyJS stores it); the page shows the question's two labels."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from wtforms import Field, RadioField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # stubs lag 3.3
from wtforms.validators import Optional

from surveys.kinds.base import CleanAnswer, Configured, FromSurveyJS, Operand, SettingProblem
from surveys.kinds.summaries import BooleanSummary, Summary
from surveys.kinds.surveyjs_values import surveyjs_text

if TYPE_CHECKING:
    from surveys.models import Question

DEFAULT_TRUE, DEFAULT_FALSE = "Yes", "No"
MAX_LABEL = 100


def labels(question: Configured) -> tuple[str, str]:
    """The words for true and false."""
    s = question.settings
    return str(s.get("label_true") or DEFAULT_TRUE), str(s.get("label_false") or DEFAULT_FALSE)


class YesNoKind:
    """True or false; ``label_true`` / ``label_false`` change the words shown."""

    name = "yes_no"
    label = "Yes / no"
    operand = Operand.BOOLEAN
    surveyjs_types: tuple[str, ...] = ("boolean",)

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """Two different, short labels."""
        yes, no = labels(spec)
        if yes.strip().casefold() == no.strip().casefold():
            return "label_false", "the two answers need different words"
        if len(yes) > MAX_LABEL or len(no) > MAX_LABEL:
            return "label_true", f"the words are at most {MAX_LABEL} characters"
        return None

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The words, when they are not Yes and No."""
        settings: dict[str, Any] = {}
        if (yes := str(data.get("label_true") or "").strip()) and yes != DEFAULT_TRUE:
            settings["label_true"] = yes
        if (no := str(data.get("label_false") or "").strip()) and no != DEFAULT_FALSE:
            settings["label_false"] = no
        return settings

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The words shown for each answer."""
        return {
            "label_true": settings.get("label_true", DEFAULT_TRUE),
            "label_false": settings.get("label_false", DEFAULT_FALSE),
        }

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """Two radios, true then false."""
        yes, no = labels(question)
        return RadioField(
            question.prompt,
            choices=[SelectChoice("true", yes), SelectChoice("false", no)],
            validators=[Optional()],
            description=question.help_text,
        )

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """``true`` or ``false`` (as JSON booleans, as text, or as the question's labels)."""
        yes, no = labels(question)
        if isinstance(value, str):
            word = value.strip().casefold()
            if word in ("true", yes.casefold()):
                value = True
            elif word in ("false", no.casefold()):
                value = False
        if not isinstance(value, bool):
            return f"must be true or false ('{yes}' or '{no}')"
        return CleanAnswer(question, number=1.0 if value else 0.0)

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """True or false."""
        return None if number is None else number == 1.0

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """How many said each."""
        answers = [v for v in values if isinstance(v, bool)]
        yes, no = labels(question)
        return BooleanSummary(len(answers), sum(answers), answers.count(False), yes, no)

    def describe(self, question: Question) -> dict[str, Any]:
        """The words for true and false."""
        yes, no = labels(question)
        return {"labels": {"true": yes, "false": no}}

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A ``boolean`` element, with its labels when they are not Yes and No."""
        element: dict[str, Any] = {"type": "boolean"}
        yes, no = labels(spec)
        if yes != DEFAULT_TRUE:
            element["labelTrue"] = yes
        if no != DEFAULT_FALSE:
            element["labelFalse"] = no
        return element

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """A ``boolean`` element and its labels."""
        settings: dict[str, Any] = {}
        for prop, setting, default in (
            ("labelTrue", "label_true", DEFAULT_TRUE),
            ("labelFalse", "label_false", DEFAULT_FALSE),
        ):
            if prop in element:
                text = surveyjs_text(element[prop], where, prop, problems)
                if text and text != default:
                    settings[setting] = text
        if "valueTrue" in element or "valueFalse" in element:
            problems.append(f"{where}: valueTrue and valueFalse cannot be imported")
        return FromSurveyJS(self.name, settings)


KIND = YesNoKind()
