"""The designer's WTForms: a survey's details, its pages and its questions, each with kind
settings, a page and an optional condition. Plain WTForms; the web layer feeds request data and
sets choices. Problems are shown beside the field they are about, in a researcher's words.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
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
from surveys.models import Question
from surveys.pages import DEFAULT_PAGE, PageSpec, page_of
from surveys.questions import QuestionSpec

# Where a domain problem's name (``questions-2-max``) lands among a question's form fields.
# A key is a hidden field, so its problems show beside the question's prompt.
SETTING_FIELDS = {
    "max": "scale_max",
    "min": "scale_min",
    "labels": "labels",
    "options": "options",
    "size": "size",
    "show_if": "show_if_expression",
    "required_if": "required_if",
    "required_group": "required",
    "choices_from": "options",
    "key": "prompt",
    "kind": "kind",
    "display": "display",
    "other_text": "other_text",
    "none_text": "none_text",
    "label_true": "label_true",
    "label_false": "label_false",
    "step": "step",
    "rows": "rows",
    "columns": "columns",
    "validators": "pattern",
    "default": "default",
    "page": "page",
    "name": "title",
}
#: What a setting is called in a message about a question when no field shows it.
_SETTING_WORDS = {"key": "name", "show_if": "condition", "kind": "kind", "page": "page"}


class QuestionForm(Form):
    """One question as the designer edits it."""

    key = HiddenField()
    # Settings no field shows (an imported survey's), as JSON with the kind they belong to:
    # saved back unchanged while the kind stays, so nothing is lost by opening and saving.
    kept = HiddenField()
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
    display = SelectField(
        "Show the options as",
        choices=[SelectChoice("radio", "Radio buttons"), SelectChoice("dropdown", "A dropdown")],
        default="radio",
    )
    other = BooleanField("Offer “Other (please specify)”")
    other_text = StringField("Its wording", default="Other (please specify)",
                             validators=[Optional(), Length(max=200)])  # fmt: skip
    none = BooleanField("Offer “None of these” (chosen alone)")
    none_text = StringField("Its wording", default="None of these",
                            validators=[Optional(), Length(max=200)])  # fmt: skip
    label_true = StringField(
        "Word for yes", default="Yes", validators=[Optional(), Length(max=100)]
    )
    label_false = StringField("Word for no", default="No", validators=[Optional(), Length(max=100)])
    number_min = StringField("Smallest number allowed", validators=[Optional(), Length(max=30)])
    number_max = StringField("Largest number allowed", validators=[Optional(), Length(max=30)])
    step = StringField("In steps of", validators=[Optional(), Length(max=30)])
    date_min = StringField("Earliest date (YYYY-MM-DD)", validators=[Optional(), Length(max=10)])
    date_max = StringField("Latest date (YYYY-MM-DD)", validators=[Optional(), Length(max=10)])
    file_multiple = BooleanField("Take several files (at most 5)")
    file_max_kb = StringField("Largest file (KB, at most 1024)",
                              validators=[Optional(), Length(max=7)])  # fmt: skip
    file_types = StringField("Types taken (like image/*, .pdf; empty: images, PDF, text)",
                             validators=[Optional(), Length(max=200)])  # fmt: skip
    signature_format = SelectField(
        "Signature kept as",
        choices=[SelectChoice("png", "PNG image"), SelectChoice("jpeg", "JPEG image")],
        default="png",
    )
    rows = TextAreaField("Rows (one per line)")
    columns = TextAreaField("The scale, one point per line (like 1 = Poor)")
    all_rows_required = BooleanField("When required, every row must be answered")
    min_length = StringField("Shortest answer (characters)", validators=[Optional(), Length(max=5)])
    max_length = StringField("Longest answer (characters)", validators=[Optional(), Length(max=5)])
    pattern = StringField(
        "Answers must match this pattern", validators=[Optional(), Length(max=200)]
    )
    pattern_message = StringField("Message when they do not",
                                  validators=[Optional(), Length(max=200)])  # fmt: skip
    default = StringField("Answer filled in at first", validators=[Optional(), Length(max=200)])
    page = SelectField("On page", choices=[], validate_choice=False)
    show_if_question = SelectField("Show only if question", choices=[], validate_choice=False)
    show_if_operator = SelectField(
        "Condition", choices=[SelectChoice(k, v) for k, v in OPERATORS.items()], default="answered"
    )
    show_if_value = StringField("Value", validators=[Optional(), Length(max=200)])
    show_if_expression = TextAreaField(
        "Or write the condition", validators=[Optional(), Length(max=2000)]
    )
    required_if = TextAreaField(
        "Required only if (a condition, like {q1} = 'Yes')",
        validators=[Optional(), Length(max=2000)],
    )

    def set_value_rules(self) -> list[dict[str, Any]]:
        """The rules setting this question's answer (SurveyJS ``setvalue`` triggers an import
        kept), shown read-only: they are saved back as they came."""
        rules = _kept_settings(self.kept.data, str(self.kind.data)).get("set_by")
        return [r for r in rules if isinstance(r, dict)] if isinstance(rules, list) else []


class PageForm(Form):
    """One page as the designer edits it."""

    name = HiddenField()
    title = StringField("Page title", validators=[Optional(), Length(max=200)])
    show_if = TextAreaField("Show this page only if", validators=[Optional(), Length(max=2000)])
    end_if = TextAreaField(
        "End the survey after this page if", validators=[Optional(), Length(max=2000)]
    )


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

    pages = FieldList(FormField(PageForm), min_entries=1)
    questions = FieldList(FormField(QuestionForm), min_entries=1)


def spec_from(data: Mapping[str, Any]) -> QuestionSpec:
    """A question spec from one question's form data (only the settings its kind uses); a
    typed condition wins over the one built from the three fields."""
    kind = str(data.get("kind") or "free_text")
    known = KINDS.get(kind)
    settings: dict[str, Any] = known.settings_from_form(data) if known else {}
    if data.get("page") and data["page"] != DEFAULT_PAGE:  # the first page needs no name
        settings["page"] = str(data["page"])
    if (default := str(data.get("default") or "").strip()) != "":
        settings["default"] = default_from_text(kind, settings, default)
    if required_if := str(data.get("required_if") or "").strip():
        settings["required_if"] = required_if
    if expression := str(data.get("show_if_expression") or "").strip():
        settings["show_if"] = expression
    elif data.get("show_if_question"):
        condition: dict[str, Any] = {
            "question": data["show_if_question"],
            "operator": data.get("show_if_operator") or "answered",
        }
        if condition["operator"] != "answered":
            value = str(data.get("show_if_value") or "").strip()
            numeric = condition["operator"] in ("at_least", "at_most") and value.isdigit()
            condition["value"] = int(value) if numeric else value  # a scale point is a number
        settings["show_if"] = condition
    settings = {**_kept_settings(data.get("kept"), kind), **settings}
    return QuestionSpec(
        kind=kind,
        prompt=str(data.get("prompt") or ""),
        required=bool(data.get("required")),
        help_text=str(data.get("help_text") or ""),
        settings=settings,
        key=str(data.get("key") or "") or None,
    )


def _kept_settings(raw: object, kind: str) -> dict[str, Any]:
    """The settings a question's ``kept`` field carries, if they belong to ``kind``."""
    try:
        kept = json.loads(str(raw or "{}"))
    except ValueError:
        return {}
    if not isinstance(kept, dict) or kept.get("kind") != kind:
        return {}
    settings = kept.get("settings")
    return dict(settings) if isinstance(settings, dict) else {}


