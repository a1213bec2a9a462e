"""SurveyJS JSON in and out, so questionnaires move between Journeymap and that ecosystem.

Pages hold elements of type text, comment, radiogroup, checkbox, dropdown, rating and boolean;
``visibleIf`` holds simple conditions on one earlier question (``{q1} <= 6``). What has no
equivalent here is refused with a list of every such thing, never silently dropped. Our kinds
without a SurveyJS type of their own (NPS, CSAT, CES, smiley) export as ``rating`` elements that
carry ``journeymapKind`` so they come back as they were.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from surveys.errors import InvalidDesign
from surveys.kinds import DEFAULT_LABELS, FIXED_SCALES
from surveys.models import SurveyVersion
from surveys.questions import QuestionSpec, question_problems

COMMON = {"type", "name", "title", "description", "isRequired"}
ALLOWED: dict[str, set[str]] = {
    "text": COMMON | {"inputType"},
    "comment": COMMON,
    "radiogroup": COMMON | {"choices", "choicesOrder"},
    "dropdown": COMMON | {"choices", "choicesOrder"},
    "checkbox": COMMON | {"choices", "choicesOrder"},
    "boolean": COMMON | {"labelTrue", "labelFalse"},
    "rating": COMMON
    | {"rateMin", "rateMax", "minRateDescription", "maxRateDescription", "rateType",
       "rateValues", "journeymapKind"},
}  # fmt: skip
ALLOWED_SURVEY = {"title", "description", "pages", "elements"}
ALLOWED_PAGE = {"name", "title", "elements"}
OPERATOR_TO_JS = {"equals": "=", "not_equals": "<>", "at_least": ">=", "at_most": "<="}
JS_TO_OPERATOR = {"=": "equals", "<>": "not_equals", "!=": "not_equals", ">=": "at_least",
                  "<=": "at_most"}  # fmt: skip
_CONDITION = re.compile(
    r"^\s*\{(?P<name>[A-Za-z0-9_.-]+)\}\s*(?:(?P<op>=|<>|!=|>=|<=)\s*(?P<value>'[^']*'|\"[^\"]*\"|-?\d+)"
    r"|(?P<word>notempty|contains)\s*(?P<cvalue>'[^']*'|\"[^\"]*\")?)\s*$"
)


def _value(raw: str) -> str | int:
    return raw[1:-1] if raw[:1] in "'\"" else int(raw)


def _condition_to_js(condition: Mapping[str, Any]) -> str:
    name, operator = condition["question"], condition.get("operator", "answered")
    if operator == "answered":
        return f"{{{name}}} notempty"
    value = condition.get("value")
    if operator == "includes":
        return f"{{{name}}} contains '{value}'"
    text = str(value)
    literal = text if text.lstrip("-").isdigit() else f"'{text}'"
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
    s = spec.settings
    element: dict[str, Any] = {"name": spec.key, "title": spec.prompt}
    if spec.help_text:
        element["description"] = spec.help_text
    if spec.required:
        element["isRequired"] = True
    kind = spec.kind
    if kind == "free_text":
        element["type"] = "text" if s.get("size") == "short" else "comment"
    elif kind in ("single_choice", "multiple_choice"):
        display = s.get("display")
        if display == "boolean":
            element.update(type="boolean", labelTrue=s["options"][0], labelFalse=s["options"][1])
        else:
            element["type"] = "checkbox" if kind == "multiple_choice" else (
                "dropdown" if display == "dropdown" else "radiogroup")  # fmt: skip
            element["choices"] = list(s.get("options", []))
            if s.get("randomise"):
                element["choicesOrder"] = "random"
    else:
        element["type"] = "rating"
        low, high = FIXED_SCALES.get(kind, (int(s.get("min", 1)), int(s.get("max", 5))))
        element.update(rateMin=low, rateMax=high)
        if kind != "rating":
            element["journeymapKind"] = kind
        if kind == "smiley":
            element["rateType"] = "smileys"
        labels = {str(k): str(v) for k, v in s.get("labels", {}).items()}
        if set(labels) <= {str(low), str(high)}:
            if str(low) in labels:
                element["minRateDescription"] = labels[str(low)]
            if str(high) in labels:
                element["maxRateDescription"] = labels[str(high)]
        else:
            element["rateValues"] = [
                {"value": n, "text": labels.get(str(n), str(n))} for n in range(low, high + 1)
            ]
    if condition := s.get("show_if"):
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
    element: Mapping[str, Any], page: Mapping[str, Any], where: str, problems: list[str]
) -> QuestionSpec | None:
    kind_name = element.get("type")
    if kind_name not in ALLOWED:
        problems.append(f"{where}: element type '{kind_name}' is not supported")
        return None
    extra = sorted(set(element) - ALLOWED[str(kind_name)] - {"visibleIf"})
    if extra:
        problems.append(f"{where}: {', '.join(extra)} cannot be imported")
    settings: dict[str, Any] = {"page": page["name"]}
    if page.get("title"):
        settings["page_title"] = str(page["title"])
    kind = "free_text"
    if kind_name in ("text", "comment"):
        if element.get("inputType", "text") != "text":
            problems.append(f"{where}: inputType '{element['inputType']}' is not supported")
        settings["size"] = "short" if kind_name == "text" else "long"
    elif kind_name in ("radiogroup", "dropdown", "checkbox"):
        kind = "multiple_choice" if kind_name == "checkbox" else "single_choice"
        options = []
        for choice in element.get("choices", []):
            if isinstance(choice, Mapping):
                value, text = choice.get("value"), choice.get("text", choice.get("value"))
                if str(value) != str(text):
                    problems.append(f"{where}: choice '{value}' shows other text ('{text}')")
                choice = value
            options.append(str(choice))
        settings["options"] = options
        if kind_name == "dropdown":
            settings["display"] = "dropdown"
        order = element.get("choicesOrder", "none")
        if order == "random":
            settings["randomise"] = True
        elif order != "none":
            problems.append(f"{where}: choicesOrder '{order}' is not supported")
    elif kind_name == "boolean":
        kind = "single_choice"
        settings.update(
            options=[str(element.get("labelTrue", "Yes")), str(element.get("labelFalse", "No"))],
            display="boolean",
        )
    else:
        kind = _rating(element, settings, where, problems)
    if "visibleIf" in element:
        condition = _condition_from_js(str(element["visibleIf"]))
        if condition is None:
            problems.append(
                f"{where}: visibleIf '{element['visibleIf']}' is not a simple condition"
            )
        else:
            settings["show_if"] = condition
    return QuestionSpec(
        kind=kind,
        prompt=str(element.get("title") or element.get("name") or ""),
        required=bool(element.get("isRequired", False)),
        help_text=str(element.get("description", "")),
        settings=settings,
        key=str(element.get("name") or "") or None,
    )


def _rating(
    element: Mapping[str, Any], settings: dict[str, Any], where: str, problems: list[str]
) -> str:
    kind = str(element.get("journeymapKind") or "rating")
    if element.get("rateType") == "smileys":
        kind = "smiley"
    low, high = int(element.get("rateMin", 1)), int(element.get("rateMax", 5))
    labels: dict[str, str] = {}
    for item in element.get("rateValues", []):
        value = item.get("value") if isinstance(item, Mapping) else item
        text = item.get("text", value) if isinstance(item, Mapping) else item
        if str(text) != str(value):
            labels[str(value)] = str(text)
    if rate_values := element.get("rateValues"):
        numbers = [int(i["value"] if isinstance(i, Mapping) else i) for i in rate_values]
        low, high = min(numbers), max(numbers)
    if "minRateDescription" in element:
        labels[str(low)] = str(element["minRateDescription"])
    if "maxRateDescription" in element:
        labels[str(high)] = str(element["maxRateDescription"])
    if kind in FIXED_SCALES:
        if (low, high) != FIXED_SCALES[kind]:
            problems.append(f"{where}: a {kind} question runs {FIXED_SCALES[kind]}")
        labels = {k: v for k, v in labels.items() if DEFAULT_LABELS[kind].get(k) != v}
    elif kind == "smiley":
        settings["max"] = high
    else:
        settings.update(min=low, max=high)
    if labels and kind != "smiley":
        settings["labels"] = labels
    return kind


def import_survey(data: object) -> tuple[str, str, list[QuestionSpec]]:
    """Title, introduction and questions from SurveyJS JSON; InvalidDesign lists what does not
    map (each item under ``fields['surveyjs']``, separated by '; ')."""
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise InvalidDesign("This is not a SurveyJS survey.", {"surveyjs": "expected an object"})
    extra = sorted(set(data) - ALLOWED_SURVEY)
    if extra:
        problems.append(f"survey: {', '.join(extra)} cannot be imported")
    pages: Sequence[Any] = data.get("pages") or (
        [{"name": "page1", "elements": data["elements"]}] if "elements" in data else []
    )
    specs: list[QuestionSpec] = []
    for p, page in enumerate(pages, start=1):
        if not isinstance(page, Mapping):
            problems.append(f"page {p}: not an object")
            continue
        if extra := sorted(set(page) - ALLOWED_PAGE):
            problems.append(f"page {p}: {', '.join(extra)} cannot be imported")
        name = str(page.get("name") or f"page{p}")
        for e, element in enumerate(page.get("elements", []), start=1):
            where = f"page {p}, element {e} ({element.get('name', '?')})"
            if (spec := _spec(element, {**page, "name": name}, where, problems)) is not None:
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
    return str(data.get("title") or "Imported survey"), str(data.get("description", "")), specs
