"""Validation of submitted answers against the exact survey version answered.

The checks per question kind live in ``surveys.kinds``, what is asked (conditions, pages, "end
the survey here") in ``surveys.pages``; every way in (page, widget, API, import, demo) goes
through ``clean_answers`` (a whole response) or ``clean_page`` (one page of it).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace

from surveys.errors import InvalidAnswer
from surveys.kinds import KINDS, MAX_TEXT_LENGTH, CleanAnswer
from surveys.kinds.choices import MAX_COMMENT, OTHER
from surveys.kinds.free_text import clean_text
from surveys.models import Question, SurveyVersion
from surveys.pages import visible_questions

__all__ = [
    "COMMENT_SUFFIX",
    "MAX_TEXT_LENGTH",
    "CleanAnswer",
    "clean_answers",
    "clean_page",
    "is_blank",
    "missing_required",
]

#: SurveyJS's name for what "Other (please specify)" specifies: ``{"q1": "other",
#: "q1-Comment": "By fax"}``. Keys hold no '-', so it never names a question.
COMMENT_SUFFIX = "-Comment"


def is_blank(value: object) -> bool:
    """Whether ``value`` counts as no answer (None, only whitespace, an empty list or object)."""
    return (
        value is None
        or value == []
        or value == {}
        or (isinstance(value, str) and not value.strip())
    )


def _chose_other(question: Question, clean: CleanAnswer) -> bool:
    if not question.settings.get("other") or clean.text is None:
        return False
    return clean.text == OTHER or (clean.text.startswith("[") and f'"{OTHER}"' in clean.text)


def _check(
    question: Question, value: object, comment: object
) -> tuple[CleanAnswer | None, dict[str, str]]:
    """One question's answer checked by its kind, with its "Other" text; problems by field."""
    kind = KINDS.get(question.kind)
    if kind is None:
        return None, {
            question.key: f"is a '{question.kind}' question, which cannot be answered yet"
        }
    result = kind.check(question, value)
    if isinstance(result, str):
        return None, {question.key: result}
    if not _chose_other(question, result):
        return result, {}
    text = clean_text(comment) if isinstance(comment, str) else ""
    if not text:
        return None, {question.key + COMMENT_SUFFIX: "say what “Other” is"}
    if len(text) > MAX_COMMENT:
        return None, {question.key + COMMENT_SUFFIX: f"must be at most {MAX_COMMENT} characters"}
    return replace(result, comment=text), {}


def _checked(
    questions: Iterable[Question], raw: Mapping[str, object]
) -> tuple[dict[str, CleanAnswer], dict[str, object], dict[str, str]]:
    """Each non-blank answer checked: (clean answers, their stored-form values, problems)."""
    cleaned: dict[str, CleanAnswer] = {}
    values: dict[str, object] = {}
    problems: dict[str, str] = {}
    for question in questions:
        value = raw.get(question.key)
        if is_blank(value):
            continue
        clean, found = _check(question, value, raw.get(question.key + COMMENT_SUFFIX))
        problems.update(found)
        if clean is not None:
            cleaned[question.key] = clean
            values[question.key] = KINDS[question.kind].value(question, clean.text, clean.number)
    return cleaned, values, problems


def _unknown(version: SurveyVersion, raw: Mapping[str, object]) -> dict[str, str]:
    known = {q.key for q in version.questions}
    known |= {q.key + COMMENT_SUFFIX for q in version.questions if q.settings.get("other")}
    return {key: "is not a question of this survey version" for key in raw if key not in known}


def clean_answers(
    version: SurveyVersion, raw: Mapping[str, object], *, partial: bool = False
) -> list[CleanAnswer]:
    """Check ``raw`` (question key → value) against ``version``; InvalidAnswer names fields.

    Conditions apply in question order: a question not asked has its answer dropped and its
    "required" waived. With ``partial`` (an API client or a respondent still adding answers)
    missing required answers are allowed and nothing is dropped, since the answers a condition
    depends on may come later.
    """
    problems = _unknown(version, raw)
    cleaned, values, found = _checked(version.questions, raw)
    problems.update(found)
    if not partial:
        shown = visible_questions(version, values)
        for question in version.questions:
            if question.key not in shown:
                problems.pop(question.key, None)
                problems.pop(question.key + COMMENT_SUFFIX, None)
                cleaned.pop(question.key, None)
            elif question.required and question.key not in cleaned:
                problems.setdefault(question.key, "is required")
    if problems:
        raise InvalidAnswer("Some answers need another look.", problems)
    return list(cleaned.values())


def clean_page(
    version: SurveyVersion,
    shown: Collection[str],
    raw: Mapping[str, object],
    earlier: Mapping[str, object],
    *,
    required: bool = True,
) -> tuple[list[CleanAnswer], dict[str, object]]:
    """Check the answers to one page's ``shown`` questions, given the ``earlier`` answers kept
    so far (key → stored-form value).

    Returns the clean answers of the questions still asked once these answers count (one whose
    condition reads an answer on this page may now be skipped) and every answer as it now
    stands. InvalidAnswer names each field that does not fit, and — when ``required`` — each
    required question asked on this page and left blank.
    """
    on_page = [q for q in version.questions if q.key in shown]
    cleaned, values, problems = _checked(on_page, raw)
    merged = {k: v for k, v in earlier.items() if k not in shown} | values
    asked = visible_questions(version, merged)
    if required:
        for question in on_page:
            if question.key in asked and question.required and question.key not in cleaned:
                problems.setdefault(question.key, "is required")
    if problems:
        raise InvalidAnswer("Some answers need another look.", problems)
    kept = [clean for key, clean in cleaned.items() if key in asked]
    return kept, {k: v for k, v in merged.items() if k in asked}


def missing_required(
    version: SurveyVersion, answered: Iterable[str] | Mapping[str, object]
) -> dict[str, str]:
    """The required questions of ``version`` asked but not answered, as field problems.

    ``answered`` maps keys to stored-form values (so conditions can be judged); a plain list of
    keys treats every condition as unknown and asks only unconditional questions.
    """
    values = answered if isinstance(answered, Mapping) else dict.fromkeys(answered, None)
    shown = visible_questions(version, values)
    return {
        q.key: "is required"
        for q in version.questions
        if q.required and q.key in shown and q.key not in values
    }
