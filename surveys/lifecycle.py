"""A survey's life after creation: drafts, versions, publishing, closing, reopening, duplicating.

A published version never changes. Editing a live survey writes a new draft version; answers
stay tied to the version they answered, and customers keep seeing the live version until the
draft is published.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from surveys.design import build_questions, placement_problems, publish, stored_pages
from surveys.errors import InvalidDesign
from surveys.models import (
    Persona,
    Question,
    Stage,
    Survey,
    SurveyStatus,
    SurveyVersion,
    Touchpoint,
)
from surveys.pages import PageSpec, page_specs, pages_of
from surveys.questions import QuestionSpec, assign_keys, key_problem, question_problems

__all__ = [
    "close_survey",
    "design_problems",
    "draft_of",
    "duplicate_survey",
    "pages_of_version",
    "publish",
    "reopen_survey",
    "save_questions",
    "spec_of",
    "update_details",
]


def spec_of(question: Question) -> QuestionSpec:
    """A question as a spec (to edit it, copy it or compare it)."""
    return QuestionSpec(
        kind=question.kind,
        prompt=question.prompt,
        required=question.required,
        help_text=question.help_text,
        settings=dict(question.settings),
        key=question.key,
    )


def draft_of(survey: Survey) -> SurveyVersion | None:
    """The unpublished newest version being edited, if any."""
    newest = survey.versions[-1] if survey.versions else None
    return newest if newest is not None and newest.published_at is None else None


def save_questions(
    session: Session,
    survey: Survey,
    questions: Sequence[QuestionSpec],
    pages: Sequence[PageSpec] | None = None,
) -> SurveyVersion:
    """Save ``questions`` on ``pages`` (None: the pages the questions name) as the survey's
    draft: the existing draft, or a new version after the published ones. InvalidDesign names
    each field that does not fit; nothing is saved then."""
    if survey.status == SurveyStatus.IMPORTED:
        raise InvalidDesign("Imported feedback has no questionnaire to edit.", {})
    used = {q.key for v in survey.versions for q in v.questions}
    questions, renamed = _with_known_keys(questions, used)
    pages = (
        [_renamed_page(p, renamed) for p in pages]
        if pages is not None
        else page_specs([], questions)
    )
    problems = question_problems(questions, used, pages)
    if problems:
        raise InvalidDesign("The questions cannot be saved yet.", problems)
    draft = draft_of(survey)
    if draft is None:
        draft = SurveyVersion(number=survey.versions[-1].number + 1 if survey.versions else 1)
        survey.versions.append(draft)
    else:
        draft.questions.clear()
        session.flush()  # old rows go before new ones reuse their keys
    draft.pages = stored_pages(pages)
    draft.questions.extend(build_questions(questions, used))
    session.flush()
    return draft


def design_problems(
    survey: Survey, questions: Sequence[QuestionSpec], pages: Sequence[PageSpec] | None = None
) -> dict[str, str]:
    """What ``save_questions`` would refuse, without saving (to list every problem at once)."""
    used = {q.key for v in survey.versions for q in v.questions}
    questions, renamed = _with_known_keys(questions, used)
    if pages is not None:
        pages = [_renamed_page(p, renamed) for p in pages]
    return question_problems(
        questions, used, pages if pages is not None else page_specs([], questions)
    )


def pages_of_version(version: SurveyVersion) -> list[PageSpec]:
    """A version's pages as specs (to edit them, copy them or compare them)."""
    return [page.spec for page in pages_of(version)]


def _renamed_condition(condition: object, renamed: dict[str, str]) -> object:
    """A condition naming the new keys of renamed questions."""
    if isinstance(condition, dict) and condition.get("question") in renamed:
        return {**condition, "question": renamed[condition["question"]]}
    if isinstance(condition, str) and renamed:
        # {old} and {old.row} name the question; a quoted text that looks so is left alone
        # only if it is not in braces, which a text constant never needs.
        return re.sub(
            r"\{([^{}.]+)(\.[^{}]*)?\}",
            lambda m: "{" + renamed.get(m[1], m[1]) + (m[2] or "") + "}",
            condition,
        )
    return condition


def _renamed_page(page: PageSpec, renamed: dict[str, str]) -> PageSpec:
    return replace(
        page,
        show_if=_renamed_condition(page.show_if, renamed) if page.show_if else None,  # type: ignore[arg-type]
        end_if=_renamed_condition(page.end_if, renamed) if page.end_if else None,  # type: ignore[arg-type]
    )


def _with_known_keys(
    questions: Sequence[QuestionSpec], used: set[str]
) -> tuple[list[QuestionSpec], dict[str, str]]:
    """``questions`` keeping only keys this survey already has (and that are fit to keep); any
    other key is the server's to assign, and conditions naming it follow the question. Also
    returns the keys so renamed (sent → assigned)."""
    kept = [q.key if q.key in used and key_problem(q.key) is None else None for q in questions]
    fresh = [replace(q, key=k) for q, k in zip(questions, kept, strict=True)]
    assigned = assign_keys(fresh, used)
    renamed: dict[str, str] = {}
    for spec, key in zip(questions, assigned, strict=True):
        if spec.key and spec.key != key:
            renamed.setdefault(spec.key, key)  # a key sent twice: conditions mean the first
    result = []
    for spec in fresh:
        condition = spec.settings.get("show_if")
        if condition and (changed := _renamed_condition(condition, renamed)) != condition:
            spec = replace(spec, settings={**spec.settings, "show_if": changed})
        result.append(spec)
    return result, renamed


def update_details(
    session: Session,
    survey: Survey,
    *,
    title: str,
    intro: str,
    stage: Stage,
    touchpoint: Touchpoint,
    personas: Sequence[Persona] = (),
) -> Survey:
    """Change what the survey is called and where in the journey it sits.

    New answers carry the new stage and touchpoint; stored answers keep where they were given.
    """
    problems = placement_problems(survey.journey_id, title, stage, touchpoint, personas)
    if problems:
        raise InvalidDesign("The survey cannot be saved yet.", problems)
    survey.title, survey.intro = title.strip(), intro.strip()
    survey.stage, survey.touchpoint = stage, touchpoint
    survey.personas = list(personas)
    session.flush()
    return survey


def close_survey(session: Session, survey: Survey) -> None:
    """Stop taking answers (the hosted page and the API answer 410)."""
    if survey.status != SurveyStatus.LIVE:
        raise InvalidDesign("Only a live survey can be closed.", {"status": survey.status})
    survey.status = SurveyStatus.CLOSED
    session.flush()


def reopen_survey(session: Session, survey: Survey) -> None:
    """Take answers again on the version that was live."""
    if survey.status != SurveyStatus.CLOSED:
        raise InvalidDesign("Only a closed survey can be reopened.", {"status": survey.status})
    survey.status = SurveyStatus.LIVE
    session.flush()


def duplicate_survey(session: Session, survey: Survey) -> Survey:
    """A new draft survey with the newest questions, at the same stage and touchpoint."""
    source = survey.versions[-1]
    copy = Survey(
        journey_id=survey.journey_id,
        title=f"Copy of {survey.title}"[:200],
        intro=survey.intro,
        stage=survey.stage,
        touchpoint=survey.touchpoint,
        allowed_origins=list(survey.allowed_origins),
    )
    copy.personas = list(survey.personas)
    version = SurveyVersion(number=1, pages=list(source.pages or []))
    version.questions = build_questions([spec_of(q) for q in source.questions])
    copy.versions.append(version)
    session.add(copy)
    session.flush()
    return copy
