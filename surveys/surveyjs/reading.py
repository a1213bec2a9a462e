"""Reading SurveyJS JSON: the questions it asks, what is left out with a note, what cannot be.

An import never stops at the first problem: it reads the whole survey and lists every element
that cannot be represented, by page and element name, beside the notes on what it leaves out
because it changes neither what is asked nor what is stored (layout, button texts, timers,
translations). Each question kind reads its own element's properties (``surveys.kinds``); this
module reads the document around them: pages, panels, names, conditions and triggers.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from surveys import expressions
from surveys.answer_names import SETTING
from surveys.answers import is_blank
from surveys.errors import InvalidDesign
from surveys.expressions import Check, Expr, Or, Var
from surveys.kinds import KINDS, SURVEYJS_READERS, FromSurveyJS, ScaleKind
from surveys.kinds.carry import CARRY_MODES
from surveys.kinds.logic import OPERATORS_ON
from surveys.kinds.repeat import inner_elements
from surveys.pages import PageSpec
from surveys.questions import QuestionSpec, answer_problem, question_problems
from surveys.surveyjs.conditions import builder_condition, condition_from_surveyjs, joined
from surveys.surveyjs.locales import in_one_language
from surveys.surveyjs.names import key_for
from surveys.surveyjs.normalise import (
    CONTAINER_ALIASES,
    SURVEY_ALIASES,
    element_aliases,
    element_renamed,
    renamed,
)
from surveys.surveyjs.properties import (
    DISPLAY_ELEMENTS,
    ELEMENT_DROPPED,
    FILE_DROPPED,
    PAGE_DROPPED,
    PAGE_READ,
    PANEL_READ,
    QUESTION_COMMON,
    SURVEY_DROPPED,
    SURVEY_READ,
)

#: Choice lists and what "Other" and "None of these" add to them.
_CHOICES = frozenset(
    {"choices", "choicesOrder", "showOtherItem", "otherText", "showNoneItem", "noneText",
     "choicesFromQuestion", "choicesFromQuestionMode"}
)  # fmt: skip
#: The properties each element type's kind reads (besides ``QUESTION_COMMON``).
KIND_READ: dict[str, frozenset[str]] = {
    "text": frozenset({"inputType", "maxLength", "min", "max", "step", "validators"}),
    "comment": frozenset({"maxLength", "validators"}),
    "radiogroup": _CHOICES,
    "dropdown": _CHOICES | {"placeholder"},
    "checkbox": _CHOICES,
    "boolean": frozenset({"labelTrue", "labelFalse", "valueTrue", "valueFalse"}),
    "ranking": frozenset(
        {"choices", "choicesOrder", "selectToRankEnabled", "choicesFromQuestion",
         "choicesFromQuestionMode"}
    ),
    "matrix": frozenset({"rows", "columns", "isAllRowRequired"}),
    "matrixdynamic": frozenset(
        {"columns", "cellType", "choices", "rowCount", "minRowCount", "maxRowCount",
         "allowAddRows", "allowRemoveRows", "defaultValue"}
    ),
    "paneldynamic": frozenset(
        {"templateElements", "panelCount", "minPanelCount", "maxPanelCount", "allowAddPanel",
         "allowRemovePanel", "defaultValue"}
    ),
    "file": frozenset({"allowMultiple", "maxSize", "maxFiles", "acceptedTypes", "storeDataAsText"}),
    "signaturepad": frozenset({"dataFormat", "storeDataAsText"}),
    "rating": frozenset(
        {"rateMin", "rateMax", "minRateDescription", "maxRateDescription", "rateType",
         "rateValues", "journeymapKind"}
    ),
}  # fmt: skip
#: Element types whose display-only properties include ``FILE_DROPPED``'s.
FILE_TYPES = frozenset({"file", "signaturepad"})
#: Element types that only show a kind we have another way: (the type it is read as, the note).
SHOWN_AS: dict[str, tuple[str, str]] = {
    "tagbox": ("checkbox", "its tag-box display (asked as checkboxes)"),
    "imagepicker": ("radiogroup", "its pictures (asked as a choice of their texts)"),
}
#: What only an image picker shows: its pictures and how they are laid out.
IMAGE_PICKER_DROPPED = frozenset(
    {"imageHeight", "imageWidth", "imageFit", "contentMode", "showLabel", "minImageWidth",
     "maxImageWidth", "minImageHeight", "maxImageHeight", "colCount"}
)  # fmt: skip
#: What the bridge reads of a ``multipletext`` itself (its boxes are read as text questions).
MULTIPLE_TEXT_READ = frozenset(
    {"type", "name", "title", "description", "isRequired", "visibleIf", "visible", "items"}
)
#: What the bridge reads of a ``matrixdropdown`` itself (its cells are read as questions).
MATRIX_DROPDOWN_READ = frozenset(
    {"type", "name", "title", "description", "isRequired", "visibleIf", "visible", "rows",
     "columns", "choices", "cellType"}
)  # fmt: skip
#: Cell types that take the matrix's ``choices`` when their column gives none.
CHOICE_CELLS = frozenset({"dropdown", "radiogroup", "checkbox", "tagbox"})
#: What only lays a ``matrixdropdown`` out.
MATRIX_DROPDOWN_DROPPED = {
    **ELEMENT_DROPPED,
    **dict.fromkeys(
        ("columnMinWidth", "horizontalScroll", "columnColCount", "columnLayout", "showHeader",
         "verticalAlign", "alternateRows", "rowTitleWidth", "transposeData"),
        "display only",
    ),
}  # fmt: skip
#: What the bridge reads of a field of a ``matrixdynamic`` or ``paneldynamic`` (besides what
#: its kind reads): its ``visibleIf`` and ``requiredIf`` hold row by row (``requiredIf`` may
#: read earlier questions too); ``enableIf`` is refused.
CELL_READ = frozenset({"type", "name", "title", "isRequired", "visibleIf", "requiredIf"})
CELL_CONDITIONS = ("enableIf",)
#: What only lays a dynamic element's field out, or shows a figure worked out from it.
CELL_DROPPED = {
    **ELEMENT_DROPPED,
    **dict.fromkeys(
        ("totalType", "totalFormat", "totalDisplayStyle", "totalCurrency", "totalAlignment",
         "totalMaximumFractionDigits", "totalMinimumFractionDigits", "showInMultipleColumns",
         "description", "visibleIndex"),
        "display only",
    ),
}  # fmt: skip
#: What our exports write in ``clearInvisibleValues``: the one behaviour the server has.
HIDDEN_ANSWERS = "onHidden"
#: How many unknown properties of one place a problem names (a file that is no survey at all
#: has hundreds).
MAX_LISTED = 10
#: The calculated value that carries a question's kind where its element type cannot say it.
KIND_MARKER = "journeymapKind_"


@dataclass(frozen=True, slots=True)
class SurveyJSImport:
    """What an import makes of a SurveyJS survey; importable when ``problems`` is empty."""

    title: str
    intro: str
    questions: tuple[QuestionSpec, ...]
    #: The pages the questions are on, with their titles and conditions (none: one page).
    pages: tuple[PageSpec, ...]
    #: What was left out because it changes neither what is asked nor what is stored.
    dropped: tuple[str, ...]
    #: What cannot be represented, each naming its page and element.
    problems: tuple[str, ...]


class SurveyJSRefused(InvalidDesign):
    """A SurveyJS survey that cannot be imported; ``result`` holds every problem and note."""

    def __init__(self, result: SurveyJSImport) -> None:
        super().__init__(
            "This SurveyJS survey cannot be imported: " + "; ".join(result.problems),
            {"surveyjs": "; ".join(result.problems)},
        )
        self.result = result


@dataclass
class _Place:
    """Where an element sits: its page, the panels around it and the conditions they add."""

    page: str
    page_settings: dict[str, Any]
    panels: tuple[dict[str, str], ...] = ()
    conditions: tuple[tuple[str, str], ...] = ()  # (whose, visibleIf text)


@dataclass
class _Read:
    """One question as read, before its conditions can name other questions' keys."""

    spec: QuestionSpec
    name: str
    where: str
    conditions: list[tuple[str, str]] = field(default_factory=list)
    #: Its ``requiredIf``: (whose, condition text), when it has one.
    required_if: tuple[str, object] | None = None


