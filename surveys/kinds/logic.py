"""Skip logic: which questions are asked, given the answers so far.

A question's ``show_if`` names an earlier question, an operator and a value; the operators a
condition may use depend on what the earlier answer is (its kind's ``Operand``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from surveys.kinds.base import Operand

if TYPE_CHECKING:
    from surveys.models import Question

OPERATORS: dict[str, str] = {
    "answered": "is answered",
    "equals": "is",
    "not_equals": "is not",
    "at_least": "is at least",
    "at_most": "is at most",
    "includes": "includes",
}
#: The operators that apply to each kind of operand.
OPERATORS_ON: dict[Operand, tuple[str, ...]] = {
    Operand.NUMBER: ("answered", "equals", "not_equals", "at_least", "at_most"),
    Operand.CHOICE: ("answered", "equals", "not_equals"),
    Operand.CHOICES: ("answered", "includes"),
    Operand.TEXT: ("answered",),
}


def condition_met(condition: Mapping[str, Any], answer: object) -> bool:
    """Whether an earlier question's stored-form answer meets a skip-logic condition."""
    operator, wanted = condition.get("operator", "answered"), condition.get("value")
    if answer is None or answer == [] or answer == "":
        return False
    if operator == "answered":
        return True
    if operator == "includes":
        return isinstance(answer, list) and wanted in answer
    if isinstance(answer, (int, float)):
        try:
            target = float(wanted)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
        return {
            "equals": answer == target,
            "not_equals": answer != target,
            "at_least": answer >= target,
            "at_most": answer <= target,
        }.get(str(operator), False)
    return {"equals": answer == wanted, "not_equals": answer != wanted}.get(str(operator), False)


def visible_questions(questions: Sequence[Question], answers: Mapping[str, object]) -> set[str]:
    """Keys of the questions shown given ``answers`` (key → stored-form value).

    A question with ``show_if`` is shown only when its (earlier) question is shown and answered
    so; a hidden question's answer is not stored and its "required" does not apply.
    """
    shown: set[str] = set()
    for question in questions:
        condition = question.settings.get("show_if")
        if not condition:
            shown.add(question.key)
            continue
        source = condition.get("question")
        if source in shown and condition_met(condition, answers.get(source)):
            shown.add(question.key)
    return shown
