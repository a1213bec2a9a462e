"""The learned layer: a compact linear model over words, read once from ``sentiment/data``.

One feature pass feeds two heads trained on the GoEmotions train split (see
``sentiment/training/train_model.py``): ``emotion`` (the eight customer-experience emotions) and
``polarity`` (positive / neutral / negative, used to steady VADER where its lexicon is silent).
Scoring is plain dict lookups and additions, so it costs about as much as tokenising.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from sentiment.text import words

#: The product's eight customer-experience emotions, in the order the app lists them.
EMOTIONS: tuple[str, ...] = (
    "delighted", "satisfied", "neutral", "confused", "anxious", "frustrated", "disappointed",
    "angry",
)  # fmt: skip

#: The polarity head's classes.
POLARITIES: tuple[str, ...] = ("positive", "neutral", "negative")

MODEL_FILE = "cx_model.json.gz"


def polarity_bucket(compound: float) -> str:
    """A coarse feature naming the lexicon's verdict, so the model can lean on VADER."""
    if compound >= 0.5:
        return "__vader_pos2"
    if compound >= 0.05:
        return "__vader_pos1"
    if compound <= -0.5:
        return "__vader_neg2"
    if compound <= -0.05:
        return "__vader_neg1"
    return "__vader_neu"


def features(text: str, compound: float, cues: tuple[str, ...] = ()) -> set[str]:
    """The model's features for one cleaned text: words, word pairs, punctuation, lexicon verdict."""
    tokens = words(text)
    found = set(tokens)
    found.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:]))
    if "?" in text:
        found.add("__question")
    if "!" in text:
        found.add("__exclaim")
    found.add(polarity_bucket(compound))
    found.update(f"__cue {cue}" for cue in cues)
    return found


@dataclass(frozen=True, slots=True)
class Head:
    """One softmax head: class names, biases, and per-feature weight rows."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def probabilities(self, feats: set[str]) -> dict[str, float]:
        """Softmax over the classes for a feature set."""
        return self.scores(feats)[0]

    def scores(self, feats: set[str]) -> tuple[dict[str, float], int]:
        """Softmax over the classes, and how many word features the model knew."""
        scores = list(self.bias)
        rows = self.weights
        k = len(scores)
        known = 0
        for feat in feats:
            row = rows.get(feat)
            if row is not None:
                known += not feat.startswith("__")
                for i in range(k):
                    scores[i] += row[i]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}, known


@dataclass(frozen=True, slots=True)
class CXModel:
    """The shipped model: its version tag and its two heads (None when the file is absent)."""

    version: str
    emotion: Head | None
    polarity: Head | None


def _head(raw: dict[str, object]) -> Head:
    classes = tuple(str(c) for c in raw["classes"])  # type: ignore[attr-defined]
    bias = tuple(float(b) for b in raw["bias"])  # type: ignore[attr-defined]
    table = raw["weights"]
    assert isinstance(table, dict)
    weights = {str(f): tuple(float(w) for w in row) for f, row in table.items()}
    return Head(classes, bias, weights)


@lru_cache(maxsize=1)
def load_model() -> CXModel:
    """Read the shipped model once per process; fall back to lexicon-only rules if it is absent."""
    try:
        blob = resources.files("sentiment").joinpath("data", MODEL_FILE).read_bytes()
    except (FileNotFoundError, OSError):
        return CXModel("none", None, None)
    raw = json.loads(gzip.decompress(blob).decode("utf-8"))
    return CXModel(str(raw["version"]), _head(raw["emotion"]), _head(raw["polarity"]))


# Without the model, the lexicon verdict picks an emotion (the data README's polarity bands).
def emotions_from_polarity(compound: float) -> dict[str, float]:
    """A fallback emotion distribution from polarity alone, used when no model is shipped."""
    if compound >= 0.6:
        name = "delighted"
    elif compound >= 0.05:
        name = "satisfied"
    elif compound > -0.05:
        name = "neutral"
    else:
        name = "frustrated"
    return {e: (1.0 if e == name else 0.0) for e in EMOTIONS}