def shown(value: object) -> str:
    """``value`` as the JSON it came from, short enough for a list of problems."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


class _Reader:
    """One import's state: the problems and notes found so far."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.dropped: list[str] = []
        self.questions: list[_Read] = []
        # Each page read: (name, title, where, its visibleIf).
        self.pages_read: list[tuple[str, str, str, object]] = []
        self.keys: dict[str, str] = {}
        self.complete_triggers: list[tuple[str, str]] = []  # (whose, condition)
        self.kind_markers: dict[str, str] = {}
        self.visible_triggers: dict[str, list[str]] = {}
        # Each setvalue trigger kept: (whose, condition, the SurveyJS name set, the value).
        self.set_value_triggers: list[tuple[str, str, str, object]] = []
        # Each page, panel and element named in a problem, in reading order, to list problems
        # in the order of the survey.
        self.places: dict[str, int] = {"survey": -1}

    def place_of(self, problem: str) -> int:
        """Where in the survey ``problem``'s page or element is (the survey first)."""
        return self.places.get(problem.partition(": ")[0], len(self.places))

    def visit(self, where: str) -> str:
        """``where``, remembered in reading order."""
        self.places.setdefault(where, len(self.places))
        return where

    # -- small readers ---------------------------------------------------------------------

    def text(self, value: object, where: str, name: str) -> str:
        """A text property (localised texts are already in one language here)."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        self.problems.append(f"{where}: {name} {shown(value)} is not text")
        return ""

    def sort(
        self,
        where: str,
        given: Mapping[str, object],
        aliases: Mapping[str, str],
        read: Collection[str],
        dropped: Mapping[str, str],
    ) -> None:
        """Note the properties of ``where`` that are left out, by what they were for, and refuse
        those neither read nor left out; each named as the file spells it."""
        by_reason: dict[str, list[str]] = {}
        unknown = []
        for name in given:
            current = aliases.get(name, name)
            if current in read:
                continue
            if current in dropped:
                by_reason.setdefault(dropped[current], []).append(name)
            else:
                unknown.append(name)
        if by_reason:
            parts = [f"{', '.join(names)} ({reason})" for reason, names in by_reason.items()]
            self.dropped.append(f"{where}: left out {'; '.join(parts)}")
        if unknown:
            listed = ", ".join(unknown[:MAX_LISTED])
            more = f" and {len(unknown) - MAX_LISTED} more" if len(unknown) > MAX_LISTED else ""
            self.problems.append(f"{where}: {listed}{more} has no equivalent here")

    # -- the document -----------------------------------------------------------------------

    def survey(self, given: Mapping[str, Any]) -> tuple[str, str]:
        """Title and introduction; reads every page on the way."""
        self.sort("survey", given, SURVEY_ALIASES, SURVEY_READ, SURVEY_DROPPED)
        data = renamed(given, SURVEY_ALIASES)
        if data.get("clearInvisibleValues", HIDDEN_ANSWERS) != HIDDEN_ANSWERS:
            self.dropped.append(
                f"survey: left out clearInvisibleValues {shown(data['clearInvisibleValues'])} "
                "(here an answer to a question that gets hidden is never kept)"
            )
        title = self.text(data.get("title"), "survey", "title")
        intro = self.text(data.get("description"), "survey", "description")
        self.calculated_values(data.get("calculatedValues"))
        self.triggers(data.get("triggers"))
        for number, page in enumerate(self.pages(data), start=1):
            self.page(page, number)
        return title, intro

    def pages(self, data: Mapping[str, Any]) -> Sequence[object]:
        """The pages; a survey of bare ``elements`` (or old ``questions``) is one page."""
        pages = data.get("pages")
        if pages is not None and not isinstance(pages, list):
            self.problems.append(f"survey: pages {shown(pages)} is not a list")
            return []
        if pages:
            return pages
        for name in ("elements", "questions"):
            if name in data:
                return [{"name": "page1", name: data[name]}]
        return []

    def page(self, given: object, number: int) -> None:
        """The questions of one page, with its name, title and condition."""
        if not isinstance(given, Mapping):
            self.problems.append(f"page {number}: not an object")
            return
        page = renamed(given, CONTAINER_ALIASES)
        name = page.get("name")
        if name is not None and not isinstance(name, str):
            self.problems.append(f"page {number}: name {shown(name)} is not text")
        name = name if isinstance(name, str) and name else f"page{number}"
        where = self.visit(f'page "{name}"')
        self.sort(where, given, CONTAINER_ALIASES, PAGE_READ, PAGE_DROPPED)
        settings: dict[str, Any] = {"page": name}
        if title := self.text(page.get("title"), where, "title"):
            settings["page_title"] = title
        if description := self.text(page.get("description"), where, "description"):
            settings["page_description"] = description
        place = _Place(page=where, page_settings=settings)
        if self.never_shown(page, where):
            return
        # A page's condition stays the page's: it hides the page, and the page counts.
        self.pages_read.append((name, title, where, page.get("visibleIf")))
        self.elements(page, place)

    def never_shown(self, element: Mapping[str, Any], where: str) -> bool:
        """Whether SurveyJS never shows ``element`` (``visible: false`` and no condition or
        trigger to show it); it asks nothing then, so it is left out with a note."""
        name = element.get("name")
        shown_by_trigger = isinstance(name, str) and name in self.visible_triggers
        if element.get("visible") is False and "visibleIf" not in element and not shown_by_trigger:
            self.dropped.append(f"{where}: left out (hidden: visible false, nothing shows it)")
            return True
        return False

    def elements(self, container: Mapping[str, Any], place: _Place) -> None:
        """Each element of a page or panel (``elements``, or ``questions`` in older files)."""
        for name in ("elements", "questions"):
            if name not in container:
                continue
            elements = container[name]
            if not isinstance(elements, list):
                self.problems.append(f"{place.page}: {name} {shown(elements)} is not a list")
                continue
            for number, element in enumerate(elements, start=1):
                self.element(element, number, place)

    def element(self, given: object, number: int, place: _Place) -> None:
        """One element: a panel's questions, a question, or something shown that asks nothing."""
        if not isinstance(given, Mapping):
            self.problems.append(f"{place.page}, element {number}: not an object")
            return
        element = element_renamed(given)
        type_name = element.get("type")
        name = element.get("name")
        label = name if isinstance(name, str) and name else f"element {number}"
        if type_name == "panel":
            self.panel(given, element, self.visit(f'{place.page}, panel "{label}"'), place)
        elif isinstance(type_name, str) and type_name in DISPLAY_ELEMENTS:
            self.dropped.append(
                f'{place.page}, {type_name} "{label}": left out ({DISPLAY_ELEMENTS[type_name]})'
            )
        elif type_name == "multipletext":
            where = self.visit(f'{place.page}, question "{label}"')
            self.multiple_text(given, element, where, place)
        elif type_name == "matrixdropdown":
            where = self.visit(f'{place.page}, question "{label}"')
            self.matrix_dropdown(given, element, where, place)
        elif type_name in ("matrixdynamic", "paneldynamic"):
            self.dynamic(given, element, self.visit(f'{place.page}, question "{label}"'), place)
        elif type_name == "boolean" and ("valueTrue" in element or "valueFalse" in element):
            # A yes/no that stores texts of its own is a choice between those texts here.
            where = self.visit(f'{place.page}, question "{label}"')
            self.dropped.append(f"{where}: left out its yes/no display (asked as two choices)")
            self.question(given, _two_choices(element), where, place)
        elif isinstance(type_name, str) and type_name in SHOWN_AS:
            # Another way of showing a kind we have: asked that way, and said so.
            where = self.visit(f'{place.page}, question "{label}"')
            shown_as, why = SHOWN_AS[type_name]
            self.dropped.append(f"{where}: left out {why}")
            self.question(given, _shown_as(element, shown_as), where, place)
        elif isinstance(type_name, str) and type_name in SURVEYJS_READERS:
            self.question(given, element, self.visit(f'{place.page}, question "{label}"'), place)
        else:
            shown_type = f"'{type_name}'" if isinstance(type_name, str) else shown(type_name)
            where = self.visit(f'{place.page}, element "{label}"')
            self.problems.append(f"{where}: type {shown_type} has no equivalent here")

    def panel(
        self, given: Mapping[str, Any], panel: Mapping[str, Any], where: str, place: _Place
    ) -> None:
        """A panel: its questions, grouped under its title, shown under its condition."""
        aliases = {**element_aliases("panel"), **CONTAINER_ALIASES}
        self.sort(where, given, aliases, PANEL_READ, ELEMENT_DROPPED)
        if self.never_shown(panel, where):
            return
        name = panel.get("name")
        group = {"name": name if isinstance(name, str) else ""}
        if title := self.text(panel.get("title"), where, "title"):
            group["title"] = title
        if description := self.text(panel.get("description"), where, "description"):
            group["description"] = description
        inner = replace(place, panels=(*place.panels, group))
        if "visibleIf" in panel:
            inner.conditions = (*place.conditions, (where, panel["visibleIf"]))
        self.elements(panel, inner)

    def multiple_text(
        self, given: Mapping[str, Any], group: Mapping[str, Any], where: str, place: _Place
    ) -> None:
        """A ``multipletext``: one short question per box, grouped under its title; SurveyJS
        stores the answers together (``{"price": {"most": 90}}``), named ``{price.most}``."""
        aliases = element_aliases("multipletext")
        self.sort(where, given, aliases, MULTIPLE_TEXT_READ, ELEMENT_DROPPED)
        if self.never_shown(group, where):
            return
        name = group.get("name") if isinstance(group.get("name"), str) else ""
        items = group.get("items")
        if not isinstance(items, list) or not items:
            self.problems.append(f"{where}: items {shown(items)} is not a list of boxes")
            return
        boxes = [i for i in items if isinstance(i, Mapping) and isinstance(i.get("name"), str)]
        if len(boxes) < len(items):
            self.problems.append(f"{where}: every item needs a name")
        # Required as a whole, SurveyJS asks for at least one box: a group of questions here.
        whole = group.get("isRequired") is True and not all(b.get("isRequired") for b in boxes)
        panel = {"name": str(name), "type": "multipletext"}
        for text in ("title", "description"):
            if value := self.text(group.get(text), where, text):
                panel[text] = value
        inner = replace(place, panels=(*place.panels, panel))
        if "visibleIf" in group:
            inner.conditions = (*place.conditions, (where, group["visibleIf"]))
        for box in boxes:
            path = f"{name}.{box['name']}"
            element = {**box, "type": "text", "name": path}
            read = len(self.questions)
            self.question(element, element_renamed(element), self.visit(
                f'{place.page}, question "{path}"'), inner)  # fmt: skip
            if whole and len(self.questions) > read:
                self.questions[-1].spec.settings["required_group"] = str(name)

    def matrix_dropdown(
        self, given: Mapping[str, Any], matrix: Mapping[str, Any], where: str, place: _Place
    ) -> None:
        """A ``matrixdropdown``: one question per cell (row × column), each of its column's
        kind, grouped under the matrix's title; SurveyJS stores the answers by row and column
        (``{"m": {"row": {"col": 1}}}``), named ``{m.row.col}``."""
        aliases = element_aliases("matrixdropdown")
        self.sort(where, given, aliases, MATRIX_DROPDOWN_READ, MATRIX_DROPDOWN_DROPPED)
        if self.never_shown(matrix, where):
            return
        name = matrix.get("name") if isinstance(matrix.get("name"), str) else ""
        rows = _items(matrix.get("rows"), "value")
        columns = _items(matrix.get("columns"), "name")
        if not rows or not columns:
            self.problems.append(f"{where}: needs rows and named columns")
            return
        if matrix.get("isRequired") is True and not all(c.get("isRequired") for c in columns):
            self.problems.append(
                f"{where}: isRequired asks for at least one of its cells, which cannot be said "
                "here (make each column required, or none)"
            )
        self.dropped.append(f"{where}: left out its grid (each cell is asked on its own)")
        panel = {"name": str(name), "type": "matrixdropdown"}
        for text in ("title", "description"):
            if value := self.text(matrix.get(text), where, text):
                panel[text] = value
        inner = replace(place, panels=(*place.panels, panel))
        if "visibleIf" in matrix:
            inner.conditions = (*place.conditions, (where, matrix["visibleIf"]))
        cell_type = matrix.get("cellType", "dropdown")
        for row in rows:
            row_text = self.text(row.get("text", row["value"]), where, "row text")
            for column in columns:
                cell = {k: v for k, v in column.items() if k not in ("name", "title", "cellType")}
                kind = column.get("cellType", cell_type)
                if "choices" not in cell and "choices" in matrix and kind in CHOICE_CELLS:
                    cell["choices"] = matrix["choices"]
                column_title = self.text(column.get("title", column["name"]), where, "title")
                path = f"{name}.{row['value']}.{column['name']}"
                element = {**cell, "type": kind, "name": path,
                           "title": f"{row_text} – {column_title}"}  # fmt: skip
                bridge = {"cell": {"row": dict(row), "column": {
                    k: column[k] for k in ("name", "title") if k in column}}}  # fmt: skip
                self.question(element, element_renamed(element), self.visit(
                    f'{place.page}, question "{path}"'), inner, bridge)  # fmt: skip

    def dynamic(
        self, given: Mapping[str, Any], element: Mapping[str, Any], where: str, place: _Place
    ) -> None:
        """A ``matrixdynamic`` or ``paneldynamic``: one repeating-group question whose fields
        are read here as the elements they are (each with its notes and refusals)."""
        fields = []
        for label, inner in inner_elements(element, where, self.problems):
            for condition in CELL_CONDITIONS:
                if condition in inner:
                    self.problems.append(
                        f"{label}: {condition} {shown(inner[condition])} cannot be imported (in "
                        "a repeating group only a field's visibleIf and requiredIf hold row by row)"
                    )
            kept = {k: v for k, v in inner.items() if k not in CELL_CONDITIONS}
            type_name = str(inner.get("type"))
            read = CELL_READ | KIND_READ.get(type_name, frozenset())
            self.sort(label, kept, element_aliases(type_name), read, CELL_DROPPED)
            fields.append(element_renamed(kept))
        inside = "templateElements" if element.get("type") == "paneldynamic" else "columns"
        self.question(given, {**element, inside: fields}, where, place)

    def question(
        self,
        given: Mapping[str, Any],
        element: Mapping[str, Any],
        where: str,
        place: _Place,
        bridge: Mapping[str, Any] | None = None,
    ) -> None:
        """One question, read by the kind its element type belongs to; ``bridge`` is what the
        export needs to write it back (a matrix cell's row and column)."""
        type_name = str(element["type"])
        aliases = element_aliases(type_name)
        # What the normalising consumed (a rating's rateCount, a sorted choicesOrder) is read.
        consumed = {aliases.get(n, n) for n in given} - set(element)
        read_here = QUESTION_COMMON | KIND_READ.get(type_name, frozenset()) | consumed
        dropped = (
            {**ELEMENT_DROPPED, **FILE_DROPPED} if type_name in FILE_TYPES else ELEMENT_DROPPED
        )
        self.sort(where, given, aliases, read_here, dropped)
        if self.never_shown(element, where):
            return
        name = element.get("name")
        if not isinstance(name, str) or not name:
            self.problems.append(f"{where}: name {shown(name)} is not text")
            name = ""
        if (value_name := element.get("valueName")) is not None and value_name != name:
            self.problems.append(
                f"{where}: valueName {shown(value_name)} stores the answer under another name"
            )
        if (marker := self.kind_markers.get(name)) is not None:
            element = {**element, "journeymapKind": marker}
        read = SURVEYJS_READERS[type_name].from_surveyjs(element, where, self.problems)
        if marker is None:
            read = _standard_measure(read)
        required = element.get("isRequired", False)
        if not isinstance(required, bool):
            self.problems.append(f"{where}: isRequired {shown(required)} is not true or false")
            required = False
        settings: dict[str, Any] = {**place.page_settings, **read.settings}
        if "choicesFromQuestion" in element:
            self.carry(element, where, settings)
        if place.panels or bridge:
            settings[SETTING] = {**({"panels": list(place.panels)} if place.panels else {}),
                                 **(bridge or {})}  # fmt: skip
        title = self.text(element.get("title"), where, "title")
        # A blank title shows nothing in SurveyJS; a question here needs words: its name.
        prompt = title if title.strip() else name
        spec = QuestionSpec(
            kind=read.kind,
            prompt=prompt,
            required=required,
            help_text=self.text(element.get("description"), where, "description"),
            settings=settings,
        )
        conditions = list(place.conditions)
        if "visibleIf" in element:
            conditions.append((where, element["visibleIf"]))
        for trigger in self.visible_triggers.pop(name, []):
            conditions.append((f"{where} (its visible trigger)", trigger))
        # SurveyJS's requiredIf decides alone whether the question is required (isRequired is
        # then ignored), so it replaces "required".
        required_if = (where, element["requiredIf"]) if "requiredIf" in element else None
        if required_if is not None:
            spec = replace(spec, required=False)
        self.questions.append(_Read(spec, name, where, conditions, required_if))

    def carry(self, element: Mapping[str, Any], where: str, settings: dict[str, Any]) -> None:
        """``choicesFromQuestion``: the options come from an earlier question (named by its
        SurveyJS name until every key is known), all of them or those chosen or not."""
        source, mode = element["choicesFromQuestion"], element.get("choicesFromQuestionMode")
        if not isinstance(source, str) or not source:
            self.problems.append(f"{where}: choicesFromQuestion {shown(source)} is not a name")
            return
        if mode is not None and mode not in CARRY_MODES:
            self.problems.append(f"{where}: choicesFromQuestionMode {shown(mode)} is not one of "
                                 f"{', '.join(CARRY_MODES)}")  # fmt: skip
            return
        if element.get("choices"):
            self.dropped.append(
                f"{where}: left out its own choices (SurveyJS offers those of "
                f'choicesFromQuestion "{source}" instead)'
            )
        settings["choices_from"] = source
        if mode not in (None, "all"):
            settings["choices_from_mode"] = mode

    def carried(self, read: _Read, settings: dict[str, Any], keys: Mapping[str, str]) -> None:
        """A carrying question's source named by key, and its options the source's."""
        name = settings["choices_from"]
        source = next((r for r in self.questions if r.name == name), None)
        if source is None:
            self.problems.append(f"{read.where}: choicesFromQuestion {shown(name)} names no "
                                 "question here")  # fmt: skip
            return
        settings["choices_from"] = keys[name]
        settings["options"] = list(source.spec.settings.get("options") or [])

    # -- survey-wide parts ------------------------------------------------------------------

    def calculated_values(self, values: object) -> None:
        """The kinds our exports carry as calculated values; any other is refused."""
        for value in values if isinstance(values, list) else [] if values is None else [values]:
            name = value.get("name") if isinstance(value, Mapping) else None
            expression = value.get("expression") if isinstance(value, Mapping) else None
            if (
                isinstance(name, str)
                and name.startswith(KIND_MARKER)
                and isinstance(expression, str)
                and len(expression) > 2
                and expression[0] == expression[-1] == "'"
            ):
                self.kind_markers[name.removeprefix(KIND_MARKER)] = expression[1:-1]
            else:
                self.problems.append(
                    f"survey: calculated value {shown(name if name else value)} has no "
                    "equivalent here"
                )

    def triggers(self, triggers: object) -> None:
        """Visible triggers become the conditions of the questions they show; complete triggers
        end the survey after the page they are answered on."""
        if triggers is None:
            return
        if not isinstance(triggers, list):
            self.problems.append(f"survey: triggers {shown(triggers)} is not a list")
            return
        for number, trigger in enumerate(triggers, start=1):
            condition = _trigger_condition(trigger)
            kind = trigger.get("type") if isinstance(trigger, Mapping) else None
            targets = trigger.get("questions") if isinstance(trigger, Mapping) else None
            if (
                kind == "visible"
                and condition is not None
                and isinstance(targets, list)
                and all(isinstance(t, str) for t in targets)
                and not trigger.get("pages")
            ):
                for target in targets:
                    self.visible_triggers.setdefault(target, []).append(condition)
            elif kind == "complete" and condition is not None:
                self.complete_triggers.append((f"survey: trigger {number}", condition))
            elif kind == "setvalue" and isinstance(trigger, Mapping):
                self.set_value_trigger(f"survey: trigger {number}", trigger, condition)
            else:
                self.problems.append(
                    f"survey: trigger {number} ({shown(kind)}) has no equivalent here"
                )

    def set_value_trigger(
        self, whose: str, trigger: Mapping[str, Any], condition: str | None
    ) -> None:
        """A ``setvalue`` trigger setting a question's answer is kept (see ``set_values``); one
        setting a variable, which SurveyJS keeps out of the answers, is left out with a note."""
        target, value = trigger.get("setToName"), trigger.get("setValue")
        if trigger.get("isVariable") is True:
            # A variable is never stored with the answers; a condition reading it is refused
            # where it is read, as it names no question here.
            self.dropped.append(
                f"{whose}: left out (setvalue sets the variable {shown(target)}, which is not "
                "stored with the answers)"
            )
        elif condition is None:
            self.problems.append(f"{whose}: setvalue has no expression (or name and value) here")
        elif not isinstance(target, str) or not target:
            self.problems.append(f"{whose}: setvalue has no setToName")
        elif value is not None and not isinstance(value, (str, int, float, bool, list)):
            self.problems.append(f"{whose}: setvalue's setValue {shown(value)} has no equivalent")
        else:
            self.set_value_triggers.append((whose, condition, target, value))

    def set_values(self, specs: list[QuestionSpec], keys: Mapping[str, str]) -> None:
        """The kept setvalue triggers as their target questions' ``set_by`` rules, in trigger
        order: {"if": condition naming keys, "value": the answer set}.

        survey-core runs such a trigger when an answer its condition reads changes and then sets
        the target, so a trigger reading another's target would run again in a cascade: refused.
        """
        targets = {keys.get(target) for _, _, target, _ in self.set_value_triggers}
        by_key = {spec.key: index for index, spec in enumerate(specs)}
        for whose, text, target, value in self.set_value_triggers:
            key = keys.get(target)
            if key is None or key not in by_key:
                self.problems.append(f"{whose}: setvalue sets '{target}', no question here")
                continue
            parts = self.parts([(whose, text)], keys, "expression")
            if not parts:
                continue
            if expressions.names(parts[0]) & targets:
                self.problems.append(
                    f"{whose}: setvalue's expression reads what a setvalue trigger sets (a chain "
                    "of triggers has no equivalent here)"
                )
                continue
            spec = specs[by_key[key]]
            # A blank value clears the answer, which fits any question.
            if not is_blank(value) and (problem := answer_problem(spec, value)) is not None:
                self.problems.append(
                    f"{whose}: setvalue's setValue {shown(value)} does not answer it: {problem}"
                )
                continue
            rule = {"if": expressions.to_text(parts[0]), "value": value}
            settings = {**spec.settings, "set_by": [*spec.settings.get("set_by", []), rule]}
            specs[by_key[key]] = replace(spec, settings=settings)

    def condition(
        self, conditions: Sequence[tuple[str, object]], keys: Mapping[str, str]
    ) -> str | None:
        """The expression text of conditions that must all hold (``(whose, visibleIf)``, by
        SurveyJS names), naming keys; each that cannot be one is a problem of ``whose``."""
        parts = self.parts(conditions, keys)
        return joined(parts)

    def question_condition(
        self, conditions: Sequence[tuple[str, object]], keys: Mapping[str, str]
    ) -> str | dict[str, Any] | None:
        """A question's conditions as one: the designer's builder form when it says the same
        (so the designer can edit it), else expression text."""
        parts = self.parts(conditions, keys)
        if len(parts) == 1:
            kinds = {keys[read.name]: read.spec.kind for read in self.questions}
            tree = parts[0]
            source = tree.operand if isinstance(tree, Check) else getattr(tree, "left", None)
            kind = KINDS.get(kinds.get(source.name, "")) if isinstance(source, Var) else None
            if kind is not None:
                built = builder_condition(tree, OPERATORS_ON[kind.operand])
                if built is not None:
                    return built
        return joined(parts)

    def parts(
        self,
        conditions: Sequence[tuple[str, object]],
        keys: Mapping[str, str],
        prop: str = "visibleIf",
    ) -> list[Expr]:
        """Each condition read, naming keys; one that cannot be read is a problem of its
        ``whose`` (naming the property ``prop`` it came from)."""
        parts: list[Expr] = []
        for whose, expression in conditions:
            if not isinstance(expression, str):
                self.problems.append(f"{whose}: {prop} {shown(expression)} is not text")
                continue
            condition = condition_from_surveyjs(expression, keys)
            if isinstance(condition, str):
                self.problems.append(f"{whose}: {prop} {shown(expression)} {condition}")
            else:
                parts.append(condition)
        return parts

    def pages_with_questions(self, keys: Mapping[str, str]) -> list[PageSpec]:
        """The pages that hold a question, with their titles and conditions naming keys."""
        holding = [read.spec.settings.get("page") for read in self.questions]
        ends = self.page_ends(keys, holding)
        pages = []
        for name, title, where, condition in self.pages_read:
            if name not in holding:
                continue
            show_if = self.condition([(where, condition)] if condition is not None else [], keys)
            pages.append(PageSpec(name=name, title=title, show_if=show_if, end_if=ends.get(name)))
        return pages

    def page_ends(self, keys: Mapping[str, str], holding: Sequence[object]) -> dict[str, str]:
        """Complete triggers as the pages' "end the survey here" conditions (page → text).

        SurveyJS completes the survey when the respondent moves on from the page where the
        trigger's answers were given, so a trigger ends the survey after the last page holding
        a question it reads.
        """
        order = {read.name: index for index, read in enumerate(self.questions)}
        by_page: dict[str, list[Expr]] = {}
        for whose, text in self.complete_triggers:
            condition = condition_from_surveyjs(text, keys)
            if isinstance(condition, str):
                self.problems.append(f"{whose} (complete): {shown(text)} {condition}")
                continue
            named = {_key_name(key, keys) for key in expressions.names(condition)}
            read = [order[name] for name in named if name in order]
            if not read:
                self.problems.append(f"{whose} (complete): {shown(text)} reads no question")
                continue
            by_page.setdefault(str(holding[max(read)]), []).append(condition)
        return {
            page: expressions.to_text(parts[0] if len(parts) == 1 else Or(tuple(parts)))
            for page, parts in by_page.items()
        }

    def resolve(self) -> list[QuestionSpec]:
        """The questions with keys, and their conditions naming keys."""
        keys: dict[str, str] = {}
        # A made key is never another question's name, so answers sent under SurveyJS names
        # and under keys never mean two questions.
        names = {read.name for read in self.questions}
        for read in self.questions:
            if read.name in keys:
                self.problems.append(
                    f"{read.where}: another question is also named '{read.name}' (SurveyJS keeps "
                    "one answer for both)"
                )
            taken = {*keys.values(), *(names - {read.name})}
            keys.setdefault(read.name, key_for(read.name, taken))
        self.keys = keys
        for target in self.visible_triggers:
            self.problems.append(f"survey: a visible trigger shows '{target}', no question here")
        specs = []
        for read in self.questions:
            key = keys[read.name]
            settings = dict(read.spec.settings)
            if key != read.name:
                settings[SETTING] = {**settings.get(SETTING, {}), "name": read.name}
            if (condition := self.question_condition(read.conditions, keys)) is not None:
                settings["show_if"] = condition
            if isinstance(settings.get("choices_from"), str):
                self.carried(read, settings, keys)
            if read.required_if is not None:
                required_if = joined(self.parts([read.required_if], keys, "requiredIf"))
                if required_if is not None:
                    settings["required_if"] = required_if
            specs.append(replace(read.spec, key=key, settings=settings))
        self.set_values(specs, keys)
        return specs


