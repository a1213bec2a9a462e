"""Jinja filters shared by the pages."""

from __future__ import annotations

from flask import Flask

# Upper bounds of the colour bands on the compound scale; colours live in app.css (orange ↔ blue,
# safe for red-green colour blindness).
_BANDS: tuple[tuple[float, str], ...] = (
    (-0.5, "s-neg3"),
    (-0.25, "s-neg2"),
    (-0.05, "s-neg1"),
    (0.05, "s-neu"),
    (0.25, "s-pos1"),
    (0.5, "s-pos2"),
)


def sentiment_band(mean: float) -> str:
    """The CSS class of the colour band a mean compound falls in."""
    for upper, name in _BANDS:
        if mean < upper:
            return name
    return "s-pos3"


def register(app: Flask) -> None:
    """Install the filters on ``app``."""
    app.add_template_filter(sentiment_band)
