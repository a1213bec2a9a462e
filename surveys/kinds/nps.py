"""NPS: how likely to recommend, 0–10; summarised as promoters, passives, detractors and score."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from surveys.kinds.scales import ScaleKind
from surveys.kinds.summaries import NpsSummary, Summary, scale_summary_of_counts, shares

if TYPE_CHECKING:
    from surveys.models import Question

PROMOTERS = (9, 10)
PASSIVES = (7, 8)
DETRACTORS = tuple(range(0, 7))


class NpsKind(ScaleKind):
    """The Net Promoter question: a fixed 0–10 scale."""

    def summarise_counts(
        self, question: Question, counted: Iterable[tuple[object, int]]
    ) -> Summary:
        """The distribution, the three groups' shares and the score (−100 to 100)."""
        scale = scale_summary_of_counts(0, 10, counted)
        promoters = shares(scale.counts, scale.answered, PROMOTERS)
        detractors = shares(scale.counts, scale.answered, DETRACTORS)
        return NpsSummary(
            scale=scale,
            promoters=promoters,
            passives=shares(scale.counts, scale.answered, PASSIVES),
            detractors=detractors,
            score=(promoters - detractors) * 100 if scale.answered else None,
        )


KIND = NpsKind(
    "nps",
    "NPS (0–10)",
    scale=(0, 10),
    default_labels={"0": "Not at all likely", "10": "Extremely likely"},
)