def _key_name(key: str, keys: Mapping[str, str]) -> str:
    """The SurveyJS name of the question ``key`` (a condition's ``{m.row}`` reads ``m``)."""
    names = {k: n for n, k in keys.items()}
    return names.get(key) or names.get(key.partition(".")[0], key)


def _shown_as(element: Mapping[str, Any], type_name: str) -> dict[str, Any]:
    """``element`` as the element type that asks the same (an image picker that allows several
    pictures is a checkbox); a picture's ``imageLink`` is left out with its display."""
    if element.get("type") == "imagepicker":
        if element.get("multiSelect") is True:
            type_name = "checkbox"
        choices = element.get("choices")
        if isinstance(choices, list):
            choices = [{k: v for k, v in c.items() if k != "imageLink"}
                       if isinstance(c, Mapping) else c for c in choices]  # fmt: skip
        element = {k: v for k, v in element.items()
                   if k not in IMAGE_PICKER_DROPPED and k != "multiSelect"}  # fmt: skip
        if choices is not None:
            element["choices"] = choices
    return {**element, "type": type_name}


def _two_choices(element: Mapping[str, Any]) -> dict[str, Any]:
    """A ``boolean`` storing ``valueTrue``/``valueFalse`` as the radio group it amounts to."""
    choices = [
        {"value": element.get(value, default), "text": element.get(label, word)}
        for value, default, label, word in (
            ("valueTrue", True, "labelTrue", "Yes"), ("valueFalse", False, "labelFalse", "No")
        )
    ]  # fmt: skip
    read_here = ("valueTrue", "valueFalse", "labelTrue", "labelFalse", "renderAs")
    rest = {k: v for k, v in element.items() if k not in read_here}
    return {**rest, "type": "radiogroup", "choices": choices}


