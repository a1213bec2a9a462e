"""Themes name what feedback is about — nouns, not the verbs and counts around them."""

from __future__ import annotations

import pytest

import sentiment


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        ("I was on hold for 45 minutes before anyone answered.", "hold time", "answered"),
        ("They charged me twice for the same order.", "billing", "twice"),
        ("Got transferred three times and had to repeat my order number.", "order", "three"),
        ("The battery life is poor and the screen cracked.", "screen", "screen cracked"),
        ("The app crashed when I tried to pay.", "payment", "pay"),
        ("The agent promised a refund but it never came.", "refund", "never"),
    ],
)
def test_themes_keep_the_topic_and_drop_verbs_and_counts(
    text: str, expected: str, absent: str
) -> None:
    themes = sentiment.score(text).themes
    assert expected in themes
    assert not any(absent == theme or absent in theme.split() for theme in themes), themes


@pytest.mark.parametrize(
    ("text", "theme", "not_theme"),
    [
        ("Cancelled my subscription, too many bugs.", "bug", "many bug"),
        ("Third time my internet has gone down.", "internet", "third"),
        ("The checkout page kept timing out.", "checkout page", "kept timing"),
        ("The technician didn't show up.", "technician", "show"),
        ("Easy to set up.", None, "set"),
        ("Doesn't work on my phone.", "phone", "phone call"),
    ],
)
def test_counts_ordinals_and_verbs_are_no_themes(
    text: str, theme: str | None, not_theme: str
) -> None:
    themes = sentiment.score(text).themes
    assert not_theme not in themes
    if theme is not None:
        assert theme in themes
