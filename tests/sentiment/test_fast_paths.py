"""Fast paths give exactly what the plain code they shortcut gives (same words, same floats)."""

from __future__ import annotations

import random
import re
from math import exp

import pytest

from sentiment import emotions, text, themes


def _plain_split_check(value: str) -> bool:
    """The one-sentence test as one alternation: what split_sentences' fast path must match."""
    inner_break = re.compile(r"[.!?][\"')\]]*\s|\n")
    return inner_break.search(value) is None


@pytest.mark.parametrize(
    "value",
    ["Great service.", "Great. Service", "ok\nthanks", "wait...", 'he said "no." then', "x!) y"],
)
def test_one_sentence_check_matches_the_alternation(value: str) -> None:
    fast = "\n" not in value and text._INNER_BREAK.search(value) is None
    assert fast == _plain_split_check(value)


def test_words_and_sentences_match_the_plain_patterns_on_random_text() -> None:
    plain_word = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*")
    rng = random.Random(3)
    alphabet = [*".!?\n'\"-)] aBcXyz09", "e.g", "Mr", "...", "don't", "-a", "a-", "''", "--"]
    for _ in range(5_000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert text.words(value) == plain_word.findall(value.lower()), value
        sentences = text.split_sentences(value)
        if value.strip() and _plain_split_check(value) and value.count(" ") < 80:
            assert sentences == [value], value


def test_fused_softmax_matches_each_head_on_its_own() -> None:
    model = emotions.load_model()
    if model.emotion is None or model.polarity is None:
        pytest.skip("no model file shipped")
    k = len(model.emotion.classes)
    feats = emotions.features("Not happy, the refund never came!", -0.6, ())
    rows = [row for row in map(model.table.get, feats) if row]
    sums = [sum(col) for col in zip(*rows, model.bias, strict=True)]
    got_emotion, got_polarity, _ = model.predict(feats)
    assert got_emotion == emotions._softmax(sums[:k])
    assert got_polarity == emotions._softmax(sums[k:])


def test_softmax_keeps_the_overflow_guard() -> None:
    huge = [800.0, 799.0, 0.0]
    top = max(huge)
    exps = [exp(s - top) for s in huge]
    assert emotions._softmax(huge) == [e * (1.0 / sum(exps)) for e in exps]


def test_runs_without_theme_prefixes_skip_stemming() -> None:
    themes.clear_caches()
    assert themes._themes_of_run(("battery", "life")) == ("battery life",)
    assert themes._themes_of_run(("screen", "cracked")) == ("screen",)
    assert not themes._STEMS  # neither run could map onto a theme key: nothing was stemmed
    assert themes._themes_of_run(("refunds",)) == ("refund",)


def test_themes_most_mentioned_first_and_ties_in_first_seen_order() -> None:
    said = "battery life was bad, the screen is bad, the refund is bad, the screen again"
    ranked = themes.extract(said, frozenset({"bad"}))
    assert ranked == ("screen", "battery life", "refund")
