"""What the scale kinds (NPS, CSAT, CES, rating, smiley) share: a whole-number scale, labelled
points, one radio per point, a SurveyJS ``rating`` element, a distribution and a mean.

Each scale kind is an instance (or a small subclass) of ``ScaleKind`` in its own module.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from wtforms import Field, RadioField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # stubs lag 3.3
from wtforms.validators import Optional

from surveys.kinds.base import (
    Check,
    CleanAnswer,
    Configured,
    FromSurveyJS,
    Operand,
    SettingProblem,
)
from surveys.kinds.summaries import Summary, scale_summary_of_counts
from surveys.kinds.surveyjs_values import shown, surveyjs_item, surveyjs_text, whole_number

if TYPE_CHECKING:
    from surveys.models import Question

MAX_LABEL = 200
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def _lines(text: object) -> list[str]:
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def labels_from_form(text: object) -> dict[str, str]:
    """Scale labels from ``point = label`` lines; a line that is not one is kept as it is (with
    an empty label), so the check names it instead of it being dropped."""
    labels = {}
    for line in _lines(text):
        point, _, label = line.partition("=")
        labels[point.strip()] = label.strip()
    return labels


def labels_problem(labels: object, low: int, high: int) -> str | None:
    """Why a scale's labels (point → text) do not fit the scale ``low``–``high``, else None."""
    if not isinstance(labels, Mapping):
        return "give one label per line, like 1 = Strongly disagree"
    for point, text in labels.items():
        if not _WHOLE_NUMBER.fullmatch(str(point).strip()):
            return f"'{point}' is not a scale point: write one label per line, like {low} = …"
        if not low <= int(str(point)) <= high:
            return f"label for '{point}' is outside the scale {low}–{high}"
        if not str(text).strip():
            return f"the label for {point} is empty"
        if len(str(text)) > MAX_LABEL:
            return f"the label for {point} is longer than {MAX_LABEL} characters"
    return None


class ScaleKind:
    """A scale of whole numbers with optional labels on its points (NPS, CSAT, CES)."""

    operand = Operand.NUMBER
    surveyjs_types: tuple[str, ...] = ()  # read through the rating kind's ``rating`` element

    def __init__(
        self,
        name: str,
        label: str,
        scale: tuple[int, int] = (1, 5),
        default_labels: Mapping[str, str] | None = None,
    ) -> None:
        self.name = name
        self.label = label
        self.scale = scale
        self.default_labels = dict(default_labels or {})

    # -- the scale --------------------------------------------------------------------------

    def bounds(self, question: Configured) -> tuple[int, int]:
        """The inclusive scale of ``question``."""
        return self.scale

    def labels(self, question: Configured) -> dict[str, str]:
        """Labels of scale points (``{"1": "Strongly disagree"}``): defaults, then the
        question's own."""
        labels = dict(self.default_labels)
        labels.update({str(k): str(v) for k, v in question.settings.get("labels", {}).items()})
        return labels

    def point_text(self, point: int, label: str | None) -> str:
        """What a respondent reads beside one point."""
        return f"{point} – {label}" if label else str(point)

    # -- the designer -----------------------------------------------------------------------

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """Labels must name points of the scale."""
        if "labels" in spec.settings:
            low, high = self.bounds(spec)
            if (problem := labels_problem(spec.settings["labels"], low, high)) is not None:
                return "labels", problem
        return None

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Labels, if any were typed."""
        labels = labels_from_form(data.get("labels"))
        return {"labels": labels} if labels else {}

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The labels as ``point = label`` lines."""
        return {"labels": "\n".join(f"{k} = {v}" for k, v in settings.get("labels", {}).items())}

    # -- answering --------------------------------------------------------------------------

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """One radio per point, labelled where the scale has labels."""
        low, high = self.bounds(question)
        labels = self.labels(question)
        choices = [
            SelectChoice(str(n), self.point_text(n, labels.get(str(n))))
            for n in range(low, high + 1)
        ]
        return RadioField(
            question.prompt,
            choices=choices,
            validators=[Optional()],
            description=question.help_text,
        )

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """A whole number on the scale (as a number or its digits)."""
        return self.checker(question)(value)

    def checker(self, question: Question) -> Check:
        """``check`` with the scale's ends read once."""
        low, high = self.bounds(question)

        def check(value: object) -> CleanAnswer | str:
            if isinstance(value, bool):
                return f"must be a whole number from {low} to {high}"
            try:
                number = float(value) if isinstance(value, (int, float, str)) else math.nan
            except (ValueError, OverflowError):  # OverflowError: an int beyond any float
                number = math.nan
            if not number.is_integer() or not low <= number <= high:
                return f"must be a whole number from {low} to {high}"
            return CleanAnswer(question, number=number)

        return check

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The point chosen, as a whole number."""
        if number is None:
            return text
        return int(number) if number.is_integer() else number

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """How many chose each point, and the mean."""
        return self.summarise_counts(question, Counter(values).items())

    def summarise_counts(
        self, question: Question, counted: Iterable[tuple[object, int]]
    ) -> Summary:
        """The same from answers already counted."""
        low, high = self.bounds(question)
        return scale_summary_of_counts(low, high, counted)

    def describe(self, question: Question) -> dict[str, Any]:
        """The scale and its labels."""
        low, high = self.bounds(question)
        return {"min": low, "max": high, "labels": self.labels(question)}

    # -- SurveyJS ---------------------------------------------------------------------------

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A ``rating`` element; kinds other than a plain rating carry ``journeymapKind``."""
        low, high = self.bounds(spec)
        element: dict[str, Any] = {"type": "rating", "rateMin": low, "rateMax": high}
        if self.name != "rating":
            element["journeymapKind"] = self.name
        # The default words too (an NPS's "Not at all likely"): SurveyJS has no defaults of
        # its own and would show bare numbers.
        labels = {str(k): str(v) for k, v in self.labels(spec).items()}
        if set(labels) <= {str(low), str(high)}:
            if str(low) in labels:
                element["minRateDescription"] = labels[str(low)]
            if str(high) in labels:
                element["maxRateDescription"] = labels[str(high)]
        else:
            element["rateValues"] = [
                {"value": n, "text": labels.get(str(n), str(n))} for n in range(low, high + 1)
            ]
        return element

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """A ``rating`` element: its scale, labels and the kind its ``journeymapKind`` names."""
        return rating_from_surveyjs(element, where, problems)

    def settings_from_surveyjs(
        self,
        low: int,
        high: int,
        labels: dict[str, str],
        where: str,
        problems: list[str],
    ) -> dict[str, Any]:
        """The settings of a scale of this kind read from SurveyJS: fixed scales must match."""
        if (low, high) != self.scale:
            fixed_low, fixed_high = self.scale
            problems.append(
                f"{where}: a {self.name} question runs {fixed_low}–{fixed_high}, not {low}–{high}"
            )
        kept = {k: v for k, v in labels.items() if self.default_labels.get(k) != v}
        return {"labels": kept} if kept else {}


