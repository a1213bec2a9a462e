"""Conditions between SurveyJS's ``visibleIf`` text and our ``show_if``, names mapped to keys.

SurveyJS names questions in conditions by their SurveyJS name (``{satisfaction-score} <= 6``);
our conditions name keys. Reading maps names to keys, writing maps them back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from surveys.errors import InvalidDesign

OPERATOR_TO_JS = {"equals": "=", "not_equals": "<>", "at_least": ">=", "at_most": "<="}
JS_TO_OPERATOR = {"=": "equals", "<>": "not_equals", "!=": "not_equals", ">=": "at_least",
                  "<=": "at_most"}  # fmt: skip
# SurveyJS string constants: a backslash before a quote escapes it; any other backslash is itself.
_QUOTED = (
    r"'(?:\\['\"]|\\(?!['\"])|[^'\\])*'"
    r"|\"(?:\\['\"]|\\(?!['\"])|[^\"\\])*\""
)
_CONDITION = re.compile(
    rf"^\s*\{{(?P<name>[^{{}}]+)\}}\s*(?:(?P<op>=|<>|!=|>=|<=)\s*(?P<value>{_QUOTED}|-?[0-9]+)"
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


def condition_to_surveyjs(condition: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """Our condition as SurveyJS ``visibleIf`` text; ``names`` maps keys to SurveyJS names."""
    key = str(condition["question"])
    name, operator = names.get(key, key), condition.get("operator", "answered")
    if operator == "answered":
        return f"{{{name}}} notempty"
    text = str(condition.get("value"))
    if operator == "includes":
        return f"{{{name}}} contains {_quoted(text)}"
    # Only a plain integer goes bare: '007' or '-0' would come back as another text.
    literal = text if _INTEGER.fullmatch(text) else _quoted(text)
    return f"{{{name}}} {OPERATOR_TO_JS[operator]} {literal}"


def condition_from_surveyjs(expression: str, keys: Mapping[str, str]) -> dict[str, Any] | str:
    """Our condition for SurveyJS ``visibleIf`` text, else why it cannot be one; ``keys`` maps
    SurveyJS names to keys."""
    match = _CONDITION.match(expression)
    if match is None:
        return "is not a condition on one earlier answer"
    name = match["name"].strip()
    if name not in keys:
        return f"names '{name}', which is no question of this survey"
    key = keys[name]
    if match["word"] == "notempty" and not match["cvalue"]:
        return {"question": key, "operator": "answered"}
    if match["word"] == "contains" and match["cvalue"]:
        return {"question": key, "operator": "includes", "value": _value(match["cvalue"])}
    if match["op"]:
        value = _value(match["value"])
        return {"question": key, "operator": JS_TO_OPERATOR[match["op"]], "value": str(value)}
    return "is not a condition on one earlier answer"
