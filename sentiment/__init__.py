"""Customer-experience sentiment scoring of free text.

A pure library: text in, :class:`TextScore` out — polarity, emotion, intensity, themes, and the
cues behind the score. It imports nothing of the project, never touches the network or a database,
and builds its lexicon and model once per process. Layers, each in its own module:

* :mod:`sentiment.text` — hygiene and sentence splitting (hostile input stops here);
* :mod:`sentiment.polarity` — VADER's rules per sentence (:mod:`sentiment.vader`) with the
  customer-experience layer (:mod:`sentiment.cx_rules`, its words and patterns in
  :mod:`sentiment.lexicon` and :mod:`sentiment.phrases`), weighed over the text;
* :mod:`sentiment.emotions` — the learned emotion and polarity heads (shipped in ``data/``);
* :mod:`sentiment.themes`, :mod:`sentiment.language` — key phrases and the language flag.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat
from operator import mul

from sentiment.emotions import EMOTIONS, emotions_from_polarity, features, load_model
from sentiment.language import UNKNOWN, detect
from sentiment.polarity import Polarity, model
from sentiment.text import clean, words
from sentiment.themes import extract
from sentiment.vader import label_for, normalize

__all__ = ["EMOTIONS", "MODEL_VERSION", "TextScore", "label_for", "score", "score_many"]

#: Version of everything that shapes a score; stored with each score so answers can be rescored.
MODEL_VERSION = "vader-3.3.2+cx.18+ge-lr.14"

# The model file this code was tuned with; any other file scores as lexicon-only, visibly so.
_MODEL_FILE_VERSION = MODEL_VERSION.rsplit("+", 1)[1]

# How far the learned polarity head moves the lexicon verdict, on VADER's raw-sum scale: enough
# to decide texts VADER's lexicon is silent on, not enough to overrule clear cues.
LEARNED_WEIGHT = 1.2
# A lean weaker than this (P(positive) - P(negative)) is noise: plain statements stay neutral.
LEARNED_DEAD_ZONE = 0.3
# Text the learned head finds neutral has its lexicon sum shrunk by up to this share: editorial
# and factual sentences collect mild lexicon words without meaning much by them.
NEUTRAL_SHRINK = 0.3
_POSITIVE_EMOTIONS = ("delighted", "satisfied")
_NEGATIVE_EMOTIONS = ("anxious", "frustrated", "disappointed", "angry")
# Which emotions (in EMOTIONS order) each polar label leaves possible.
_ALLOWED = {
    "negative": tuple(float(e not in _POSITIVE_EMOTIONS) for e in EMOTIONS),
    "positive": tuple(float(e not in _NEGATIVE_EMOTIONS) for e in EMOTIONS),
}
# A clear verdict (|compound| at least this, about one clear cue word) rules out "neutral" too:
# "still no refund after six weeks" is not a neutral experience even when the emotion model,
# trained on Reddit comments where most statements of fact are labelled neutral, is unsure
# which feeling it is. A map cell of complaints must not read "neutral". On GoEmotions dev this
# costs macro-F1 (0.524 -> 0.496): most of the comments it moves off "neutral" carry clear words
# ("utterly despicable", "so strange") that raters there still called neutral.
CLEAR_VERDICT = 0.25
_ALLOWED_CLEAR = {
    label: tuple(ok * (e != "neutral") for ok, e in zip(allowed, EMOTIONS, strict=True))
    for label, allowed in _ALLOWED.items()
}


@dataclass(frozen=True, slots=True)
class TextScore:
    """The score of one text: polarity, emotion, intensity, themes, reasons, language, model."""

    compound: float
    label: str
    emotion: str = "neutral"
    emotions: dict[str, float] | None = None
    intensity: float = 0.0
    sentences: tuple[float, ...] = ()
    themes: tuple[str, ...] = ()
    reasons: tuple[tuple[str, float], ...] = ()
    language: str = UNKNOWN
    model: str = MODEL_VERSION


def _empty() -> TextScore:
    weights = {e: (1.0 if e == "neutral" else 0.0) for e in EMOTIONS}
    return TextScore(0.0, "neutral", "neutral", weights, 0.0, (), (), (), UNKNOWN, MODEL_VERSION)


def _agree_with_polarity(weights: list[float], label: str, compound: float) -> list[float]:
    """The emotion weights given the polarity label: a label rules out the opposite side's emotions.

    An answer shown as negative must not read "satisfied" (sarcastic thanks), nor a positive one
    "angry": the polarity layer has seen cues the emotion model has not, and a reader should never
    see a label and an emotion that contradict each other.
    The model's weights are conditioned on that verdict (the ruled-out emotions get nothing and
    the rest are renormalised), so ``emotion``, their arg-max, always agrees with ``emotions``.
    ``weights`` are in :data:`EMOTIONS` order.
    """
    mask = (_ALLOWED_CLEAR if abs(compound) >= CLEAR_VERDICT else _ALLOWED).get(label)
    if mask is None:
        return weights
    masked = list(map(mul, weights, mask))  # 1.0 keeps an emotion, 0.0 rules it out
    kept = sum(masked)
    if kept <= 0.0:
        return weights  # nothing left to condition on (cannot happen with a softmax)
    return list(map(mul, masked, repeat(1.0 / kept)))  # each times one reciprocal, in C


def score(text: str) -> TextScore:
    """Score one free-text answer; any input (empty, huge, binary-ish) gets a valid score."""
    return _score_batch([text])[0]


def score_many(texts: Iterable[str]) -> list[TextScore]:
    """Score a batch in order; repeated texts (common in survey exports) are scored once."""
    firsts: dict[str, object] = {}  # each distinct text, keyed as a string, in first-seen order
    keys: list[str] = []
    for text in texts:
        key = text if isinstance(text, str) else repr(text)
        keys.append(key)
        if key not in firsts:
            firsts[key] = text
    distinct = list(firsts)
    scored: dict[str, TextScore] = {}
    for start in range(0, len(distinct), BATCH_SIZE):
        chunk = distinct[start : start + BATCH_SIZE]
        with _collector_paused():
            batch = _score_batch([firsts[k] for k in chunk])
        scored.update(zip(chunk, batch, strict=True))
    return [scored[key] for key in keys]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one batch (as Mercurial's ``nogc`` does).

    Scoring allocates many small containers and creates no reference cycles, so a collection
    during a batch finds nothing to free, yet each one walks every live container: measured,
    that was a third of batch time. Memory is still freed by reference counting; the pause
    lasts one bounded batch (tens of milliseconds) and the caller's setting is restored.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


#: Texts run through each layer together. Layer by layer keeps each layer's tables (lexicon,
#: model rows, stems) hot in the CPU cache (in CPU time, measurably faster than text by text on
#: the bench's 20,000 texts); a bounded batch keeps memory flat however long the input.
BATCH_SIZE = 512


def _score_batch(texts: list[object]) -> list[TextScore]:
    """Score texts layer by layer (hygiene, polarity, model, themes, language), then assemble."""
    cleaned = [clean(text) for text in texts]
    engine = model(True)
    polarities = [engine.score(text) if text else None for text in cleaned]
    tokens = [words(text) for text in cleaned]
    learned = load_model()
    usable = (
        learned.emotion is not None
        and learned.polarity is not None
        and learned.version == _MODEL_FILE_VERSION
    )
    predictions: list[tuple[list[float], list[float], int] | None] = [None] * len(texts)
    if usable:
        for i, (text, polarity) in enumerate(zip(cleaned, polarities, strict=True)):
            if polarity is None:
                continue
            reasons = polarity.reasons
            cues = tuple(c for c, _ in reasons if " " in c) if reasons else ()
            # Emoji reach the model as VADER's descriptions ("😡" -> "pouting face").
            emoji_free = engine.replace_emoji(text)
            same = emoji_free is text
            feats = features(
                emoji_free, polarity.compound, cues, tokens[i] if same else None, polarity.hedged
            )
            predictions[i] = learned.predict(feats)
    sentiment_words, lexicon = engine.sentiment_words, engine.lexicon
    pairs = list(zip(cleaned, tokens, strict=True))
    themes = [extract(t, sentiment_words, w) if t else () for t, w in pairs]
    languages = [detect(t, lexicon, w) if t else UNKNOWN for t, w in pairs]
    out: list[TextScore] = []
    for i, polarity in enumerate(polarities):
        if polarity is None:
            out.append(_empty())
        else:
            out.append(_assemble(polarity, predictions[i], themes[i], languages[i]))
    return out


def _assemble(
    polarity: Polarity,
    prediction: tuple[list[float], list[float], int] | None,
    themes: tuple[str, ...],
    language: str,
) -> TextScore:
    """One text's score from its layers: the lexicon verdict steadied by the learned heads."""
    compound = polarity.compound
    weights: list[float]
    if prediction is None:
        fallback = emotions_from_polarity(compound)
        weights = [fallback[e] for e in EMOTIONS]
        version = MODEL_VERSION + "-lexicon-only"
    else:
        weights, (positive, neutral, negative), known = prediction
        if known:
            # Blend in the lexicon's raw-sum space (sqrt(n)-scaled), so strong lexicon evidence
            # still dominates.
            lean = positive - negative
            lean = math.copysign(max(0.0, abs(lean) - LEARNED_DEAD_ZONE), lean)
            lexical = polarity.total * (1.0 - NEUTRAL_SHRINK * neutral)
            learned = LEARNED_WEIGHT * lean / (1.0 - LEARNED_DEAD_ZONE)
            if (
                polarity.turned
                and lexical * learned < 0.0
                and label_for(polarity.compound) != "neutral"
            ):
                # The learned heads read words without their order, so in "Great app but it
                # crashes" they count the praise as much as the complaint: where the contrast
                # rule reached a verdict, they may steady it but not turn it over.
                learned = 0.0
            compound = round(normalize(lexical + learned), 4)
        version = MODEL_VERSION
    label = label_for(compound)
    weights = _agree_with_polarity(weights, label, compound)
    return TextScore(  # positional (in field order): a third cheaper than keywords, per answer
        compound,
        label,
        EMOTIONS[weights.index(max(weights))],  # emotion: the first of equals, in product order
        dict(zip(EMOTIONS, weights, strict=True)),
        polarity.intensity,
        polarity.sentences,
        themes,
        polarity.reasons,
        language,
        version,
    )
