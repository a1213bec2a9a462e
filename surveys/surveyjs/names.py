"""SurveyJS names and our question keys: a name that cannot be a key gets one, and is kept.

SurveyJS names a question with any text (``satisfaction-score``, ``Column 1``, ``website``);
a key here is a letter then letters, digits or underscores, and a few are taken by the answer
page itself. A name that fits is the key; another gets the nearest key that fits, and the
SurveyJS name is kept in the question's settings, so the export, the conditions that name it
and the answers SurveyJS sends under it still mean that question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from surveys.questions import key_problem

_NOT_KEY = re.compile(r"[^A-Za-z0-9_]+")
_KEY_LENGTH = 40


def key_for(name: str, taken: Iterable[str]) -> str:
    """The key for a question SurveyJS calls ``name``: the name itself when it fits and is free,
    else the nearest text that does (``satisfaction-score`` → ``satisfaction_score``)."""
    used = set(taken)
    if key_problem(name) is None and name not in used:
        return name
    base = _NOT_KEY.sub("_", name).strip("_") or "q"
    if not base[0].isalpha():
        base = f"q_{base}"
    base = base[:_KEY_LENGTH]
    candidate, number = base, 1
    while key_problem(candidate) is not None or candidate in used:
        number += 1
        suffix = f"_{number}"
        candidate = base[: _KEY_LENGTH - len(suffix)] + suffix
    return candidate
