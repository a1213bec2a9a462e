"""Validation of submitted answers against the exact survey version answered."""

from __future__ import annotations

import math
from collections.abc import Mapping
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


def clean_answers(version: SurveyVersion, raw: Mapping[str, object]) -> list[CleanAnswer]:
    """Check ``raw`` (question key → value) against ``version``; InvalidAnswer names fields."""
    known = {q.key for q in version.questions}
    problems: dict[str, str] = {
        key: "is not a question of this survey version" for key in raw if key not in known
    }
    cleaned: list[CleanAnswer] = []
    for question in version.questions:
        value = raw.get(question.key)
        if _is_blank(value):
            if question.required:
                problems[question.key] = "is required"
            continue
        checker = _clean_rating if question.kind == "rating" else _clean_text
        result = checker(question, value)
        if isinstance(result, str):
            problems[question.key] = result
        else:
            cleaned.append(result)
    if problems:
        raise InvalidAnswer("Some answers need another look.", problems)
    return cleaned
