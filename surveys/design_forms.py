"""The designer's WTForms: a survey's details and its questions, each with kind settings and an
optional skip-logic condition. Plain WTForms; the web layer feeds request data and sets choices.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # stubs lag 3.3
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from surveys.kinds import KIND_LABELS, KINDS, OPERATORS
from surveys.questions import QuestionSpec

# Where a domain problem's name (``questions-2-max``) lands among a question's form fields.
# A key is a hidden field, so its problems show beside the question's prompt.
SETTING_FIELDS = {
    "max": "scale_max",
    "labels": "labels",
    "options": "options",
    "size": "size",
    "show_if": "show_if_question",
    "key": "prompt",
}


class QuestionForm(Form):
    """One question as the designer edits it."""

    key = HiddenField()
    kind = SelectField("Kind", choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()])
    prompt = TextAreaField("Question", validators=[Length(max=1000)])
    help_text = StringField("Help text", validators=[Optional(), Length(max=500)])
    required = BooleanField("Required")
    options = TextAreaField("Options (one per line, in the order shown)")
    randomise = BooleanField("Shuffle the options for each respondent")
    scale_min = SelectField(
        "Scale from", choices=[SelectChoice("1", "1"), SelectChoice("0", "0")], default="1"
    )
    scale_max = IntegerField(
        "Scale to", default=5, validators=[Optional(), NumberRange(min=2, max=11)]
    )
    labels = TextAreaField("Scale labels (one per line, like 1 = Strongly disagree)")
    size = SelectField(
        "Answer box",
        choices=[SelectChoice("long", "Long text"), SelectChoice("short", "Short text")],
    )
    show_if_question = SelectField("Show only if question", choices=[], validate_choice=False)
    show_if_operator = SelectField(
        "Condition", choices=[SelectChoice(k, v) for k, v in OPERATORS.items()], default="answered"
    )
    show_if_value = StringField("Value", validators=[Optional(), Length(max=200)])


class SurveyDetailsForm(Form):
    """Title, introduction and the survey's place in the journey."""

    title = StringField("Title", validators=[InputRequired(), Length(max=200)])
    intro = TextAreaField("Introduction", validators=[Optional(), Length(max=2000)])
    stage = SelectField("Journey stage", coerce=int, validators=[InputRequired()])
    touchpoint = SelectField("Touchpoint", coerce=int, validators=[InputRequired()])
    personas = SelectMultipleField(
        "Target personas",
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[Optional()],
    )


class DesignerForm(SurveyDetailsForm):
    """Everything the designer page edits at once."""

    questions = FieldList(FormField(QuestionForm), min_entries=1)


def spec_from(data: Mapping[str, Any]) -> QuestionSpec:
    """A question spec from one question's form data (only the settings its kind uses)."""
    kind = str(data.get("kind") or "free_text")
    known = KINDS.get(kind)
    settings: dict[str, Any] = known.settings_from_form(data) if known else {}
    if data.get("show_if_question"):
        condition: dict[str, Any] = {
            "question": data["show_if_question"],
            "operator": data.get("show_if_operator") or "answered",
        }
        if condition["operator"] != "answered":
            condition["value"] = str(data.get("show_if_value") or "").strip()
        settings["show_if"] = condition
    return QuestionSpec(
        kind=kind,
        prompt=str(data.get("prompt") or ""),
        required=bool(data.get("required")),
        help_text=str(data.get("help_text") or ""),
        settings=settings,
        key=str(data.get("key") or "") or None,
    )


#: What the designer's form shows for settings a question's kind does not use.
_BLANK_SETTINGS: dict[str, Any] = {
    "options": "",
    "randomise": False,
    "scale_min": "1",
    "scale_max": 5,
    "labels": "",
    "size": "long",
}


def form_data_of(spec: QuestionSpec) -> dict[str, Any]:
    """One question's form data from a spec (to show a saved question for editing)."""
    condition = spec.settings.get("show_if") or {}
    known = KINDS.get(spec.kind)
    return {
        "key": spec.key or "",
        "kind": spec.kind,
        "prompt": spec.prompt,
        "help_text": spec.help_text,
        "required": spec.required,
        **_BLANK_SETTINGS,
        **(known.form_data(spec.settings) if known else {}),
        "show_if_question": condition.get("question", ""),
        "show_if_operator": condition.get("operator", "answered"),
        "show_if_value": "" if condition.get("value") is None else str(condition["value"]),
    }


def specs_of(form: DesignerForm) -> list[QuestionSpec]:
    """The form's questions as specs, in order."""
    return [spec_from(entry.data) for entry in form.questions]


def show_problems(form: Form, problems: Mapping[str, str]) -> None:
    """Attach domain problems (``questions-2-options``, ``title``) to the fields they are about;
    one about the whole form or no shown field (``questions``) goes to ``form.form_errors``."""
    fields = {f.name: f for f in _walk(form)}
    for name, problem in problems.items():
        head, _, setting = name.rpartition("-")
        target = fields.get(name)
        if head and (target is None or isinstance(target, HiddenField)):
            mapped = SETTING_FIELDS.get(setting)
            target = fields.get(f"{head}-{mapped}") if mapped else None
        if target is None or isinstance(target, (FieldList, HiddenField)):
            label = "Questions" if name == "questions" else name
            form.form_errors = [*form.form_errors, f"{label}: {problem}"]
        else:
            target.errors = [*target.errors, problem]


def _walk(form: Form) -> Sequence[Any]:
    found: list[Any] = []
    for field in form:
        found.append(field)
        if isinstance(field, FieldList):
            for entry in field:
                found.extend(_walk(entry.form) if isinstance(entry, FormField) else [entry])
    return found
