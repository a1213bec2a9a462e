"""Writing a survey version as SurveyJS JSON that SurveyJS and its editor read as we mean it.

Only standard SurveyJS properties are written, so survey-core loads an export without warnings
and SurveyJS's editor keeps all of it when it saves the file again. A kind whose element type
alone does not say it (NPS, CSAT and CES are ``rating`` elements there) names itself in its
element's ``journeymapKind``, which SurveyJS does not know; the document carries it instead as
a calculated value ``journeymapKind_<question>`` holding the kind's name: calculated values are
part of the standard survey JSON, invisible to respondents, and kept by the editor.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from surveys.answer_names import SETTING, surveyjs_name
from surveys.errors import InvalidDesign
from surveys.kinds import KINDS, SURVEYJS_READERS
from surveys.kinds.carry import carry_of
from surveys.pages import PageSpec, page_specs
from surveys.questions import QuestionSpec, assign_keys
from surveys.surveyjs.conditions import condition_to_surveyjs
from surveys.surveyjs.reading import KIND_MARKER

if TYPE_CHECKING:
    from surveys.models import SurveyVersion


def _element(spec: QuestionSpec, names: Mapping[str, str]) -> dict[str, Any]:
    """One question's element: what the document says of every question, then its kind's part
    (which may name the kind in ``journeymapKind``)."""
    assert spec.key is not None
    element: dict[str, Any] = {"name": names[spec.key], "title": spec.prompt}
    if spec.help_text:
        element["description"] = spec.help_text
    if spec.required:
        element["isRequired"] = True
    elif (condition := condition_to_surveyjs(spec.settings.get("required_if"), names)) is not None:
        element["requiredIf"] = condition
    element.update(KINDS[spec.kind].to_surveyjs(spec))
    if (carry := carry_of(spec.settings)) is not None:
        # SurveyJS offers the earlier question's choices and ignores any of the element's own.
        del element["choices"]
        element["choicesFromQuestion"] = names.get(carry[0], carry[0])
        if carry[1] != "all":
            element["choicesFromQuestionMode"] = carry[1]
    if (condition := condition_to_surveyjs(spec.settings.get("show_if"), names)) is not None:
        element["visibleIf"] = condition
    return element


def _read_as(element: Mapping[str, Any]) -> str | None:
    """The kind an import reads ``element`` as without a kind marker (a smiley scale says
    itself; an NPS question is a plain rating there)."""
    reader = SURVEYJS_READERS.get(str(element.get("type")))
    return reader.from_surveyjs(element, "", []).kind if reader else None


def _panels(spec: QuestionSpec) -> list[dict[str, str]]:
    bridge = spec.settings.get(SETTING)
    panels = bridge.get("panels") if isinstance(bridge, Mapping) else None
    return [dict(p) for p in panels] if isinstance(panels, list) else []


#: Why a question may no longer fit the group it was imported from.
WHY_NOT = {
    "multipletext": "SurveyJS's boxes are short answers with no description or condition of "
    "their own",
    "matrixdropdown": "SurveyJS's cells show their row and column, and a column holds one "
    "kind of cell",
}
#: What a question's element may keep as a box of a ``multipletext`` (SurveyJS's boxes have
#: no description and no condition of their own, and say a number's range with a validator).
BOX_PROPERTIES = ("inputType", "isRequired", "maxLength", "validators")


class _Writer:
    """One export: the pages written so far, and what the export could not keep as it was."""

    def __init__(self, specs: Sequence[QuestionSpec], pages: Sequence[PageSpec]) -> None:
        self.names = {s.key: surveyjs_name(s.key, s.settings) for s in specs if s.key}
        self.page_specs = {p.name: p for p in pages}
        self.pages: list[dict[str, Any]] = []
        self.markers: list[dict[str, Any]] = []
        self.losses: list[str] = []
        self.opened: set[str] = set()

    def page(self, spec: QuestionSpec) -> list[dict[str, Any]]:
        """The element list of the question's page, opened when it is a new page."""
        name = str(spec.settings.get("page") or "page1")
        if not self.pages or self.pages[-1]["name"] != name:
            page: dict[str, Any] = {"name": name}
            self.pages.append(page)
            for setting, prop in (("page_title", "title"), ("page_description", "description")):
                if text := spec.settings.get(setting):
                    page[prop] = text
            if (stored := self.page_specs.get(name)) is not None:
                if stored.title:
                    page["title"] = stored.title
                if (condition := condition_to_surveyjs(stored.show_if, self.names)) is not None:
                    page["visibleIf"] = condition
                if stored.end_if:
                    self.losses.append(
                        f'page "{name}" ends the survey when {stored.end_if}: SurveyJS has no '
                        "such page setting, so its export asks the pages after it"
                    )
            page["elements"] = []
        elements: list[dict[str, Any]] = self.pages[-1]["elements"]
        return elements

    def add(self, spec: QuestionSpec) -> None:
        """One question, inside its panels (or as a box of its ``multipletext``)."""
        element = _element(spec, self.names)
        if (kind := element.pop("journeymapKind", None)) is not None and _read_as(element) != kind:
            self.markers.append(
                {"name": f"{KIND_MARKER}{element['name']}", "expression": f"'{kind}'"}
            )
        panels = _panels(spec)
        container = self.page(spec)
        group = panels[-1].get("type") if panels else None
        if group in ("multipletext", "matrixdropdown"):
            fits = (
                self.box(container, panels, element, spec.settings.get("required_group"))
                if group == "multipletext"
                else self.cell(container, panels, element, spec)
            )
            if fits:
                return
            assert spec.key is not None
            where = panels[-1].get("title") or panels[-1].get("name")
            self.losses.append(
                f'question "{element["name"]}" no longer fits its {group} "{where}" '
                f"({WHY_NOT[str(group)]}): it is written as a question of its own, named "
                f'"{spec.key}"'
            )
            element["name"] = spec.key
            panels = panels[:-1]
        self.place(container, panels).append(element)

    def cell(
        self,
        container: list[dict[str, Any]],
        panels: list[dict[str, str]],
        element: dict[str, Any],
        spec: QuestionSpec,
    ) -> bool:
        """Whether ``element`` went into its ``matrixdropdown`` as a cell: its column holds the
        same kind of cell in every row, and it is shown when the matrix is."""
        bridge = spec.settings.get(SETTING, {})
        cell = bridge.get("cell") if isinstance(bridge, Mapping) else None
        if not isinstance(cell, Mapping):
            return False
        row, column = dict(cell.get("row", {})), dict(cell.get("column", {}))
        title = f"{row.get('text', row.get('value'))} – {column.get('title', column.get('name'))}"
        if element.get("title") != title or "description" in element:
            return False
        prefix = f"{panels[-1].get('name', '')}."
        outer = self.place(container, panels[:-1])
        last = outer[-1] if outer else None
        condition = element.get("visibleIf")
        if not (last and last.get("type") == "matrixdropdown" and last.get("opened_as") == prefix):
            last = self.open(panels[-1], "matrixdropdown", "columns")
            last.update(opened_as=prefix, rows=[], cells=set())
            if condition:
                last["visibleIf"] = condition
            outer.append(last)
        definition: dict[str, Any] = {"name": column.get("name")}
        if "title" in column:
            definition["title"] = column["title"]
        if element.get("type") != "dropdown":
            definition["cellType"] = element.get("type")
        skip = ("type", "name", "title", "visibleIf")
        definition.update({k: v for k, v in element.items() if k not in skip})
        known = next((c for c in last["columns"] if c["name"] == definition["name"]), None)
        at = (row.get("value"), definition["name"])
        if last.get("visibleIf") != condition or known not in (None, definition):
            return False
        if at in last["cells"]:
            return False
        if known is None:
            last["columns"].append(definition)
        if all(r.get("value") != row.get("value") for r in last["rows"]):
            last["rows"].append({k: row[k] for k in ("value", "text") if k in row})
        last["cells"].add(at)
        return True

    def box(
        self,
        container: list[dict[str, Any]],
        panels: list[dict[str, str]],
        element: dict[str, Any],
        required_group: object = None,
    ) -> bool:
        """Whether ``element`` went into its ``multipletext`` as a box; a group required as a
        whole (``required_group``, the same for all its boxes) is ``isRequired`` there."""
        group = panels[-1]
        prefix = f"{group.get('name', '')}."
        condition = element.get("visibleIf")
        whole = required_group is not None
        if (
            element.get("type") != "text"
            or "description" in element
            or "requiredIf" in element
            or "step" in element
            or not str(element["name"]).startswith(prefix)
        ):
            return False
        outer = self.place(container, panels[:-1])
        last = outer[-1] if outer else None
        if not (last and last.get("type") == "multipletext" and last.get("opened_as") == prefix):
            last = self.open(group, "multipletext", "items")
            last["opened_as"] = prefix
            if condition:
                last["visibleIf"] = condition
            if whole:
                last["isRequired"] = True
            outer.append(last)
        if last.get("visibleIf") != condition or last.get("isRequired", False) != whole:
            return False
        box = {"name": str(element["name"]).removeprefix(prefix), "title": element["title"]}
        box.update({k: element[k] for k in BOX_PROPERTIES if k in element})
        bounds = {"minValue": element.get("min"), "maxValue": element.get("max")}
        if any(v is not None for v in bounds.values()):
            # survey-core knows no min/max on a box: the range is a numeric validator there,
            # which an import reads back as the number's range.
            numeric = {"type": "numeric", **{k: v for k, v in bounds.items() if v is not None}}
            box["validators"] = [*box.get("validators", []), numeric]
        last["items"].append(box)
        return True

    def open(self, panel: Mapping[str, str], type_name: str, inside: str) -> dict[str, Any]:
        """A new panel (or group) element with a name no other element has."""
        name = panel.get("name", "")
        unique, number = name, 1
        while unique in self.opened:
            number += 1
            unique = f"{name}_{number}"
        self.opened.add(unique)
        element: dict[str, Any] = {"type": type_name, "name": unique}
        for text in ("title", "description"):
            if panel.get(text):
                element[text] = panel[text]
        element[inside] = []
        return element

    def place(
        self, container: list[dict[str, Any]], panels: Sequence[Mapping[str, str]]
    ) -> list[Any]:
        """The element list a question goes in: inside its panels, reusing the ones still open.

        A panel met again after other elements (a question moved away in the designer) opens
        a second panel of the same title; SurveyJS names must differ, so it gets a number.
        """
        for panel in panels:
            last = container[-1] if container else None
            name = panel.get("name", "")
            if not (last and last.get("type") == "panel" and last.get("opened_as") == name):
                last = self.open(panel, "panel", "elements")
                last["opened_as"] = name
                container.append(last)
            container = last["elements"]
        return container


