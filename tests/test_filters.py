"""Jinja filters: colour classes follow the same bands as the SVG and PDF exports; counts agree
with their nouns."""

from __future__ import annotations

import pytest

from app.web.filters import count_of, sentiment_band
from journeys.render.layout import BANDS, band


@pytest.mark.parametrize("mean", [-0.9, -0.5, -0.3, -0.06, 0.0, 0.05, 0.3, 0.5, 0.99])
def test_page_class_and_export_colour_name_the_same_band(mean: float) -> None:
    words = [b[3] for b in BANDS]
    classes = ["s-neg3", "s-neg2", "s-neg1", "s-neu", "s-pos1", "s-pos2", "s-pos3"]
    assert classes.index(sentiment_band(mean)) == words.index(band(mean)[2])


def test_a_count_agrees_with_its_noun() -> None:
    assert count_of(1, "answer") == "1 answer"
    assert count_of(0, "scored answer") == "0 scored answers"
    assert count_of(600, "answer") == "600 answers"
