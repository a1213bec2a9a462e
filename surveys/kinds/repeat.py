"""Repeating group: the respondent adds as many rows as apply (SurveyJS's ``matrixdynamic``,
shown as a table, and ``paneldynamic``, shown as one panel per row); each row's fields are
simple kinds (text, number, date, email, choices, yes/no, rating) checked and summarised by
their own kind. Stored in SurveyJS's own shape: a list of records ``[{field: value}, …]``.

Settings: ``style`` ("table" or "panels"), ``fields`` (each ``{"name", "title", "kind",
"required", "settings"}``), ``min_rows``, ``max_rows`` (at most ``MAX_ROWS``) and
``start_rows`` (how many rows a new page shows).
"""

from __future__ import annotations

import json
import random
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from markupsafe import Markup, escape
from wtforms import Field

from surveys import expressions
from surveys.hidden_fields import NAV_FIELD
from surveys.kinds import (
    date,
    email,
    free_text,
    multiple_choice,
    number,
    rating,
    single_choice,
    yes_no,
)
from surveys.kinds.base import (
    CleanAnswer,
    Configured,
    FromSurveyJS,
    Operand,
    QuestionKind,
    SettingProblem,
)
from surveys.kinds.carry import stand_in
from surveys.kinds.summaries import RepeatSummary, Summary
from surveys.kinds.surveyjs_values import shown, surveyjs_text, whole_number

if TYPE_CHECKING:
    from surveys.models import Question

#: The most rows one answer holds, and the most fields a row has.
MAX_ROWS = 50
MAX_FIELDS = 20
MAX_TITLE = 200
#: The longest stored answer (every cell's own limit applies too).
MAX_STORED = 100_000
#: The kinds a row's field may be (one answer each; no grids inside a row).
CELL_KINDS: dict[str, QuestionKind] = {
    kind.name: kind
    for kind in (
        free_text.KIND,
        number.KIND,
        date.KIND,
        email.KIND,
        single_choice.KIND,
        multiple_choice.KIND,
        yes_no.KIND,
        rating.KIND,
    )
}
#: SurveyJS element (or cell) types a field is read from, by the kind that reads it.
CELL_READERS: dict[str, QuestionKind] = {
    type_name: kind for kind in CELL_KINDS.values() for type_name in kind.surveyjs_types
}
#: What each display style is in SurveyJS: the element type, where its fields are, and the
#: names of its row counts.
STYLES: dict[str, tuple[str, str, str, str, str]] = {
    "table": ("matrixdynamic", "columns", "rowCount", "minRowCount", "maxRowCount"),
    "panels": ("paneldynamic", "templateElements", "panelCount", "minPanelCount", "maxPanelCount"),
}
#: The SurveyJS switches that stop a respondent adding, or removing, rows.
FIXED = {
    "table": ("allowAddRows", "allowRemoveRows"),
    "panels": ("allowAddPanel", "allowRemovePanel"),
}
#: How many rows SurveyJS shows at first when the element does not say.
SURVEYJS_START = {"table": 2, "panels": 0}
#: The pressed button's value (in ``NAV_FIELD``) that adds a row to, or removes one from, a
#: group: ``add:<key>`` and ``remove:<key>:<row index>``.
ADD, REMOVE = "add:", "remove:"


@dataclass(frozen=True, slots=True)
class Cell:
    """One field of a row as its kind sees it: a question of that kind, asked once per row."""

    key: str
    kind: str
    prompt: str
    required: bool = False
    settings: Mapping[str, Any] = field(default_factory=dict)
    help_text: str = ""
    #: When the field is asked in a row: a condition on that row's fields (``{row.x}`` in a
    #: table, ``{panel.x}`` in panels, as SurveyJS writes them), else always.
    show_if: str | None = None
    #: When the field must be filled in a row that asks it (SurveyJS's ``requiredIf``, which
    #: replaces ``required``): a condition on that row's fields and on earlier questions.
    required_if: str | None = None


