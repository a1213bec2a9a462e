"""Validation of submitted answers against the exact survey version answered."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from surveys.errors import InvalidAnswer
from surveys.models import Question, SurveyVersion

MAX_TEXT_LENGTH = 5000


@dataclass(frozen=True, slots=True)
class CleanAnswer:
    """One validated answer, ready to store."""

    question: Question
    text: str | None = None
    number: float | None = None


def rating_bounds(question: Question) -> tuple[int, int]:
    """The inclusive scale of a rating question (1–5 unless its settings say otherwise)."""
    return int(question.settings.get("min", 1)), int(question.settings.get("max", 5))


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _clean_text(question: Question, value: object) -> CleanAnswer | str:
    if not isinstance(value, str):
        return "must be text"
    # Control characters other than line breaks and tabs carry no meaning in feedback.
    text = "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()
    if len(text) > MAX_TEXT_LENGTH:
        return f"must be at most {MAX_TEXT_LENGTH} characters"
    return CleanAnswer(question, text=text)


def _clean_rating(question: Question, value: object) -> CleanAnswer | str:
    low, high = rating_bounds(question)
    if isinstance(value, bool):
        return f"must be a whole number from {low} to {high}"
    try:
        number = float(value) if isinstance(value, (int, float, str)) else math.nan
    except ValueError:
        number = math.nan
    if not number.is_integer() or not low <= number <= high:
        return f"must be a whole number from {low} to {high}"
    return CleanAnswer(question, number=number)


# How each question kind's answer is checked: a CleanAnswer, or the problem in words. New kinds
# (choice, NPS…) add their checker here and every entry point (page, widget, API, import) gets it.
Checker = Callable[[Question, object], "CleanAnswer | str"]
CHECKERS: dict[str, Checker] = {"free_text": _clean_text, "rating": _clean_rating}


def is_blank(value: object) -> bool:
    """Whether ``value`` counts as no answer (None or only whitespace)."""
    return _is_blank(value)


def clean_answers(
    version: SurveyVersion, raw: Mapping[str, object], *, partial: bool = False
) -> list[CleanAnswer]:
    """Check ``raw`` (question key → value) against ``version``; InvalidAnswer names fields.

    With ``partial`` a missing required answer is allowed (the response is not finished yet).
    """
    known = {q.key for q in version.questions}
    problems: dict[str, str] = {
        key: "is not a question of this survey version" for key in raw if key not in known
    }
    cleaned: list[CleanAnswer] = []
    for question in version.questions:
        value = raw.get(question.key)
        if _is_blank(value):
            if question.required and not partial:
                problems[question.key] = "is required"
            continue
        checker = CHECKERS.get(question.kind)
        result = (
            checker(question, value)
            if checker
            else f"is a '{question.kind}' question, which cannot be answered yet"
        )
        if isinstance(result, str):
            problems[question.key] = result
        else:
            cleaned.append(result)
    if problems:
        raise InvalidAnswer("Some answers need another look.", problems)
    return cleaned


def missing_required(version: SurveyVersion, answered: Iterable[str]) -> dict[str, str]:
    """The required questions of ``version`` not among the ``answered`` keys, as field problems."""
    have = set(answered)
    return {q.key: "is required" for q in version.questions if q.required and q.key not in have}
