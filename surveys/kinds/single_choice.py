"""Single choice: one option of several, as radio buttons or a dropdown (its ``display``);
options may store a value other than their text, and may offer "Other (please specify)" and
"None of these"."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from wtforms import Field, RadioField, SelectField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # stubs lag 3.3
from wtforms.validators import Optional

from surveys.kinds.base import CleanAnswer, Configured, FromSurveyJS, Operand, SettingProblem
from surveys.kinds.choices import (
    OptionSummaries,
    option_choices,
    option_items,
    options_form_data,
    options_from_form,
    options_from_surveyjs,
    options_problem,
    options_to_surveyjs,
)
from surveys.kinds.items import find
from surveys.kinds.surveyjs_values import surveyjs_text

if TYPE_CHECKING:
    from surveys.models import Question


class SingleChoiceKind(OptionSummaries):
    """One option; ``display`` is ``radio`` (the default) or ``dropdown``; ``boolean`` keeps
    questions imported as two-option yes/no pairs before the yes/no kind existed."""

    name = "single_choice"
    label = "Single choice"
    operand = Operand.CHOICE
    surveyjs_types: tuple[str, ...] = ("radiogroup", "dropdown")

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """At least two distinct options (or one with "Other" or "None of these"); a known
        display."""
        return options_problem(spec)

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The options, shuffling, extras and how they are shown."""
        settings = options_from_form(data)
        if data.get("display") == "dropdown":
            settings["display"] = "dropdown"
        return settings

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The options, shuffling, extras and how they are shown."""
        return {**options_form_data(settings), "display": settings.get("display", "radio")}

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """Radios, or a dropdown starting on "Choose…"."""
        choices = option_choices(question, rng)
        common: dict[str, Any] = {"validators": [Optional()], "description": question.help_text}
        if question.settings.get("display") == "dropdown":
            return SelectField(
                question.prompt, choices=[SelectChoice("", "Choose…"), *choices],
                validate_choice=False, **common,
            )  # fmt: skip
        return RadioField(question.prompt, choices=choices, **common)

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """One of the options, by its value (1 and "1" alike) or its text."""
        item = find(option_items(question), value)
        if item is None:
            return "must be one of the options"
        return CleanAnswer(question, text=item.key)

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The option's value (a number when the option's value is one)."""
        item = find(option_items(question), text)
        return item.value if item is not None else text

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A radiogroup or a dropdown (a two-option pair imported as a boolean goes back so)."""
        display = spec.settings.get("display")
        if display == "boolean":
            first, second = [str(o) for o in spec.settings["options"][:2]]
            return {"type": "boolean", "labelTrue": first, "labelFalse": second}
        return {
            "type": "dropdown" if display == "dropdown" else "radiogroup",
            **options_to_surveyjs(spec),
        }

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """Choices of a radiogroup or dropdown."""
        settings = options_from_surveyjs(element, where, problems)
        if element.get("type") == "dropdown":
            settings["display"] = "dropdown"
        if "placeholder" in element:
            surveyjs_text(element["placeholder"], where, "placeholder", problems)
        return FromSurveyJS(self.name, settings)


KIND = SingleChoiceKind()