def cells_of(question: Configured) -> list[Cell]:
    """The fields of each row, in order (entries that are not fields are skipped)."""
    cells = []
    for entry in question.settings.get("fields") or []:
        if isinstance(entry, Mapping) and isinstance(entry.get("name"), str):
            cells.append(
                Cell(
                    key=str(entry["name"]),
                    kind=str(entry.get("kind", "free_text")),
                    prompt=str(entry.get("title") or entry["name"]),
                    required=bool(entry.get("required")),
                    settings=dict(entry.get("settings") or {}),
                    show_if=str(entry["show_if"]) if entry.get("show_if") else None,
                    required_if=str(entry["required_if"]) if entry.get("required_if") else None,
                )
            )
    return cells


def _as_question(cell: Cell) -> Question:
    """A cell where a kind expects a question (the kinds read only what ``Cell`` holds)."""
    return cast("Question", cell)


#: How a condition names a field of its own row: ``{row.x}`` (SurveyJS's dynamic matrix) and
#: ``{panel.x}`` (its dynamic panels) alike.
ROW_NAMES = ("row", "panel")
#: Where an unsaved stand-in of a group (``given_earlier``) holds the earlier answers its
#: fields' ``required_if`` read; never saved.
EARLIER = "earlier_answers"


def _outside(tree: expressions.Expr) -> set[str]:
    """The names a field's condition reads beyond its own row (earlier questions)."""
    return {n for n in expressions.names(tree) if n.partition(".")[0] not in ROW_NAMES}


def condition_problem(text: str, fields: set[str], *, earlier: bool = False) -> str | None:
    """Why a field's condition cannot be checked row by row (it cannot be read, or it reads
    something other than its row's fields — or, with ``earlier``, than those and questions
    outside the group), else None; which questions those are is checked with the survey."""
    try:
        tree = expressions.parse(text)
    except expressions.ConditionError as error:
        return error.message
    beyond = _outside(tree) if earlier else set()
    outside = sorted(
        name
        for name in expressions.names(tree) - beyond
        if name.partition(".")[0] not in ROW_NAMES or name.partition(".")[2] not in fields
    )
    if outside:
        return (
            f"reads {', '.join('{' + n + '}' for n in outside)}: a field's condition may read "
            + ("only its own row's fields ({row.x} or {panel.x}) and earlier questions"
               if earlier else "only its own row's fields ({row.x} or {panel.x})")
        )  # fmt: skip
    return None


def earlier_read(settings: Mapping[str, Any]) -> set[str]:
    """The keys of the questions outside the group its fields' ``required_if`` read."""
    found: set[str] = set()
    for entry in settings.get("fields") or []:
        text = entry.get("required_if") if isinstance(entry, Mapping) else None
        if isinstance(text, str):
            try:
                tree = expressions.parse(text)
            except expressions.ConditionError:
                continue  # said when the settings are checked
            found |= {name.partition(".")[0] for name in _outside(tree)}
    return found


def given_earlier(
    question: Question, known: Mapping[str, object], read: Collection[str]
) -> Question:
    """``question`` as checked given the ``known`` earlier answers (key → stored form): an
    unsaved stand-in holding the answers to ``read`` (``earlier_read`` of its settings, worked
    out once by the caller), else itself."""
    if not read:
        return question
    return stand_in(
        question, {**question.settings, EARLIER: {k: known[k] for k in read if k in known}}
    )


def required_cells(
    cells: list[Cell], values: Mapping[str, object], earlier: Mapping[str, object]
) -> list[Cell]:
    """Of the cells a row asks, those that must be filled there: required ones, and those whose
    ``required_if`` holds on the row's values and the ``earlier`` answers (the same safe parser
    judges it as a question's ``required_if``)."""
    context = {**earlier, **{name: values for name in ROW_NAMES}}
    return [
        c
        for c in shown_cells(cells, values)
        if c.required or (c.required_if is not None and expressions.holds(c.required_if, context))
    ]


def shown_cells(cells: list[Cell], values: Mapping[str, object]) -> list[Cell]:
    """The cells a row asks, given its values: a cell whose condition fails is not asked, and
    its value no longer counts, so the cells reading it are judged again (as SurveyJS clears a
    hidden cell's value); a chain settles within one pass per cell."""
    shown = list(cells)
    for _ in range(len(cells) + 1):
        kept = {c.key: values[c.key] for c in shown if c.key in values}
        row = dict.fromkeys(ROW_NAMES, kept)
        now = [c for c in cells if c.show_if is None or expressions.holds(c.show_if, row)]
        if now == shown:
            break
        shown = now
    return shown