def _items(raw: object, key: str) -> list[dict[str, Any]]:
    """Rows (by ``value``) or columns (by ``name``) as objects; a bare text is its own value."""
    if not isinstance(raw, list):
        return []
    items = [item if isinstance(item, Mapping) else {key: item} for item in raw]
    return [dict(i) for i in items if isinstance(i.get(key), (str, int, float))]


def _standard_measure(read: FromSurveyJS) -> FromSurveyJS:
    """A plain rating that is a standard measure by its scale and words (a 1–5 scale from "Very
    dissatisfied" to "Very satisfied" is CSAT) read as that measure, so an export whose kind
    marker an editor dropped still comes back as the kind it was."""
    if read.kind != "rating":
        return read
    scale = (read.settings.get("min", 1), read.settings.get("max", 5))
    labels = read.settings.get("labels", {})
    for kind in KINDS.values():
        if not isinstance(kind, ScaleKind) or not kind.default_labels:
            continue  # only the standard measures have words of their own
        if (kind.scale, kind.default_labels) == (scale, labels):
            return FromSurveyJS(kind.name, {})
    return read


def _trigger_condition(trigger: object) -> str | None:
    """A trigger's condition as ``visibleIf`` text (``expression``, or name/operator/value)."""
    if not isinstance(trigger, Mapping):
        return None
    if isinstance(trigger.get("expression"), str):
        return str(trigger["expression"])
    name, value = trigger.get("name"), trigger.get("value")
    if not isinstance(name, str) or not isinstance(value, (str, int, float)):
        return None
    operator = {"equal": "=", "notequal": "<>", "greaterorequal": ">=", "lessorequal": "<="}.get(
        str(trigger.get("operator", "equal"))
    )
    if operator is None:
        return None
    literal = str(value) if isinstance(value, (int, float)) else json.dumps(value)
    return f"{{{name}}} {operator} {literal}"


