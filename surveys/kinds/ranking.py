"""Ranking: every item put in order, first to last; stored as the items' values in that order
(SurveyJS's own shape). Without JavaScript each item gets a place from a list."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape
from wtforms import Field

from surveys.kinds.base import CleanAnswer, Configured, FromSurveyJS, Operand, SettingProblem
from surveys.kinds.items import (
    Item,
    find,
    items_from_lines,
    items_from_surveyjs,
    items_of,
    items_problem,
    items_to_lines,
    items_to_surveyjs,
    value_key,
)
from surveys.kinds.summaries import RankingSummary, Summary

if TYPE_CHECKING:
    from surveys.models import Question


class RankingField(Field):
    """One place (1…n) per item, as a select beside it; the data is the items' values in the
    order of their places, or None (with a field error) when two items share a place."""

    def __init__(self, label: str, items: list[Item], **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.items = items

    def process_formdata(self, valuelist: list[str]) -> None:
        """Places arrive in the items' shown order, one per item."""
        if not valuelist:
            return
        places: dict[int, Item] = {}
        for item, raw in zip(self.items, valuelist, strict=False):
            if raw.isdigit() and 1 <= int(raw) <= len(self.items) and int(raw) not in places:
                places[int(raw)] = item
        if len(places) == len(self.items) == len(valuelist):
            self.data = [places[n].value for n in sorted(places)]
        elif any(v for v in valuelist):
            self.data = None
            raise ValueError(f"give each item its own place, from 1 to {len(self.items)}")

    def _value(self) -> list[str]:
        chosen = self.data if isinstance(self.data, list) else []
        keys = [str(v) for v in chosen]
        return [str(keys.index(i.key) + 1) if i.key in keys else "" for i in self.items]

    def __call__(self, **kwargs: Any) -> Markup:
        """An ordered list: each item's text and a select of its place."""
        places = self._value()
        n = len(self.items)
        rows = []
        for index, (item, place) in enumerate(zip(self.items, places, strict=True)):
            select_id = f"{self.id}-{index}"
            options = ['<option value="">Place…</option>'] + [
                f'<option value="{p}"{" selected" if str(p) == place else ""}>{p}</option>'
                for p in range(1, n + 1)
            ]
            invalid = ' aria-invalid="true"' if self.errors else ""
            rows.append(
                f'<li><label for="{select_id}">{escape(item.text)}</label> '
                f'<select id="{select_id}" name="{escape(self.name)}"{invalid}>'
                + "".join(options)
                + "</select></li>"
            )
        return Markup('<ol class="ranking">' + "".join(rows) + "</ol>")


class RankingKind:
    """Items to put in order; ``options`` lists them (texts or value/text pairs)."""

    name = "ranking"
    label = "Ranking"
    operand = Operand.CHOICES
    surveyjs_types: tuple[str, ...] = ("ranking",)

    def settings_problem(self, spec: Configured) -> SettingProblem | None:
        """At least two distinct items."""
        if (problem := items_problem(spec.settings.get("options"), "items")) is not None:
            return "options", problem
        return None

    def settings_from_form(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """The items, one per line."""
        settings: dict[str, Any] = {"options": items_from_lines(data.get("options"))}
        if data.get("randomise"):
            settings["randomise"] = True
        return settings

    def form_data(self, settings: Mapping[str, Any]) -> dict[str, Any]:
        """The items, one per line."""
        return {
            "options": items_to_lines(settings.get("options")),
            "randomise": bool(settings.get("randomise")),
        }

    def field(self, question: Question, rng: random.Random | None) -> Field:
        """A place per item (shuffled for this showing when the question says so)."""
        items = items_of(question.settings.get("options"))
        if question.settings.get("randomise") and rng is not None:
            rng.shuffle(items)
        field: Field = RankingField(  # unbound until the form binds it
            question.prompt, items, description=question.help_text
        )
        return field

    def check(self, question: Question, value: object) -> CleanAnswer | str:
        """Every item once, first to last."""
        items = items_of(question.settings.get("options"))
        if not isinstance(value, list):
            return "must list every item, first to last"
        found = [find(items, v) for v in value]
        if (
            None in found
            or len({i.key for i in found if i}) != len(items)
            or len(found) != len(items)
        ):
            return "must list every item once, first to last"
        keys = [i.key for i in found if i]
        return CleanAnswer(question, text=json.dumps(keys, ensure_ascii=False))

    def value(self, question: Question, text: str | None, number: float | None) -> object:
        """The items' values, first to last."""
        if text is None:
            return None
        items = items_of(question.settings.get("options"))
        order = json.loads(text)
        return [found.value if (found := find(items, key)) else key for key in order]

    def summarise(self, question: Question, values: Iterable[object]) -> Summary:
        """Each item's mean place and how often it came first."""
        items = items_of(question.settings.get("options"))
        places: dict[str, list[int]] = {i.key: [] for i in items}
        first = dict.fromkeys(places, 0)
        answered = 0
        for value in values:
            if not isinstance(value, list):
                continue
            answered += 1
            for place, item_value in enumerate(value, start=1):
                key = value_key(item_value)
                if key in places:
                    places[key].append(place)
                    if place == 1:
                        first[key] += 1
        mean = {k: (sum(p) / len(p) if p else None) for k, p in places.items()}
        return RankingSummary(answered, mean, first)

    def describe(self, question: Question) -> dict[str, Any]:
        """The items to put in order."""
        items = items_of(question.settings.get("options"))
        return {
            "options": [i.value for i in items],
            "choices": [{"value": i.value, "text": i.text} for i in items],
            "randomise": bool(question.settings.get("randomise")),
        }

    def to_surveyjs(self, spec: Configured) -> dict[str, Any]:
        """A ``ranking`` element."""
        element: dict[str, Any] = {
            "type": "ranking",
            "choices": items_to_surveyjs(spec.settings.get("options")),
        }
        if spec.settings.get("randomise"):
            element["choicesOrder"] = "random"
        return element

    def from_surveyjs(
        self, element: Mapping[str, Any], where: str, problems: list[str]
    ) -> FromSurveyJS:
        """A ranking's items (ranking only some of them is not supported)."""
        found = items_from_surveyjs(element.get("choices", []), where, "choice", problems)
        settings: dict[str, Any] = {"options": found or []}
        if element.get("choicesOrder") == "random":
            settings["randomise"] = True
        if element.get("selectToRankEnabled"):
            problems.append(f"{where}: ranking only some of the items is not supported")
        return FromSurveyJS(self.name, settings)


KIND = RankingKind()
