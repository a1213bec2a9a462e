"""VADER's rules over one sentence, ported: token reading, word valences, negation, idioms, "but".

Ported over VADER's own lexicon and constants (loaded from the wheel) rather than called through
``polarity_scores`` — see :mod:`sentiment.polarity` for why. Where the customer-experience layer
reads a sentence differently, the difference is one named switch of :class:`Departures`; with
none of them, :class:`VaderRules` reads a sentence as VADER 3.3.2 does (a test pins it).
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress, count

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)

#: VADER's bands for turning a compound score into a label.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05

# VADER's normalisation constant: compound = sum / sqrt(sum^2 + ALPHA).
ALPHA = 15.0
PUNCT = string.punctuation
_SO_THIS = ("so", "this")
# Last words of VADER's idioms and booster bigrams, and those plus idioms' first words: a
# sentiment word with none of them at hand skips the idiom checks, which cost a dozen lookups.
_IDIOM_PHRASES = [p.split() for p in (*SPECIAL_CASES, *BOOSTER_DICT) if " " in p]
_IDIOM_ENDS = frozenset(words[-1] for words in _IDIOM_PHRASES)
_IDIOM_EDGES = _IDIOM_ENDS | {words[0] for words in _IDIOM_PHRASES}
# Most distinct raw tokens whose reading is memoised (a few MB at most).
_MAX_FORMS = 100_000
# A letter written three or more times in a row: stretched for emphasis ("sooo slowww").
_STRETCHED = re.compile(r"([a-z])\1{2,}")
# The cheap test for it, run on each new word (a bound method: no lookups, no repetition).
_has_triple = re.compile(r"(.)\1\1").search

#: Whether the lexicon word at a position carries no sentiment in this context:
#: ``(position, lowercased words, raw tokens, lexicon) -> bool``.
ContextReading = Callable[[int, Sequence[str], Sequence[str], dict[str, float]], bool]


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


def squashed(valence: float) -> float:
    """A sentence's reported compound: its valence squashed and rounded (0.0 when silent)."""
    return round(normalize(valence), 4) if valence else 0.0


def punctuation_emphasis(text: str) -> float:
    """VADER's boost for '!' (up to four) and for two or more '?'."""
    amplifier = min(text.count("!"), 4) * 0.292
    questions = text.count("?")
    if questions > 1:
        amplifier += questions * 0.18 if questions <= 3 else 0.96
    return amplifier


def vader_tables() -> tuple[dict[str, float], dict[str, str]]:
    """VADER's lexicon and emoji descriptions, fresh copies of those shipped in its wheel."""
    analyzer = SentimentIntensityAnalyzer()
    return dict(analyzer.lexicon), dict(analyzer.emojis)


@dataclass(frozen=True, slots=True)
class Departures:
    """Where a reading departs from VADER's rules; the defaults are VADER as published."""

    negators: frozenset[str] = frozenset()  # negators beyond VADER's list
    rated: frozenset[str] = frozenset()  # boosters that count as sentiment words themselves
    no_longer: frozenset[str] = frozenset()  # words after "no" that make it negate what follows
    repeated_no_refuses: bool = False  # "No no no" is one refusal, not a negated "no"
    negator_stays: bool = False  # a negator belongs to the first sentiment word after it
    contrast_words: frozenset[str] = frozenset({"but"})
    last_contrast_turns: bool = False  # the last contrast word turns a sentence, not the first
    unstretch: bool = False  # "sooo slowww" reads as "so slow"
    context_words: frozenset[str] = frozenset()  # lexicon words read by ``context_reading``
    context_reading: ContextReading | None = None