def row_bounds(question: Configured) -> tuple[int, int, int]:
    """(fewest rows, most rows, rows shown at first) of the group."""
    s = question.settings
    low = whole_number(s.get("min_rows")) or 0
    high = whole_number(s.get("max_rows")) or MAX_ROWS
    start = whole_number(s.get("start_rows"))
    if start is None:
        start = SURVEYJS_START.get(str(s.get("style", "table")), 1)
    return low, high, min(max(start, low), high)


def cell_name(key: str, row: int, cell: str) -> str:
    """The form name of one cell (keys hold no '.', so it never clashes with a question)."""
    return f"{key}.{row}.{cell}"


def _blank(value: object) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _form_value(value: object) -> object:
    """A stored cell value as its field shows it (``True`` → ``"true"``, 3 → ``"3"``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None if value is None else str(value)


class RepeatField(Field):
    """Rows of fields, as a table or as panels, with "Add another" and "Remove" buttons that
    submit the page (so they work without JavaScript); the data is the list of filled rows.

    The number of rows shown travels in ``<key>.rows``; ``rows`` holds each shown row's values
    (an empty row too), ``data`` only the rows with something in them.
    """

    def __init__(
        self,
        label: str,
        cells: list[Cell],
        bounds: tuple[int, int, int],
        style: str,
        rng: random.Random | None,
        **kw: Any,
    ) -> None:
        super().__init__(label, **kw)
        self.cells, self.bounds, self.style, self.rng = cells, bounds, style, rng
        self.rows: list[dict[str, object]] = []

    def _inner(self, row: int, index: int, cell: Cell) -> Field:
        """One cell's own field (its kind's), bound under the cell's form name."""
        unbound = CELL_KINDS[cell.kind].field(_as_question(cell), self.rng)
        bound: Field = unbound.bind(  # type: ignore[attr-defined]
            form=None, name=cell_name(self.name, row, cell.key), _meta=self.meta
        )
        bound.id = f"{self.id}-{row}-{index}"
        return bound

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        """Read each shown row's cells, then apply a pressed Add or Remove of this group."""
        low, high, start = self.bounds
        self.process_errors = []
        self.raw_data = []
        if formdata is None:
            given = data if isinstance(data, list) else self.default
            given = given if isinstance(given, list) else []
            self.rows = [dict(r) for r in given[:high] if isinstance(r, Mapping)]
            self.rows += [{} for _ in range(max(start, low) - len(self.rows))]
            self.data = [r for r in self.rows if r]
            return
        raw_count = str(formdata.get(f"{self.name}.rows", "")).strip()
        count = min(int(raw_count), high) if raw_count.isdigit() and len(raw_count) < 4 else 0
        self.rows = []
        for row in range(count):
            values: dict[str, object] = {}
            for index, cell in enumerate(self.cells):
                inner = self._inner(row, index, cell)
                inner.process(formdata)
                # A value the cell's own field could not read is kept as typed, for the
                # cell's checker to name what is wrong with it.
                value = inner.raw_data[0] if inner.process_errors and inner.raw_data else inner.data
                if not _blank(value):
                    values[cell.key] = value
            self.rows.append(values)
            self.raw_data.append(values)
        pressed = str(formdata.get(NAV_FIELD, ""))
        if pressed == f"{ADD}{self.name}" and len(self.rows) < high:
            self.rows.append({})
        elif pressed.startswith(f"{REMOVE}{self.name}:") and len(self.rows) > low:
            at = pressed.rpartition(":")[2]
            if at.isdigit() and int(at) < len(self.rows):
                del self.rows[int(at)]
        self.data = [r for r in self.rows if r]

    def _cell_html(self, row: int, index: int, cell: Cell, values: Mapping[str, object]) -> str:
        inner = self._inner(row, index, cell)
        inner.process(None, data=_form_value(values.get(cell.key)))
        # Each cell's name says its row, for screen readers and for anyone tabbing through.
        which = f"({self.label.text} {row + 1})"
        if self.style == "table":  # the column's header shows the field's title
            title = f'<span class="sr-only">{escape(cell.prompt)} {escape(which)}</span>'
        else:
            title = f'{escape(cell.prompt)}<span class="sr-only"> {escape(which)}</span>'
            if cell.required:
                title += ' <span class="req">(required)</span>'

        if inner.type in ("RadioField", "CheckboxesField"):  # a group of inputs: a legend
            return f"<fieldset><legend>{title}</legend>{inner()}</fieldset>"
        return f'<label for="{escape(inner.id)}">{title}</label>{inner()}'

    def __call__(self, **kwargs: Any) -> Markup:
        """The rows (a table, or one panel per row), the row count and the buttons."""
        low, high, _start = self.bounds
        can_remove = len(self.rows) > low
        parts = [f'<input type="hidden" name="{escape(self.name)}.rows" value="{len(self.rows)}">']
        body = []
        for row, values in enumerate(self.rows):
            # A cell whose condition fails on the row's answers so far is not asked (yet): it
            # shows up once they are in, when the page comes back, as questions do.
            asked = {c.key for c in shown_cells(self.cells, values)}
            cells = [
                self._cell_html(row, i, c, values) if c.key in asked else ""
                for i, c in enumerate(self.cells)
            ]
            remove = (
                f'<button type="submit" name="{NAV_FIELD}" value="{REMOVE}{escape(self.name)}:'
                f'{row}" class="secondary" formnovalidate>Remove<span class="sr-only"> '
                f"{escape(self.label.text)} {row + 1}</span></button>"
                if can_remove else ""
            )  # fmt: skip
            if self.style == "table":
                tds = "".join(f"<td>{c}</td>" for c in cells)
                body.append(f"<tr>{tds}<td>{remove}</td></tr>")
            else:
                inner = "".join(f'<div class="repeat-cell">{c}</div>' for c in cells if c)
                body.append(
                    f'<fieldset class="repeat-panel"><legend>{escape(self.label.text)} '
                    f"{row + 1}</legend>{inner}{remove}</fieldset>"
                )
        if self.style == "table":
            head = "".join(
                f'<th scope="col">{escape(c.prompt)}'
                + (' <span class="req">(required)</span>' if c.required else "")
                + "</th>"
                for c in self.cells
            )
            parts.append(
                f'<table class="repeat"><thead><tr>{head}<td></td></tr></thead>'
                f"<tbody>{''.join(body)}</tbody></table>"
            )
        else:
            parts.append(f'<div class="repeat">{"".join(body)}</div>')
        if len(self.rows) < high:
            parts.append(
                f'<p class="repeat-add"><button type="submit" name="{NAV_FIELD}" '
                f'value="{ADD}{escape(self.name)}" class="secondary" formnovalidate>Add another'
                f'<span class="sr-only"> ({escape(self.label.text)})</span></button></p>'
            )
        return Markup("".join(parts))


