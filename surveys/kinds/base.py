"""What every question kind provides, as one small Protocol, and the values kinds share.

A kind is one object: the designer's settings for it, its answer field on the hosted page and
widget, the check every answer goes through (page, widget, API, import), how its answer is
stored (``value_text`` / ``value_number``) and read back, its SurveyJS element both ways, the
operand it is in skip logic, and the summary of its answers.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from wtforms import Field

from surveys.kinds.summaries import Summary

if TYPE_CHECKING:
    from surveys.models import Question

#: A problem with a question's settings: (the setting's name, what is wrong), e.g.
#: ``("options", "give at least two options, one per line")``.
SettingProblem = tuple[str, str]


class Operand(StrEnum):
    """What an answer is when a condition reads it."""

    NUMBER = "number"  # scales and numbers: compared as numbers
    CHOICE = "choice"  # one option's value
    CHOICES = "choices"  # a list of options' values (multiple choice, ranking)
    TEXT = "text"  # free text, email: compared as text
    BOOLEAN = "boolean"  # yes/no: true or false
    DATE = "date"  # YYYY-MM-DD, compared in date order
    ROWS = "rows"  # a matrix: each row read as {question.row}


class Configured(Protocol):
    """Anything with a question kind and settings: a stored question or a designer's spec."""

    @property
    def kind(self) -> str: ...

    @property
    def settings(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True, slots=True)
class CleanAnswer:
    """One validated answer, ready to store."""

    question: Question
    text: str | None = None
    number: float | None = None
    comment: str | None = None  # what "Other (please specify)" specifies


@dataclass(frozen=True, slots=True)
class FromSurveyJS:
    """A SurveyJS element read as one of our kinds: which kind, and the settings it carries."""

    kind: str
    settings: dict[str, Any]


@runtime_checkable
class CountedSummary(Protocol):
    """A kind that summarises answers already counted — what a results page summing many
    thousands of answers needs (every kind can be summarised one answer at a time too)."""

    def summarise_counts(
        self, question: Question, counted: Iterable[tuple[object, int]]
    ) -> Summary:
        """The summary of answers given as ``(answer as value returns it, how many)``."""
        ...


#: A question's check with its settings already read: the answer in, the clean answer or
#: what is wrong with it out.
Check = Callable[[object], "CleanAnswer | str"]


@runtime_checkable
class BindsCheck(Protocol):
    """A kind whose check can be bound to a question once, its settings read then rather than
    for every answer — what checking many thousands of answers (an import, the API) needs.
    ``check(question, value)`` and ``checker(question)(value)`` give the same result."""

    def checker(self, question: Question) -> Check:
        """``check`` bound to ``question``."""
        ...


@runtime_checkable
class HoldsFiles(Protocol):
    """A kind whose answers are files: exports write their names and the results page links
    them for download, instead of showing what the respondent sent."""

    def files(self, text: str | None) -> list[dict[str, str]]:
        """The files a stored answer holds, in SurveyJS's shape ``{"name", "type", "content"}``."""
        ...


class QuestionKind(Protocol):
    """One kind of question. Registered once in ``surveys.kinds.KINDS``."""

    #: Stored in ``Question.kind`` and sent to API clients.
    name: str
    #: What the designer calls it.
    label: str
    #: What its answer is in a skip-logic condition.
    operand: Operand
    #: SurveyJS element types this kind reads on import (it may hand over to another kind).
    surveyjs_types: tuple[str, ...]

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """Why the settings do not fit this kind (named by setting), else None."""
        ...

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The settings a designer's question form holds for this kind."""
        ...

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The designer's form data showing these settings (the inverse of the above)."""
        ...

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """The WTForms field answering ``question`` on the hosted page and the widget."""
        ...

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """``value`` as it will be stored, or what is wrong with it (the field is named by the
        caller)."""
        ...

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """A stored answer as clients see it (the API, conditions, summaries)."""
        ...

    def describe(self, question: Question) -> dict[str, Any]:
        """What an API client needs to show and answer ``question`` beyond its prompt
        (scale, options, limits…), as JSON."""
        ...

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """The SurveyJS element properties of this kind (type and kind-specific ones; the
        document adds name, title, description, isRequired and visibleIf)."""
        ...

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """The kind and settings a SurveyJS element of one of ``surveyjs_types`` stands for;
        what cannot be represented is added to ``problems``, prefixed by ``where``."""
        ...

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """The summary of answers (each as ``value`` returns it) to ``question``."""
        ...


class NothingToSet:
    """The designer's side of a kind with no settings of its own (an email address, a
    colour): nothing to check, read or show."""

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """Nothing to set."""
        return None

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Nothing to set."""
        return {}

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """Nothing to show."""
        return {}
