"""Hostile text always gets a valid score, never an exception."""

from __future__ import annotations

import math
import time

import pytest

from sentiment import EMOTIONS, score, score_many

HOSTILE = {
    "empty": "",
    "whitespace": " \t\n\r  \n",
    "huge": "The delivery was late. " * 9_000,  # ~200 KB
    "one huge word": "a" * 200_000,
    "emoji only": "😡😡😡",
    "html": "<script>alert('x')</script><p>Great <b>service</b> &amp; fast&nbsp;delivery</p>",
    "control characters": "bad\x00\x01\x07 service\x1b[31m red\x7f",
    "lone surrogates": "broken \ud800 text \udfff here",
    "right to left": "\u202eThe service was terrible\u202c \u05e9\u05dc\u05d5\u05dd",
    "arabic": "الخدمة كانت سيئة جدا",
    "chinese": "服务太差了，我很失望",
    "spanish": "El servicio fue muy lento y la comida estaba fría",
    "zero width": "gr\u200beat\u200d serv\u200cice",
    "only punctuation": "?!?!... ,,, ;;",
    "numbers": "12345 678 90",
    "newlines": "line one\n\n\nline two\n- bullet\n- bullet",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_gets_a_valid_score(name: str) -> None:
    result = score(HOSTILE[name])
    assert math.isfinite(result.compound) and -1.0 <= result.compound <= 1.0
    assert result.label in ("positive", "neutral", "negative")
    assert result.emotion in EMOTIONS
    assert result.language in ("english", "other", "unknown")
    assert 0.0 <= result.intensity <= 1.0


def test_200_kb_text_is_scored_quickly() -> None:
    start = time.perf_counter()
    score(HOSTILE["huge"])
    assert time.perf_counter() - start < 2.0


def test_non_english_is_flagged_not_silently_neutral() -> None:
    for name in ("arabic", "chinese", "spanish"):
        assert score(HOSTILE[name]).language == "other", name
    assert score("The service was terrible").language == "english"


def test_text_without_words_is_of_unknown_language() -> None:
    assert score(HOSTILE["emoji only"]).language == "unknown"
    assert score("").language == "unknown"


def test_emoji_carry_sentiment() -> None:
    assert score("😡😡😡").label == "negative"
    assert score("😍").label == "positive"


def test_html_is_read_as_its_text() -> None:
    result = score(HOSTILE["html"])
    assert result.label == "positive"
    assert "script" not in " ".join(result.themes)


def test_non_string_input_is_tolerated() -> None:
    assert score(None).label == "neutral"  # type: ignore[arg-type]
    assert score_many([None, 3, "fine"])[1].label == "neutral"  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The checkout page kept timing out.", "english"),
        ("Parcel arrived damaged", "english"),
        ("Delivery took two days.", "english"),
        ("voy a la tienda", "other"),  # a shared "a" does not make it English
        ("Le service était très lent", "other"),
        ("Das Essen war nicht gut", "other"),
    ],
)
def test_short_answers_get_the_right_language(text: str, language: str) -> None:
    assert score(text).language == language
