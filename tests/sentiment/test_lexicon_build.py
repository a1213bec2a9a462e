"""The AFINN words file: where it comes from, and how the build maps AFINN onto VADER."""

from __future__ import annotations

from importlib import resources

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from sentiment.lexicon import AFINN_FILE, CX_WORDS, afinn_words
from sentiment.training.build_lexicon import NOT_EVALUATIVE, build, parse_afinn


def test_shipped_file_names_its_source_licence_and_rebuild_command() -> None:
    text = resources.files("sentiment").joinpath("data", AFINN_FILE).read_text("utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    joined = "\n".join(header)
    assert "AFINN" in joined and "ODbL" in joined
    assert "python -m sentiment.training.build_lexicon" in joined


def test_shipped_words_are_only_what_vader_and_the_cx_layer_lack() -> None:
    vader = SentimentIntensityAnalyzer().lexicon
    words = afinn_words()
    assert len(words) > 500
    assert not set(words) & set(vader)
    assert not set(words) & set(CX_WORDS)
    assert not set(words) & NOT_EVALUATIVE
    assert words["outage"] < 0 < words["exquisite"]


def test_build_scales_onto_vader_by_least_squares_over_shared_words() -> None:
    vader = SentimentIntensityAnalyzer().lexicon
    # "good" and "bad" are in VADER (1.9, -2.5): the slope through zero is their fit.
    afinn = parse_afinn("good\t3\nbad\t-3\nunhygienic\t-2\nbig\t1\nright direction\t3\n")
    slope, new, shared = build(afinn)
    expected = (3 * vader["good"] - 3 * vader["bad"]) / 18
    assert shared == 2
    assert abs(slope - expected) < 1e-9
    # Only the single word VADER lacks is kept: "big" is descriptive, phrases are skipped.
    assert new == {"unhygienic": round(-2 * expected, 2)}
