"""Single choice: one option of several (radio buttons, a dropdown, or a yes/no pair)."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from wtforms import Field, RadioField
from wtforms.validators import Optional

from surveys.kinds.base import (
    CleanAnswer,
    Configured,
    FromSurveyJS,
    Operand,
    SettingProblem,
)
from surveys.kinds.choices import (
    option_choices,
    options,
    options_form_data,
    options_from_form,
    options_from_surveyjs,
    options_problem,
    options_to_surveyjs,
    picked,
)
from surveys.kinds.summaries import Summary, choice_summary, choice_summary_of_counts
from surveys.kinds.surveyjs_values import surveyjs_text

if TYPE_CHECKING:
    from surveys.models import Question


class SingleChoiceKind:
    """One option; ``display`` keeps how SurveyJS showed it (``dropdown``, ``boolean``)."""

    name = "single_choice"
    label = "Single choice"
    operand = Operand.CHOICE
    surveyjs_types: tuple[str, ...] = ("radiogroup", "dropdown", "boolean")

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """At least two distinct options."""
        return options_problem(spec)

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The options and shuffling."""
        return options_from_form(data)

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The options and shuffling."""
        return options_form_data(settings)

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """One radio per option."""
        return RadioField(
            question.prompt,
            choices=option_choices(question, rng),
            validators=[Optional()],
            description=question.help_text,
        )

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """One of the options, exactly."""
        if not isinstance(value, str) or value not in options(question):
            return "must be one of the options"
        return CleanAnswer(question, text=value)

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The option chosen."""
        return text

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """How many chose each option."""
        return choice_summary(options(question), picked(values))

    def summarise_counts(
        self, question: Question, counted: Iterable[tuple[object, int]]
    ) -> Summary:
        """The same from answers already counted."""
        return choice_summary_of_counts(
            options(question), ((pick, n) for value, n in counted for pick in picked([value]))
        )

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A radiogroup, a dropdown or a boolean, as the question was shown."""
        display = spec.settings.get("display")
        if display == "boolean":
            first, second = spec.settings["options"][:2]
            return {"type": "boolean", "labelTrue": first, "labelFalse": second}
        return {
            "type": "dropdown" if display == "dropdown" else "radiogroup",
            **options_to_surveyjs(spec),
        }

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """Choices of a radiogroup or dropdown; a boolean's two labels as two options."""
        if element.get("type") == "boolean":
            labels = [
                surveyjs_text(element.get("labelTrue", "Yes"), where, "labelTrue", problems),
                surveyjs_text(element.get("labelFalse", "No"), where, "labelFalse", problems),
            ]
            return FromSurveyJS(self.name, {"options": labels, "display": "boolean"})
        settings = options_from_surveyjs(element, where, problems)
        if element.get("type") == "dropdown":
            settings["display"] = "dropdown"
        return FromSurveyJS(self.name, settings)


KIND = SingleChoiceKind()
