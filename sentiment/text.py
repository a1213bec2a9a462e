"""Text hygiene, sentence splitting and word tokens: everything that reads raw characters.

Whatever arrives (HTML, control characters, lone surrogates, 200 KB pastes) leaves here as a
bounded, printable string, so the scoring layers never see hostile input.
"""

from __future__ import annotations

import html
import re
import unicodedata

#: Longest text scored, in characters. A survey answer is far shorter; a paste beyond this is
#: scored on its beginning so one answer cannot stall a batch (VADER's cost grows with length).
MAX_CHARS = 10_000

#: Longest sentence handed to the polarity rules, in words; run-on text is cut into pieces.
MAX_SENTENCE_WORDS = 80

# Abbreviations that end in a full stop without ending a sentence. Written by hand (Punkt's trained
# models need a download, and an untrained Punkt costs as much as VADER itself).
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st vs etc approx appt dept est inc ltd co corp no tel ext min max e.g
    i.e a.m p.m u.s u.k jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()  # noqa: SIM905 - a word list reads best as words
)

_TAG = re.compile(r"<(?:[a-zA-Z/!?][^<>]{0,500})>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": " - ", "\u00a0": " "})  # fmt: skip
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACE = re.compile(r"[ \t\f\v]+")
_SENTENCE_END = re.compile(r"([.!?]+[\"')\]]*)\s+|\n+")
# A sentence end followed by more text (a line break is tested apart: a pattern that starts with
# one character class is scanned for in C, twice as fast as an alternation).
_INNER_BREAK = re.compile(r"[.!?][\"')\]]*\s")
# Possessive (++, *+): a word never needs to give characters back, since what follows it may be
# empty; saying so spares the regex engine its backtracking bookkeeping (the same words, faster).
_WORD = re.compile(r"[a-z0-9]++(?:['\-][a-z0-9]++)*+")
# Links and @handles name things; they carry no sentiment and would only feed the learned
# layer words it never saw in feedback ("url", "removed"). An e-mail's "@" is left alone.
_LINK = re.compile(r"(?:\bhttps?://|\bwww\.)\S+|(?<![\w.])@\w+", re.IGNORECASE)


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") and char not in "\n\t"


def clean(text: object) -> str:
    """Return a bounded, printable version of any input, ready for scoring."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if len(text) > MAX_CHARS * 2:
        text = text[: MAX_CHARS * 2]
    ascii_only = text.isascii()
    if not ascii_only:
        # Lone surrogates cannot be encoded; dropping them keeps the rest of the text intact.
        text = text.encode("utf-8", "ignore").decode("utf-8").translate(_QUOTES)
    if "<" in text:
        text = _TAG.sub(" ", _SCRIPT.sub(" ", text))
    if "&" in text:
        text = html.unescape(text).translate(_QUOTES)
        ascii_only = text.isascii()
    if not ascii_only:
        # Format and control characters (zero-width joiners aside, which bind emoji) become spaces.
        text = "".join(" " if _is_control(c) and c != "\u200d" else c for c in text)
    elif not text.isprintable():  # a C-level test: most answers have no control characters
        text = _ASCII_CONTROL.sub(" ", text)
    if "@" in text or "http" in text or "www." in text:
        text = _LINK.sub(" ", text)
    if "  " in text or "\t" in text or "\f" in text or "\v" in text:
        text = _SPACE.sub(" ", text)
    return text.strip()[:MAX_CHARS]


def split_sentences(text: str) -> list[str]:
    """Split cleaned text into sentences (end punctuation or line breaks), long runs cut up."""
    if not text:
        return []
    if (
        "\n" not in text
        and _INNER_BREAK.search(text) is None
        and text.count(" ") < MAX_SENTENCE_WORDS
    ):
        return [text]  # the common case: one short sentence, nothing to split
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        mark = match.group(1)  # the end punctuation; None at a line break
        if mark is None:
            pieces.append(text[start : match.start()])
        else:
            candidate = text[start : match.end(1)]
            if mark[0] == ".":
                if _ends_with_abbreviation(candidate):
                    continue
                if mark.startswith("..") and text[match.end() : match.end() + 1].islower():
                    # "wait... then": a lowercase word after an ellipsis goes on the same
                    # sentence; after one full stop it starts a new one ("waited an hour. the
                    # staff was rude"), since feedback is often typed in lowercase.
                    continue
            pieces.append(candidate)
        start = match.end()
    pieces.append(text[start:])
    sentences: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        words = piece.split()
        if len(words) <= MAX_SENTENCE_WORDS:
            sentences.append(piece)
        else:
            for i in range(0, len(words), MAX_SENTENCE_WORDS):
                sentences.append(" ".join(words[i : i + MAX_SENTENCE_WORDS]))
    return sentences


def _ends_with_abbreviation(candidate: str) -> bool:
    last = candidate.rsplit(None, 1)[-1].lower().rstrip(".")
    return last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())


def words(text: str) -> list[str]:
    """Lowercase word tokens (letters, digits, inner apostrophes and hyphens)."""
    return _WORD.findall(text.lower())
