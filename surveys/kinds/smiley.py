"""Smiley: 3 or 5 faces; stored as 1 up to the number of faces."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from surveys.kinds.base import Configured, SettingProblem
from surveys.kinds.scales import ScaleKind

SMILEYS: dict[int, tuple[str, ...]] = {
    3: ("☹️", "😐", "🙂"),
    5: ("😠", "☹️", "😐", "🙂", "😄"),
}


class SmileyKind(ScaleKind):
    """Faces instead of words; ``max`` (3 or 5) is the number of faces."""

    def bounds(self, question: Configured) -> tuple[int, int]:
        """1 up to the number of faces."""
        return 1, int(question.settings.get("max", 5))

    def labels(self, question: Configured) -> dict[str, str]:
        """The faces, by point."""
        low, high = self.bounds(question)
        faces = SMILEYS.get(high, SMILEYS[5])
        return {str(n): faces[n - 1] for n in range(low, high + 1)}

    def point_text(self, point: int, label: str | None) -> str:
        """The face, and its number for screen readers and the data."""
        return f"{label} {point}" if label else str(point)

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """3 or 5 faces."""
        try:
            faces = int(spec.settings.get("max", 5))
        except (TypeError, ValueError):
            faces = 0
        if faces not in SMILEYS:
            return "max", "a smiley scale has 3 or 5 faces"
        return super().settings_problem(spec)

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The number of faces."""
        return {"max": int(data.get("scale_max") or 5)}

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The number of faces."""
        return {"scale_max": settings.get("max", 5)}

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A ``rating`` element of smileys."""
        low, high = self.bounds(spec)
        return {
            "type": "rating",
            "rateMin": low,
            "rateMax": high,
            "journeymapKind": "smiley",
            "rateType": "smileys",
        }

    def settings_from_surveyjs(
        self, low: int, high: int, labels: dict[str, str], where: str, problems: list[str]
    ) -> dict[str, Any]:
        """1 up to 3 or 5 faces, never words."""
        if low != 1 or high not in SMILEYS:
            sizes = " or ".join(str(n) for n in sorted(SMILEYS))
            problems.append(f"{where}: a smiley scale runs from 1 to {sizes}, not {low}–{high}")
        if labels:
            problems.append(
                f"{where}: a smiley scale shows faces, so its labels cannot be imported"
            )
        return {"max": high}


KIND = SmileyKind("smiley", "Smiley scale")
