"""Customer-experience sentiment scoring of free text.

A pure library: text in, :class:`TextScore` out. It imports nothing of the project, never touches
the network or a database, and builds its analyser once per process.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

MODEL_VERSION = "vader-3.3.2+cx.0"

# VADER's own recommended bands for turning compound into a label.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05


@dataclass(frozen=True, slots=True)
class TextScore:
    """The score of one text: polarity and the model version that produced it."""

    compound: float
    label: str
    model: str = MODEL_VERSION


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def label_for(compound: float) -> str:
    """Map a compound score onto positive / neutral / negative."""
    if compound >= POSITIVE_THRESHOLD:
        return "positive"
    if compound <= NEGATIVE_THRESHOLD:
        return "negative"
    return "neutral"


def score(text: str) -> TextScore:
    """Score one free-text answer."""
    compound = float(_analyzer().polarity_scores(text or "")["compound"])
    return TextScore(compound=compound, label=label_for(compound))


def score_many(texts: Iterable[str]) -> list[TextScore]:
    """Score a batch of texts, in order."""
    return [score(t) for t in texts]
