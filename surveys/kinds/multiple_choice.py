"""Multiple choice: any of several options, as checkboxes; stored in the options' order.
"None of these" goes alone; "Other" asks what."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from wtforms import Field, SelectMultipleField
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from surveys.kinds.base import CleanAnswer, Configured, FromSurveyJS, Operand, SettingProblem
from surveys.kinds.choices import (
    NONE,
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

if TYPE_CHECKING:
    from surveys.models import Question


class CheckboxesField(SelectMultipleField):
    """Several options as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: Any) -> None:
        """The kind's checker judges the options (with its own words)."""


class MultipleChoiceKind(OptionSummaries):
    """Any number of the options (at least one when answered)."""

    name = "multiple_choice"
    label = "Multiple choice"
    operand = Operand.CHOICES
    surveyjs_types: tuple[str, ...] = ("checkbox", "tagbox")

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """At least one option: a lone checkbox ("I agree") is a question too."""
        return options_problem(spec, minimum=1)

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The options, shuffling and extras."""
        return options_from_form(data)

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The options, shuffling and extras."""
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
        """A list of options (or one option); stored in the options' order, each once, so
        equal answers compare equal."""
        chosen = value if isinstance(value, list) else [value]
        items = option_items(question)
        found = [find(items, v) for v in chosen]
        if any(isinstance(v, (list, dict, bool)) or v is None for v in chosen):
            return "must be a list of options"
        if None in found:
            return "must only name options of the question"
        keys = {item.key for item in found if item}
        kept = [item.key for item in items if item.key in keys]
        if not kept:
            return "choose at least one option"
        if NONE in kept and len(kept) > 1 and question.settings.get("none"):
            none_text = next(i.text for i in items if i.key == NONE)
            return f"'{none_text}' cannot be chosen with other options"
        return CleanAnswer(question, text=json.dumps(kept, ensure_ascii=False))

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The options chosen, as a list of their values."""
        if text is None:
            return None
        try:
            keys = list(json.loads(text))
        except ValueError:
            return [text]
        items = option_items(question)
        return [found.value if (found := find(items, k)) else k for k in keys]

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A checkbox element."""
        return {"type": "checkbox", **options_to_surveyjs(spec)}

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """A checkbox (or tag box) element's choices."""
        return FromSurveyJS(self.name, options_from_surveyjs(element, where, problems))


KIND = MultipleChoiceKind()
