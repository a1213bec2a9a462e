"""Matrix: several rows answered on one scale (the Likert grid); stored as ``{row: column}``
(SurveyJS's own shape), each row summarised on its own."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape
from wtforms import Field

from surveys.kinds.base import CleanAnswer, Configured, FromSurveyJS, Operand, SettingProblem
from surveys.kinds.items import (
    Item,
    find,
    items_from_lines,
    items_from_surveyjs,
    items_of,
    items_problem,
    items_to_lines,
    items_to_surveyjs,
)
from surveys.kinds.summaries import (
    ChoiceSummary,
    MatrixSummary,
    ScaleSummary,
    Summary,
    choice_summary,
    scale_summary,
)

if TYPE_CHECKING:
    from surveys.models import Question


def rows_of(question: Configured) -> list[Item]:
    """The matrix's rows, in order."""
    return items_of(question.settings.get("rows"))


def columns_of(question: Configured) -> list[Item]:
    """The matrix's one scale, in order."""
    return items_of(question.settings.get("columns"))


def row_name(key: str, index: int) -> str:
    """The form name of one row's radios (keys hold no '.', so it never clashes)."""
    return f"{key}.{index}"


class MatrixField(Field):
    """A table: one row per item, one radio per column; the data maps rows to columns."""

    def __init__(self, label: str, rows: list[Item], columns: list[Item], **kw: Any) -> None:
        super().__init__(label, **kw)
        self.rows, self.columns = rows, columns

    def process(self, formdata: Any, data: Any = None, extra_filters: Any = None) -> None:
        """Read each row's radio (``<key>.<row index>``); a value no column has is an error."""
        self.process_errors = []
        self.data = dict(data) if isinstance(data, Mapping) else {}
        self.raw_data = []
        if formdata is None:
            return
        for index, row in enumerate(self.rows):
            raw = formdata.get(row_name(self.name, index))
            if not raw:
                continue
            self.raw_data.append(raw)
            column = next((c for c in self.columns if c.key == raw), None)
            if column is None:
                self.process_errors.append(f"choose one of the columns for “{row.text}”")
            else:
                self.data[row.key] = column.value

    def __call__(self, **kwargs: Any) -> Markup:
        """The grid, with a header of column texts and a hidden label on each radio."""
        chosen = {str(k): str(v) for k, v in (self.data or {}).items()}
        head = "".join(f'<th scope="col">{escape(c.text)}</th>' for c in self.columns)
        body = []
        for index, row in enumerate(self.rows):
            name = row_name(self.name, index)
            cells = []
            for c_index, column in enumerate(self.columns):
                radio_id = f"{self.id}-{index}-{c_index}"
                checked = " checked" if chosen.get(row.key) == column.key else ""
                cells.append(
                    f'<td><label for="{radio_id}"><input type="radio" id="{radio_id}" '
                    f'name="{escape(name)}" value="{escape(column.key)}"{checked}>'
                    f'<span class="sr-only">{escape(row.text)}: {escape(column.text)}</span>'
                    "</label></td>"
                )
            body.append(f'<tr><th scope="row">{escape(row.text)}</th>{"".join(cells)}</tr>')
        return Markup(
            f'<table class="matrix"><thead><tr><td></td>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>"
        )