class VaderRules:
    """VADER's lexicon and word rules, with the departures of one reading; built once."""

    def __init__(
        self, lexicon: dict[str, float], emojis: dict[str, str], departures: Departures
    ) -> None:
        self.lexicon = lexicon
        self.emojis = emojis
        self.negators = frozenset(NEGATE) | departures.negators
        #: Words that carry clear sentiment; they end a theme phrase rather than join it.
        self.sentiment_words = frozenset(w for w, v in lexicon.items() if abs(v) >= 1.0)
        # Each switch copied onto the rules: the word loop reads them per word, and one attribute
        # lookup costs less than two.
        self._contrast = departures.contrast_words
        self._last_contrast_turns = departures.last_contrast_turns
        self._no_longer = departures.no_longer
        self._repeated_no_refuses = departures.repeated_no_refuses
        self._negator_stays = departures.negator_stays
        self._unstretch = departures.unstretch
        self._context_reading = departures.context_reading
        self._forms: dict[str, tuple[str, str, bool]] = {}
        # Lexicon words that may carry no sentiment in context (see _not_sentiment).
        self._special = frozenset({"kind"}) | departures.context_words
        # Lexicon words VADER scores (boosters modify others rather than count themselves).
        self._scored = (frozenset(lexicon) - frozenset(BOOSTER_DICT)) | departures.rated
        # Words VADER's rules react to, which a stretched spelling ("sooo") may stand for.
        self._known = frozenset(lexicon) | frozenset(BOOSTER_DICT) | self.negators | _IDIOM_EDGES
        # Words that make VADER's rules change a nearby sentiment word's valence.
        self._modifiers = (
            frozenset(BOOSTER_DICT)
            | self.negators
            | _IDIOM_EDGES
            | {"no", "or", "nor", "least", "never", "without", "doubt", "so", "this"}
        )

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

    def words(
        self, sentence: str
    ) -> tuple[list[str], Sequence[str], list[float], list[int]] | None:
        """A sentence's raw tokens, their lowercased readings, each word's valence and the
        positions of the words that count; None for a sentence without words."""
        forms = self._forms
        if len(forms) > _MAX_FORMS:
            forms.clear()  # bounded memory in a long-running process
        tokens = sentence.split()
        rows = list(map(forms.get, tokens))  # in C; only words not seen before are worked out
        if None in rows:
            for token in {t for t, row in zip(tokens, rows, strict=True) if row is None}:
                # VADER's token rule: strip edge punctuation unless two characters or fewer
                # remain, which are likely emoticons (":)"). Inlined: this runs for every new word.
                stripped = token.strip(PUNCT)
                item = token if len(stripped) <= 2 else stripped
                low = item.lower()
                if self._unstretch and low not in self._known and _has_triple(low):
                    low = self._unstretched(low)
                forms[token] = (item, low, item.isupper())
            rows = list(map(forms.__getitem__, tokens))
        if not rows:
            return None
        items, lowers, uppers = zip(*rows, strict=True)
        n = len(items)
        upper = sum(uppers)
        cap_diff = 0 < n - upper < n
        values = [0.0] * n
        where: list[int] = []  # each counted word's position
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
        return tokens, lowers, values, where

    def _unstretched(self, low: str) -> str:
        """A stretched word as the word it stretches, if that is one VADER's rules know:
        "goooood" -> "good", "slowww" -> "slow", "sooo" -> "so"; otherwise ``low`` as it is."""
        for repeat in (r"\1\1", r"\1"):
            candidate = _STRETCHED.sub(repeat, low)
            if candidate in self._known:
                return candidate
        return low

    def _not_sentiment(self, i: int, lowers: Sequence[str], tokens: Sequence[str]) -> bool:
        """Whether the lexicon word at ``i`` is used here in a sense that carries no sentiment:
        "kind of" is a hedge (VADER's rule); other words as the reading's departures say."""
        if lowers[i] == "kind":
            return i + 1 < len(lowers) and lowers[i + 1] == "of"
        reading = self._context_reading
        return reading is not None and reading(i, lowers, tokens, self.lexicon)

    def is_negator(self, word: str) -> bool:
        """Whether a word negates what follows ("not", "never", "didn't")."""
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
        refuses = self._repeated_no_refuses
        if low == "no" and i != n - 1:
            following = lowers[i + 1]
            # VADER reads "no" before a sentiment word as saying nothing itself; so does "no
            # more" / "no longer" where that departure is on ("no more crashes").
            if (following in lexicon and not (refuses and following == "no")) or (
                following in self._no_longer
            ):
                valence = 0.0
        if not (refuses and low == "no") and (
            (i > 0 and lowers[i - 1] == "no")
            or (i > 1 and lowers[i - 2] == "no")
            or (i > 2 and lowers[i - 3] == "no" and lowers[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[low] * N_SCALAR
        if cap_diff and items[i].isupper():
            valence += C_INCR if valence > 0 else -C_INCR
        # Where the negator stays with its own word, one beyond another sentiment word belongs
        # to that word: in "don't care, don't care" the first "don't" leaves the second alone.
        crossed = False
        for start in range(3):
            j = i - (start + 1)
            if j < 0:
                continue
            if lowers[j] in lexicon:
                crossed = crossed or (self._negator_stays and counted[j] != 0.0)
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
            return valence * N_SCALAR if self.is_negator(lowers[i - 1]) else valence
        if start == 1:
            if lowers[i - 2] == "never" and lowers[i - 1] in _SO_THIS:
                return valence * 1.25
            if lowers[i - 2] == "without" and lowers[i - 1] == "doubt":
                return valence
            return valence * N_SCALAR if self.is_negator(lowers[i - 2]) else valence
        if (lowers[i - 3] == "never" and lowers[i - 2] in _SO_THIS) or lowers[i - 1] in _SO_THIS:
            return valence * 1.25
        if lowers[i - 3] == "without" and "doubt" in (lowers[i - 2], lowers[i - 1]):
            return valence
        return valence * N_SCALAR if self.is_negator(lowers[i - 3]) else valence

    def contrast_pivot(self, lowers: Sequence[str]) -> int:
        """Position of the contrast word that turns a sentence ("but"), or -1 if none."""
        if self._contrast.isdisjoint(lowers):
            return -1
        pivot = -1
        for i, low in enumerate(lowers):
            if low in self._contrast:
                pivot = i
                if not self._last_contrast_turns:
                    break  # VADER pivots on the first "but"
        return pivot

    def _contrast_check(self, lowers: Sequence[str], values: list[float]) -> None:
        """Halve what precedes a contrast word and raise what follows by half (VADER's 'but')."""
        pivot = self.contrast_pivot(lowers)
        if pivot < 0:
            return
        for i, value in enumerate(values):
            if value:
                values[i] = value * (0.5 if i < pivot else 1.5)


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
