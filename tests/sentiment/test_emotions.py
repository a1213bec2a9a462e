"""Each of the eight emotions on clear examples, and the learned model's file."""

from __future__ import annotations

import pytest

from sentiment import EMOTIONS, score
from sentiment.emotions import MODEL_FILE, load_model

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
