"""Themes name what feedback is about — nouns, not the verbs and counts around them."""

from __future__ import annotations

import pytest

import sentiment
from sentiment.themes import theme_key
from tests.verbs import bare_verb_themes


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


@pytest.mark.parametrize(
    "text",
    [
        "Kept asking me the same thing, nobody could solve it or explain why.",
        "I was thinking of leaving, the agent kept apologising and promising.",
        "Checkout kept asking me to create an account and repeating the question.",
        "Spent ages waiting, then they asked me to call again and try later.",
    ],
)
def test_themes_are_never_bare_verbs_or_gerunds(text: str) -> None:
    themes = sentiment.score(text).themes
    assert not bare_verb_themes(themes), themes


def test_plural_and_singular_spellings_are_one_theme() -> None:
    assert sentiment.score("The refunds never arrived.").themes == ("refund",)
    assert sentiment.score("I want my money back.").themes == ("refund",)
    assert sentiment.score("Both promo codes failed.").themes[0] == "promo code"
    assert sentiment.score("The boxes were crushed.").themes == ("box",)
    assert theme_key("deliveries") == theme_key("delivery")
    assert theme_key("promo codes") == theme_key("promo code")
