"""Multiple choice: any of several options, as checkboxes; stored in the options' order."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from wtforms import Field, SelectMultipleField
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

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

if TYPE_CHECKING:
    from surveys.models import Question


class CheckboxesField(SelectMultipleField):
    """Several options as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MultipleChoiceKind:
    """Any number of the options (at least one when answered)."""

    name = "multiple_choice"
    label = "Multiple choice"
    operand = Operand.CHOICES
    surveyjs_types: tuple[str, ...] = ("checkbox",)

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
        """One checkbox per option."""
        return CheckboxesField(
            question.prompt,
            choices=option_choices(question, rng),
            validators=[Optional()],
            description=question.help_text,
        )

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """A list of options (or one option's text); stored in the options' order, each once,
        so equal answers compare equal."""
        chosen = [value] if isinstance(value, str) else value
        if not isinstance(chosen, list) or not all(isinstance(v, str) for v in chosen):
            return "must be a list of options"
        known = options(question)
        if any(v not in known for v in chosen):
            return "must only name options of the question"
        kept = [o for o in known if o in chosen]
        if not kept:
            return "choose at least one option"
        return CleanAnswer(question, text=json.dumps(kept, ensure_ascii=False))

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The options chosen, as a list."""
        if text is None:
            return None
        try:
            return list(json.loads(text))
        except ValueError:
            return [text]

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """How many respondents chose each option."""
        return choice_summary(options(question), picked(values))

    def summarise_counts(
        self, question: Question, counted: Iterable[tuple[object, int]]
    ) -> Summary:
        """The same from answers already counted."""
        return choice_summary_of_counts(
            options(question), ((pick, n) for value, n in counted for pick in picked([value]))
        )

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A checkbox element."""
        return {"type": "checkbox", **options_to_surveyjs(spec)}

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """A checkbox element's choices."""
        return FromSurveyJS(self.name, options_from_surveyjs(element, where, problems))


KIND = MultipleChoiceKind()
