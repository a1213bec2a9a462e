"""The learned layer: a compact linear model over words, read once from ``sentiment/data``.

One feature pass feeds two heads trained on the GoEmotions train split (see
``sentiment/training/train_model.py``): ``emotion`` (the eight customer-experience emotions) and
``polarity`` (positive / neutral / negative, used to steady VADER where its lexicon is silent).
Scoring is plain dict lookups and additions, so it costs about as much as tokenising.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Set
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import pairwise, repeat
from math import exp
from operator import mul
from typing import cast

from vaderSentiment.vaderSentiment import NEGATE

from sentiment.lexicon import EMOTION_WORDS, NAME_COMPOUNDS, NAME_WORDS
from sentiment.text import words

#: The product's eight customer-experience emotions, in the order the app lists them.
EMOTIONS: tuple[str, ...] = (
    "delighted", "satisfied", "neutral", "confused", "anxious", "frustrated", "disappointed",
    "angry",
)  # fmt: skip

#: The polarity head's classes.
POLARITIES: tuple[str, ...] = ("positive", "neutral", "negative")

MODEL_FILE = "cx_model.json.gz"

# Word pairs ("not happy", "on hold") as features: worth their cost only if they earn it.
WORD_PAIRS = False

# Words that put the next few words in a negated scope ("not helpful", "never again"): VADER's
# own negator list plus "no", so the learned heads see "not good" apart from "good".
NEGATORS = frozenset(NEGATE) | {"no", "cannot", "nobody", "nothing", "nope"}
#: How many words after a negator are marked as negated (VADER's window is three).
NEGATION_SCOPE = 3


# Each emotion word's family feature, formatted once rather than per answer.
_EMOTION_FEATURE = {word: f"__emotion {family}" for word, family in EMOTION_WORDS.items()}
# Its keys as a set: set.intersection walks a dict argument key by key, a set only the smaller.
_EMOTION_WORD_SET = frozenset(_EMOTION_FEATURE)


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


def features(
    text: str,
    compound: float,
    cues: tuple[str, ...] = (),
    tokens: list[str] | None = None,
    hedged: Set[str] = frozenset(),
) -> set[str]:
    """The model's features for one cleaned text: words, word pairs, punctuation, lexicon verdict.

    ``tokens`` are :func:`sentiment.text.words` of the text, when the caller has them already;
    ``hedged`` are the praise words the lexicon layer found asking for something or naming what
    did not happen (:attr:`sentiment.polarity.Polarity.hedged`).
    """
    if tokens is None:
        tokens = words(text)
    found = set(tokens)
    if hedged:
        # "Would be nice to have a dark mode", "It would have been nice to be told": the praise
        # word asks for something or names what did not happen (as the lexicon layer reads
        # it), so the learned heads do not see it as praise either.
        found.difference_update(hedged)
    if not found.isdisjoint(NAME_WORDS):
        _drop_names(tokens, found)
    # isdisjoint() allocates nothing: most answers (about 3 in 4) name no emotion word.
    if not found.isdisjoint(_EMOTION_WORD_SET):
        family = _EMOTION_FEATURE.__getitem__
        found.update(map(family, found.intersection(_EMOTION_WORD_SET)))
    if not found.isdisjoint(NEGATORS) or "n't" in text:
        found.update(_negated(tokens))
    if WORD_PAIRS:
        found.update(f"{a} {b}" for a, b in pairwise(tokens))
    if "?" in text:
        found.add("__question")
    if "!" in text:
        found.add("__exclaim")
    found.add(polarity_bucket(compound))
    if cues:  # rare (a CX phrase matched): skip building an empty generator for the rest
        found.update(f"__cue {cue}" for cue in cues)
    return found


def _drop_names(tokens: list[str], found: set[str]) -> None:
    """Words inside a touchpoint name ("customer support", "welcome email") are no opinion:
    the pair becomes one feature and its words leave the set (unless used alone elsewhere)."""
    paired: set[str] = set()
    for a, b in pairwise(tokens):
        if f"{a} {b}" in NAME_COMPOUNDS:
            found.add(f"{a} {b}")
            paired.update((a, b))
    if paired:
        alone = Counter(tokens)
        for pair in found.intersection(NAME_COMPOUNDS):
            for word in pair.split():
                alone[word] -= 1
        found.difference_update(w for w in paired if alone[w] <= 0)


def _negated(tokens: list[str]) -> list[str]:
    """Features for words inside a negator's scope: "not helpful" -> "not helpful"."""
    out: list[str] = []
    scope = 0
    for token in tokens:
        # token[-3:] == "n't" is token.endswith("n't") without a method call per word.
        if token in NEGATORS or token[-3:] == "n't":
            scope = NEGATION_SCOPE
        elif scope:
            out.append("not " + token)
            scope -= 1
    return out


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
        rows = [row for row in map(self.weights.get, feats) if row is not None]
        known = sum(1 for f in feats if f in self.weights and not f.startswith("__"))
        # zip(*rows) sums each class's column in C, far faster than a Python loop per feature.
        rows.append(self.bias)
        sums = [sum(col) for col in zip(*rows, strict=True)]
        return dict(zip(self.classes, _softmax(sums), strict=True)), known


