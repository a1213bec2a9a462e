"""SurveyJS JSON in and out, so questionnaires move between Journeymap and that ecosystem.

Pages hold elements of type text, comment, radiogroup, checkbox, dropdown, rating and boolean;
``visibleIf`` holds simple conditions on one earlier question (``{q1} <= 6``). What has no
equivalent here is refused with a list of every such thing, never silently dropped. Our kinds
without a SurveyJS type of their own (NPS, CSAT, CES, smiley) export as ``rating`` elements that
carry ``journeymapKind`` so they come back as they were. A localised text
(``{"default": "Hello", "de": "Hallo"}``) comes in in its default language, or the first one it
gives: a questionnaire here has one language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from surveys import expressions
from surveys.errors import InvalidDesign
from surveys.kinds import KINDS, SURVEYJS_READERS
from surveys.kinds.surveyjs_values import shown as _shown
from surveys.kinds.surveyjs_values import surveyjs_text as _text
from surveys.models import SurveyVersion
from surveys.questions import QuestionSpec, question_problems

COMMON = {"type", "name", "title", "description", "isRequired"}
CHOICE_PROPS = {"choices", "choicesOrder", "showOtherItem", "hasOther", "otherText",
                "showNoneItem", "hasNone", "noneText"}  # fmt: skip
ALLOWED: dict[str, set[str]] = {
    "text": COMMON | {"inputType", "maxLength", "min", "max", "step", "validators"},
    "comment": COMMON | {"maxLength", "validators"},
    "radiogroup": COMMON | CHOICE_PROPS,
    "dropdown": COMMON | CHOICE_PROPS | {"placeholder"},
    "checkbox": COMMON | CHOICE_PROPS,
    "tagbox": COMMON | CHOICE_PROPS,
    "boolean": COMMON | {"labelTrue", "labelFalse", "valueTrue", "valueFalse"},
    "ranking": COMMON | {"choices", "choicesOrder", "selectToRankEnabled"},
    "matrix": COMMON | {"rows", "columns", "isAllRowRequired"},
    "rating": COMMON
    | {"rateMin", "rateMax", "minRateDescription", "maxRateDescription", "rateType",
       "rateValues", "journeymapKind"},
}  # fmt: skip
ALLOWED_SURVEY = {"title", "description", "pages", "elements"}
ALLOWED_PAGE = {"name", "title", "elements"}
OPERATOR_TO_JS = {"equals": "=", "not_equals": "<>", "at_least": ">=", "at_most": "<="}
JS_TO_OPERATOR = {"=": "equals", "<>": "not_equals", "!=": "not_equals", ">=": "at_least",
                  "<=": "at_most"}  # fmt: skip
# SurveyJS string constants: a backslash before a quote escapes it; any other backslash is itself.
_QUOTED = (
    r"'(?:\\['\"]|\\(?!['\"])|[^'\\])*'"
    r"|\"(?:\\['\"]|\\(?!['\"])|[^\"\\])*\""
)
_CONDITION = re.compile(
    rf"^\s*\{{(?P<name>[A-Za-z0-9_.-]+)\}}\s*(?:(?P<op>=|<>|!=|>=|<=)\s*(?P<value>{_QUOTED}|-?[0-9]+)"
    rf"|(?P<word>notempty|contains)\s*(?P<cvalue>{_QUOTED})?)\s*$"
)
_INTEGER = re.compile(r"0|-?[1-9][0-9]*")


def _value(raw: str) -> str | int:
    if raw[:1] in ("'", '"'):
        return re.sub(r"\\(['\"])", r"\1", raw[1:-1])
    return int(raw)


def _quoted(text: str) -> str:
    """``text`` as a SurveyJS string constant; InvalidDesign if SurveyJS cannot spell it."""
    # SurveyJS reads a backslash before a quote as an escape and has no escape for a backslash,
    # so such a value cannot be written in a way it reads back as the same text.
    if re.search(r"\\(['\"]|$)", text):
        raise InvalidDesign(
            f"The condition value '{text}' cannot be written in SurveyJS: a backslash before a "
            "quote or at the end has no spelling there. Change the option and export again.",
            {"surveyjs": f"condition value '{text}' has a backslash before a quote or at the end"},
        )
    # A quote of either kind inside a SurveyJS string must be escaped, whichever quote encloses it.
    return "'" + text.replace("'", "\\'").replace('"', '\\"') + "'"


def _condition_to_js(condition: Mapping[str, Any] | str) -> str:
    if isinstance(condition, str):  # already an expression, kept as written
        return condition
    name, operator = condition["question"], condition.get("operator", "answered")
    if operator == "answered":
        return f"{{{name}}} notempty"
    text = str(condition.get("value"))
    if operator == "includes":
        return f"{{{name}}} contains {_quoted(text)}"
    # Only a plain integer goes bare: '007' or '-0' would come back as another text.
    literal = text if _INTEGER.fullmatch(text) else _quoted(text)
    return f"{{{name}}} {OPERATOR_TO_JS[operator]} {literal}"


def _condition_from_js(expression: str) -> dict[str, Any] | None:
    match = _CONDITION.match(expression)
    if match is None:
        return None
    if match["word"] == "notempty" and not match["cvalue"]:
        return {"question": match["name"], "operator": "answered"}
    if match["word"] == "contains" and match["cvalue"]:
        return {"question": match["name"], "operator": "includes", "value": _value(match["cvalue"])}
    if match["op"]:
        value = _value(match["value"])
        return {"question": match["name"], "operator": JS_TO_OPERATOR[match["op"]],
                "value": str(value)}  # fmt: skip
    return None


def _element(spec: QuestionSpec) -> dict[str, Any]:
    element: dict[str, Any] = {"name": spec.key, "title": spec.prompt}
    if spec.help_text:
        element["description"] = spec.help_text
    if spec.required:
        element["isRequired"] = True
    element.update(KINDS[spec.kind].to_surveyjs(spec))
    if condition := spec.settings.get("show_if"):
        element["visibleIf"] = _condition_to_js(condition)
    return element


def export_version(title: str, intro: str, version: SurveyVersion) -> dict[str, Any]:
    """A survey version as SurveyJS JSON (one page per ``page`` setting, else one page)."""
    pages: list[dict[str, Any]] = []
    for question in version.questions:
        from surveys.lifecycle import spec_of  # lifecycle imports design; keep this module light

        spec = spec_of(question)
        page_name = str(spec.settings.get("page") or "page1")
        if not pages or pages[-1]["name"] != page_name:
            pages.append({"name": page_name, "elements": []})
            if page_title := spec.settings.get("page_title"):
                pages[-1]["title"] = page_title
        pages[-1]["elements"].append(_element(spec))
    survey: dict[str, Any] = {"title": title}
    if intro:
        survey["description"] = intro
    survey["pages"] = pages
    return survey


def _spec(
    element: object, page: Mapping[str, Any], where: str, problems: list[str]
) -> QuestionSpec | None:
    if not isinstance(element, Mapping):
        problems.append(f"{where}: not an object")
        return None
    kind_name = element.get("type")
    if not isinstance(kind_name, str) or kind_name not in ALLOWED:
        shown = f"'{kind_name}'" if isinstance(kind_name, str) else _shown(kind_name)
        problems.append(f"{where}: element type {shown} is not supported")
        return None
    extra = sorted(set(element) - ALLOWED[kind_name] - {"visibleIf"})
    if extra:
        problems.append(f"{where}: {', '.join(extra)} cannot be imported")
    read = SURVEYJS_READERS[kind_name].from_surveyjs(element, where, problems)
    settings: dict[str, Any] = {**page, **read.settings}
    kind = read.kind
    if "visibleIf" in element:
        expression = element["visibleIf"]
        condition = _condition_from_js(expression) if isinstance(expression, str) else None
        if condition is not None:
            settings["show_if"] = condition
        elif isinstance(expression, str):
            try:
                expressions.parse(expression)
            except expressions.ConditionError as error:
                problems.append(f"{where}: visibleIf {_shown(expression)}: {error}")
            else:
                settings["show_if"] = expression  # kept as written: SurveyJS reads it the same
        else:
            problems.append(f"{where}: visibleIf {_shown(expression)} is not text")
    name = element.get("name")
    if name is not None and not isinstance(name, str):
        problems.append(f"{where}: name {_shown(name)} is not text")
        name = None
    required = element.get("isRequired", False)
    if not isinstance(required, bool):
        problems.append(f"{where}: isRequired {_shown(required)} is not true or false")
        required = False
    return QuestionSpec(
        kind=kind,
        prompt=_text(element.get("title"), where, "title", problems) or name or "",
        required=required,
        help_text=_text(element.get("description"), where, "description", problems),
        settings=settings,
        key=name or None,
    )


def _pages(data: Mapping[str, Any], problems: list[str]) -> Sequence[object]:
    pages = data.get("pages")
    if pages is not None and not isinstance(pages, list):
        problems.append(f"survey: pages {_shown(pages)} is not a list")
        return []
    if pages:
        return pages
    if "elements" in data:
        return [{"name": "page1", "elements": data["elements"]}]
    return []


def import_survey(data: object) -> tuple[str, str, list[QuestionSpec]]:
    """Title, introduction and questions from SurveyJS JSON; InvalidDesign lists what does not
    map (each item under ``fields['surveyjs']``, separated by '; ')."""
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise InvalidDesign("This is not a SurveyJS survey.", {"surveyjs": "expected an object"})
    extra = sorted(set(data) - ALLOWED_SURVEY)
    if extra:
        problems.append(f"survey: {', '.join(extra)} cannot be imported")
    title = _text(data.get("title"), "survey", "title", problems)
    intro = _text(data.get("description"), "survey", "description", problems)
    specs: list[QuestionSpec] = []
    for p, page in enumerate(_pages(data, problems), start=1):
        if not isinstance(page, Mapping):
            problems.append(f"page {p}: not an object")
            continue
        if extra := sorted(set(page) - ALLOWED_PAGE):
            problems.append(f"page {p}: {', '.join(extra)} cannot be imported")
        name = page.get("name")
        if name is not None and not isinstance(name, str):
            problems.append(f"page {p}: name {_shown(name)} is not text")
        settings: dict[str, Any] = {"page": name if isinstance(name, str) and name else f"page{p}"}
        if page_title := _text(page.get("title"), f"page {p}", "title", problems):
            settings["page_title"] = page_title
        elements = page.get("elements", [])
        if not isinstance(elements, list):
            problems.append(f"page {p}: elements {_shown(elements)} is not a list")
            continue
        for e, element in enumerate(elements, start=1):
            key = element.get("name") if isinstance(element, Mapping) else None
            where = f"page {p}, element {e} ({key if isinstance(key, str) and key else '?'})"
            if (spec := _spec(element, settings, where, problems)) is not None:
                specs.append(spec)
    if not specs and not problems:
        problems.append("the survey has no questions")
    if not problems:
        problems.extend(f"{k}: {v}" for k, v in question_problems(specs).items())
    if problems:
        raise InvalidDesign(
            "This SurveyJS survey cannot be imported: " + "; ".join(problems),
            {"surveyjs": "; ".join(problems)},
        )
    return title or "Imported survey", intro, specs
