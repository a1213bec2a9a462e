"""Conditions between SurveyJS's ``visibleIf`` text and ours, names mapped to keys.

Both sides speak the same expression language (``surveys.expressions``); what differs is who a
condition names. SurveyJS names questions by their SurveyJS name (``{satisfaction-score} <= 6``),
our conditions by key; reading maps names to keys, writing maps them back. Several conditions
on one question (its page's, its panels', its own, a visible trigger's) hold together: they are
joined with ``and``, as SurveyJS shows a question only when everything around it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any

from surveys import expressions
from surveys.errors import InvalidDesign
from surveys.expressions import And, Check, Compare, ConditionError, Const, Expr, Not, Or, Var
from surveys.pages import condition_of


def _name_for(name: str, mapping: Mapping[str, str]) -> str | None:
    """``name`` mapped: the whole name, else its first part with the rest kept (``{m.row}``
    names one row of matrix ``m``); None when neither is mapped."""
    name = name.strip()  # SurveyJS reads ``{ q1 }`` as ``{q1}``
    if name in mapping:
        return mapping[name]
    head, dot, rest = name.partition(".")
    return f"{mapping[head]}.{rest}" if dot and head in mapping else None


def renamed(tree: Expr, mapping: Mapping[str, str]) -> Expr:
    """``tree`` with each answer it reads renamed by ``mapping`` (unmapped names stay)."""
    if isinstance(tree, Var):
        return Var(_name_for(tree.name, mapping) or tree.name)
    if isinstance(tree, Compare):
        left, right = renamed(tree.left, mapping), renamed(tree.right, mapping)
        assert not isinstance(left, (Compare, Check, Not, And, Or))
        assert not isinstance(right, (Compare, Check, Not, And, Or))
        return replace(tree, left=left, right=right)
    if isinstance(tree, Check):
        operand = renamed(tree.operand, mapping)
        assert not isinstance(operand, (Compare, Check, Not, And, Or))
        return replace(tree, operand=operand)
    if isinstance(tree, Not):
        return Not(renamed(tree.expr, mapping))
    if isinstance(tree, (And, Or)):
        return type(tree)(tuple(renamed(p, mapping) for p in tree.parts))
    return tree


def condition_to_surveyjs(condition: object, names: Mapping[str, str]) -> str | None:
    """A stored condition (expression text or the older object) as SurveyJS ``visibleIf``
    text; ``names`` maps keys to SurveyJS names. InvalidDesign when SurveyJS cannot spell it."""
    tree = condition_of(condition)
    if tree is None:
        return None
    if isinstance(condition, Mapping):
        tree = _short(condition, tree)
    try:
        return expressions.to_text(renamed(tree, names))
    except ConditionError as error:
        raise InvalidDesign(
            f"A condition cannot be written in SurveyJS: {error}. Change it and export again.",
            {"surveyjs": str(error)},
        ) from None


_PLAIN_INTEGER = re.compile(r"0|-?[1-9][0-9]*")


def _short(condition: Mapping[str, Any], tree: Expr) -> Expr:
    """A builder condition as SurveyJS says it most simply: ``{q} = 'x'`` rather than
    ``{q} notempty and {q} = 'x'`` where a blank answer fails either way (every operator but
    "is not"), and a value that is a plain integer written as a number, as people write it."""
    if not (isinstance(tree, And) and condition.get("operator") in _BUILDER.values()):
        return tree
    compare = tree.parts[-1]
    assert isinstance(compare, Compare)
    text = str(condition.get("value"))
    if _PLAIN_INTEGER.fullmatch(text) and condition.get("operator") != "includes":
        compare = replace(compare, right=Const(float(text)))
    return compare


def condition_from_surveyjs(expression: str, keys: Mapping[str, str]) -> Expr | str:
    """The condition SurveyJS ``visibleIf`` text means, naming keys (``keys`` maps SurveyJS
    names to keys), else why it cannot be one, in words that follow the text."""
    try:
        tree = expressions.parse(expression)
    except ConditionError as error:
        return f"cannot be read: {error}"
    for name in sorted(expressions.names(tree)):
        if _name_for(name, keys) is None:
            return f"names '{name}', which is no question of this survey"
    return renamed(tree, keys)


def joined(parts: Sequence[Expr]) -> str | None:
    """Conditions that must all hold, as one expression text (None when there are none)."""
    flat: list[Expr] = []
    for part in parts:
        flat.extend(part.parts if isinstance(part, And) else (part,))
    if not flat:
        return None
    return expressions.to_text(flat[0] if len(flat) == 1 else And(tuple(flat)))


#: SurveyJS comparisons the designer's condition builder says the same way. ``!=`` is not one:
#: SurveyJS counts a blank answer as "not 'x'", the builder's "is not" wants an answer.
_BUILDER = {"=": "equals", ">=": "at_least", "<=": "at_most", "contains": "includes"}


def builder_condition(tree: Expr, operators: Collection[str]) -> dict[str, Any] | None:
    """``tree`` as the designer's condition builder holds it (one earlier question, an
    operator, a value) when it means exactly that and ``operators`` (those that apply to that
    question) allow it; else None, and the condition stays expression text."""
    if isinstance(tree, Check) and tree.op == "notempty" and isinstance(tree.operand, Var):
        return {"question": tree.operand.name, "operator": "answered"}
    if not (isinstance(tree, Compare) and isinstance(tree.left, Var)):
        return None
    operator, value = _BUILDER.get(tree.op), tree.right
    if operator is None or operator not in operators or "." in tree.left.name:
        return None
    if not isinstance(value, Const) or isinstance(value.value, bool) or value.value is None:
        return None
    raw = value.value
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)
    if isinstance(raw, float) and operator == "includes":
        return None
    return {"question": tree.left.name, "operator": operator, "value": text}
