"""Date: a calendar date (``YYYY-MM-DD``), optionally between ``min`` and ``max``."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from wtforms import Field, StringField
from wtforms.validators import Optional

from surveys.kinds.base import CleanAnswer, Configured, FromSurveyJS, Operand, SettingProblem
from surveys.kinds.summaries import DateSummary, Summary
from surveys.kinds.surveyjs_values import shown

if TYPE_CHECKING:
    from surveys.models import Question


def parse_date(value: object) -> date | None:
    """``value`` as a date if it is one written ``YYYY-MM-DD``, else None."""
    if not isinstance(value, str) or len(value.strip()) != 10:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


class DateKind:
    """A date; ``min`` and ``max`` (ISO dates, each optional) bound it."""

    name = "date"
    label = "Date"
    operand = Operand.DATE
    surveyjs_types: tuple[str, ...] = ()  # a SurveyJS text with inputType date

    def bounds(self, question: Configured) -> tuple[date | None, date | None]:
        """The earliest and latest dates allowed."""
        return parse_date(question.settings.get("min")), parse_date(question.settings.get("max"))

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """Dates written YYYY-MM-DD, the earliest before the latest."""
        for name in ("min", "max"):
            value = spec.settings.get(name)
            if value not in (None, "") and parse_date(value) is None:
                return name, "write a date as YYYY-MM-DD, like 2025-03-31"
        low, high = self.bounds(spec)
        if low and high and low > high:
            return "max", "the latest date is before the earliest"
        return None

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The earliest and latest dates, as typed."""
        settings: dict[str, Any] = {}
        for name, field in (("min", "date_min"), ("max", "date_max")):
            if raw := str(data.get(field) or "").strip():
                settings[name] = raw
        return settings

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The earliest and latest dates."""
        return {"date_min": settings.get("min", ""), "date_max": settings.get("max", "")}

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """A date input (a text box reading YYYY-MM-DD where browsers have no date picker)."""
        low, high = self.bounds(question)
        attrs: dict[str, Any] = {"type": "date", "placeholder": "YYYY-MM-DD"}
        if low:
            attrs["min"] = low.isoformat()
        if high:
            attrs["max"] = high.isoformat()
        return StringField(
            question.prompt, validators=[Optional()], description=question.help_text,
            render_kw=attrs,
        )  # fmt: skip

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """A real date, YYYY-MM-DD, within the range."""
        day = parse_date(value)
        if day is None:
            return "must be a date written YYYY-MM-DD"
        low, high = self.bounds(question)
        if (low and day < low) or (high and day > high):
            if low and high:
                return f"must be from {low.isoformat()} to {high.isoformat()}"
            return f"must be on or after {low.isoformat()}" if low else (
                f"must be on or before {high.isoformat() if high else ''}")  # fmt: skip
        return CleanAnswer(question, text=day.isoformat())

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The date as YYYY-MM-DD (SurveyJS's own shape; compares in date order)."""
        return text

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """How many, the earliest and latest, and per month."""
        days = sorted(v for v in values if isinstance(v, str) and parse_date(v))
        months = Counter(d[:7] for d in days)
        return DateSummary(
            len(days),
            days[0] if days else None,
            days[-1] if days else None,
            dict(sorted(months.items())),
        )

    def describe(self, question: Question) -> dict[str, Any]:
        """The earliest and latest dates (None when not set)."""
        low, high = self.bounds(question)
        return {"min": low.isoformat() if low else None, "max": high.isoformat() if high else None}

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A ``text`` element with ``inputType: date`` and its range."""
        element: dict[str, Any] = {"type": "text", "inputType": "date"}
        low, high = self.bounds(spec)
        if low:
            element["min"] = low.isoformat()
        if high:
            element["max"] = high.isoformat()
        return element

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """A date input's range (dates only: SurveyJS also takes expressions such as today())."""
        settings: dict[str, Any] = {}
        for prop in ("min", "max"):
            if prop in element:
                if parse_date(element[prop]) is None:
                    problems.append(f"{where}: {prop} {shown(element[prop])} is not a date")
                    continue
                settings[prop] = element[prop]
        return FromSurveyJS(self.name, settings)


KIND = DateKind()