#: What the designer's form shows for settings a question's kind does not use.
_BLANK_SETTINGS: dict[str, Any] = {
    "options": "",
    "randomise": False,
    "scale_min": "1",
    "scale_max": 5,
    "labels": "",
    "size": "long",
    "display": "radio",
    "other": False,
    "other_text": "Other (please specify)",
    "none": False,
    "none_text": "None of these",
    "label_true": "Yes",
    "label_false": "No",
    "number_min": "",
    "number_max": "",
    "step": "",
    "date_min": "",
    "date_max": "",
    "file_multiple": False,
    "file_max_kb": "",
    "file_types": "",
    "signature_format": "png",
    "rows": "",
    "columns": "",
    "all_rows_required": False,
    "min_length": "",
    "max_length": "",
    "pattern": "",
    "pattern_message": "",
}


def default_from_text(kind: str, settings: Mapping[str, Any], text: str) -> object:
    """A default answer as typed, read as the answer its question takes: ``2`` on a scale is
    the number, ``true`` on yes/no the boolean, ``["a", "b"]`` a list; text the question does
    not accept stays text (and is refused by the question's checks, naming it)."""
    known = KINDS.get(kind)
    if known is None:
        return text
    question = Question(key="q", kind=kind, prompt="", settings=dict(settings), required=False)
    candidates: list[object] = [text]
    with suppress(ValueError):
        candidates.append(json.loads(text))
    for candidate in candidates:
        clean = known.check(question, candidate)
        if not isinstance(clean, str):
            return known.value(question, clean.text, clean.number)
    return text


