"""Question kinds: their scales and options, how each answer is checked, and skip logic.

One place for every way in (hosted page, widget, API, import, demo): ``surveys.answers`` checks
answers through ``CHECKERS`` and ``visible_questions``, for the response core (``surveys.intake``)
and for changes to partial responses alike.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from surveys.models import Question

MAX_TEXT_LENGTH = 5000
MAX_SHORT_TEXT_LENGTH = 500

# Fixed scales of the standard measures; "rating" (Likert) and "smiley" take theirs from settings.
FIXED_SCALES: dict[str, tuple[int, int]] = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
DEFAULT_LABELS: dict[str, dict[str, str]] = {
    "nps": {"0": "Not at all likely", "10": "Extremely likely"},
    "csat": {"1": "Very dissatisfied", "5": "Very satisfied"},
    "ces": {"1": "Very difficult", "7": "Very easy"},
}
SMILEYS: dict[int, tuple[str, ...]] = {
    3: ("☹️", "😐", "🙂"),
    5: ("😠", "☹️", "😐", "🙂", "😄"),
}
SCALE_KINDS = ("nps", "csat", "ces", "rating", "smiley")
CHOICE_KINDS = ("single_choice", "multiple_choice")
KIND_LABELS: dict[str, str] = {
    "nps": "NPS (0–10)",
    "csat": "CSAT (1–5)",
    "ces": "CES (1–7)",
    "rating": "Rating / Likert scale",
    "smiley": "Smiley scale",
    "single_choice": "Single choice",
    "multiple_choice": "Multiple choice",
    "free_text": "Free text",
}

# Skip-logic operators and the kinds they apply to.
OPERATORS: dict[str, str] = {
    "answered": "is answered",
    "equals": "is",
    "not_equals": "is not",
    "at_least": "is at least",
    "at_most": "is at most",
    "includes": "includes",
}
NUMERIC_OPERATORS = ("answered", "equals", "not_equals", "at_least", "at_most")
OPERATORS_FOR: dict[str, tuple[str, ...]] = {
    **{kind: NUMERIC_OPERATORS for kind in SCALE_KINDS},
    "single_choice": ("answered", "equals", "not_equals"),
    "multiple_choice": ("answered", "includes"),
    "free_text": ("answered",),
}


class Scaled(Protocol):
    """Anything with a question kind and settings: a stored question or a designer's spec."""

    @property
    def kind(self) -> str: ...

    @property
    def settings(self) -> Mapping[str, Any]: ...


def scale_bounds(question: Scaled) -> tuple[int, int]:
    """The inclusive scale of a scale question (a 1–5 rating unless its settings say otherwise)."""
    if question.kind in FIXED_SCALES:
        return FIXED_SCALES[question.kind]
    if question.kind == "smiley":
        return 1, int(question.settings.get("max", 5))
    return int(question.settings.get("min", 1)), int(question.settings.get("max", 5))


def scale_labels(question: Question) -> dict[str, str]:
    """Labels of scale points (``{"1": "Strongly disagree"}``); a smiley scale shows faces."""
    if question.kind == "smiley":
        low, high = scale_bounds(question)
        faces = SMILEYS.get(high, SMILEYS[5])
        return {str(n): faces[n - 1] for n in range(low, high + 1)}
    labels = dict(DEFAULT_LABELS.get(question.kind, {}))
    labels.update({str(k): str(v) for k, v in question.settings.get("labels", {}).items()})
    return labels


def options(question: Question) -> list[str]:
    """The options of a choice question, in the order the researcher set."""
    return [str(o) for o in question.settings.get("options", [])]


@dataclass(frozen=True, slots=True)
class CleanAnswer:
    """One validated answer, ready to store."""

    question: Question
    text: str | None = None
    number: float | None = None


def _clean_text(question: Question, value: object) -> CleanAnswer | str:
    if not isinstance(value, str):
        return "must be text"
    # Control characters other than line breaks and tabs carry no meaning in feedback.
    text = "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()
    short = question.settings.get("size") == "short"
    limit = MAX_SHORT_TEXT_LENGTH if short else MAX_TEXT_LENGTH
    if len(text) > limit:
        return f"must be at most {limit} characters"
    return CleanAnswer(question, text=text)


def _clean_scale(question: Question, value: object) -> CleanAnswer | str:
    low, high = scale_bounds(question)
    if isinstance(value, bool):
        return f"must be a whole number from {low} to {high}"
    try:
        number = float(value) if isinstance(value, (int, float, str)) else math.nan
    except ValueError:
        number = math.nan
    if not number.is_integer() or not low <= number <= high:
        return f"must be a whole number from {low} to {high}"
    return CleanAnswer(question, number=number)


def _clean_single(question: Question, value: object) -> CleanAnswer | str:
    if not isinstance(value, str) or value not in options(question):
        return "must be one of the options"
    return CleanAnswer(question, text=value)


def _clean_multiple(question: Question, value: object) -> CleanAnswer | str:
    chosen = [value] if isinstance(value, str) else value
    if not isinstance(chosen, list) or not all(isinstance(v, str) for v in chosen):
        return "must be a list of options"
    known = options(question)
    if any(v not in known for v in chosen):
        return "must only name options of the question"
    # Stored in the question's option order, each once, so equal answers compare equal.
    picked = [o for o in known if o in chosen]
    if not picked:
        return "choose at least one option"
    return CleanAnswer(question, text=json.dumps(picked, ensure_ascii=False))


Checker = Callable[[Question, object], "CleanAnswer | str"]
CHECKERS: dict[str, Checker] = {
    "free_text": _clean_text,
    "single_choice": _clean_single,
    "multiple_choice": _clean_multiple,
    **{kind: _clean_scale for kind in SCALE_KINDS},
}


def stored_value(kind: str, text: str | None, number: float | None) -> object:
    """An answer as clients see it: a number, a text, or a list of options (multiple choice)."""
    if number is not None:
        return int(number) if number.is_integer() else number
    if kind == "multiple_choice" and text is not None:
        try:
            return list(json.loads(text))
        except ValueError:
            return [text]
    return text


def condition_met(condition: Mapping[str, Any], answer: object) -> bool:
    """Whether an earlier question's stored-form answer meets a skip-logic condition."""
    operator, wanted = condition.get("operator", "answered"), condition.get("value")
    if answer is None or answer == [] or answer == "":
        return False
    if operator == "answered":
        return True
    if operator == "includes":
        return isinstance(answer, list) and wanted in answer
    if isinstance(answer, (int, float)):
        try:
            target = float(wanted)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
        return {
            "equals": answer == target,
            "not_equals": answer != target,
            "at_least": answer >= target,
            "at_most": answer <= target,
        }.get(str(operator), False)
    return {"equals": answer == wanted, "not_equals": answer != wanted}.get(str(operator), False)


def visible_questions(questions: Sequence[Question], answers: Mapping[str, object]) -> set[str]:
    """Keys of the questions shown given ``answers`` (key → stored-form value).

    A question with ``show_if`` is shown only when its (earlier) question is shown and answered
    so; a hidden question's answer is not stored and its "required" does not apply.
    """
    shown: set[str] = set()
    for question in questions:
        condition = question.settings.get("show_if")
        if not condition:
            shown.add(question.key)
            continue
        source = condition.get("question")
        if source in shown and condition_met(condition, answers.get(source)):
            shown.add(question.key)
    return shown
