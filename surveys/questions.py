"""Checking a questionnaire's questions before they are saved: kinds, scales, options, skip logic.

Problems are named like the designer's form fields (``questions-2-options``), so a page can show
each one beside what the researcher typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from surveys.forms import AnswerFormBase
from surveys.hidden_fields import PAGE_PARAMS
from surveys.kinds import (
    CHOICE_KINDS,
    OPERATORS_FOR,
    SCALE_KINDS,
    SMILEYS,
    scale_bounds,
)
from surveys.models import QUESTION_KINDS

MAX_PROMPT = 1000
MAX_OPTION = 200
MAX_OPTIONS = 50
MAX_LABEL = 200

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
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


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


def _labels_problem(labels: object, low: int, high: int) -> str | None:
    """Why a scale's labels (point → text) do not fit the scale ``low``–``high``, else None."""
    if not isinstance(labels, Mapping):
        return "give one label per line, like 1 = Strongly disagree"
    for point, text in labels.items():
        if not _WHOLE_NUMBER.fullmatch(str(point).strip()):
            return f"'{point}' is not a scale point: write one label per line, like {low} = …"
        if not low <= int(str(point)) <= high:
            return f"label for '{point}' is outside the scale {low}–{high}"
        if not str(text).strip():
            return f"the label for {point} is empty"
        if len(str(text)) > MAX_LABEL:
            return f"the label for {point} is longer than {MAX_LABEL} characters"
    return None


def _settings_problem(spec: QuestionSpec) -> tuple[str, str] | None:
    """(field, problem) for settings that do not fit the kind, else None."""
    s = spec.settings
    if spec.kind == "rating":
        try:
            low, high = int(s.get("min", 1)), int(s.get("max", 5))
        except (TypeError, ValueError):
            return "max", "must be whole numbers"
        if low not in (0, 1) or not low < high <= 11:
            return "max", "the scale runs from 0 or 1 up to at most 11"
    if spec.kind == "smiley":
        try:
            faces = int(s.get("max", 5))
        except (TypeError, ValueError):
            faces = 0
        if faces not in SMILEYS:
            return "max", "a smiley scale has 3 or 5 faces"
    if spec.kind in SCALE_KINDS and "labels" in s:
        low, high = scale_bounds(spec)
        if (problem := _labels_problem(s["labels"], low, high)) is not None:
            return "labels", problem
    if spec.kind in CHOICE_KINDS:
        opts = [str(o).strip() for o in s.get("options", [])]
        if len(opts) < 2:
            return "options", "give at least two options, one per line"
        if len(opts) > MAX_OPTIONS or any(not o or len(o) > MAX_OPTION for o in opts):
            return "options", f"at most {MAX_OPTIONS} options of 1–{MAX_OPTION} characters"
        if len(set(opts)) != len(opts):
            return "options", "options must differ"
    if spec.kind == "free_text" and s.get("size", "long") not in ("short", "long"):
        return "size", "is short or long"
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
        if (found := _settings_problem(spec)) is not None:
            problems[f"{name}-{found[0]}"] = found[1]
        condition = spec.settings.get("show_if")
        problem = _condition_problem(condition, earlier, known) if condition else None
        if problem is not None:
            problems[f"{name}-show_if"] = problem
        if key in earlier:
            problems.setdefault(f"{name}-key", f"key {key} is used twice")
        earlier[key] = spec
    return problems
