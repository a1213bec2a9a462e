"""Checking a questionnaire's questions before they are saved: kinds, scales, options, skip logic.

Problems are named like the designer's form fields (``questions-2-options``), so a page can show
each one beside what the researcher typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from surveys.forms import AnswerFormBase
from surveys.hidden_fields import PAGE_PARAMS
from surveys.kinds import (
    KINDS,
    OPERATORS_FOR,
    QUESTION_KINDS,
    SCALE_KINDS,
    scale_bounds,
)

MAX_PROMPT = 1000

#: A question key is the answer form's field name, an HTML name and id, and a column value of
#: at most 40 characters: a letter, then letters, digits or underscores (no '-': the page
#: derives ``<key>-help``, ``<key>-error`` and ``hidden-<name>`` names from it).
KEY_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")
#: Names the answer pages post or use as ids beside the questions: their parameters, and the
#: page's ``main`` landmark.
PAGE_NAMES = PAGE_PARAMS | {"main"}
#: Keys a question cannot have: every name the answer form already has (its methods and
#: attributes, which a field of that name would shadow) and the pages' own inputs.
RESERVED_KEYS = frozenset(dir(AnswerFormBase())) | PAGE_NAMES


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    """What a researcher asks: the kind, the prompt, its options and when it is shown.

    ``key`` keeps a question's identity across versions (answers stay comparable); new
    questions get the next free key when saved.
    """

    kind: str
    prompt: str
    required: bool = False
    help_text: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    key: str | None = None


def key_problem(key: str) -> str | None:
    """Why ``key`` cannot name a question, else None."""
    if not KEY_PATTERN.fullmatch(key):
        return (
            f"a key is a letter, then up to 39 letters, digits or underscores ('{key[:50]}' is not)"
        )
    if key in RESERVED_KEYS:
        return f"'{key}' is a name the answer form already uses; choose another key"
    return None


def _condition_problem(
    condition: dict[str, Any], earlier: dict[str, QuestionSpec], known: set[str]
) -> str | None:
    source_key = condition.get("question")
    if source_key not in earlier:
        if source_key in known:
            return "a condition can only depend on an earlier question"
        return "names no question of this survey"
    source = earlier[str(source_key)]
    operator = condition.get("operator", "answered")
    if operator not in OPERATORS_FOR.get(source.kind, ()):
        allowed = ", ".join(OPERATORS_FOR.get(source.kind, ()))
        return f"'{operator}' does not apply to that question (use {allowed})"
    if operator == "answered":
        return None
    value = condition.get("value")
    if source.kind in SCALE_KINDS:
        low, high = scale_bounds(source)
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return f"the value must be a number from {low} to {high}"
        if not number.is_integer() or not low <= number <= high:
            return f"the value must be a number from {low} to {high}"
        return None
    if value not in [str(o) for o in source.settings.get("options", [])]:
        return "the value must be one of that question's options"
    return None


def assign_keys(specs: Sequence[QuestionSpec], used: set[str] | None = None) -> list[str]:
    """Each spec's key: its own, else the next free ``q<n>`` (never one ``used`` before)."""
    taken = set(used or ()) | {s.key for s in specs if s.key}
    numbers = [int(k[1:]) for k in taken if k.startswith("q") and k[1:].isdigit()]
    next_number = max(numbers, default=0) + 1
    keys = []
    for spec in specs:
        if spec.key:
            keys.append(spec.key)
        else:
            keys.append(f"q{next_number}")
            next_number += 1
    return keys


def question_problems(
    questions: Sequence[QuestionSpec], used: set[str] | None = None
) -> dict[str, str]:
    """Every problem of ``questions`` by field name; empty when they can be saved."""
    problems: dict[str, str] = {}
    if not questions:
        problems["questions"] = "add at least one question"
    keys = assign_keys(questions, used)
    known = set(keys)
    earlier: dict[str, QuestionSpec] = {}
    for i, (spec, key) in enumerate(zip(questions, keys, strict=True)):
        name = f"questions-{i}"
        if spec.key is not None and (bad_key := key_problem(spec.key)) is not None:
            problems[f"{name}-key"] = bad_key
        if spec.kind not in QUESTION_KINDS:
            problems[f"{name}-kind"] = f"must be one of {', '.join(QUESTION_KINDS)}"
            continue
        if not spec.prompt.strip():
            problems[f"{name}-prompt"] = "is required"
        elif len(spec.prompt) > MAX_PROMPT:
            problems[f"{name}-prompt"] = f"must be at most {MAX_PROMPT} characters"
        if (found := KINDS[spec.kind].settings_problem(spec)) is not None:
            problems[f"{name}-{found[0]}"] = found[1]
        condition = spec.settings.get("show_if")
        problem = _condition_problem(condition, earlier, known) if condition else None
        if problem is not None:
            problems[f"{name}-show_if"] = problem
        if key in earlier:
            problems.setdefault(f"{name}-key", f"key {key} is used twice")
        earlier[key] = spec
    return problems