def _scale_end(
    element: Mapping[str, Any], field: str, default: int, where: str, problems: list[str]
) -> int:
    if field not in element:
        return default
    if (number := whole_number(element[field])) is None:
        problems.append(f"{where}: {field} {shown(element[field])} is not a whole number")
        return default
    return number


def _rate_values(
    element: Mapping[str, Any], labels: dict[str, str], where: str, problems: list[str]
) -> tuple[int, int] | None:
    """The scale ``rateValues`` spells out (its texts go to ``labels``), or None if it has none."""
    rate_values = element.get("rateValues")
    if rate_values is None or rate_values == []:
        return None
    if not isinstance(rate_values, list):
        problems.append(f"{where}: rateValues {shown(rate_values)} is not a list")
        return None
    numbers = []
    for i, entry in enumerate(rate_values, start=1):
        if (item := surveyjs_item(entry, where, f"rateValues entry {i}", problems)) is None:
            continue
        value, text = item
        if (number := whole_number(value)) is None:
            problems.append(f"{where}: rateValues entry {i} {shown(value)} is not a whole number")
            continue
        numbers.append(number)
        if text is not None and text != str(number):
            labels[str(number)] = text
    if not numbers:
        return None
    # Our scales are every whole number from low to high, in order; anything else would change.
    if numbers != list(range(numbers[0], numbers[-1] + 1)):
        problems.append(f"{where}: rateValues must run up one by one, not {shown(numbers)}")
    return min(numbers), max(numbers)


def rating_from_surveyjs(
    element: Mapping[str, Any], where: str, problems: list[str]
) -> FromSurveyJS:
    """Which scale kind a SurveyJS ``rating`` element is, with its settings."""
    from surveys.kinds import KINDS  # the registry imports this module

    smileys = element.get("rateType") == "smileys"
    name = "smiley" if smileys else "rating"
    scale_names = [k.name for k in KINDS.values() if isinstance(k, ScaleKind)]
    # journeymapKind only brings our scale kinds back. SurveyJS shows the element as a scale
    # whatever the marker says, so another kind (free text, a choice) would ask something else
    # than the file shows: it is refused, as is a marker that contradicts rateType.
    if (marker := element.get("journeymapKind")) is not None:
        if marker not in scale_names:
            problems.append(
                f"{where}: journeymapKind {shown(marker)} is not one of {', '.join(scale_names)}"
            )
        elif smileys and marker != "smiley":
            problems.append(f"{where}: rateType 'smileys' contradicts journeymapKind '{marker}'")
        else:
            name = str(marker)
    low = _scale_end(element, "rateMin", 1, where, problems)
    high = _scale_end(element, "rateMax", 5, where, problems)
    labels: dict[str, str] = {}
    if (scale := _rate_values(element, labels, where, problems)) is not None:
        low, high = scale
    for field, point in (("minRateDescription", low), ("maxRateDescription", high)):
        if field in element:
            labels[str(point)] = surveyjs_text(element[field], where, field, problems)
    kind = KINDS[name]
    assert isinstance(kind, ScaleKind)  # names come from the scale kinds above
    return FromSurveyJS(name, kind.settings_from_surveyjs(low, high, labels, where, problems))
