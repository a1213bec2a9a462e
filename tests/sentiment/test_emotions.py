"""Each of the eight emotions on clear examples, and the learned model's file."""

from __future__ import annotations

import pytest

from sentiment import CLEAR_VERDICT, EMOTIONS, score
from sentiment.emotions import MODEL_FILE, features, load_model
from sentiment.polarity import model

_POSITIVE = ("delighted", "satisfied")
_NEGATIVE = ("confused", "anxious", "frustrated", "disappointed", "angry")

CLEAR_EXAMPLES = {
    "delighted": "Absolutely love it, best purchase I have ever made!",
    "satisfied": "Thanks, the agent sorted it out for me.",
    "neutral": "The store is on Main Street.",
    "confused": "I am confused, how do I change my delivery address?",
    "anxious": "I am worried my package will never arrive.",
    "frustrated": "This is so annoying, the app keeps logging me out.",
    "disappointed": "I was really disappointed with the quality.",
    "angry": "This is outrageous, I am furious with how I was treated.",
}


@pytest.mark.parametrize("emotion", EMOTIONS)
def test_each_emotion_is_recognised_on_a_clear_example(emotion: str) -> None:
    result = score(CLEAR_EXAMPLES[emotion])
    assert result.emotion == emotion, result.emotions


def test_emotion_weights_rank_the_chosen_emotion_high() -> None:
    result = score(CLEAR_EXAMPLES["angry"])
    assert result.emotions is not None
    assert result.emotions["angry"] > result.emotions["delighted"]


def test_the_shipped_model_loads_and_is_small() -> None:
    from importlib import resources

    blob = resources.files("sentiment").joinpath("data", MODEL_FILE).read_bytes()
    assert len(blob) < 2_000_000
    model = load_model()
    assert model.emotion is not None and model.emotion.classes == EMOTIONS
    assert model.polarity is not None


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for the 3-hour hold, great service.",
        "Great, another delay. Love waiting.",
        "I am furious but the refund finally came through, thank you so much!",
        *CLEAR_EXAMPLES.values(),
    ],
)
def test_the_emotion_is_always_the_heaviest_of_the_emotion_weights(text: str) -> None:
    result = score(text)
    assert result.emotions is not None
    assert result.emotion == max(result.emotions, key=result.emotions.__getitem__)
    assert abs(sum(result.emotions.values()) - 1.0) < 1e-6


def test_an_emotion_overruled_by_the_label_keeps_no_weight() -> None:
    sarcastic = score("Thanks for the 3-hour hold, great service.")
    assert sarcastic.label == "negative"
    assert sarcastic.emotions is not None
    assert sarcastic.emotions["satisfied"] == 0.0 and sarcastic.emotions["delighted"] == 0.0


def test_a_clearly_negative_or_positive_text_is_never_neutral_in_feeling() -> None:
    for text in (
        "The payment failed twice and I was charged twice on my card!",
        "Absolutely wonderful staff, they made our day. Thank you so much!",
    ):
        result = score(text)
        assert abs(result.compound) >= 0.5, result
        assert result.emotion != "neutral"
        assert result.emotions is not None and result.emotions["neutral"] == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "Still no refund after six weeks.",
        "The update broke the export feature.",
        "The checkout page kept timing out.",
        "My internet has been down for three days.",
        "The teller was friendly and efficient.",
        "Five stars, would recommend to anyone.",
    ],
)
def test_a_plain_complaint_or_praise_of_one_clear_cue_has_a_feeling(text: str) -> None:
    """Statements of fact with one clear cue: the emotion model, trained on Reddit comments,
    calls most such statements neutral; in a journey map they are complaints and praise."""
    result = score(text)
    assert abs(result.compound) >= CLEAR_VERDICT, result
    assert result.emotion != "neutral"
    side = _POSITIVE if result.label == "positive" else _NEGATIVE
    assert result.emotion in side


def test_the_learned_heads_drop_exactly_the_praise_the_lexicon_discounted() -> None:
    """ "nice" in a request asks for something; "lovely" before the comma is real praise."""
    text = "Staff were lovely, would be nice to have parking."
    polarity = model(True).score(text)
    feats = features(text, polarity.compound, (), None, polarity.hedged)
    assert "nice" not in feats
    assert "lovely" in feats
    unmet = model(True).score("It should have been easy.")
    assert "easy" not in features(
        "It should have been easy.", unmet.compound, (), None, unmet.hedged
    )