# Scores are sums of small weights, so exp() cannot overflow unless a huge text piles up hundreds
# of them; only at or above this is a head's maximum subtracted first.
_EXP_SAFE = 500.0


def _softmax(scores: list[float]) -> list[float]:
    """Softmax of one head's scores (map(exp) and one reciprocal), guarded against overflow."""
    top = max(scores)
    exps = list(map(exp, scores)) if top < _EXP_SAFE else [exp(s - top) for s in scores]
    return _normalised(exps)


def _normalised(exps: list[float]) -> list[float]:
    """``exps`` scaled to sum to 1: each times one reciprocal (multiplied in C, by map)."""
    return list(map(mul, exps, repeat(1.0 / sum(exps))))


@dataclass(frozen=True, slots=True)
class CXModel:
    """The shipped model: its version tag and its two heads (None when the file is absent)."""

    version: str
    emotion: Head | None
    polarity: Head | None
    # Both heads' rows side by side (emotion classes, then polarity classes): one lookup per
    # feature instead of two, which halves the model's share of scoring time.
    table: dict[str, tuple[float, ...]] = field(default_factory=dict)
    meta: frozenset[str] = frozenset()  # the table's non-word features ("__question", ...)
    bias: tuple[float, ...] = ()  # both heads' biases, as one more row to sum

    def predict(self, feats: set[str]) -> tuple[list[float], list[float], int]:
        """Emotion and polarity probabilities (in class order) and the count of known words."""
        assert self.emotion is not None and self.polarity is not None
        # filter/map/zip keep the per-feature work in C: this runs for every answer scored.
        rows: list[tuple[float, ...]] = list(filter(None, map(self.table.get, feats)))
        known = len(rows) - len(feats & self.meta)
        rows.append(self.bias)  # the biases join the column sums instead of a pass of their own
        # sum() of floats is a float; mypy types the builtin's start value (0) as int.
        sums = cast(list[float], list(map(sum, zip(*rows, strict=True))))
        k = len(self.emotion.classes)
        if max(sums) < _EXP_SAFE:
            # Both heads on the plain path (as _softmax would take it for each): one exp() pass
            # over both heads' scores, then each head normalised on its own.
            exps = list(map(exp, sums))
            return _normalised(exps[:k]), _normalised(exps[k:]), known
        return _softmax(sums[:k]), _softmax(sums[k:]), known


def _merge(emotion: Head, polarity: Head) -> dict[str, tuple[float, ...]]:
    empty_e = (0.0,) * len(emotion.classes)
    empty_p = (0.0,) * len(polarity.classes)
    keys = emotion.weights.keys() | polarity.weights.keys()
    return {f: emotion.weights.get(f, empty_e) + polarity.weights.get(f, empty_p) for f in keys}


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
    emotion, polarity = _head(raw["emotion"]), _head(raw["polarity"])
    if emotion.classes != EMOTIONS or polarity.classes != POLARITIES:
        # A file from another version of the class lists would mislabel every score.
        return CXModel("mismatched", None, None)
    table = _merge(emotion, polarity)
    meta = frozenset(f for f in table if f.startswith("__"))
    return CXModel(
        str(raw["version"]), emotion, polarity, table, meta, emotion.bias + polarity.bias
    )


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
