"""Polarity: VADER's rules applied sentence by sentence, the CX lexicon layer, and aggregation.

VADER's rules are re-implemented here over VADER's own lexicon and constants (loaded from the
wheel) rather than called through ``polarity_scores``, for three reasons: each word's contribution
is kept (the "reasons" a reader sees), multi-word CX cues join the same sum under the same rules,
and the work stays linear in the text (VADER re-lowercases the whole text per sentiment word).
With the CX layer off the result tracks raw VADER closely (a test pins it).
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import compress, count, pairwise
from operator import attrgetter
from typing import NamedTuple

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)

from sentiment.lexicon import (
    CONTRAST_OPENERS,
    CONTRAST_WORDS,
    COUNTERFACTUAL,
    COUNTERFACTUAL_ANCHORS,
    COUNTERFACTUAL_SCALAR,
    CX_WORDS,
    EXTRA_NEGATORS,
    LIKE_NOT_VERB_CONTEXT,
    NAME_COMPOUNDS,
    NAME_WORDS,
    PRETTY_ADVERB_BEFORE,
    REPAIR_WORDS,
    REQUEST,
    REQUEST_ANCHORS,
    REQUEST_SCALAR,
    RETORT_LENGTH,
    RETORT_WORDS,
    SARCASM_ANCHORS,
    SARCASM_OPENER_WORDS,
    SARCASM_OPENERS,
    SARCASTIC_EXCLAMATION,
    SARCASTIC_REPEAT,
    afinn_words,
)
from sentiment.phrases import phrase_index
from sentiment.text import split_sentences

#: VADER's bands for turning a compound score into a label.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05

# VADER's normalisation constant: compound = sum / sqrt(sum^2 + ALPHA).
ALPHA = 15.0
# Weight of the sentences from a turning sentence ("But ...", "Unfortunately ...") onwards, and of
# those before it — VADER's within-sentence rule for "but", applied across sentences.
AFTER_TURN, BEFORE_TURN = 1.5, 0.5
# In feedback the last sentence usually carries the verdict ("Would not order again.").
FINAL_SENTENCE_WEIGHT = 1.25
# A praise word thanking someone for a complaint counts this much against instead.
SARCASM_SCALAR = -0.6
_PUNCT = string.punctuation
_SO_THIS = ("so", "this")
_TOKEN_SPLIT = re.compile(r"[^\w']+")
# Raw tokens that end a clause inside a sentence: a trailing comma, semicolon or colon, an
# ellipsis anywhere ("late...the"), or a dash standing alone.
_CLAUSE_END = re.compile(r"[,;:][\"')\]]*$|\.\.|^-+$")
# Last words of VADER's idioms and booster bigrams, and those plus idioms' first words: a
# sentiment word with none of them at hand skips the idiom checks, which cost a dozen lookups.
_IDIOM_PHRASES = [p.split() for p in (*SPECIAL_CASES, *BOOSTER_DICT) if " " in p]
_IDIOM_ENDS = frozenset(words[-1] for words in _IDIOM_PHRASES)
_IDIOM_EDGES = _IDIOM_ENDS | {words[0] for words in _IDIOM_PHRASES}
# Most distinct raw tokens whose VADER reading is memoised (a few MB at most).
_MAX_FORMS = 100_000
# Most distinct sentences memoised.
_MAX_MEMO = 16_384
_NOTHING: frozenset[str] = frozenset()
# The second word of "no more" / "no longer", which turn "no" into a negator of what follows.
_NO_LONGER = frozenset({"more", "longer"})
# A sentence's flags and hedged words, read in C (by name: no position to keep in step).
_RETORT = attrgetter("retort")
_HEDGED = attrgetter("hedged")
_TURNED = attrgetter("turned")
# A letter written three or more times in a row: stretched for emphasis ("sooo slowww").
_STRETCHED = re.compile(r"([a-z])\1{2,}")
# The cheap test for it, run on each new word (a bound method: no lookups, no repetition).
_has_triple = re.compile(r"(.)\1\1").search


def label_for(compound: float) -> str:
    """Map a compound score onto positive / neutral / negative (VADER's +-0.05 bands)."""
    if compound >= POSITIVE_THRESHOLD:
        return "positive"
    if compound <= NEGATIVE_THRESHOLD:
        return "negative"
    return "neutral"


def normalize(total: float) -> float:
    """Squash an unbounded valence sum into (-1, 1), as VADER does."""
    return total / math.sqrt(total * total + ALPHA)


def _compound(valence: float) -> float:
    """A sentence's reported compound: its valence squashed and rounded (0.0 when silent)."""
    return round(normalize(valence), 4) if valence else 0.0


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


def punctuation_emphasis(text: str) -> float:
    """VADER's boost for '!' (up to four) and for two or more '?'."""
    amplifier = min(text.count("!"), 4) * 0.292
    questions = text.count("?")
    if questions > 1:
        amplifier += questions * 0.18 if questions <= 3 else 0.96
    return amplifier


class PolarityModel:
    """VADER's lexicon and rules, optionally with the CX layer; built once per process."""

    def __init__(self, *, cx: bool = True) -> None:
        analyzer = SentimentIntensityAnalyzer()
        self.cx = cx
        self.lexicon: dict[str, float] = dict(analyzer.lexicon)
        self.emojis: dict[str, str] = dict(analyzer.emojis)
        self.negators = frozenset(NEGATE) | (EXTRA_NEGATORS if cx else frozenset())
        if cx:
            self.lexicon.update(afinn_words())
            self.lexicon.update(CX_WORDS)
        self._phrases = phrase_index() if cx else None
        # A frozenset, not the dict: set.intersection walks a dict argument key by key.
        self._phrase_words = frozenset(self._phrases or ())
        self._anchors = self._phrase_words | SARCASM_ANCHORS | COUNTERFACTUAL_ANCHORS
        #: Words that carry clear sentiment; they end a theme phrase rather than join it.
        self.sentiment_words = frozenset(w for w, v in self.lexicon.items() if abs(v) >= 1.0)
        self._contrast = CONTRAST_WORDS if cx else frozenset({"but"})
        # Complaint words VADER lacks (the CX layer's and AFINN's): with one of them in the
        # sentence, "thanks for ..." is sarcastic ("thanks for the outage").
        self._complaint_words = frozenset(
            w for w, v in self.lexicon.items() if v < 0 and w not in analyzer.lexicon
        ) | frozenset(w for w, v in CX_WORDS.items() if v < 0)
        # Short answers repeat ("Thanks!", "Would not recommend."): score each sentence once.
        self._sentences: dict[str, SentencePolarity] = {}
        self._forms: dict[str, tuple[str, str, bool]] = {}
        # Lexicon words that may carry no sentiment in context (see _not_sentiment).
        self._special = frozenset({"kind"}) | (
            frozenset({"like", "pretty", "well"}) | NAME_WORDS if cx else frozenset()
        )
        # Lexicon words VADER scores (boosters modify others rather than count themselves,
        # unless the CX layer rates them: "the food was exceptional" is praise).
        self._scored = (frozenset(self.lexicon) - frozenset(BOOSTER_DICT)) | (
            frozenset(CX_WORDS) if cx else frozenset()
        )
        # Words VADER's rules react to, which a stretched spelling ("sooo") may stand for.
        self._known = (
            frozenset(self.lexicon) | frozenset(BOOSTER_DICT) | self.negators | _IDIOM_EDGES
        )
        # Words that make VADER's rules change a nearby sentiment word's valence.
        self._modifiers = (
            frozenset(BOOSTER_DICT)
            | self.negators
            | _IDIOM_EDGES
            | {"no", "or", "nor", "least", "never", "without", "doubt", "so", "this"}
        )

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

    # -- text level -------------------------------------------------------------------------

    def replace_emoji(self, text: str) -> str:
        """Replace emoji by their VADER descriptions ("😡" -> "pouting face")."""
        if text.isascii():
            return text
        out: list[str] = []
        prev_space = True
        for char in text:
            description = self.emojis.get(char)
            if description is not None:
                if not prev_space:
                    out.append(" ")
                out.append(description)
                prev_space = False
            else:
                out.append(char)
                prev_space = char == " "
        return "".join(out).strip()

    def score(self, text: str) -> Polarity:
        """Score a cleaned text: sentences scored alone, then weighed for turns and verdicts."""
        text = self.replace_emoji(text)
        memo = self._sentences.get
        parts = [memo(s) or self.sentence(s) for s in split_sentences(text)]
        if not parts:
            return Polarity(0.0, 0.0, (), (), 0.0)
        if len(parts) > 1 and self.cx and any(map(_RETORT, parts)):
            parts = _retorts_turned(parts)
        weighted: Sequence[tuple[str, float]]
        if len(parts) == 1:  # most answers: no weighing between sentences
            total = parts[0].valence
            weighted = parts[0].cues
            turned = parts[0].turned
        else:
            weights = [1.0] * len(parts)
            turned = any(map(_TURNED, parts))
            if self.cx:
                for i, part in enumerate(parts):
                    if i > 0 and part.opener in CONTRAST_OPENERS:
                        turned = True
                        weights = [
                            w * (BEFORE_TURN if j < i else AFTER_TURN)
                            for j, w in enumerate(weights)
                        ]
                weights[-1] *= FINAL_SENTENCE_WEIGHT
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

    # -- sentence level ---------------------------------------------------------------------

    def _sentence(self, sentence: str) -> SentencePolarity:
        """VADER's word rules over one sentence, plus CX phrase cues and sarcastic thanks."""
        forms = self._forms
        if len(forms) > _MAX_FORMS:
            forms.clear()  # bounded memory in a long-running process
        tokens = sentence.split()
        rows = list(map(forms.get, tokens))  # in C; only words not seen before are worked out
        if None in rows:
            for token in {t for t, row in zip(tokens, rows, strict=True) if row is None}:
                # VADER's token rule: strip edge punctuation unless two characters or fewer
                # remain, which are likely emoticons (":)"). Inlined: this runs for every new word.
                stripped = token.strip(_PUNCT)
                item = token if len(stripped) <= 2 else stripped
                low = item.lower()
                if self.cx and low not in self._known and _has_triple(low):
                    low = self._unstretched(low)
                forms[token] = (item, low, item.isupper())
            rows = list(map(forms.__getitem__, tokens))
        if not rows:
            return SentencePolarity(0.0, (), "")
        items, lowers, uppers = zip(*rows, strict=True)
        n = len(items)
        upper = sum(uppers)
        cap_diff = 0 < n - upper < n
        values = [0.0] * n
        where: list[int] = []  # each cue's word position
        scored = self._scored.intersection(lowers)
        if scored:  # one C-level test skips sentences without a sentiment word
            # Whether any word is a contracted negation ("didn't"): tested once per sentence.
            contracted = "'" in sentence and any("n't" in w for w in lowers)
            special = self._special
            # The sentiment words' positions, found in C (most words of a sentence are not).
            for i in compress(count(), map(scored.__contains__, lowers)):
                low = lowers[i]
                if low in special and self._not_sentiment(i, lowers, tokens):
                    continue
                values[i] = self._word_valence(i, items, lowers, cap_diff, contracted, values)
            self._contrast_check(lowers, values)
            where = list(compress(count(), values))  # positions of non-zero values
        cues = word_cues = [(lowers[i].strip(_PUNCT) or lowers[i], values[i]) for i in where]
        hedged = _NOTHING
        if self._phrases is not None and lowers:
            cues, hedged = self._cx_cues(sentence, lowers, values, cues, where)
        opener = lowers[0].strip(_PUNCT) if lowers else ""
        # The words' own values, summed in C, unless the CX layer changed the cues (the zeros
        # between them change no float sum).
        valence = sum(values) if cues is word_cues else sum(v for _, v in cues)
        retort = (
            self.cx
            and valence > 0
            and n <= RETORT_LENGTH
            and all(w.strip(_PUNCT) in RETORT_WORDS for w in lowers)
        )
        turned = not self._contrast.isdisjoint(lowers)
        return SentencePolarity(
            valence,
            tuple(cues),
            opener,
            _compound(valence),
            hedged,
            retort,
            turned,
        )

    def _unstretched(self, low: str) -> str:
        """A stretched word as the word it stretches, if that is one VADER's rules know:
        "goooood" -> "good", "slowww" -> "slow", "sooo" -> "so"; otherwise ``low`` as it is."""
        for repeat in (r"\1\1", r"\1"):
            candidate = _STRETCHED.sub(repeat, low)
            if candidate in self._known:
                return candidate
        return low

    def _not_sentiment(self, i: int, lowers: Sequence[str], tokens: Sequence[str]) -> bool:
        """Whether the lexicon word at ``i`` is used here in a sense that carries no sentiment.

        "kind of" is a hedge (VADER's rule); with the CX layer on, also: "like" as a preposition,
        a word inside a name ("customer support", "credit card"), "pretty" as an adverb ("pretty
        bad"), and "Well," opening a sentence.
        """
        low = lowers[i]
        following = lowers[i + 1] if i + 1 < len(lowers) else ""
        if low == "kind":
            return following == "of"
        if not self.cx:
            return False
        if low == "like":
            return _not_the_verb(lowers, i)
        if low == "pretty" and (following in self.lexicon or following in PRETTY_ADVERB_BEFORE):
            return True
        if low == "well" and i == 0 and tokens[0].endswith(","):
            return True
        return f"{low} {following}" in NAME_COMPOUNDS or (
            i > 0 and f"{lowers[i - 1]} {low}" in NAME_COMPOUNDS
        )

    def _cx_cues(
        self,
        sentence: str,
        lowers: Sequence[str],
        values: list[float],
        cues: list[tuple[str, float]],
        where: list[int],
    ) -> tuple[list[tuple[str, float]], frozenset[str]]:
        """Add the CX phrase cues of a sentence, then turn sarcastic or unmet-expectation praise.

        Also says which praise words a request or unmet-expectation marker governed here, which
        the learned layer needs to know too.
        """
        assert self._phrases is not None
        # Hyphenated and contracted words are split too ("3-hour", "couldn't"), only if needed.
        split = "-" in sentence or "'" in sentence
        if not split and self._anchors.isdisjoint(lowers):
            return cues, _NOTHING  # most sentences: no CX phrase, sarcasm or unmet expectation
        plain = " ".join(lowers)
        pieces = _TOKEN_SPLIT.split(plain) if split else ()
        if self._anchors.isdisjoint(lowers) and self._anchors.isdisjoint(pieces):
            return cues, _NOTHING
        tokens = {*lowers, *pieces}
        bare: set[str] | None = None  # tokens with short words' punctuation stripped, if needed
        raw: list[str] = []  # the sentence's tokens with their punctuation, when needed
        tried: set[int] = set()
        found: list[tuple[int, int, float, str]] = []
        for anchor in sorted(tokens.intersection(self._phrase_words)):
            for pattern, valence, label, also in self._phrases[anchor]:
                if id(pattern) in tried:
                    continue
                if not also <= tokens:
                    # VADER keeps the punctuation of words of two letters or fewer (":)"), so
                    # a sentence ending "turned up." holds "up." and not the "up" required.
                    if bare is None:
                        bare = tokens.union([w.strip(_PUNCT) for w in lowers if len(w) <= 3])
                    if not also <= bare:
                        continue
                tried.add(id(pattern))
                found.extend((m.start(), -m.end(), valence, label) for m in pattern.finditer(plain))
        complaint = False
        if found:
            # One stretch of text is one cue: the leftmost, then longest, phrase wins, and the
            # words inside it stop counting on their own ("couldn't be happier" is praise, not
            # a negated "happier"; "is a joke" is not a joke's cheer).
            found.sort()
            raw = raw or sentence.split()
            taken: list[tuple[int, int]] = []
            phrase_cues: list[tuple[str, float]] = []
            phrase_where: list[int] = []
            for start, neg_end, valence, label in found:
                end = -neg_end
                if any(start < e and s < end for s, e in taken):
                    continue
                taken.append((start, end))
                position = plain.count(" ", 0, start)
                before = _clause_before(lowers, raw, position)
                negated = any(map(self._is_negator, before)) or _no_longer(before)
                value = valence * N_SCALAR if negated else valence
                phrase_cues.append((label, value))
                phrase_where.append(position)
                complaint = complaint or value < 0
            covered = {
                i
                for s, e in taken
                for i in range(plain.count(" ", 0, s), plain.count(" ", 0, e) + 1)
            }
            pivot = self._contrast_pivot(lowers)
            if pivot >= 0:  # phrases weigh by the contrast rule too, like the words around them
                phrase_cues = [
                    (label, value * (0.5 if position < pivot else 1.5))
                    for (label, value), position in zip(phrase_cues, phrase_where, strict=True)
                ]
            kept = [(c, w) for c, w in zip(cues, where, strict=True) if w not in covered]
            cues = [c for c, _ in kept] + phrase_cues
            where = [w for _, w in kept] + phrase_where
        if not values or max(values) <= 0:
            return cues, _NOTHING
        # The rules below are regex searches; their anchor words decide whether to run them.
        if self._sarcastic(sentence, plain, tokens, cues, complaint):
            return [(c, v * SARCASM_SCALAR if v > 0 else v) for c, v in cues], _NOTHING
        if not tokens.isdisjoint(COUNTERFACTUAL_ANCHORS):
            marker = COUNTERFACTUAL.search(plain)
            if marker is not None:
                return _unmet(cues, where, plain, marker, raw or sentence.split())
        if not tokens.isdisjoint(REQUEST_ANCHORS):
            marker = REQUEST.search(plain)
            if marker is not None:
                raw = raw or sentence.split()
                return _unmet(cues, where, plain, marker, raw, REQUEST_SCALAR)
        return cues, _NOTHING

    def _sarcastic(
        self,
        sentence: str,
        plain: str,
        tokens: set[str],
        cues: list[tuple[str, float]],
        complaint: bool,
    ) -> bool:
        """Whether the sentence's praise is sarcastic: thanks for a complaint ("thanks for the
        3-hour hold"), or a praise word opening a complaint ("Great, another outage") or a
        repeat ("Oh wonderful, rail replacement bus again"). Thanks for a repair is sincere."""
        if tokens.isdisjoint(SARCASM_ANCHORS) or not tokens.isdisjoint(REPAIR_WORDS):
            return False
        if (
            complaint or not tokens.isdisjoint(self._complaint_words) or _thanks_only(cues)
        ) and SARCASM_OPENERS.search(plain):
            return True
        if not SARCASTIC_EXCLAMATION.match(sentence.lower()):
            return False
        if any(value < 0 for _, value in cues):
            return True
        return (
            not tokens.isdisjoint(SARCASTIC_REPEAT)
            # only the opener praises: "Great, thanks again!" and "Wonderful, another lovely
            # stay" praise twice (every thanks word is praise to VADER) and are sincere
            and sum(value > 0 for _, value in cues) == 1
        )

    def _is_negator(self, word: str) -> bool:
        return word in self.negators or "n't" in word

    def _word_valence(
        self,
        i: int,
        items: Sequence[str],
        lowers: Sequence[str],
        cap_diff: bool,
        contracted: bool,
        counted: Sequence[float],
    ) -> float:
        """One lexicon word's valence after VADER's 'no', caps, booster, negation, idiom rules.

        ``contracted`` is False when the sentence has no "n't" word, which spares a scan.
        ``counted`` holds the valences of the words before ``i`` (0 where a word counted for
        nothing, as "like" in "looks like"), so that a negator beyond one of them stays its own.
        """
        lexicon = self.lexicon
        low = lowers[i]
        valence = lexicon[low]
        window = lowers[i - 3 : i] if i >= 3 else lowers[:i]
        if (
            low not in _IDIOM_EDGES
            and low != "no"
            and self._modifiers.isdisjoint(window)
            and not (contracted and any("n't" in w for w in window))
        ):
            # Nothing that VADER's rules react to is near: no booster, negator, "no", "least",
            # "never so", idiom. Most sentiment words take this path.
            if cap_diff and items[i].isupper():
                valence += C_INCR if valence > 0 else -C_INCR
            return valence
        n = len(lowers)
        if low == "no" and i != n - 1:
            following = lowers[i + 1]
            # "no more" / "no longer" negate what follows ("no more crashes") and say nothing
            # themselves; VADER reads that "no" as a complaint of its own.
            if (following in lexicon and not (self.cx and following == "no")) or (
                self.cx and following in _NO_LONGER
            ):
                valence = 0.0
        if not (self.cx and low == "no") and (
            # "No no no" is one refusal said three times, not a negated "no" (VADER: positive).
            (i > 0 and lowers[i - 1] == "no")
            or (i > 1 and lowers[i - 2] == "no")
            or (i > 2 and lowers[i - 3] == "no" and lowers[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[low] * N_SCALAR
        if cap_diff and items[i].isupper():
            valence += C_INCR if valence > 0 else -C_INCR
        # A negator or booster beyond another sentiment word belongs to that word: in "don't
        # care, don't care" the first "don't" does not negate the second "care" back to praise.
        crossed = False
        for start in range(3):
            j = i - (start + 1)
            if j < 0:
                continue
            if lowers[j] in lexicon:
                crossed = crossed or (self.cx and counted[j] != 0.0)
                continue
            if crossed:
                if start == 2:
                    valence = _special_idioms(valence, lowers, i)
                continue
            scalar = BOOSTER_DICT.get(lowers[j], 0.0)
            if scalar:
                if valence < 0:
                    scalar = -scalar
                if cap_diff and items[j].isupper():
                    scalar += C_INCR if valence > 0 else -C_INCR
                scalar *= (1.0, 0.95, 0.9)[start]
            valence = self._negation(valence + scalar, lowers, start, i)
            if start == 2:
                valence = _special_idioms(valence, lowers, i)
        if (
            i > 0
            and lowers[i - 1] == "least"
            and "least" not in lexicon
            and (i == 1 or lowers[i - 2] not in ("at", "very"))
        ):
            valence *= N_SCALAR
        return valence

    def _negation(self, valence: float, lowers: Sequence[str], start: int, i: int) -> float:
        """VADER's negation window: one to three words before a sentiment word."""
        if start == 0:
            return valence * N_SCALAR if self._is_negator(lowers[i - 1]) else valence
        if start == 1:
            if lowers[i - 2] == "never" and lowers[i - 1] in _SO_THIS:
                return valence * 1.25
            if lowers[i - 2] == "without" and lowers[i - 1] == "doubt":
                return valence
            return valence * N_SCALAR if self._is_negator(lowers[i - 2]) else valence
        if (lowers[i - 3] == "never" and lowers[i - 2] in _SO_THIS) or lowers[i - 1] in _SO_THIS:
            return valence * 1.25
        if lowers[i - 3] == "without" and "doubt" in (lowers[i - 2], lowers[i - 1]):
            return valence
        return valence * N_SCALAR if self._is_negator(lowers[i - 3]) else valence

    def _contrast_pivot(self, lowers: Sequence[str]) -> int:
        """Position of the contrast word that turns a sentence ("but"), or -1 if none."""
        if self._contrast.isdisjoint(lowers):
            return -1
        pivot = -1
        for i, low in enumerate(lowers):
            if low in self._contrast:
                pivot = i
                if not self.cx:
                    break  # raw VADER pivots on the first "but"; the CX layer on the last
        return pivot

    def _contrast_check(self, lowers: Sequence[str], values: list[float]) -> None:
        """Halve what precedes a contrast word and raise what follows by half (VADER's 'but')."""
        pivot = self._contrast_pivot(lowers)
        if pivot < 0:
            return
        for i, value in enumerate(values):
            if value:
                values[i] = value * (0.5 if i < pivot else 1.5)


def _clause_before(lowers: Sequence[str], raw: Sequence[str], position: int) -> Sequence[str]:
    """Up to three words before ``position``, within its clause: in "whether it transfers or
    not, been passed between departments" the "not" does not reach past the comma."""
    start = max(0, position - 3)
    for j in range(position - 1, start - 1, -1):
        if _CLAUSE_END.search(raw[j]):
            return lowers[j + 1 : position]
    return lowers[start:position]


def _retorts_turned(parts: list[SentencePolarity]) -> list[SentencePolarity]:
    """Sentences of praise alone that answer a plain complaint ("Forgot my phone at home.
    Great.") count against, as sarcastic praise does within a sentence. A complaint with any
    praise of its own ("They fixed the fault. Great!") leaves the praise after it sincere."""
    out = parts[:1]
    for previous, part in pairwise(parts):
        if part.retort and previous.cues and all(v < 0 for _, v in previous.cues):
            cues = tuple((c, v * SARCASM_SCALAR) for c, v in part.cues)
            valence = part.valence * SARCASM_SCALAR
            part = part._replace(cues=cues, valence=valence, compound=_compound(valence))
        out.append(part)
    return out


def _thanks_only(cues: Sequence[tuple[str, float]]) -> bool:
    """Whether a sentence complains and praises only with its thanks ("Thanks for the awful
    service"), so that thanking for the complaint cannot be sincere."""
    return any(value < 0 for _, value in cues) and all(
        value < 0 or cue in SARCASM_OPENER_WORDS for cue, value in cues
    )


def _no_longer(before: Sequence[str]) -> bool:
    """Whether words before a phrase hold "no more" / "no longer" ("no more long waits")."""
    return any(a == "no" and b in _NO_LONGER for a, b in pairwise(before))


def _not_the_verb(lowers: Sequence[str], i: int) -> bool:
    """Whether the "like" at ``i`` is a preposition or filler rather than the verb."""
    if i > 0 and lowers[i - 1] in LIKE_NOT_VERB_CONTEXT:
        return True
    return i + 1 < len(lowers) and lowers[i + 1][:1].isdigit()


def _unmet(
    cues: list[tuple[str, float]],
    where: list[int],
    plain: str,
    marker: re.Match[str],
    raw: Sequence[str],
    scalar: float = COUNTERFACTUAL_SCALAR,
) -> tuple[list[tuple[str, float]], frozenset[str]]:
    """Praise governed by an unmet-expectation marker counts against (times ``scalar``; a
    request's praise, times 0, counts for nothing); the marker's own words ("wish", "would be
    nice") say nothing, and praise before the marker ("thanks, ... could've") stands.

    The marker governs its own clause only: in "I wish it was easier, but the staff were
    lovely" the praise after the comma stands. ``raw`` are the sentence's tokens with their
    punctuation (``plain`` has it stripped), one per word position. Returns the cues and the
    praise words the marker governed.
    """
    first = plain.count(" ", 0, marker.start())
    last = plain.count(" ", 0, marker.end())
    scope = next((i for i in range(last, len(raw)) if _CLAUSE_END.search(raw[i])), len(raw))
    out: list[tuple[str, float]] = []
    governed: list[str] = []
    for (cue, value), position in zip(cues, where, strict=True):
        if value > 0 and first <= position <= scope:
            governed.append(cue)
            if position <= last:
                continue
            value *= scalar
            if not value:
                continue
        out.append((cue, value))
    return out, frozenset(governed)


def _special_idioms(valence: float, lowers: Sequence[str], i: int) -> float:
    """VADER's special-case idioms ("the shit", "yeah right") and booster bigrams ("kind of")."""
    w0, w1, w2, w3 = lowers[i], lowers[i - 1], lowers[i - 2], lowers[i - 3]
    if w0 not in _IDIOM_EDGES and w1 not in _IDIOM_ENDS and w2 not in _IDIOM_ENDS:
        return valence  # every idiom and bigram tried below ends in w0, w1 or w2, or starts at w0
    for seq in (f"{w1} {w0}", f"{w2} {w1} {w0}", f"{w2} {w1}", f"{w3} {w2} {w1}", f"{w3} {w2}"):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    n = len(lowers)
    if n - 1 > i and f"{w0} {lowers[i + 1]}" in SPECIAL_CASES:
        valence = SPECIAL_CASES[f"{w0} {lowers[i + 1]}"]
    if n - 1 > i + 1 and f"{w0} {lowers[i + 1]} {lowers[i + 2]}" in SPECIAL_CASES:
        valence = SPECIAL_CASES[f"{w0} {lowers[i + 1]} {lowers[i + 2]}"]
    for gram in (f"{w3} {w2} {w1}", f"{w3} {w2}", f"{w2} {w1}"):
        if gram in BOOSTER_DICT:
            valence += BOOSTER_DICT[gram]
    return valence


@lru_cache(maxsize=2)
def model(cx: bool = True) -> PolarityModel:
    """The process-wide polarity model (built on first use: VADER's lexicon takes ~0.1 s)."""
    return PolarityModel(cx=cx)
