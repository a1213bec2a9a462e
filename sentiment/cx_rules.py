"""The customer-experience (CX) rule layer on top of VADER's rules.

Three parts, each applied by :class:`sentiment.polarity.PolarityModel`:

* :data:`CX_DEPARTURES` — where the CX reading of a word departs from VADER's (extra negators,
  "no more", a negator staying with its own word, "like" as a preposition, names such as
  "customer support", stretched words, the last "but" turning a sentence);
* :class:`CxLayer` — per sentence: the multi-word phrase cues of :mod:`sentiment.phrases`,
  sarcastic praise, and praise governed by an unmet expectation or a request;
* :func:`weigh_sentences` and :func:`retorts_turned` — across sentences: a turning sentence
  ("Unfortunately, ...") and the final verdict weigh more, and a bare "Great." after a plain
  complaint counts against.

The word lists and patterns these rules use live in :mod:`sentiment.lexicon`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from vaderSentiment.vaderSentiment import N_SCALAR

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
)
from sentiment.phrases import phrase_index
from sentiment.vader import PUNCT, Departures, VaderRules, squashed

if TYPE_CHECKING:
    from sentiment.polarity import SentencePolarity

# Weight of the sentences from a turning sentence ("But ...", "Unfortunately ...") onwards, and of
# those before it — VADER's within-sentence rule for "but", applied across sentences.
AFTER_TURN, BEFORE_TURN = 1.5, 0.5
# In feedback the last sentence usually carries the verdict ("Would not order again.").
FINAL_SENTENCE_WEIGHT = 1.25
# A praise word thanking someone for a complaint counts this much against instead.
SARCASM_SCALAR = -0.6
_TOKEN_SPLIT = re.compile(r"[^\w']+")
# Raw tokens that end a clause inside a sentence: a trailing comma, semicolon or colon, an
# ellipsis anywhere ("late...the"), or a dash standing alone.
_CLAUSE_END = re.compile(r"[,;:][\"')\]]*$|\.\.|^-+$")
_NOTHING: frozenset[str] = frozenset()
# The second word of "no more" / "no longer", which turn "no" into a negator of what follows.
_NO_LONGER = frozenset({"more", "longer"})

#: A sentence's cues (label, value) and the praise words an unmet-expectation marker governed.
Cues = tuple[list[tuple[str, float]], frozenset[str]]


def not_an_opinion(
    i: int, lowers: Sequence[str], tokens: Sequence[str], lexicon: dict[str, float]
) -> bool:
    """Whether the lexicon word at ``i`` says nothing here: "like" as a preposition, "pretty" as
    an adverb ("pretty bad"), "Well," opening a sentence, a word inside a name ("customer
    support", "credit card")."""
    low = lowers[i]
    following = lowers[i + 1] if i + 1 < len(lowers) else ""
    if low == "like":
        return _not_the_verb(lowers, i)
    if low == "pretty" and (following in lexicon or following in PRETTY_ADVERB_BEFORE):
        return True
    if low == "well" and i == 0 and tokens[0].endswith(","):
        return True
    return f"{low} {following}" in NAME_COMPOUNDS or (
        i > 0 and f"{lowers[i - 1]} {low}" in NAME_COMPOUNDS
    )


CX_DEPARTURES = Departures(
    negators=EXTRA_NEGATORS,
    # The CX lexicon rates some of VADER's boosters: "the food was exceptional" is praise.
    rated=frozenset(CX_WORDS),
    no_longer=_NO_LONGER,
    repeated_no_refuses=True,
    negator_stays=True,
    contrast_words=CONTRAST_WORDS,
    last_contrast_turns=True,
    unstretch=True,
    context_words=frozenset({"like", "pretty", "well"}) | NAME_WORDS,
    context_reading=not_an_opinion,
)


class CxLayer:
    """Phrase cues, sarcasm and unmet expectations of one sentence, over a model's word rules."""

    def __init__(self, rules: VaderRules, vader_lexicon: dict[str, float]) -> None:
        self._rules = rules
        self._phrases = phrase_index()
        # A frozenset, not the dict: set.intersection walks a dict argument key by key.
        self._phrase_words = frozenset(self._phrases)
        self.anchors = self._phrase_words | SARCASM_ANCHORS | COUNTERFACTUAL_ANCHORS
        # Complaint words VADER lacks (the CX layer's and AFINN's): with one of them in the
        # sentence, "thanks for ..." is sarcastic ("thanks for the outage").
        self._complaint_words = frozenset(
            w for w, v in rules.lexicon.items() if v < 0 and w not in vader_lexicon
        ) | frozenset(w for w, v in CX_WORDS.items() if v < 0)

    def cues(
        self,
        sentence: str,
        raw: list[str],
        lowers: Sequence[str],
        values: list[float],
        cues: list[tuple[str, float]],
        where: list[int],
    ) -> Cues:
        """Add the CX phrase cues of a sentence, then turn sarcastic or unmet-expectation praise.

        ``raw`` are the sentence's tokens with their punctuation, ``lowers`` their readings,
        ``cues`` the word cues at positions ``where``. Also says which praise words a request or
        unmet-expectation marker governed here, which the learned layer needs to know too.
        """
        anchors = self.anchors
        # Hyphenated and contracted words are split too ("3-hour", "couldn't"), only if needed.
        split = "-" in sentence or "'" in sentence
        if not split and anchors.isdisjoint(lowers):
            return cues, _NOTHING  # most sentences: no CX phrase, sarcasm or unmet expectation
        plain = " ".join(lowers)
        pieces = _TOKEN_SPLIT.split(plain) if split else ()
        if anchors.isdisjoint(lowers) and anchors.isdisjoint(pieces):
            return cues, _NOTHING
        tokens = {*lowers, *pieces}
        bare: set[str] | None = None  # tokens with short words' punctuation stripped, if needed
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
                        bare = tokens.union([w.strip(PUNCT) for w in lowers if len(w) <= 3])
                    if not also <= bare:
                        continue
                tried.add(id(pattern))
                found.extend((m.start(), -m.end(), valence, label) for m in pattern.finditer(plain))
        complaint = False
        if found:
            cues, where, complaint = self._with_phrases(found, plain, raw, lowers, cues, where)
        if not values or max(values) <= 0:
            return cues, _NOTHING
        # The rules below are regex searches; their anchor words decide whether to run them.
        if self._sarcastic(sentence, plain, tokens, cues, complaint):
            return [(c, v * SARCASM_SCALAR if v > 0 else v) for c, v in cues], _NOTHING
        if not tokens.isdisjoint(COUNTERFACTUAL_ANCHORS):
            marker = COUNTERFACTUAL.search(plain)
            if marker is not None:
                return _unmet(cues, where, plain, marker, raw)
        if not tokens.isdisjoint(REQUEST_ANCHORS):
            marker = REQUEST.search(plain)
            if marker is not None:
                return _unmet(cues, where, plain, marker, raw, REQUEST_SCALAR)
        return cues, _NOTHING

    def _with_phrases(
        self,
        found: list[tuple[int, int, float, str]],
        plain: str,
        raw: Sequence[str],
        lowers: Sequence[str],
        cues: list[tuple[str, float]],
        where: list[int],
    ) -> tuple[list[tuple[str, float]], list[int], bool]:
        """The cues and their positions with the phrases ``found`` (start, -end, valence, label)
        in ``plain`` joined in, and whether a phrase complains.

        One stretch of text is one cue: the leftmost, then longest, phrase wins, and the words
        inside it stop counting on their own ("couldn't be happier" is praise, not a negated
        "happier"; "is a joke" is not a joke's cheer).
        """
        found.sort()
        taken: list[tuple[int, int]] = []
        phrase_cues: list[tuple[str, float]] = []
        phrase_where: list[int] = []
        complaint = False
        for start, neg_end, valence, label in found:
            end = -neg_end
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            position = plain.count(" ", 0, start)
            before = _clause_before(lowers, raw, position)
            negated = any(map(self._rules.is_negator, before)) or _no_longer(before)
            value = valence * N_SCALAR if negated else valence
            phrase_cues.append((label, value))
            phrase_where.append(position)
            complaint = complaint or value < 0
        covered = {
            i for s, e in taken for i in range(plain.count(" ", 0, s), plain.count(" ", 0, e) + 1)
        }
        pivot = self._rules.contrast_pivot(lowers)
        if pivot >= 0:  # phrases weigh by the contrast rule too, like the words around them
            phrase_cues = [
                (label, value * (0.5 if position < pivot else 1.5))
                for (label, value), position in zip(phrase_cues, phrase_where, strict=True)
            ]
        kept = [(c, w) for c, w in zip(cues, where, strict=True) if w not in covered]
        return (
            [c for c, _ in kept] + phrase_cues,
            [w for _, w in kept] + phrase_where,
            complaint,
        )

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


def is_retort(lowers: Sequence[str]) -> bool:
    """Whether a sentence of praise is praise alone ("Great.", "Just brilliant!"), which a plain
    complaint before it makes sarcastic (see :func:`retorts_turned`)."""
    return len(lowers) <= RETORT_LENGTH and all(w.strip(PUNCT) in RETORT_WORDS for w in lowers)


def retorts_turned(parts: list[SentencePolarity]) -> list[SentencePolarity]:
    """Sentences of praise alone that answer a plain complaint ("Forgot my phone at home.
    Great.") count against, as sarcastic praise does within a sentence. A complaint with any
    praise of its own ("They fixed the fault. Great!") leaves the praise after it sincere."""
    out = parts[:1]
    for previous, part in pairwise(parts):
        if part.retort and previous.cues and all(v < 0 for _, v in previous.cues):
            cues = tuple((c, v * SARCASM_SCALAR) for c, v in part.cues)
            valence = part.valence * SARCASM_SCALAR
            part = part._replace(cues=cues, valence=valence, compound=squashed(valence))
        out.append(part)
    return out


def weigh_sentences(parts: Sequence[SentencePolarity]) -> tuple[list[float], bool]:
    """Each sentence's weight in a text of several, and whether a turning sentence after the
    first ("Unfortunately, ...") decided them: it and those after it outweigh those before, and
    the final sentence, which usually carries the verdict, weighs more."""
    weights = [1.0] * len(parts)
    turned = False
    for i, part in enumerate(parts):
        if i > 0 and part.opener in CONTRAST_OPENERS:
            turned = True
            weights = [w * (BEFORE_TURN if j < i else AFTER_TURN) for j, w in enumerate(weights)]
    weights[-1] *= FINAL_SENTENCE_WEIGHT
    return weights, turned


def _clause_before(lowers: Sequence[str], raw: Sequence[str], position: int) -> Sequence[str]:
    """Up to three words before ``position``, within its clause: in "whether it transfers or
    not, been passed between departments" the "not" does not reach past the comma."""
    start = max(0, position - 3)
    for j in range(position - 1, start - 1, -1):
        if _CLAUSE_END.search(raw[j]):
            return lowers[j + 1 : position]
    return lowers[start:position]


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
) -> Cues:
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
