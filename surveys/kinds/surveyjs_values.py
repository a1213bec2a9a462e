"""Reading the values SurveyJS JSON holds (texts, whole numbers, items) with a list of problems:
shared by the kinds' element mappings and the document-level bridge (``surveys.surveyjs``)."""

from __future__ import annotations

import json
from collections.abc import Mapping

#: Properties a choice or a ``rateValues`` entry may have when given as an object.
ALLOWED_ITEM = {"value", "text"}


def shown(value: object) -> str:
    """``value`` as the JSON it came from, short enough for a list of problems."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def surveyjs_text(value: object, where: str, field: str, problems: list[str]) -> str:
    """The text of a SurveyJS text property: a string, a number, or a localised text (its
    default language, else the first it gives: a questionnaire here has one language)."""
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
    problems.append(f"{where}: {field} {shown(value)} is not text")
    return ""


def whole_number(value: object) -> int | None:
    """``value`` if it is a whole number (JSON's 3 or 3.0), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def surveyjs_item(
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
    text = surveyjs_text(item["text"], where, f"{label} text", problems) if "text" in item else None
    return item["value"], text
