"""CES: customer effort on a fixed 1–7 scale."""

from __future__ import annotations

from surveys.kinds.scales import ScaleKind

KIND = ScaleKind(
    "ces",
    "CES (1–7)",
    scale=(1, 7),
    default_labels={"1": "Very difficult", "7": "Very easy"},
)
