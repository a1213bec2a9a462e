"""Colour: a colour picked with the browser's colour picker, stored as SurveyJS stores it — the
hex text ``#rrggbb`` (a text input with ``inputType: color`` there).

A browser's colour picker always sends a colour (black until one is picked), so a question that
may be left blank asks with a tick beside the picker, "Give this colour", which the page's
script ticks when a colour is picked; without it ticked the question is unanswered, as in
SurveyJS, which stores nothing until the respondent picks.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape
from wtforms import Field, StringField
from wtforms.validators import Optional

from surveys.kinds.base import CleanAnswer, Configured, FromSurveyJS, NothingToSet, Operand
from surveys.kinds.summaries import CountSummary, Summary

if TYPE_CHECKING:
    from surveys.models import Question

#: What ``<input type=color>`` submits and SurveyJS stores: ``#`` and six hex digits.
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
#: What the tick beside an optional question's picker sends, under the question's name.
GIVEN = "given"


class OptionalColourField(StringField):
    """A colour picker with a tick saying a colour is given: the picker alone cannot be blank.

    Both inputs post under the question's name; the colour counts only when the tick came too.
    """

    def process_formdata(self, valuelist: list[str]) -> None:
        """The picked colour when the tick was sent, else nothing."""
        picked = [v for v in valuelist if v != GIVEN]
        self.data = picked[0] if picked and GIVEN in valuelist else None

    def __call__(self, **kwargs: Any) -> Markup:
        """The picker, then the tick (ticked when a colour is already given)."""
        picker = super().__call__(**kwargs)
        checked = " checked" if self.data else ""
        tick_id = f"{self.id}-given"
        return picker + Markup(
            f' <label class="choice" for="{escape(tick_id)}"><input type="checkbox" '
            f'id="{escape(tick_id)}" name="{escape(self.name)}" value="{GIVEN}"'
            f"{checked} data-colour-given> Give this colour</label>"
        )


class ColourKind(NothingToSet):
    """A colour as ``#rrggbb`` (stored in lower case, as browsers give it)."""

    name = "colour"
    label = "Colour"
    operand = Operand.TEXT
    surveyjs_types: tuple[str, ...] = ()  # a SurveyJS text with inputType color

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """The browser's colour picker (where it is not supported, a text box that still takes
        ``#rrggbb``); a question that may be left blank has its "Give this colour" tick."""
        field_class = StringField if question.required else OptionalColourField
        return field_class(
            question.prompt,
            validators=[Optional()],
            description=question.help_text,
            render_kw={"type": "color", "maxlength": 7},
        )

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """``#`` and six hex digits."""
        if not isinstance(value, str) or not HEX_COLOUR.fullmatch(value.strip()):
            return "must be a colour like #1a2b3c"
        return CleanAnswer(question, text=value.strip().lower())

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The colour's hex text."""
        return text

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """How many gave one (counted like other typed answers)."""
        return CountSummary(sum(1 for v in values if isinstance(v, str) and v))

    def describe(self, question: Question) -> dict[str, Any]:
        """The form of the answer."""
        return {"format": "#rrggbb"}

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A ``text`` element with ``inputType: color``."""
        return {"type": "text", "inputType": "color"}

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """A colour input."""
        return FromSurveyJS(self.name, {})


KIND = ColourKind()