def default_text(value: object) -> str:
    """A default answer as the designer shows it (the inverse of ``default_from_text``)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def form_data_of(spec: QuestionSpec) -> dict[str, Any]:
    """One question's form data from a spec (to show a saved question for editing)."""
    raw = spec.settings.get("show_if")
    condition = raw if isinstance(raw, Mapping) else {}
    known = KINDS.get(spec.kind)
    default = spec.settings.get("default")
    data: dict[str, Any] = {
        "key": spec.key or "",
        "kind": spec.kind,
        "prompt": spec.prompt,
        "help_text": spec.help_text,
        "required": spec.required,
        **_BLANK_SETTINGS,
        **(known.form_data(spec.settings) if known else {}),
        "page": page_of(spec.settings),
        "default": default_text(default),
        "show_if_question": condition.get("question", ""),
        "show_if_operator": condition.get("operator", "answered"),
        "show_if_value": "" if condition.get("value") is None else str(condition["value"]),
        "show_if_expression": raw if isinstance(raw, str) else "",
        "required_if": spec.settings.get("required_if") or "",
    }
    shown = spec_from(data).settings
    hidden = {k: v for k, v in spec.settings.items() if k not in shown and k != "page"}
    if hidden:
        data["kept"] = json.dumps({"kind": spec.kind, "settings": hidden}, ensure_ascii=False)
    return data


def page_data_of(page: PageSpec) -> dict[str, Any]:
    """One page's form data (to show it for editing)."""
    return {
        "name": page.name,
        "title": page.title,
        "show_if": page.show_if or "",
        "end_if": page.end_if or "",
    }


def pages_of_form(form: DesignerForm) -> list[PageSpec]:
    """The form's pages, in order (a page without a name gets the next free ``page<n>``)."""
    specs: list[PageSpec] = []
    taken = {str(e.form.data["name"] or "") for e in form.pages}
    number = 0
    for entry in form.pages:
        data = entry.form.data
        name = str(data.get("name") or "").strip()
        while not name:
            number += 1
            name = f"page{number}" if f"page{number}" not in taken else ""
        specs.append(
            PageSpec(
                name=name,
                title=str(data.get("title") or "").strip(),
                show_if=str(data.get("show_if") or "").strip() or None,
                end_if=str(data.get("end_if") or "").strip() or None,
            )
        )
    return specs


def specs_of(form: DesignerForm) -> list[QuestionSpec]:
    """The form's questions as specs, in page order (a question moved to another page goes
    there; within a page they keep their order)."""
    order = {page.name: i for i, page in enumerate(pages_of_form(form))}
    specs = [spec_from(entry.data) for entry in form.questions]
    return sorted(specs, key=lambda s: order.get(page_of(s.settings), len(order)))


