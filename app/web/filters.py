"""Jinja filters shared by the pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_login import current_user

from app.access import current_membership, has_role
from app.extensions import db
from surveys import accounts
from surveys.kinds import OPERATORS
from surveys.models import Membership, SurveyVersion

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


def _user_memberships() -> list[Membership]:
    """The signed-in user's organisations, for the switcher in the header."""
    if not current_user.is_authenticated:
        return []
    return accounts.memberships(db.session, current_user)


def condition_text(version: SurveyVersion, condition: Mapping[str, Any]) -> str:
    """A skip-logic condition in words: 'Asked if "How likely…" is at least 9.'"""
    source = next((q for q in version.questions if q.key == condition.get("question")), None)
    prompt = source.prompt if source else str(condition.get("question"))
    operator = OPERATORS.get(str(condition.get("operator", "answered")), "is answered")
    value = condition.get("value")
    tail = "" if condition.get("operator", "answered") == "answered" else f" {value}"
    return f"Asked if “{prompt}” {operator}{tail}."


def register(app: Flask) -> None:
    """Install the filters and the access helpers templates use on ``app``."""
    app.add_template_filter(sentiment_band)
    app.add_template_global(current_membership)
    app.add_template_global(has_role)
    app.add_template_global(condition_text)
    app.add_template_global(_user_memberships, "user_memberships")
