"""The designer's condition builder: the operators a simple condition (one earlier question,
one operator, one value) may use, by what the earlier answer is.

Whatever the builder makes, and any condition typed in full, is judged by ``surveys.pages``
with the expression language of ``surveys.expressions``.
"""

from __future__ import annotations

from surveys.kinds.base import Operand

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
    Operand.TEXT: ("answered", "equals", "not_equals"),
    Operand.BOOLEAN: ("answered", "equals", "not_equals"),
    Operand.DATE: ("answered", "equals", "not_equals", "at_least", "at_most"),
    Operand.ROWS: ("answered",),
}
