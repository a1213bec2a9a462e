"""WTForms classes: the answer form built from a survey version, and the researcher's survey form.

Plain WTForms (no Flask): the web layer feeds them request data, and Flask-WTF's CSRFProtect
guards every POST globally.
"""

from __future__ import annotations

from collections.abc import Mapping

from wtforms import Field, Form, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # stubs lag 3.3
from wtforms.validators import InputRequired, Length, Optional

from surveys.answers import MAX_TEXT_LENGTH, rating_bounds
from surveys.models import SurveyVersion


def answer_form(version: SurveyVersion) -> type[Form]:
    """A form class with one field per question of ``version``, named by question key."""

    class AnswerForm(Form):
        pass

    for question in version.questions:
        validators = (
            [InputRequired(message="Please answer this question.")]
            if question.required
            else [Optional()]
        )
        if question.kind == "rating":
            low, high = rating_bounds(question)
            labels: Mapping[str, str] = question.settings.get("labels", {})
            choices = [
                SelectChoice(str(n), labels.get(str(n), str(n))) for n in range(low, high + 1)
            ]
            field: Field = RadioField(
                question.prompt,
                choices=choices,
                validators=validators,
                description=question.help_text,
            )
        else:
            field = TextAreaField(
                question.prompt,
                validators=[*validators, Length(max=MAX_TEXT_LENGTH)],
                description=question.help_text,
            )
        setattr(AnswerForm, question.key, field)
    return AnswerForm


class SurveyForm(Form):
    """What a researcher fills in to create a survey at a stage and touchpoint."""

    title = StringField("Title", validators=[InputRequired(), Length(max=200)])
    stage = SelectField("Journey stage", coerce=int, validators=[InputRequired()])
    touchpoint = SelectField("Touchpoint", coerce=int, validators=[InputRequired()])
    rating_prompt = StringField(
        "Rating question (1–5)",
        default="How satisfied are you overall?",
        validators=[Optional(), Length(max=500)],
    )
    text_prompt = StringField(
        "Free-text question",
        default="What is the main reason for your rating?",
        validators=[InputRequired(), Length(max=500)],
    )
