"""Carried-forward options ("piping"): a choice or ranking question whose options are those of
an earlier choice question — all of them, the ones the respondent chose there, or the ones they
did not (SurveyJS's ``choicesFromQuestion`` with ``choicesFromQuestionMode``).

The question keeps the earlier question's options in its own settings (so its answers read back
and summarise like any other); which of them it offers depends on the earlier answer, so the
hosted page, the widget and the API ask and check it through ``offered``, a stand-in holding
only the options carried. As in SurveyJS, the earlier question's own options are carried — not
its "Other" or "None of these" — in its order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from surveys.kinds.items import Item, items_of, value_key
from surveys.models import Question

#: Which of the earlier question's options are carried: all, those chosen, those not chosen.
CARRY_MODES = ("all", "selected", "unselected")
#: The kinds whose options can be carried, and the kinds that can carry them.
CARRY_KINDS = ("single_choice", "multiple_choice", "ranking")


def carry_of(settings: Mapping[str, Any]) -> tuple[str, str] | None:
    """(the earlier question's key, the mode) when a question carries its options, else None."""
    source = settings.get("choices_from")
    if not isinstance(source, str) or not source:
        return None
    return source, str(settings.get("choices_from_mode") or "all")


def chosen_keys(answer: object) -> set[str]:
    """The options an answer chose, as value keys (one for a single choice, each for a list)."""
    if answer is None:
        return set()
    picked = answer if isinstance(answer, list) else [answer]
    return {value_key(v) for v in picked if isinstance(v, (str, int, float))}


def carried_items(settings: Mapping[str, Any], answer: object) -> list[Item]:
    """The options a carrying question offers, given the earlier question's ``answer`` (stored
    form): its own options filtered by the mode, in their order."""
    carry = carry_of(settings)
    items = items_of(settings.get("options"))
    if carry is None or carry[1] == "all":
        return items
    chosen = chosen_keys(answer)
    keep = carry[1] == "selected"
    return [item for item in items if (item.key in chosen) == keep]


def offered(question: Question, known: Mapping[str, object]) -> Question:
    """``question`` as asked given the ``known`` answers: a carrying question becomes an unsaved
    stand-in offering only the carried options; any other question is itself."""
    carry = carry_of(question.settings)
    if carry is None:
        return question
    kept = {i.key for i in carried_items(question.settings, known.get(carry[0]))}
    raw = question.settings.get("options")
    options = [
        entry
        for entry in (raw if isinstance(raw, list) else [])
        if (found := items_of([entry])) and found[0].key in kept
    ]
    return stand_in(question, {**question.settings, "options": options})


def stand_in(question: Question, settings: dict[str, Any]) -> Question:
    """An unsaved copy of ``question`` with other ``settings``: how it is asked given earlier
    answers (the options it carries, the answers its rows' conditions read)."""
    return Question(
        key=question.key,
        kind=question.kind,
        prompt=question.prompt,
        help_text=question.help_text,
        required=question.required,
        position=question.position,
        settings=settings,
    )
