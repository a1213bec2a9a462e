"""Listed items — choices, ranking items, matrix rows and columns — whose stored value may
differ from the text shown (``{"value": "uk", "text": "United Kingdom"}``) and may be a number
(SurveyJS's ``choices: [1, 2, 3]`` are answered with 1, not "1").

Settings keep each item as a plain text (value and text alike) or as ``{"value", "text"}``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from surveys.kinds.surveyjs_values import shown, surveyjs_item

MAX_ITEM = 200
#: Ranking items and matrix rows and columns: each is read or ranked one by one.
MAX_ITEMS = 50
#: A choice's options: real lists run long (a country or region list has about 250), and a
#: dropdown shows them all; still bounded, so one question stays a small row.
MAX_OPTIONS = 300

ItemValue = str | int | float


@dataclass(frozen=True, slots=True)
class Item:
    """One listed item: the value stored and compared, and the text a respondent reads."""

    value: ItemValue
    text: str

    @property
    def key(self) -> str:
        """The value as stored in an answer's text (``1``, ``2.5``, ``uk``)."""
        return value_key(self.value)


def value_key(value: object) -> str:
    """A value as answers store it: numbers without a trailing ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def items_of(raw: object) -> list[Item]:
    """The items a setting lists (texts or ``{"value", "text"}`` objects), in order."""
    found = []
    for entry in raw if isinstance(raw, list) else []:
        if isinstance(entry, Mapping):
            value = entry.get("value")
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                found.append(Item(value, str(entry.get("text") or value_key(value))))
        elif isinstance(entry, (str, int, float)) and not isinstance(entry, bool):
            found.append(Item(entry, value_key(entry)))
    return found


def find(items: Sequence[Item], given: object) -> Item | None:
    """The item ``given`` names: by value (1, "1" and 1.0 alike), else by its exact text."""
    if isinstance(given, bool) or not isinstance(given, (str, int, float)):
        return None
    if isinstance(given, float) and not math.isfinite(given):
        return None
    key = value_key(given)
    for item in items:
        if item.key == key:
            return item
    if isinstance(given, str):
        return next((item for item in items if item.text == given), None)
    return None


def items_problem(
    raw: object, what: str, minimum: int = 2, maximum: int = MAX_ITEMS, fewer: str = ""
) -> str | None:
    """Why a list of items does not fit (too few, too many or too long, repeated values), else
    None; ``fewer`` says what else makes a shorter list enough ("or one with Other")."""
    entries = raw if isinstance(raw, list) else []
    items = items_of(entries)
    if len(items) != len(entries):
        return f"each of the {what} is a text, or a value with a text"
    if len(items) < minimum:
        if minimum == 1:
            return f"give at least one {what.removesuffix('s')}, one per line{fewer}"
        count = {2: "two"}.get(minimum, str(minimum))
        return f"give at least {count} {what}, one per line{fewer}"
    too_long = any(not item.key.strip() or len(item.key) > MAX_ITEM for item in items)
    if len(items) > maximum or too_long or any(len(item.text) > MAX_ITEM for item in items):
        return f"at most {maximum} {what} of 1–{MAX_ITEM} characters"
    if len({item.key for item in items}) != len(items):
        return f"the {what} must differ"
    return None


def items_from_lines(text: object) -> list[Any]:
    """Items from the designer's lines: ``value = text`` gives a stored value distinct from the
    text shown (a whole number value stays a number); any other line is both."""
    found: list[Any] = []
    for line in str(text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        value, sep, shown_text = line.partition(" = ")
        if sep and value.strip() and shown_text.strip():
            stripped = value.strip()
            typed: ItemValue = int(stripped) if stripped.lstrip("-").isdigit() else stripped
            found.append({"value": typed, "text": shown_text.strip()})
        else:
            found.append(line)
    return found


def items_to_lines(raw: object) -> str:
    """The designer's lines for a list of items (the inverse of ``items_from_lines``)."""
    lines = []
    for entry in raw if isinstance(raw, list) else []:
        if isinstance(entry, Mapping):
            lines.append(f"{value_key(entry.get('value'))} = {entry.get('text', '')}")
        else:
            lines.append(str(entry))
    return "\n".join(lines)


def items_to_surveyjs(raw: object) -> list[Any]:
    """Items as SurveyJS lists them: a bare value, or ``{"value", "text"}`` when they differ."""
    return [
        item.value if item.text == item.key else {"value": item.value, "text": item.text}
        for item in items_of(raw)
    ]


def items_from_surveyjs(
    raw: object, where: str, what: str, problems: list[str]
) -> list[Any] | None:
    """Items from a SurveyJS list (``choices``, ``rows``, ``columns``; ``what`` names one of
    them: "choice"), kept as settings."""
    if raw is None:
        return None
    if not isinstance(raw, list):
        problems.append(f"{where}: {what}s {shown(raw)} is not a list")
        return None
    found: list[Any] = []
    for i, entry in enumerate(raw, start=1):
        if (read := surveyjs_item(entry, where, f"{what} {i}", problems)) is None:
            continue
        value, text = read
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            problems.append(f"{where}: {what} {i} {shown(value)} is not text or a number")
            continue
        found.append(value if text is None or text == value_key(value) else {
            "value": value, "text": text})  # fmt: skip
    return found
