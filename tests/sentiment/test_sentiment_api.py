"""The public contract the app relies on: names, fields, types, ranges, order."""

from __future__ import annotations

import dataclasses
import math

import pytest

import sentiment
from sentiment import EMOTIONS, MODEL_VERSION, TextScore, label_for, score, score_many


def test_emotions_are_the_eight_cx_emotions_in_product_order() -> None:
    assert EMOTIONS == (
        "delighted", "satisfied", "neutral", "confused", "anxious", "frustrated", "disappointed",
        "angry",
    )  # fmt: skip


def test_score_returns_a_frozen_text_score_with_every_stored_field() -> None:
    result = score("The delivery was late and support never replied.")
    assert isinstance(result, TextScore)
    assert -1.0 <= result.compound <= 1.0
    assert result.label in ("positive", "neutral", "negative")
    assert result.emotion in EMOTIONS
    assert result.emotions is not None and set(result.emotions) == set(EMOTIONS)
    assert math.isclose(sum(result.emotions.values()), 1.0, abs_tol=1e-3)
    assert 0.0 <= result.intensity <= 1.0
    assert all(-1.0 <= c <= 1.0 for c in result.sentences)
    assert all(isinstance(t, str) for t in result.themes)
    assert all(isinstance(w, str) and isinstance(v, float) for w, v in result.reasons)
    assert result.language == "english"
    assert result.model == MODEL_VERSION
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.compound = 0.0  # type: ignore[misc]


def test_label_follows_vader_bands() -> None:
    assert label_for(0.05) == "positive"
    assert label_for(0.0499) == "neutral"
    assert label_for(-0.0499) == "neutral"
    assert label_for(-0.05) == "negative"


def test_label_agrees_with_compound() -> None:
    for text in ("Great service!", "Terrible wait.", "I ordered on Tuesday."):
        result = score(text)
        assert result.label == label_for(result.compound)


def test_score_many_keeps_order_and_length_and_matches_score() -> None:
    texts = ["Love it", "Hate it", "", "Love it", "It arrived."]
    batch = score_many(texts)
    assert len(batch) == len(texts)
    assert [b.compound for b in batch] == [score(t).compound for t in texts]
    assert score_many(iter(texts))[1].label == "negative"


def test_per_sentence_compounds_are_kept() -> None:
    result = score("The room was lovely. The breakfast was awful.")
    assert len(result.sentences) == 2
    assert result.sentences[0] > 0 > result.sentences[1]


def test_reasons_name_the_words_that_drove_the_score() -> None:
    result = score("The staff were rude and the room was filthy.")
    words = dict(result.reasons)
    assert words["rude"] < 0 and words["filthy"] < 0


def test_the_package_never_imports_flask_or_the_app() -> None:
    import subprocess
    import sys

    code = (
        "import sys, sentiment; sentiment.score('ok');"
        "import sentiment.cli, sentiment.training.evaluate;"
        "roots = {m.split('.')[0] for m in sys.modules};"
        "bad = sorted(roots & {'flask', 'app', 'surveys', 'journeys'});"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_model_version_names_every_layer() -> None:
    assert sentiment.MODEL_VERSION.startswith("vader-3.3.2+cx.")


def test_score_many_across_batch_boundaries_matches_score_text_by_text() -> None:
    texts = [f"Order {i} arrived late." if i % 3 else "Great service!" for i in range(1100)]
    batch = score_many(texts)
    assert len(batch) == len(texts)
    assert [b.compound for b in batch[:5]] == [score(t).compound for t in texts[:5]]
    assert batch[1099].compound == score(texts[1099]).compound


def test_score_many_leaves_the_garbage_collector_as_it_found_it() -> None:
    import gc

    assert gc.isenabled()
    score_many(["Thanks!", "Still waiting for my refund."])
    assert gc.isenabled()
    gc.disable()
    try:
        score_many(["Thanks!"])
        assert not gc.isenabled()
    finally:
        gc.enable()
