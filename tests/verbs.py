"""The word list themes are checked against: verbs that name no thing, bare or as gerunds."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

VERBS = Path(__file__).resolve().parent / "data" / "feedback_verbs.txt"


def verb_forms() -> set[str]:
    """Every verb of ``tests/data/feedback_verbs.txt`` with its regular -s, -ed and -ing forms
    (e dropped and final consonant doubled where English does)."""
    words = {
        w
        for line in VERBS.read_text().splitlines()
        if not line.startswith("#")
        for w in line.split()
    }
    forms = set(words)
    for verb in words:
        stem = verb[:-1] if verb.endswith("e") else verb
        forms |= {verb + "s", verb + "es", stem + "ed", stem + "ing", verb + verb[-1] + "ing"}
        forms |= {verb + verb[-1] + "ed", verb[:-1] + "ied", verb[:-1] + "ies"}
    return forms


def bare_verb_themes(themes: Iterable[str]) -> list[str]:
    """The themes whose head word (the last) is a verb of the list, bare or as a gerund."""
    forms = verb_forms()
    return [t for t in themes if t.split()[-1] in forms]