def pressed_rows_button(pressed: str | None) -> bool:
    """Whether the button pressed on a page (its ``NAV_FIELD`` value) adds or removes a row."""
    return bool(pressed) and str(pressed).startswith((ADD, REMOVE))


class RepeatKind:
    """A list of records; ``required`` asks for at least one filled row. A field marked
    required must be filled in every row given, and then so must the first ``min_rows`` rows
    (as SurveyJS asks for them)."""

    name = "repeat"
    label = "Repeating group (the respondent adds rows)"
    operand = Operand.ROWS
    surveyjs_types: tuple[str, ...] = ("matrixdynamic", "paneldynamic")

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """One to ``MAX_FIELDS`` fields of simple kinds with distinct names, and row counts
        within ``MAX_ROWS``."""
        s = spec.settings
        raw = s.get("fields")
        cells = cells_of(spec)
        if not isinstance(raw, list) or not cells or len(cells) != len(raw):
            return "fields", "give each row at least one field, each with a name"
        if len(cells) > MAX_FIELDS:
            return "fields", f"a row has at most {MAX_FIELDS} fields"
        if len({c.key for c in cells}) != len(cells):
            return "fields", "the fields' names must differ"
        for cell in cells:
            kind = CELL_KINDS.get(cell.kind)
            if kind is None:
                return "fields", f"field '{cell.key}' must be one of {', '.join(CELL_KINDS)}"
            if not cell.key.strip() or len(cell.key) > MAX_TITLE or len(cell.prompt) > MAX_TITLE:
                return "fields", f"field names and titles are 1–{MAX_TITLE} characters"
            if cell.settings.get("other"):
                return "fields", f"field '{cell.key}' cannot offer 'Other (please specify)'"
            if (problem := kind.settings_problem(cell)) is not None:
                return "fields", f"field '{cell.key}': {problem[1]}"
            names = {c.key for c in cells}
            if cell.show_if and (problem_text := condition_problem(cell.show_if, names)):
                return "fields", f"field '{cell.key}': its condition {problem_text}"
            if cell.required_if and (
                problem_text := condition_problem(cell.required_if, names, earlier=True)
            ):
                return "fields", f"field '{cell.key}': its required-if condition {problem_text}"
        if s.get("style", "table") not in STYLES:
            return "style", "show the rows as a table or as panels"
        for setting in ("min_rows", "max_rows", "start_rows"):
            value = s.get(setting)
            if value is not None and (whole_number(value) is None or not 0 <= value <= MAX_ROWS):
                return setting, f"must be a whole number from 0 to {MAX_ROWS}"
        low, high, _start = row_bounds(spec)
        if high < max(low, 1):
            return "max_rows", "must be at least 1 and at least the fewest rows"
        return None

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Nothing the designer's form edits: the fields come from a SurveyJS import and the
        designer keeps them as they are."""
        return {}

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """Nothing to show (the designer keeps the settings unchanged)."""
        return {}

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """The rows with their buttons."""
        field: Field = RepeatField(  # unbound until the form binds it
            question.prompt, cells_of(question), row_bounds(question),
            str(question.settings.get("style", "table")), rng, description=question.help_text,
        )  # fmt: skip
        return field

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """A list of records, each cell checked by its field's kind; empty records are
        dropped, as a row left blank says nothing."""
        if not isinstance(value, list):
            return 'must give a list of rows, like [{"field": value}]'
        cells = {c.key: c for c in cells_of(question)}
        low, high, _start = row_bounds(question)
        given = question.settings.get(EARLIER)
        earlier: Mapping[str, object] = given if isinstance(given, Mapping) else {}
        rows: list[dict[str, object]] = []
        for row_number, record in enumerate(value, start=1):
            if not isinstance(record, Mapping):
                return f"row {row_number} must be an object of field → value"
            if (problem := self._row(cells, record, row_number, rows, earlier)) is not None:
                return problem
        if len(rows) > high:
            return f"give at most {high} rows"
        if not rows:
            return "answer at least one row"
        if any(c.required for c in cells.values()) and len(rows) < low:
            return f"give at least {low} rows"
        stored = json.dumps(rows, ensure_ascii=False)
        if len(stored) > MAX_STORED:
            return f"is too long (at most {MAX_STORED:,} characters in all)"
        return CleanAnswer(question, text=stored)

    def _row(
        self,
        cells: Mapping[str, Cell],
        record: Mapping[Any, object],
        row_number: int,
        rows: list[dict[str, object]],
        earlier: Mapping[str, object],
    ) -> str | None:
        """Check one record and add it to ``rows`` (a blank one is skipped); else the problem.
        ``earlier`` holds the answers outside the group its fields' ``required_if`` read."""
        row: dict[str, object] = {}
        for name, given in record.items():
            if _blank(given):
                continue
            cell = cells.get(str(name))
            if cell is None:
                return f"row {row_number} has no field '{name}'"
            kind = CELL_KINDS[cell.kind]
            clean = kind.check(_as_question(cell), given)
            if isinstance(clean, str):
                return f"row {row_number}, {cell.prompt}: {clean}"
            row[cell.key] = kind.value(_as_question(cell), clean.text, clean.number)
        # What a hidden cell holds is dropped, as SurveyJS clears it when the cell hides.
        shown = shown_cells(list(cells.values()), row)
        row = {c.key: row[c.key] for c in shown if c.key in row}
        if not row:
            return None
        missing = [c.prompt for c in required_cells(shown, row, earlier) if c.key not in row]
        if missing:
            return f"row {row_number}: answer {', '.join(missing[:3])}"
        rows.append({k: row[k] for k in cells if k in row})
        return None

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The list of records."""
        if text is None:
            return None
        rows = json.loads(text)
        return rows if isinstance(rows, list) else None

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """Each field across every row of every answer, by the field's kind's own summary."""
        answers = [v for v in values if isinstance(v, list)]
        records = [r for answer in answers for r in answer if isinstance(r, Mapping)]
        fields = {
            cell.key: CELL_KINDS[cell.kind].summarise(
                _as_question(cell), [r[cell.key] for r in records if cell.key in r]
            )
            for cell in cells_of(question)
        }
        return RepeatSummary(len(answers), len(records), fields)

    def describe(self, question: Question) -> dict[str, Any]:
        """The style, the row counts, and each field with its kind and what that kind needs."""
        low, high, start = row_bounds(question)
        return {
            "style": question.settings.get("style", "table"),
            "min_rows": low,
            "max_rows": high,
            "start_rows": start,
            "fields": [
                {
                    "name": cell.key,
                    "title": cell.prompt,
                    "kind": cell.kind,
                    "required": cell.required,
                    **CELL_KINDS[cell.kind].describe(_as_question(cell)),
                }
                for cell in cells_of(question)
            ],
        }

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A ``matrixdynamic`` (its columns typed by ``cellType``) or a ``paneldynamic`` (its
        template's elements), with the row counts."""
        style = str(spec.settings.get("style", "table"))
        type_name, inside, start_name, low_name, high_name = STYLES[style]
        low, high, start = row_bounds(spec)
        inner = []
        for cell in cells_of(spec):
            own = dict(CELL_KINDS[cell.kind].to_surveyjs(cell))
            own.pop("journeymapKind", None)
            element: dict[str, Any] = {"name": cell.key, "title": cell.prompt}
            if cell.required:
                element["isRequired"] = True
            if cell.required_if:
                element["requiredIf"] = cell.required_if
            if cell.show_if:
                element["visibleIf"] = cell.show_if
            if style == "table":
                element["cellType"] = own.pop("type")
            element.update(own)
            inner.append(element)
        written: dict[str, Any] = {"type": type_name, inside: inner, start_name: start}
        if low:
            written[low_name] = low
        written[high_name] = high
        if isinstance(default := spec.settings.get("default"), list):
            written["defaultValue"] = default
        return written

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """The fields (each read by the kind of its cell or template element) and row counts."""
        style = "panels" if element.get("type") == "paneldynamic" else "table"
        _type, _inside, start_name, low_name, high_name = STYLES[style]
        fields = []
        found = []
        for label, inner in inner_elements(element, where, problems):
            reader = CELL_READERS.get(str(inner.get("type")))
            if reader is None:
                problems.append(f"{label}: type {shown(inner.get('type'))} cannot be a field of "
                                "a repeating group (text, numbers, dates, choices, yes/no and "
                                "ratings can)")  # fmt: skip
                continue
            read = reader.from_surveyjs(inner, label, problems)
            if read.kind not in CELL_KINDS:
                problems.append(f"{label}: a {read.kind} cannot be a field of a repeating group")
                continue
            entry: dict[str, Any] = {"name": str(inner["name"]), "kind": read.kind}
            title = surveyjs_text(inner.get("title"), label, "title", problems)
            if title.strip() and title != inner["name"]:
                entry["title"] = title
            if "requiredIf" in inner:  # it decides alone, as SurveyJS ignores isRequired then
                entry["required_if"] = inner["requiredIf"]
            elif inner.get("isRequired") is True:
                entry["required"] = True
            if read.settings:
                entry["settings"] = read.settings
            if "visibleIf" in inner:
                entry["show_if"] = inner["visibleIf"]
            fields.append(entry)
            found.append((label, inner))
        names = {str(f["name"]) for f in fields}
        for (label, _inner), entry in zip(found, fields, strict=True):
            for setting, prop in (("show_if", "visibleIf"), ("required_if", "requiredIf")):
                condition = entry.get(setting)
                if condition is None:
                    continue
                if not isinstance(condition, str):
                    problems.append(f"{label}: {prop} {shown(condition)} is not text")
                elif (problem := condition_problem(
                    condition, names, earlier=setting == "required_if")) is not None:  # fmt: skip
                    problems.append(f"{label}: {prop} {shown(condition)} {problem}")
        settings: dict[str, Any] = {"style": style, "fields": fields}
        for setting, name in (("start_rows", start_name), ("min_rows", low_name),
                              ("max_rows", high_name)):  # fmt: skip
            if name not in element:
                continue
            count = whole_number(element[name])
            if count is None or count < 0:
                problems.append(f"{where}: {name} {shown(element[name])} is not a whole number")
            elif count > MAX_ROWS and setting == "max_rows":
                settings[setting] = MAX_ROWS  # SurveyJS's own default is 1000: ours is lower
            elif count > MAX_ROWS:
                problems.append(f"{where}: {name} {count} is more than the {MAX_ROWS} rows "
                                "an answer may have")  # fmt: skip
            else:
                settings[setting] = count
        if "defaultValue" in element:
            # The rows a new page starts with, filled in; checked as answers are.
            rows = element["defaultValue"]
            if isinstance(rows, list) and all(isinstance(r, Mapping) for r in rows):
                settings["default"] = [dict(r) for r in rows]
            else:
                problems.append(f"{where}: defaultValue {shown(rows)} is not a list of rows")
        # Written out, so what SurveyJS shows (its own defaults differ) is said once here.
        settings.setdefault("start_rows", SURVEYJS_START[style])
        settings.setdefault("max_rows", MAX_ROWS)
        # Rows a respondent may not add or remove: the count shown is then the most or fewest.
        start = settings["start_rows"]
        if element.get(FIXED[style][0]) is False:
            settings["max_rows"] = max(start, settings.get("min_rows", 0), 1)
        if element.get(FIXED[style][1]) is False and start > settings.get("min_rows", 0):
            settings["min_rows"] = min(start, settings.get("max_rows", MAX_ROWS))
        return FromSurveyJS(self.name, settings)


