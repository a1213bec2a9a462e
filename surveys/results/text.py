"""Free text made safe for where it is shown: HTML (escaped, scoring words marked) and
spreadsheet cells (formulas defused). One place, used by the results pages and exports and by the
journey map's drill-down and CSV."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

# An escaped text's character references stay whole: matching must never split "&amp;".
_ENTITY = r"&#?[0-9A-Za-z]+;"


def highlight(text: str, reasons: Sequence[tuple[str, float]]) -> str:
    """``text`` as HTML: escaped first, then every word or phrase from ``reasons`` wrapped in a
    ``<mark>`` saying whether it pulled the score down (``neg``) or up (``pos``).

    Matching runs on the escaped text, with character references treated as indivisible, so the
    only markup in the result is the marks this function adds.
    """
    escaped = html.escape(text, quote=True)
    weights: dict[str, float] = {}
    for word, weight in reasons:
        cue = html.escape(word.strip(), quote=True).lower()
        if cue and weight:
            weights[cue] = weights.get(cue, 0.0) + weight
    if not weights:
        return escaped
    # Longest first, so "on hold" wins over "hold"; spaces in a cue match any run of spaces.
    cues = sorted(weights, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(p) for p in c.split()) for c in cues)
    pattern = re.compile(rf"({_ENTITY})|(?<!\w)({alternatives})(?!\w)", re.IGNORECASE)

    def mark(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1)
        found = match.group(2)
        weight = weights.get(" ".join(found.lower().split()), 0.0)
        kind = "neg" if weight < 0 else "pos"
        sign = "lowers" if weight < 0 else "raises"
        return f'<mark class="{kind}" title="{sign} the score ({weight:+.2f})">{found}</mark>'

    return pattern.sub(mark, escaped)


def stored_reasons(raw: Any) -> list[tuple[str, float]]:
    """A stored score's ``reasons`` (a JSON list of [word, weight]) as pairs; junk is skipped."""
    out = []
    for item in raw or ():
        if isinstance(item, list | tuple) and len(item) == 2:
            word, weight = item
            if isinstance(word, str) and isinstance(weight, int | float):
                out.append((word, float(weight)))
    return out


def defuse(value: str) -> str:
    """Neutralise a spreadsheet formula in free text (CSV injection): a cell starting with
    = + - @ (or a tab or carriage return, which some spreadsheets skip before one) would run in
    Excel, so it gets an apostrophe in front; numbers stay numbers."""
    if value[:1] in ("=", "+", "@", "\t", "\r") or (value[:1] == "-" and not _is_number(value)):
        return f"'{value}"
    return value


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
