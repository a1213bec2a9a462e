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
from typing import TYPE_CHECKING, Any

from surveys.kinds import KINDS, SURVEYJS_READERS
from surveys.questions import QuestionSpec
from surveys.surveyjs.conditions import condition_to_surveyjs
from surveys.surveyjs.names import SETTING, surveyjs_name
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
    element.update(KINDS[spec.kind].to_surveyjs(spec))
    if condition := spec.settings.get("show_if"):
        element["visibleIf"] = condition_to_surveyjs(condition, names)
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


def _place(
    container: list[dict[str, Any]], panels: Sequence[Mapping[str, str]], opened: set[str]
) -> list[Any]:
    """The element list a question goes in: inside its panels, reusing the ones still open.

    A panel met again after other elements (a question moved away in the designer) opens a
    second panel of the same title; SurveyJS names must differ, so it gets a numbered name.
    """
    for panel in panels:
        last = container[-1] if container else None
        name = panel.get("name", "")
        if not (last and last.get("type") == "panel" and last.get("opened_as") == name):
            unique, number = name, 1
            while unique in opened:
                number += 1
                unique = f"{name}_{number}"
            opened.add(unique)
            last = {"type": "panel", "name": unique, "opened_as": name}
            for text in ("title", "description"):
                if panel.get(text):
                    last[text] = panel[text]
            last["elements"] = []
            container.append(last)
        container = last["elements"]
    return container


def _closed(elements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Elements without the bookkeeping ``_place`` keeps on open panels."""
    for element in elements:
        if element.get("type") == "panel":
            element.pop("opened_as", None)
            _closed(element["elements"])
    return elements


def export_specs(title: str, intro: str, specs: Sequence[QuestionSpec]) -> dict[str, Any]:
    """Questions (with keys) as a SurveyJS survey, one page per ``page`` setting."""
    names = {s.key: surveyjs_name(s.key, s.settings) for s in specs if s.key is not None}
    pages: list[dict[str, Any]] = []
    markers: list[dict[str, Any]] = []
    opened: set[str] = set()
    for spec in specs:
        page_name = str(spec.settings.get("page") or "page1")
        if not pages or pages[-1]["name"] != page_name:
            pages.append({"name": page_name})
            for setting, name in (("page_title", "title"), ("page_description", "description")):
                if text := spec.settings.get(setting):
                    pages[-1][name] = text
            pages[-1]["elements"] = []
        element = _element(spec, names)
        if (kind := element.pop("journeymapKind", None)) is not None and _read_as(element) != kind:
            markers.append({"name": f"{KIND_MARKER}{element['name']}", "expression": f"'{kind}'"})
        _place(pages[-1]["elements"], _panels(spec), opened).append(element)
    survey: dict[str, Any] = {"title": title}
    if intro:
        survey["description"] = intro
    survey["pages"] = [{**page, "elements": _closed(page["elements"])} for page in pages]
    if any(s.settings.get("show_if") for s in specs):
        # Here an answer to a question that gets hidden is dropped at once, so a condition on
        # it no longer holds; SurveyJS keeps it until the end unless told to clear it on hiding.
        survey["clearInvisibleValues"] = "onHidden"
    if markers:
        survey["calculatedValues"] = markers
    return survey


def export_version(title: str, intro: str, version: SurveyVersion) -> dict[str, Any]:
    """A survey version as SurveyJS JSON."""
    from surveys.lifecycle import spec_of  # lifecycle imports design; keep this module light

    return export_specs(title, intro, [spec_of(q) for q in version.questions])
