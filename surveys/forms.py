"""WTForms classes: the answer form built from a survey version.

Plain WTForms (no Flask): the web layer feeds them request data, and Flask-WTF's CSRFProtect
guards every POST globally. The answer form's own checks are the domain's: ``validate`` runs
``clean_answers`` (kinds and skip logic), so the page, the widget and the API agree.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from wtforms import (
    Field,
    Form,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # stubs lag 3.3
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from surveys.errors import InvalidAnswer
from surveys.kinds import SCALE_KINDS, options, scale_bounds, scale_labels
from surveys.models import Question, SurveyVersion

REQUIRED_MESSAGE = "Please answer this question."


class CheckboxesField(SelectMultipleField):
    """Several options as checkboxes (multiple choice)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _scale_choices(question: Question) -> list[Any]:
    low, high = scale_bounds(question)
    labels = scale_labels(question)
    choices = []
    for n in range(low, high + 1):
        label = labels.get(str(n))
        if not label:
            text = str(n)
        elif question.kind == "smiley":
            text = f"{label} {n}"  # the face, and its number for screen readers and the data
        else:
            text = f"{n} – {label}"
        choices.append(SelectChoice(str(n), text))
    return choices


def _option_choices(question: Question, rng: random.Random | None) -> list[Any]:
    listed = options(question)
    if question.settings.get("randomise") and rng is not None:
        rng.shuffle(listed)  # against order bias; validation does not depend on the order
    return [SelectChoice(o, o) for o in listed]


def _field(question: Question, rng: random.Random | None) -> Field:
    common: dict[str, Any] = {"validators": [Optional()], "description": question.help_text}
    if question.kind in SCALE_KINDS:
        return RadioField(question.prompt, choices=_scale_choices(question), **common)
    if question.kind == "single_choice":
        return RadioField(question.prompt, choices=_option_choices(question, rng), **common)
    if question.kind == "multiple_choice":
        return CheckboxesField(question.prompt, choices=_option_choices(question, rng), **common)
    if question.settings.get("size") == "short":
        return StringField(question.prompt, **common)
    return TextAreaField(question.prompt, **common)


class AnswerFormBase(Form):
    """Fields named by question key; ``validate`` applies the domain's answer rules."""

    questions: Sequence[Question] = ()
    version: SurveyVersion | None = None

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, then the version's own rules (kinds, required, skip logic)."""
        from surveys.answers import clean_answers  # answers imports kinds; forms imports both

        valid = super().validate(extra_validators)
        if self.version is None:
            return valid
        raw = {q.key: self[q.key].data for q in self.questions if not self[q.key].errors}
        try:
            clean_answers(self.version, raw)
        except InvalidAnswer as error:
            for key, problem in error.fields.items():
                if key in self and not self[key].errors:
                    message = REQUIRED_MESSAGE if problem == "is required" else problem
                    self[key].errors = [*self[key].errors, message]
            return False
        return valid


def answer_form(version: SurveyVersion, *, seed: str | None = None) -> type[AnswerFormBase]:
    """A form class with one field per question of ``version``, named by question key.

    ``seed`` fixes the order of randomised options for one showing of the form.
    """

    class AnswerForm(AnswerFormBase):
        pass

    AnswerForm.questions = tuple(version.questions)
    AnswerForm.version = version
    rng = random.Random(seed) if seed is not None else random.Random()
    for question in version.questions:
        setattr(AnswerForm, question.key, _field(question, rng))
    return AnswerForm
