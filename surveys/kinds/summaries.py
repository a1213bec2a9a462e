"""The summary shapes a question's answers reduce to: one small frozen dataclass per shape.

Each kind's ``summarise`` returns one of these; the results pages draw them. Shares are
fractions of the answers counted (0.0–1.0); a mean or score is None when nothing was answered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ScaleSummary:
    """A scale's answers: how many chose each point (every point listed), and their mean."""

    answered: int
    low: int
    high: int
    counts: dict[int, int]
    mean: float | None


@dataclass(frozen=True, slots=True)
class NpsSummary:
    """NPS answers: the scale, the shares of promoters (9–10), passives (7–8) and detractors
    (0–6), and the score (promoters' share minus detractors', × 100)."""

    scale: ScaleSummary
    promoters: float
    passives: float
    detractors: float
    score: float | None


@dataclass(frozen=True, slots=True)
class ChoiceSummary:
    """Choice answers: how many picked each option (every option listed, in the question's
    order), out of ``answered`` respondents; shares can add up to more than 1 for multiple
    choice."""

    answered: int
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class TextSummary:
    """Free-text answers: how many, and the texts themselves (newest last as given)."""

    answered: int
    texts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NumberSummary:
    """Numbers typed in: how many, their mean, median and range."""

    answered: int
    mean: float | None
    median: float | None
    smallest: float | None
    largest: float | None


@dataclass(frozen=True, slots=True)
class DateSummary:
    """Dates given: how many, the earliest and latest (ISO ``YYYY-MM-DD``), and how many fall
    in each month (``YYYY-MM``, in order)."""

    answered: int
    earliest: str | None
    latest: str | None
    by_month: dict[str, int]


@dataclass(frozen=True, slots=True)
class BooleanSummary:
    """Yes/no answers: how many said each, under the question's own labels."""

    answered: int
    yes: int
    no: int
    label_yes: str
    label_no: str


@dataclass(frozen=True, slots=True)
class CountSummary:
    """Answers counted but not listed (email addresses are personal data)."""

    answered: int


@dataclass(frozen=True, slots=True)
class FileSummary:
    """Files sent: how many answers had files, how many files, and how many of each type (the
    names and contents stay in the answers)."""

    answered: int
    files: int
    types: dict[str, int]


@dataclass(frozen=True, slots=True)
class RankingSummary:
    """Rankings: per item (in the question's order) its mean place (1 is first) and how often
    it was put first."""

    answered: int
    mean_place: dict[str, float | None]
    first: dict[str, int]


@dataclass(frozen=True, slots=True)
class MatrixSummary:
    """A matrix: each row summarised on its own, by row value in the question's order."""

    rows: dict[str, ScaleSummary | ChoiceSummary]


@dataclass(frozen=True, slots=True)
class RepeatSummary:
    """A repeating group: how many answered, how many rows they gave in all, and each field
    across every row, summarised by the field's kind (by field name, in the group's order)."""

    answered: int
    rows: int
    fields: dict[str, Summary]


Summary = (
    ScaleSummary
    | NpsSummary
    | ChoiceSummary
    | TextSummary
    | NumberSummary
    | DateSummary
    | BooleanSummary
    | CountSummary
    | FileSummary
    | RankingSummary
    | MatrixSummary
    | RepeatSummary
)


def scale_summary(low: int, high: int, values: Iterable[object]) -> ScaleSummary:
    """Count each scale point among ``values`` (numbers off the scale or not numbers are left
    out) and take their mean."""
    return scale_summary_of_counts(low, high, Counter(values).items())


def scale_summary_of_counts(
    low: int, high: int, counted: Iterable[tuple[object, int]]
) -> ScaleSummary:
    """The same from answers already counted, ``(value, how many gave it)``: a results page
    summing 100,000 answers gives their counts, not each answer."""
    counts = dict.fromkeys(range(low, high + 1), 0)
    total = 0.0
    for value, n in counted:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        if value in counts:
            counts[int(value)] += n
            total += value * n
    answered = sum(counts.values())
    return ScaleSummary(answered, low, high, counts, total / answered if answered else None)


def choice_summary(options: Iterable[str], picked: Iterable[Iterable[str]]) -> ChoiceSummary:
    """Count each option among the respondents' picks (each respondent's picks once)."""
    return choice_summary_of_counts(options, ((chosen, 1) for chosen in picked))


def choice_summary_of_counts(
    options: Iterable[str], counted: Iterable[tuple[Iterable[str], int]]
) -> ChoiceSummary:
    """The same from picks already counted, ``(picks, how many respondents made them)``."""
    counts = dict.fromkeys(options, 0)
    answered = 0
    for chosen, n in counted:
        answered += n
        for option in set(chosen):
            if option in counts:
                counts[option] += n
    return ChoiceSummary(answered, counts)


def shares(counts: Mapping[int, int], answered: int, points: Iterable[int]) -> float:
    """The share of ``answered`` that chose one of ``points``."""
    return sum(counts.get(p, 0) for p in points) / answered if answered else 0.0