def _closed(elements: list[dict[str, Any]], losses: list[str]) -> list[dict[str, Any]]:
    """Elements without the bookkeeping the writer keeps on open panels and groups; a matrix
    whose grid misses cells (a question removed in the designer) is listed in ``losses``."""
    for element in elements:
        element.pop("opened_as", None)
        if element.get("type") == "panel":
            _closed(element["elements"], losses)
        if element.get("type") == "matrixdropdown":
            cells = element.pop("cells")
            missing = len(element["rows"]) * len(element["columns"]) - len(cells)
            if missing:
                losses.append(
                    f'matrix "{element["name"]}" shows {missing} cells in SurveyJS that are '
                    "not asked here (their questions were removed)"
                )
    return elements


def _written(specs: Sequence[QuestionSpec], pages: Sequence[PageSpec]) -> _Writer:
    writer = _Writer(specs, pages)
    for spec in specs:
        writer.add(spec)
    for page in writer.pages:
        _closed(page["elements"], writer.losses)
    return writer


def export_specs(
    title: str, intro: str, specs: Sequence[QuestionSpec], pages: Sequence[PageSpec] = ()
) -> dict[str, Any]:
    """Questions (with keys) as a SurveyJS survey, one page per ``page`` setting; ``pages``
    gives the pages' titles and conditions."""
    writer = _written(specs, pages)
    survey: dict[str, Any] = {"title": title}
    if intro:
        survey["description"] = intro
    survey["pages"] = writer.pages
    # A repeating group's fields may be hidden row by row, by conditions of their own.
    row_conditions = any(
        isinstance(f, Mapping) and f.get("show_if")
        for s in specs
        if s.kind == "repeat"
        for f in s.settings.get("fields", [])
    )
    if (
        any(s.settings.get("show_if") for s in specs)
        or any(p.show_if for p in pages)
        or row_conditions
    ):
        # Here an answer to a question that gets hidden is dropped at once, so a condition on
        # it no longer holds; SurveyJS keeps it until the end unless told to clear it on hiding.
        survey["clearInvisibleValues"] = "onHidden"
    if writer.markers:
        survey["calculatedValues"] = writer.markers
    if triggers := _set_value_triggers(specs, writer.names):
        survey["triggers"] = triggers
    return survey


