"""Rating (Likert): a scale from 0 or 1 up to at most 11, its ends set by the researcher."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from surveys.kinds.base import Configured, SettingProblem
from surveys.kinds.scales import ScaleKind


class RatingKind(ScaleKind):
    """A scale whose ends come from its settings (``min``, ``max``; 1–5 unless set)."""

    surveyjs_types: tuple[str, ...] = ("rating",)

    def bounds(self, question: Configured) -> tuple[int, int]:
        """The scale the settings give."""
        s = question.settings
        return int(s.get("min", 1)), int(s.get("max", 5))

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """Runs from 0 or 1 up to at most 11; labels on its points."""
        try:
            low, high = int(spec.settings.get("min", 1)), int(spec.settings.get("max", 5))
        except (TypeError, ValueError):
            return "max", "must be whole numbers"
        if low not in (0, 1) or not low < high <= 11:
            return "max", "the scale runs from 0 or 1 up to at most 11"
        return super().settings_problem(spec)

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The scale's ends and labels."""
        return {
            "min": int(data.get("scale_min") or 1),
            "max": int(data.get("scale_max") or 5),
            **super().settings_from_form(data),
        }

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The scale's ends and labels."""
        return {
            "scale_min": str(settings.get("min", 1)),
            "scale_max": settings.get("max", 5),
            **super().form_data(settings),
        }

    def settings_from_surveyjs(
        self, low: int, high: int, labels: dict[str, str], where: str, problems: list[str]
    ) -> dict[str, Any]:
        """Any scale: its ends and labels."""
        return {"min": low, "max": high, **({"labels": labels} if labels else {})}


KIND = RatingKind("rating", "Rating / Likert scale")
