"""Jinja filters shared by the pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from app.access import current_membership, has_role, signed_in_user
from app.extensions import db_session
from journeys.compare import Direction
from journeys.map_view import CellView
from journeys.render.layout import BANDS, band_index, cell_band_index
from surveys import accounts
from surveys.kinds import OPERATORS
from surveys.models import Membership, SurveyStatus, SurveyVersion

# The CSS class of each colour band of journeys.render.layout.BANDS (same order); the bounds
# live there only, so the page, the SVG and the PDF always agree. Colours are in app.css.
_BAND_CLASSES: tuple[str, ...] = (
    "s-neg3",
    "s-neg2",
    "s-neg1",
    "s-neu",
    "s-pos1",
    "s-pos2",
    "s-pos3",
)
assert len(_BAND_CLASSES) == len(BANDS), "one CSS class per colour band"


def sentiment_band(mean: float) -> str:
    """The CSS class of the colour band a mean compound falls in."""
    return _BAND_CLASSES[band_index(mean)]


def cell_band_class(cell: CellView) -> str:
    """The CSS class of a map cell's tile (a flagged cell is never neutral or positive)."""
    return _BAND_CLASSES[cell_band_index(cell)]


def count_of(n: int, noun: str) -> str:
    """ "1 answer", "2 answers", "0 scored answers": a count with its noun in the right number."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _user_memberships() -> list[Membership]:
    """The signed-in user's organisations, for the switcher in the header."""
    user = signed_in_user()
    return [] if user is None else accounts.memberships(db_session(), user)


def condition_text(version: SurveyVersion, condition: Mapping[str, Any] | str) -> str:
    """A condition for researchers: 'Asked if "How likely…" is at least 9.', or the condition
    as typed ('Asked if {q1} >= 9 and {q2} = true.')."""
    if isinstance(condition, str):
        return f"Asked if {condition}."
    source = next((q for q in version.questions if q.key == condition.get("question")), None)
    prompt = source.prompt if source else str(condition.get("question"))
    operator = OPERATORS.get(str(condition.get("operator", "answered")), "is answered")
    value = condition.get("value")
    tail = "" if condition.get("operator", "answered") == "answered" else f" {value}"
    return f"Asked if “{prompt}” {operator}{tail}."


def register(app: Flask) -> None:
    """Install the filters and the access helpers templates use on ``app``."""
    app.add_template_filter(sentiment_band)
    app.add_template_filter(cell_band_class)
    app.add_template_filter(count_of)
    app.add_template_global(current_membership)
    app.add_template_global(has_role)
    app.add_template_global(condition_text)
    app.add_template_global(_user_memberships, "user_memberships")
    # Templates compare statuses and kinds with the same enums as the code, not spelled strings.
    for enum in (SurveyStatus, Direction):
        app.add_template_global(enum, enum.__name__)