def inner_elements(
    element: Mapping[str, Any], where: str, problems: list[str]
) -> list[tuple[str, dict[str, Any]]]:
    """(where, element) of each field of a dynamic element: a ``matrixdynamic``'s columns as
    elements of their ``cellType`` (the matrix's ``cellType`` and ``choices`` when a column
    gives none), a ``paneldynamic``'s template elements (those inside its panels too)."""
    found: list[tuple[str, dict[str, Any]]] = []
    if element.get("type") == "paneldynamic":
        _template(element.get("templateElements"), where, problems, found)
    else:
        columns = element.get("columns")
        if not isinstance(columns, list) or not columns:
            problems.append(f"{where}: columns {shown(columns)} is not a list of columns")
            return []
        shared = element.get("cellType", "dropdown")
        for row_number, column in enumerate(columns, start=1):
            if not isinstance(column, Mapping) or not isinstance(column.get("name"), str):
                problems.append(f"{where}: column {row_number} has no name")
                continue
            # A column read before (by the import's own checks) carries its type already.
            cell_type = column.get("cellType", column.get("type", shared))
            if cell_type == "default":
                cell_type = shared
            cell = {k: v for k, v in column.items() if k != "cellType"}
            if "choices" not in cell and "choices" in element and cell_type in (
                "dropdown", "radiogroup", "checkbox", "tagbox"
            ):  # fmt: skip
                cell["choices"] = element["choices"]
            found.append((f'{where}: column "{column["name"]}"', {**cell, "type": cell_type}))
    if len(found) > MAX_FIELDS:
        problems.append(f"{where}: has {len(found)} fields; a row has at most {MAX_FIELDS}")
    return found


def _template(
    elements: object, where: str, problems: list[str], found: list[tuple[str, dict[str, Any]]]
) -> None:
    """The template elements of a ``paneldynamic``, panels inside it opened."""
    if not isinstance(elements, list) or (not elements and not found):
        problems.append(f"{where}: templateElements {shown(elements)} is not a list of elements")
        return
    for row_number, inner in enumerate(elements, start=1):
        if not isinstance(inner, Mapping) or not isinstance(inner.get("name"), str):
            problems.append(f"{where}: template element {row_number} has no name")
        elif inner.get("type") == "panel":
            _template(inner.get("elements", []), where, problems, found)
        else:
            found.append((f'{where}: field "{inner["name"]}"', dict(inner)))


KIND = RepeatKind()