#: Settings whose field depends on the kind (a number's ``min`` is not a scale's).
_KIND_FIELDS = {
    "number": {"min": "number_min", "max": "number_max", "validators": "number_min"},
    "date": {"min": "date_min", "max": "date_max"},
    "file_upload": {
        "max_size": "file_max_kb",
        "accepted": "file_types",
        "max_files": "file_multiple",
    },
}
#: What a field is called in the summary when its label would read oddly there.
_FIELD_WORDS = {
    "prompt": "Question",
    "show_if_question": "Condition",
    "show_if_operator": "Condition",
    "show_if_value": "Condition's value",
    "show_if_expression": "Condition",
    "show_if": "Condition",
    "end_if": "End the survey after this page if",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing that stops the designer saving: where it is in a researcher's words (the
    question's number, key and prompt), what is wrong, and the field to jump to (if shown)."""

    place: str
    message: str
    anchor: str | None = None


def _entry_place(form: Form, section: str, index: int) -> str:
    """A question or page as the researcher knows it: ``Question 2 (q2 “How likely…”)``."""
    field = getattr(form, section, None)
    entries: list[Any] = list(field) if isinstance(field, FieldList) else []
    entry = entries[index].form if index < len(entries) else None
    if section == "pages":
        title = str(entry["title"].data or "").strip() if entry is not None else ""
        return f"Page {index + 1}" + (f" “{_short(title)}”" if title else "")
    key = str(entry["key"].data or "") if entry is not None else ""
    prompt = str(entry["prompt"].data or "").strip() if entry is not None else ""
    said = " ".join(p for p in (key, f"“{_short(prompt)}”" if prompt else "") if p)
    return f"Question {index + 1}" + (f" ({said})" if said else "")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def place_of(name: str, form: Form | None = None) -> str:
    """Where a problem is, in a researcher's words: ``questions-1-key`` is "Question 2 (q2
    “Why?”), name", ``pages-0-show_if`` "Page 1 “Intro”, condition" (never the field id)."""
    parts = name.split("-")
    if len(parts) >= 2 and parts[0] in ("questions", "pages") and parts[1].isdigit():
        index = int(parts[1])
        setting = "-".join(parts[2:])
        where = (
            _entry_place(form, parts[0], index)
            if form is not None
            else f"{'Question' if parts[0] == 'questions' else 'Page'} {index + 1}"
        )
        word = _SETTING_WORDS.get(setting, setting.replace("_", " "))
        return where + (f", {word}" if word else "")
    return {"questions": "Questions", "pages": "Pages"}.get(
        name, name.replace("_", " ").capitalize()
    )


def show_problems(form: Form, problems: Mapping[str, str]) -> None:
    """Attach domain problems (``questions-2-options``, ``title``) to the fields they are about;
    one about the whole form or no shown field goes to ``form.form_errors``, named in a
    researcher's words (never by an internal field id)."""
    fields = {f.name: f for f in _walk(form)}
    for name, problem in problems.items():
        head, _, setting = name.rpartition("-")
        target = fields.get(name)
        if head and (target is None or isinstance(target, HiddenField)):
            kind = fields.get(f"{head}-kind")
            by_kind = _KIND_FIELDS.get(str(kind.data) if kind is not None else "", {})
            mapped = by_kind.get(setting) or SETTING_FIELDS.get(setting)
            target = fields.get(f"{head}-{mapped}") if mapped else None
        if target is None or isinstance(target, (FieldList, HiddenField)):
            form.form_errors = [*form.form_errors, f"{place_of(name, form)}: {problem}"]
        elif not target.errors:  # one problem per field: its own check's, else the domain's
            target.errors = [*target.errors, problem]


def problems_of(form: Form) -> list[Problem]:
    """Every problem on the form at once, in the page's order: those about the whole form,
    then each field's, named by its question or page and linked to the field."""
    found = [Problem("", message) for message in form.form_errors]
    for field in _walk(form):
        if isinstance(field, (FieldList, FormField)) or not field.errors:
            continue
        parts = field.name.split("-")
        if len(parts) >= 3 and parts[0] in ("questions", "pages") and parts[1].isdigit():
            setting = "-".join(parts[2:])
            label = str(field.label.text)
            word = _FIELD_WORDS.get(setting, label) if parts[0] == "questions" else label
            place = f"{_entry_place(form, parts[0], int(parts[1]))}, {word}"
        else:
            place = str(field.label.text)
        messages = field.errors if isinstance(field.errors, list) else []
        found.extend(Problem(place, str(message), field.id) for message in messages)
    return found


def _walk(form: Form) -> Sequence[Any]:
    found: list[Any] = []
    for field in form:
        found.append(field)
        if isinstance(field, FieldList):
            for entry in field:
                found.extend(_walk(entry.form) if isinstance(entry, FormField) else [entry])
    return found
