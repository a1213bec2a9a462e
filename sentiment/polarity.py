"""Polarity: VADER's rules sentence by sentence, the CX layer on top, and the text's aggregate.

VADER's rules are re-implemented (:mod:`sentiment.vader`) over VADER's own lexicon and constants
rather than called through ``polarity_scores``, for three reasons: each word's contribution is kept
(the "reasons" a reader sees), multi-word CX cues join the same sum under the same rules, and the
work stays linear in the text (VADER re-lowercases the whole text per sentiment word). The
customer-experience layer (:mod:`sentiment.cx_rules`) departs from VADER's word rules in a few
named ways, adds phrase cues, sarcasm and unmet expectations per sentence, and weighs sentences
against each other. With the CX layer off the result tracks raw VADER closely (a test pins it).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from sentiment.cx_rules import CX_DEPARTURES, CxLayer, is_retort, retorts_turned, weigh_sentences
from sentiment.lexicon import CX_WORDS, afinn_words
from sentiment.text import split_sentences
from sentiment.vader import (
    ALPHA,
    PUNCT,
    Departures,
    VaderRules,
    normalize,
    punctuation_emphasis,
    squashed,
    vader_tables,
)

# Most distinct sentences memoised.
_MAX_MEMO = 16_384
_NOTHING: frozenset[str] = frozenset()
# A sentence's flags and hedged words, read in C (by name: no position to keep in step).
_RETORT = attrgetter("retort")
_HEDGED = attrgetter("hedged")
_TURNED = attrgetter("turned")


class SentencePolarity(NamedTuple):
    """One sentence: its valence sum (before squashing) and each cue's contribution."""

    valence: float
    cues: tuple[tuple[str, float], ...]
    opener: str
    compound: float = 0.0  # the valence squashed and rounded, as reported per sentence
    # The praise words a request or unmet-expectation marker governed here ("nice" in "would
    # be nice to have"): the lexicon discounted them, so the learned heads must not count them.
    hedged: frozenset[str] = frozenset()
    retort: bool = False  # praise alone ("Great."): sarcastic after a complaint
    turned: bool = False  # a contrast word ("but", "however") turns the sentence


class Polarity(NamedTuple):
    """A whole text's polarity, with per-sentence compounds and the cues behind it."""

    compound: float
    intensity: float
    sentences: tuple[float, ...]
    reasons: tuple[tuple[str, float], ...]
    total: float  # the valence sum behind ``compound``, before squashing
    hedged: frozenset[str] = frozenset()  # every sentence's discounted praise words
    turned: bool = False  # a contrast decided the weighing: "but" in a sentence, or a turning
    # sentence ("Unfortunately, ...") after the first


def _by_weight(cue: tuple[str, float]) -> float:
    return -abs(cue[1])


