"""Validators a researcher adds to a text or number question: length, numeric range, pattern.

They are kept in SurveyJS's own shape (``{"type": "text", "minLength": 2, "maxLength": 40}``,
``{"type": "numeric", "minValue": 0, "maxValue": 99}``, ``{"type": "regex", "regex": "^[A-Z]"}``,
each with an optional ``text`` shown when it fails), so they cross the bridge unchanged.

Patterns are a safety question: a pattern runs on every answer, and a backtracking pattern such
as ``(a+)+$`` can take exponential time on a crafted answer. We use the ``regex`` module (already
installed with NLTK) for its ``timeout``: a match that takes longer than ``PATTERN_TIMEOUT`` is
stopped and the answer refused with a message, so no answer can hold a worker. Patterns are also
bounded (``MAX_PATTERN`` characters), answers already are (5000 characters), and constructs whose
meaning differs between Python and the browser's JavaScript (where SurveyJS checks the same
pattern) are refused when the question is saved: lookbehind, atomic groups, possessive
quantifiers, inline flags, ``\\A``/``\\Z``, named groups in Python's spelling and comments. RE2
(linear time by construction) was the alternative; it would add a compiled dependency for what a
timeout already bounds, and it refuses back-references that researchers' JavaScript patterns use.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import regex

MAX_PATTERN = 200
PATTERN_TIMEOUT = 0.05  # seconds per answer
MAX_VALIDATORS = 5
#: Validator types per kind of answer they apply to.
TEXT_VALIDATORS = ("text", "regex")
NUMBER_VALIDATORS = ("numeric",)
_UNPORTABLE = (
    ("(?<=", "lookbehind"),
    ("(?<!", "lookbehind"),
    ("(?>", "atomic groups"),
    ("*+", "possessive quantifiers"),
    ("++", "possessive quantifiers"),
    ("?+", "possessive quantifiers"),
    ("(?P", "Python-style named groups"),
    ("(?#", "comments"),
    ("\\A", "\\A"),
    ("\\Z", "\\Z"),
    ("\\z", "\\z"),
)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def pattern_problem(pattern: object) -> str | None:
    """Why ``pattern`` cannot check answers, else None."""
    if not isinstance(pattern, str) or not pattern:
        return "a pattern is a non-empty text"
    if len(pattern) > MAX_PATTERN:
        return f"a pattern is at most {MAX_PATTERN} characters"
    for construct, name in _UNPORTABLE:
        if construct in pattern:
            return f"the pattern uses {name}, which browsers read differently; rewrite it"
    if regex.search(r"\(\?[a-zA-Z]", pattern):
        return "the pattern sets flags inline, which browsers read differently; rewrite it"
    try:
        compiled = regex.compile(pattern)
    except regex.error as error:
        return f"the pattern cannot be read: {error}"
    # A pattern that backtracks badly shows it on a long run of one character; refuse it now
    # rather than have answers time out later.
    for probe in _PROBES:
        try:
            compiled.search(probe, timeout=PATTERN_TIMEOUT)
        except TimeoutError:
            return "the pattern can take too long on long answers (nested repeats?); simplify it"
    return None


_PROBES = ("a" * 2000 + "!", "1" * 2000 + "!", " " * 2000 + "!", "a " * 1000 + "!")


def validators_problem(validators: object, allowed: Sequence[str]) -> str | None:
    """Why a question's validators do not fit, else None."""
    if not isinstance(validators, list):
        return "validators are a list"
    if len(validators) > MAX_VALIDATORS:
        return f"at most {MAX_VALIDATORS} validators"
    for v in validators:
        if not isinstance(v, Mapping) or v.get("type") not in allowed:
            return f"a validator here is one of: {', '.join(allowed)}"
        if v["type"] == "regex" and (problem := pattern_problem(v.get("regex"))) is not None:
            return problem
        if v["type"] in ("text", "numeric"):
            low_key, high_key = ("minLength", "maxLength") if v["type"] == "text" else (
                "minValue", "maxValue")  # fmt: skip
            low, high = v.get(low_key), v.get(high_key)
            for name, bound in ((low_key, low), (high_key, high)):
                if bound is not None and _number(bound) is None:
                    return f"{name} must be a number"
            if low is None and high is None:
                return f"give {low_key} or {high_key}"
            if low is not None and high is not None and low > high:
                return f"{low_key} is more than {high_key}"
        if "text" in v and not isinstance(v["text"], str):
            return "a validator's message is text"
    return None


def text_failure(validators: Sequence[Mapping[str, Any]], text: str) -> str | None:
    """The first length or pattern validator ``text`` fails, as its message; else None."""
    for v in validators:
        message = v.get("text")
        if v.get("type") == "text":
            low, high = v.get("minLength"), v.get("maxLength")
            if low is not None and len(text) < low:
                return message or f"must be at least {int(low)} characters"
            if high is not None and len(text) > high:
                return message or f"must be at most {int(high)} characters"
        elif v.get("type") == "regex":
            try:
                found = regex.search(str(v.get("regex")), text, timeout=PATTERN_TIMEOUT)
            except TimeoutError:
                return "could not be checked in time; please shorten it"
            except regex.error:
                return None  # refused when saved; a pattern stored before that check applies not
            if found is None:
                return message or "is not in the expected format"
    return None


def number_failure(validators: Sequence[Mapping[str, Any]], number: float) -> str | None:
    """The first numeric-range validator ``number`` fails, as its message; else None."""
    for v in validators:
        if v.get("type") != "numeric":
            continue
        low, high = v.get("minValue"), v.get("maxValue")
        if (low is not None and number < low) or (high is not None and number > high):
            if v.get("text"):
                return str(v["text"])
            if low is not None and high is not None:
                return f"must be from {_shown(low)} to {_shown(high)}"
            return f"must be at least {_shown(low)}" if low is not None else (
                f"must be at most {_shown(high)}")  # fmt: skip
    return None


def _shown(number: float | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if float(number).is_integer() else str(number)