def _set_value_triggers(
    specs: Sequence[QuestionSpec], names: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Each question's set-value rules as SurveyJS ``setvalue`` triggers, in question order."""
    triggers = []
    for spec in specs:
        for rule in spec.settings.get("set_by") or []:
            expression = condition_to_surveyjs(rule.get("if"), names)
            if expression is not None and spec.key is not None:
                trigger = {"type": "setvalue", "expression": expression}
                trigger |= {"setToName": names[spec.key], "setValue": rule.get("value")}
                triggers.append(trigger)
    return triggers


def export_losses(specs: Sequence[QuestionSpec], pages: Sequence[PageSpec] = ()) -> list[str]:
    """What an export of ``specs`` cannot write as the questions say (shown before saving)."""
    # The designer asks before saving: questions may have no key yet, or a kind no one knows.
    known = [s for s in specs if s.kind in KINDS]
    keyed = [replace(s, key=k) for s, k in zip(known, assign_keys(known), strict=True)]
    try:
        return _written(keyed, pages).losses
    except InvalidDesign as refused:  # a condition SurveyJS has no spelling for
        return [refused.message]


def export_version(title: str, intro: str, version: SurveyVersion) -> dict[str, Any]:
    """A survey version as SurveyJS JSON."""
    from surveys.lifecycle import spec_of  # lifecycle imports design; keep this module light

    questions = list(version.questions)
    pages = page_specs(version.pages, questions)
    return export_specs(title, intro, [spec_of(q) for q in questions], pages)