class PolarityModel(VaderRules):
    """VADER's rules (:class:`VaderRules`), with the CX layer's departures and cues unless
    ``cx`` is False; built once per process."""

    def __init__(self, *, cx: bool = True) -> None:
        lexicon, emojis = vader_tables()
        vader_lexicon = dict(lexicon)
        if cx:
            lexicon.update(afinn_words())
            lexicon.update(CX_WORDS)
        super().__init__(lexicon, emojis, CX_DEPARTURES if cx else Departures())
        self.cx = cx
        self._cx_layer = CxLayer(self, vader_lexicon) if cx else None
        # Short answers repeat ("Thanks!", "Would not recommend."): score each sentence once.
        self._sentences: dict[str, SentencePolarity] = {}

    def sentence(self, sentence: str) -> SentencePolarity:
        """One sentence's polarity, memoised: short answers repeat ("Thanks!", "Would not
        recommend."). A plain dict emptied when full costs less than an LRU's bookkeeping."""
        memo = self._sentences
        if len(memo) >= _MAX_MEMO:
            memo.clear()
        result = memo[sentence] = self._sentence(sentence)
        return result

    def clear_caches(self) -> None:
        """Forget memoised sentences and token readings (benchmarks measure a cold scorer)."""
        self._sentences.clear()
        self._forms.clear()

    def score(self, text: str) -> Polarity:
        """Score a cleaned text: sentences scored alone, then weighed for turns and verdicts."""
        text = self.replace_emoji(text)
        memo = self._sentences.get
        parts = [memo(s) or self.sentence(s) for s in split_sentences(text)]
        if not parts:
            return Polarity(0.0, 0.0, (), (), 0.0)
        if len(parts) > 1 and self.cx and any(map(_RETORT, parts)):
            parts = retorts_turned(parts)
        weighted: Sequence[tuple[str, float]]
        if len(parts) == 1:  # most answers: no weighing between sentences
            total = parts[0].valence
            weighted = parts[0].cues
            turned = parts[0].turned
        else:
            turned = any(map(_TURNED, parts))
            if self.cx:
                weights, turning = weigh_sentences(parts)
                turned = turned or turning
            else:
                weights = [1.0] * len(parts)
            total = sum(w * p.valence for w, p in zip(weights, parts, strict=True))
            weighted = [
                (cue, w * value)
                for w, p in zip(weights, parts, strict=True)
                for cue, value in p.cues
            ]
        amplifier = punctuation_emphasis(text)
        if total > 0:
            total += amplifier
        elif total < 0:
            total -= amplifier
        if self.cx and total and len(weighted) > 1:
            # A sum of n cue valences grows like sqrt(n) when the cues are noisy readings of
            # one verdict, so long answers with many mild words saturate near +-1 under VADER's
            # squashing. Dividing by sqrt(n) keeps the squashed score an estimate of strength,
            # not of length (on a held-out tenth of GoEmotions train, Pearson r of the blended
            # score against -1/0/+1 labels rises from 0.65 to 0.67). Raw VADER keeps its sum.
            total /= math.sqrt(len(weighted))
        magnitude = 0.0
        for _, value in weighted:
            magnitude += abs(value)
        if len(weighted) > 1:
            merged: dict[str, float] = {}
            for cue, value in weighted:
                merged[cue] = merged.get(cue, 0.0) + value
            ranked: Iterable[tuple[str, float]] = sorted(merged.items(), key=_by_weight)[:8]
        else:
            ranked = weighted
        return Polarity(  # positional: this runs for every answer scored
            round(normalize(total), 4),
            round(magnitude / math.sqrt(magnitude * magnitude + ALPHA), 4),
            (parts[0].compound,) if len(parts) == 1 else tuple(p.compound for p in parts),
            tuple([(cue, round(value, 3)) for cue, value in ranked if value]),
            total,
            parts[0].hedged if len(parts) == 1 else frozenset().union(*map(_HEDGED, parts)),
            turned,
        )

    def _sentence(self, sentence: str) -> SentencePolarity:
        """VADER's word rules over one sentence, then the CX layer's cues."""
        words = self.words(sentence)
        if words is None:
            return SentencePolarity(0.0, (), "")
        tokens, lowers, values, where = words
        cues = word_cues = [(lowers[i].strip(PUNCT) or lowers[i], values[i]) for i in where]
        hedged = _NOTHING
        if self._cx_layer is not None:
            cues, hedged = self._cx_layer.cues(sentence, tokens, lowers, values, cues, where)
        # The words' own values, summed in C, unless the CX layer changed the cues (the zeros
        # between them change no float sum).
        valence = sum(values) if cues is word_cues else sum(v for _, v in cues)
        return SentencePolarity(
            valence,
            tuple(cues),
            lowers[0].strip(PUNCT),
            squashed(valence),
            hedged,
            self.cx and valence > 0 and is_retort(lowers),
            not self._contrast.isdisjoint(lowers),
        )


@lru_cache(maxsize=2)
def model(cx: bool = True) -> PolarityModel:
    """The process-wide polarity model (built on first use: VADER's lexicon takes ~0.1 s)."""
    return PolarityModel(cx=cx)
