"""Question kinds: one module per kind, each one object (see ``base.QuestionKind``), registered
in ``KINDS`` below. Adding a kind is one module and one line here.

Every way in (hosted page, widget, API, import, demo) checks answers through ``kind_of(...)
.check`` (``surveys.answers``); forms, the designer, the SurveyJS bridge, the API's shapes and
the results' summaries all ask the kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from surveys.kinds import (
    ces,
    colour,
    csat,
    date,
    email,
    file_upload,
    free_text,
    matrix,
    multiple_choice,
    nps,
    number,
    ranking,
    rating,
    repeat,
    signature,
    single_choice,
    smiley,
    yes_no,
)
from surveys.kinds.base import (
    CleanAnswer,
    Configured,
    FromSurveyJS,
    HoldsFiles,
    Operand,
    QuestionKind,
    SettingProblem,
)
from surveys.kinds.choices import options
from surveys.kinds.free_text import MAX_SHORT_TEXT_LENGTH, MAX_TEXT_LENGTH
from surveys.kinds.logic import OPERATORS, OPERATORS_ON
from surveys.kinds.scales import ScaleKind
from surveys.kinds.smiley import SMILEYS
from surveys.kinds.summaries import (
    BooleanSummary,
    ChoiceSummary,
    CountSummary,
    DateSummary,
    FileSummary,
    MatrixSummary,
    NpsSummary,
    NumberSummary,
    RankingSummary,
    RepeatSummary,
    ScaleSummary,
    Summary,
    TextSummary,
)

if TYPE_CHECKING:
    from surveys.models import Question

#: Every kind, by the name stored in ``Question.kind``; the designer lists them in this order.
KINDS: dict[str, QuestionKind] = {
    kind.name: kind
    for kind in (
        nps.KIND,
        csat.KIND,
        ces.KIND,
        rating.KIND,
        smiley.KIND,
        single_choice.KIND,
        multiple_choice.KIND,
        free_text.KIND,
        yes_no.KIND,
        number.KIND,
        date.KIND,
        email.KIND,
        colour.KIND,
        ranking.KIND,
        matrix.KIND,
        repeat.KIND,
        file_upload.KIND,
        signature.KIND,
    )
}
QUESTION_KINDS: tuple[str, ...] = tuple(KINDS)
KIND_LABELS: dict[str, str] = {name: kind.label for name, kind in KINDS.items()}
SCALE_KINDS: tuple[str, ...] = tuple(n for n, k in KINDS.items() if isinstance(k, ScaleKind))
CHOICE_KINDS: tuple[str, ...] = ("single_choice", "multiple_choice")
#: Kinds whose answers are files (a page asking one posts multipart; answers may be larger).
FILE_KINDS: tuple[str, ...] = tuple(n for n, k in KINDS.items() if getattr(k, "takes_files", 0))
#: The skip-logic operators each kind's answer can be compared with.
OPERATORS_FOR: dict[str, tuple[str, ...]] = {
    name: OPERATORS_ON[kind.operand] for name, kind in KINDS.items()
}
#: SurveyJS element type → the kind that reads it on import.
SURVEYJS_READERS: dict[str, QuestionKind] = {
    type_name: kind for kind in KINDS.values() for type_name in kind.surveyjs_types
}


def kind_of(name: str) -> QuestionKind | None:
    """The kind called ``name``, or None for a name no kind has."""
    return KINDS.get(name)


def scale_bounds(question: Configured) -> tuple[int, int]:
    """The inclusive scale of a scale question."""
    kind = KINDS[question.kind]
    assert isinstance(kind, ScaleKind), f"{question.kind} is not a scale"
    return kind.bounds(question)


def scale_labels(question: Configured) -> dict[str, str]:
    """Labels of a scale question's points (``{"1": "Strongly disagree"}``; faces for smileys)."""
    kind = KINDS[question.kind]
    assert isinstance(kind, ScaleKind), f"{question.kind} is not a scale"
    return kind.labels(question)


@dataclass(frozen=True, slots=True)
class _KindOnly:
    """A question known only by its kind (no settings): what a caller without the question
    row can pass to ``stored_value``."""

    kind: str
    settings: Mapping[str, Any] = field(default_factory=dict)


def stored_value(question: Question | str, text: str | None, number: float | None) -> object:
    """An answer as clients see it: a number, a text, a list of options…, as its kind says.

    Given only a kind's name, values that depend on the question's settings (an option stored
    under a value other than its text) come back as stored.
    """
    subject: Any = _KindOnly(question) if isinstance(question, str) else question
    kind = KINDS.get(subject.kind)
    if kind is None:
        return number if number is not None else text
    return kind.value(subject, text, number)


__all__ = [
    "CHOICE_KINDS",
    "FILE_KINDS",
    "KINDS",
    "KIND_LABELS",
    "MAX_SHORT_TEXT_LENGTH",
    "MAX_TEXT_LENGTH",
    "OPERATORS",
    "OPERATORS_FOR",
    "QUESTION_KINDS",
    "SCALE_KINDS",
    "SMILEYS",
    "SURVEYJS_READERS",
    "BooleanSummary",
    "ChoiceSummary",
    "CleanAnswer",
    "Configured",
    "CountSummary",
    "DateSummary",
    "FileSummary",
    "FromSurveyJS",
    "HoldsFiles",
    "MatrixSummary",
    "NpsSummary",
    "NumberSummary",
    "Operand",
    "QuestionKind",
    "RankingSummary",
    "RepeatSummary",
    "ScaleKind",
    "ScaleSummary",
    "SettingProblem",
    "Summary",
    "TextSummary",
    "kind_of",
    "options",
    "scale_bounds",
    "scale_labels",
    "stored_value",
]
