"""CSAT: satisfaction on a fixed 1–5 scale."""

from __future__ import annotations

from surveys.kinds.scales import ScaleKind

KIND = ScaleKind(
    "csat",
    "CSAT (1–5)",
    scale=(1, 5),
    default_labels={"1": "Very dissatisfied", "5": "Very satisfied"},
)