def _named(
    problems: Mapping[str, str], reads: Sequence[_Read], pages: Sequence[str]
) -> Iterator[str]:
    """The design checks' problems (``questions-2-options``, ``pages-1-show_if``) named by page
    and question (``pages`` holds where each page is)."""
    for field_name, problem in problems.items():
        if field_name == "questions":
            continue  # "add at least one question": the reading says why there are none
        head, _, setting = field_name.partition("-")
        index_text, _, setting = setting.partition("-")
        if head == "questions" and index_text.isdigit() and int(index_text) < len(reads):
            yield f"{reads[int(index_text)].where}: {setting or 'question'}: {problem}"
        elif head == "pages" and index_text.isdigit() and int(index_text) < len(pages):
            yield f"{pages[int(index_text)]}: {setting or 'page'}: {problem}"
        else:
            yield f"survey: {problem}"


def read_survey(data: object) -> SurveyJSImport:
    """Everything an import makes of ``data`` (parsed JSON); never raises on what it reads."""
    if not isinstance(data, Mapping):
        return SurveyJSImport("", "", (), (), (), (f"survey: {shown(data)} is not a JSON object",))
    reader = _Reader()
    locale = data.get("locale")
    others: set[str] = set()
    localised = in_one_language(data, locale if isinstance(locale, str) else "default", others)
    assert isinstance(localised, Mapping)
    if locale is not None and not isinstance(locale, str):
        reader.problems.append(f"survey: locale {shown(locale)} is not text")
    title, intro = reader.survey(localised)
    if others:
        kept = locale if isinstance(locale, str) else "default"
        reader.dropped.append(
            f"survey: left out the texts in {', '.join(sorted(others))} (a questionnaire here "
            f"has one language; kept {kept})"
        )
    specs = reader.resolve()
    pages = reader.pages_with_questions(reader.keys)
    if pages == [PageSpec("page1")] and not any("page_description" in s.settings for s in specs):
        # One page under SurveyJS's default name says nothing a question need keep.
        specs = [replace(s, settings={k: v for k, v in s.settings.items() if k != "page"})
                 for s in specs]  # fmt: skip
        pages = []
    if not reader.questions and not reader.problems:
        reader.problems.append("survey: has no questions")
    # The design checks name what the reading has not already named (an element refused for
    # its choices would otherwise also be told it has too few options).
    named = {p.partition(": ")[0] for p in reader.problems}
    where = {name: at for name, _title, at, _condition in reader.pages_read}
    design = _named(
        question_problems(specs, pages=pages or None),
        reader.questions,
        [where.get(p.name, f'page "{p.name}"') for p in pages],
    )
    reader.problems.extend(p for p in design if p.partition(": ")[0] not in named)
    return SurveyJSImport(
        title=title or "Imported survey",
        intro=intro,
        questions=tuple(specs),
        pages=tuple(pages),
        dropped=tuple(dict.fromkeys(reader.dropped)),
        problems=tuple(sorted(dict.fromkeys(reader.problems), key=reader.place_of)),
    )
