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

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from surveys.errors import InvalidDesign
from surveys.kinds import DEFAULT_LABELS, FIXED_SCALES, SCALE_KINDS, SMILEYS
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
ALLOWED_ITEM = {"value", "text"}  # a choice or a rateValues entry given as an object
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


def _condition_to_js(condition: Mapping[str, Any]) -> str:
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


def _shown(value: object) -> str:
    """``value`` as the JSON it came from, short enough for a list of problems."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _text(value: object, where: str, field: str, problems: list[str]) -> str:
    """The text of a SurveyJS text property: a string, a number, or a localised text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Mapping):
        default = value.get("default")
        if isinstance(default, str):
            return default
        if (first := next((v for v in value.values() if isinstance(v, str)), None)) is not None:
            return first
    problems.append(f"{where}: {field} {_shown(value)} is not text")
    return ""


def _whole(value: object) -> int | None:
    """``value`` if it is a whole number (JSON's 3 or 3.0), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _item(
    item: object, where: str, label: str, problems: list[str]
) -> tuple[object, str | None] | None:
    """(value, text or None) of a choice or rateValues entry, or None when it has no value."""
    if not isinstance(item, Mapping):
        return item, None
    if extra := sorted(set(item) - ALLOWED_ITEM):
        problems.append(f"{where}: {label}: {', '.join(extra)} cannot be imported")
    if "value" not in item:
        problems.append(f"{where}: {label} has no value")
        return None
    text = _text(item["text"], where, f"{label} text", problems) if "text" in item else None
    return item["value"], text


def _options(element: Mapping[str, Any], where: str, problems: list[str]) -> list[str]:
    choices = element.get("choices", [])
    if not isinstance(choices, list):
        problems.append(f"{where}: choices {_shown(choices)} is not a list")
        return []
    options = []
    for c, choice in enumerate(choices, start=1):
        if (item := _item(choice, where, f"choice {c}", problems)) is None:
            continue
        value, text = item
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            problems.append(f"{where}: choice {c} {_shown(value)} is not text or a number")
            continue
        if text is not None and text != str(value):
            problems.append(f"{where}: choice '{value}' shows other text ('{text}')")
        options.append(str(value))
    return options


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
    settings: dict[str, Any] = dict(page)
    kind = "free_text"
    if kind_name in ("text", "comment"):
        if element.get("inputType", "text") != "text":
            problems.append(f"{where}: inputType '{element['inputType']}' is not supported")
        settings["size"] = "short" if kind_name == "text" else "long"
    elif kind_name in ("radiogroup", "dropdown", "checkbox"):
        kind = "multiple_choice" if kind_name == "checkbox" else "single_choice"
        settings["options"] = _options(element, where, problems)
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
            options=[
                _text(element.get("labelTrue", "Yes"), where, "labelTrue", problems),
                _text(element.get("labelFalse", "No"), where, "labelFalse", problems),
            ],
            display="boolean",
        )
    else:
        kind = _rating(element, settings, where, problems)
    if "visibleIf" in element:
        expression = element["visibleIf"]
        condition = _condition_from_js(expression) if isinstance(expression, str) else None
        if condition is None:
            problems.append(f"{where}: visibleIf {_shown(expression)} is not a simple condition")
        else:
            settings["show_if"] = condition
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


def _scale_end(
    element: Mapping[str, Any], field: str, default: int, where: str, problems: list[str]
) -> int:
    if field not in element:
        return default
    if (number := _whole(element[field])) is None:
        problems.append(f"{where}: {field} {_shown(element[field])} is not a whole number")
        return default
    return number


def _rate_values(
    element: Mapping[str, Any], labels: dict[str, str], where: str, problems: list[str]
) -> tuple[int, int] | None:
    """The scale ``rateValues`` spells out (its texts go to ``labels``), or None if it has none."""
    rate_values = element.get("rateValues")
    if rate_values is None or rate_values == []:
        return None
    if not isinstance(rate_values, list):
        problems.append(f"{where}: rateValues {_shown(rate_values)} is not a list")
        return None
    numbers = []
    for i, entry in enumerate(rate_values, start=1):
        if (item := _item(entry, where, f"rateValues entry {i}", problems)) is None:
            continue
        value, text = item
        if (number := _whole(value)) is None:
            problems.append(f"{where}: rateValues entry {i} {_shown(value)} is not a whole number")
            continue
        numbers.append(number)
        if text is not None and text != str(number):
            labels[str(number)] = text
    if not numbers:
        return None
    # Our scales are every whole number from low to high, in order; anything else would change.
    if numbers != list(range(numbers[0], numbers[-1] + 1)):
        problems.append(f"{where}: rateValues must run up one by one, not {_shown(numbers)}")
    return min(numbers), max(numbers)


def _rating(
    element: Mapping[str, Any], settings: dict[str, Any], where: str, problems: list[str]
) -> str:
    smileys = element.get("rateType") == "smileys"
    kind = "smiley" if smileys else "rating"
    # journeymapKind only brings our scale kinds back. SurveyJS shows the element as a scale
    # whatever the marker says, so another kind (free text, a choice) would ask something else
    # than the file shows: it is refused, as is a marker that contradicts rateType.
    if (marker := element.get("journeymapKind")) is not None:
        if marker not in SCALE_KINDS:
            problems.append(
                f"{where}: journeymapKind {_shown(marker)} is not one of {', '.join(SCALE_KINDS)}"
            )
        elif smileys and marker != "smiley":
            problems.append(f"{where}: rateType 'smileys' contradicts journeymapKind '{marker}'")
        else:
            kind = str(marker)
    low = _scale_end(element, "rateMin", 1, where, problems)
    high = _scale_end(element, "rateMax", 5, where, problems)
    labels: dict[str, str] = {}
    if (scale := _rate_values(element, labels, where, problems)) is not None:
        low, high = scale
    for field, point in (("minRateDescription", low), ("maxRateDescription", high)):
        if field in element:
            labels[str(point)] = _text(element[field], where, field, problems)
    if kind in FIXED_SCALES:
        if (low, high) != FIXED_SCALES[kind]:
            fixed_low, fixed_high = FIXED_SCALES[kind]
            problems.append(
                f"{where}: a {kind} question runs {fixed_low}–{fixed_high}, not {low}–{high}"
            )
        labels = {k: v for k, v in labels.items() if DEFAULT_LABELS[kind].get(k) != v}
    elif kind == "smiley":
        # A smiley scale here is 1 up to 3 or 5 faces and shows faces, never words.
        if low != 1 or high not in SMILEYS:
            sizes = " or ".join(str(n) for n in sorted(SMILEYS))
            problems.append(f"{where}: a smiley scale runs from 1 to {sizes}, not {low}–{high}")
        if labels:
            problems.append(
                f"{where}: a smiley scale shows faces, so its labels cannot be imported"
            )
        settings["max"] = high
    else:
        settings.update(min=low, max=high)
    if labels and kind != "smiley":
        settings["labels"] = labels
    return kind


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