class MatrixKind:
    """Rows × one scale; ``all_rows_required`` asks for every row when the question is
    required (otherwise one row answers it)."""

    name = "matrix"
    label = "Matrix (rows on one scale)"
    operand = Operand.ROWS
    surveyjs_types: tuple[str, ...] = ("matrix",)

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """At least one row and two columns, each list without repeats."""
        if (problem := items_problem(spec.settings.get("rows"), "rows", 1)) is not None:
            return "rows", problem
        if (problem := items_problem(spec.settings.get("columns"), "columns")) is not None:
            return "columns", problem
        return None

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Rows and columns, one per line, and whether every row must be answered."""
        settings: dict[str, Any] = {
            "rows": items_from_lines(data.get("rows")),
            "columns": items_from_lines(data.get("columns")),
        }
        if data.get("all_rows_required"):
            settings["all_rows_required"] = True
        return settings

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """Rows and columns, one per line."""
        return {
            "rows": items_to_lines(settings.get("rows")),
            "columns": items_to_lines(settings.get("columns")),
            "all_rows_required": bool(settings.get("all_rows_required")),
        }

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """The grid."""
        field: Field = MatrixField(  # unbound until the form binds it
            question.prompt, rows_of(question), columns_of(question),
            description=question.help_text,
        )  # fmt: skip
        return field

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """An object of row → column (rows and columns by value, or by their text)."""
        rows, columns = rows_of(question), columns_of(question)
        if not isinstance(value, Mapping):
            return 'must give each row\'s answer, like {"row": column}'
        answer: dict[str, str] = {}
        for given_row, given_column in value.items():
            if given_column is None or given_column == "":
                continue
            row = find(rows, given_row)
            if row is None:
                return f"has no row '{given_row}'"
            column = find(columns, given_column)
            if column is None:
                return f"must answer '{row.text}' with one of the columns"
            answer[row.key] = column.key
        if question.required and question.settings.get("all_rows_required"):
            missing = [r.text for r in rows if r.key not in answer]
            if missing:
                return "answer every row (" + ", ".join(missing[:3]) + " left)"
        if not answer:
            return "answer at least one row"
        ordered = {r.key: answer[r.key] for r in rows if r.key in answer}
        return CleanAnswer(question, text=json.dumps(ordered, ensure_ascii=False))

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """Row value → column value (numbers stay numbers)."""
        if text is None:
            return None
        rows, columns = rows_of(question), columns_of(question)
        stored = json.loads(text)
        result: dict[str, object] = {}
        for row_key, column_key in stored.items():
            row, column = find(rows, row_key), find(columns, column_key)
            result[str(row.value) if row else row_key] = column.value if column else column_key
        return result

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """Each row on its own: a scale (distribution and mean) when the columns are whole
        numbers one apart, else counts per column."""
        rows, columns = rows_of(question), columns_of(question)
        answers = [v for v in values if isinstance(v, Mapping)]
        numbers = [c.value for c in columns]
        is_scale = all(isinstance(n, int) for n in numbers) and numbers == list(
            range(int(numbers[0]), int(numbers[0]) + len(numbers))
        )
        summaries: dict[str, ScaleSummary | ChoiceSummary] = {}
        for row in rows:
            given = [a.get(str(row.value)) for a in answers if a.get(str(row.value)) is not None]
            if is_scale:
                summaries[row.key] = scale_summary(int(numbers[0]), int(numbers[-1]), given)
            else:
                picks = [[c.key for c in columns if c.value == g] for g in given]
                summaries[row.key] = choice_summary([c.key for c in columns], picks)
        return MatrixSummary(summaries)

    def describe(self, question: Question) -> dict[str, Any]:
        """Rows and columns (value and text each), and whether every row is needed."""
        return {
            "rows": [{"value": r.value, "text": r.text} for r in rows_of(question)],
            "columns": [{"value": c.value, "text": c.text} for c in columns_of(question)],
            "all_rows_required": bool(question.settings.get("all_rows_required")),
        }

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A ``matrix`` element."""
        element: dict[str, Any] = {
            "type": "matrix",
            "columns": items_to_surveyjs(spec.settings.get("columns")),
            "rows": items_to_surveyjs(spec.settings.get("rows")),
        }
        if spec.settings.get("all_rows_required"):
            element["isAllRowRequired"] = True
        return element

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """A single-choice matrix's rows and columns."""
        settings: dict[str, Any] = {
            "rows": items_from_surveyjs(element.get("rows", []), where, "row", problems) or [],
            "columns": items_from_surveyjs(element.get("columns", []), where, "column", problems)
            or [],
        }
        if element.get("isAllRowRequired") is True:
            settings["all_rows_required"] = True
        return FromSurveyJS(self.name, settings)


KIND = MatrixKind()
