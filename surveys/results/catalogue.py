"""A survey's questions across its versions, matched by their stable key.

Keys stay with their question from version to version (``surveys.questions.assign_keys``), so the
results pages, exports and filters name a question by key and gather its answers from every
version; a question whose wording, options, scale or kind changed is marked per version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from surveys.kinds import CHOICE_KINDS, SCALE_KINDS, options, scale_bounds
from surveys.models import Question, Survey, SurveyVersion


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    """One question key of a survey: its newest wording and the stored questions behind it."""

    key: str
    kind: str
    question: Question  # the newest version's question of this key (its prompt, settings)
    questions: tuple[Question, ...]  # one per version that asked it, oldest first
    versions: tuple[int, ...]  # the numbers of those versions
    changes: tuple[str, ...]  # "Version 2: the prompt changed", in version order

    @property
    def prompt(self) -> str:
        """The question as the newest version asks it."""
        return self.question.prompt

    @property
    def ids(self) -> tuple[int, ...]:
        """Database ids of the question in every version (answers point at these)."""
        return tuple(q.id for q in self.questions)

    @property
    def is_scale(self) -> bool:
        """NPS, CSAT, CES, rating or smiley: answers are numbers on a scale."""
        return self.kind in SCALE_KINDS

    @property
    def is_choice(self) -> bool:
        """Single or multiple choice: answers are options."""
        return self.kind in CHOICE_KINDS

    @property
    def is_text(self) -> bool:
        """Free text, scored by the sentiment pipeline."""
        return self.kind == "free_text"

    @property
    def is_other(self) -> bool:
        """Any other kind the registry holds (yes/no, numbers, dates, rankings…): its summary
        is the kind's own hook's, shown as the figures and counts it holds."""
        return not (self.is_scale or self.is_choice or self.is_text)

    def version_ids(self) -> tuple[int, ...]:
        """Database ids of the versions that asked it."""
        return tuple(q.version_id for q in self.questions)

    def options(self) -> list[str]:
        """Every option any version offered: the newest version's order, then retired ones."""
        seen = list(options(self.question))
        for q in reversed(self.questions):
            seen += [o for o in options(q) if o not in seen]
        return seen

    def scale(self) -> tuple[int, int]:
        """The widest scale any version used (a scale that grew keeps its old answers)."""
        bounds = [scale_bounds(q) for q in self.questions]
        return min(b[0] for b in bounds), max(b[1] for b in bounds)


def _signature(question: Question) -> tuple[Any, ...]:
    """What must match for answers of two versions to be read as one question."""
    return (question.kind,)


def _what_changed(before: Question, after: Question) -> list[str]:
    changed = []
    if before.prompt != after.prompt:
        changed.append("the wording")
    if before.kind in CHOICE_KINDS and options(before) != options(after):
        changed.append("the options")
    if before.kind in SCALE_KINDS and (
        scale_bounds(before) != scale_bounds(after)
        or before.settings.get("labels") != after.settings.get("labels")
    ):
        changed.append("the scale")
    return changed


def published_versions(survey: Survey) -> list[SurveyVersion]:
    """The versions customers could answer (a draft has no responses), oldest first."""
    return [v for v in survey.versions if v.published_at is not None]


def question_groups(
    survey: Survey, versions: Sequence[SurveyVersion] | None = None
) -> list[QuestionGroup]:
    """The survey's questions by key over its published versions (or ``versions``), in the
    newest version's order, then keys only older versions asked.

    A key whose kind changed (a rating that became NPS) is two groups: its answers cannot be
    summed together.
    """
    chosen = list(published_versions(survey) if versions is None else versions)
    gathered: dict[tuple[str, tuple[Any, ...]], list[tuple[int, Question]]] = {}
    for version in chosen:
        for question in version.questions:
            gathered.setdefault((question.key, _signature(question)), []).append(
                (version.number, question)
            )
    groups = []
    for (key, _sig), found in gathered.items():
        found.sort(key=lambda pair: pair[0])
        changes = []
        for (_, before), (number, after) in pairwise(found):
            what = _what_changed(before, after)
            if what:
                changes.append(f"Version {number}: {' and '.join(what)} changed")
        newest = found[-1][1]
        groups.append(
            QuestionGroup(
                key=key,
                kind=newest.kind,
                question=newest,
                questions=tuple(q for _, q in found),
                versions=tuple(n for n, _ in found),
                changes=tuple(changes),
            )
        )
    newest_order = {q.key: q.position for q in (chosen[-1].questions if chosen else [])}
    # Keys the newest version asks first, in its order; retired keys after them.
    groups.sort(
        key=lambda g: (
            g.key not in newest_order,
            newest_order.get(g.key, g.question.position),
            -g.versions[-1],
        )
    )
    return groups


def group_of(groups: Sequence[QuestionGroup], key: str) -> list[QuestionGroup]:
    """The group(s) of ``key`` (two when its kind changed between versions)."""
    return [g for g in groups if g.key == key]
