"""Validation of submitted answers against the exact survey version answered.

The checks per question kind and the skip logic live in ``surveys.kinds``; every way in (page,
widget, API, import, demo) goes through ``clean_answers``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from surveys.errors import InvalidAnswer
from surveys.kinds import (
    KINDS,
    MAX_TEXT_LENGTH,
    CleanAnswer,
    visible_questions,
)
from surveys.models import SurveyVersion

__all__ = [
    "MAX_TEXT_LENGTH",
    "CleanAnswer",
    "clean_answers",
    "is_blank",
    "missing_required",
]


def is_blank(value: object) -> bool:
    """Whether ``value`` counts as no answer (None, only whitespace, or an empty list)."""
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def clean_answers(
    version: SurveyVersion, raw: Mapping[str, object], *, partial: bool = False
) -> list[CleanAnswer]:
    """Check ``raw`` (question key → value) against ``version``; InvalidAnswer names fields.

    Skip logic applies in question order: a question whose condition is not met is not asked,
    so its answer is dropped and its "required" does not apply. With ``partial`` (an API client
    still adding answers) missing required answers are allowed and nothing is dropped, since the
    answers a condition depends on may come later.
    """
    known = {q.key for q in version.questions}
    problems: dict[str, str] = {
        key: "is not a question of this survey version" for key in raw if key not in known
    }
    cleaned: dict[str, CleanAnswer] = {}
    values: dict[str, object] = {}
    for question in version.questions:
        value = raw.get(question.key)
        if is_blank(value):
            continue
        kind = KINDS.get(question.kind)
        if kind is None:
            problems[question.key] = (
                f"is a '{question.kind}' question, which cannot be answered yet"
            )
            continue
        result = kind.check(question, value)
        if isinstance(result, str):
            problems[question.key] = result
        else:
            cleaned[question.key] = result
            values[question.key] = kind.value(question, result.text, result.number)
    shown = visible_questions(version.questions, values)
    if not partial:
        for question in version.questions:
            hidden = question.key not in shown
            if hidden:
                problems.pop(question.key, None)
                cleaned.pop(question.key, None)
            elif question.required and question.key not in cleaned:
                problems.setdefault(question.key, "is required")
    if problems:
        raise InvalidAnswer("Some answers need another look.", problems)
    return list(cleaned.values())


def missing_required(
    version: SurveyVersion, answered: Iterable[str] | Mapping[str, object]
) -> dict[str, str]:
    """The required questions of ``version`` shown but not answered, as field problems.

    ``answered`` maps keys to stored-form values (so skip logic can be judged); a plain list of
    keys treats every condition as unknown and asks only unconditional questions.
    """
    values = answered if isinstance(answered, Mapping) else dict.fromkeys(answered, None)
    shown = visible_questions(version.questions, values)
    return {
        q.key: "is required"
        for q in version.questions
        if q.required and q.key in shown and q.key not in values
    }
