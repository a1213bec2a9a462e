"""Checking a questionnaire's questions before they are saved: kinds, scales, options, skip logic.

Problems are named like the designer's form fields (``questions-2-options``), so a page can show
each one beside what the researcher typed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from surveys import expressions
from surveys.expressions import ConditionError
from surveys.forms import AnswerFormBase
from surveys.hidden_fields import PAGE_PARAMS
from surveys.kinds import (
    CHOICE_KINDS,
    KINDS,
    OPERATORS_FOR,
    QUESTION_KINDS,
    SCALE_KINDS,
    Operand,
    scale_bounds,
)
from surveys.kinds.carry import CARRY_KINDS, CARRY_MODES, carry_of
from surveys.kinds.choices import option_items
from surveys.kinds.items import find, items_of
from surveys.kinds.repeat import earlier_read
from surveys.models import Question
from surveys.pages import MAX_PAGE_TITLE, MAX_PAGES, PageSpec, page_of

MAX_PROMPT = 1000
MAX_PAGE_NAME = 80

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


def _legacy_condition_problem(
    condition: dict[str, Any], earlier: dict[str, QuestionSpec], known: set[str]
) -> str | None:
    """Why a builder condition (one question, operator, value) does not fit, else None."""
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
    if source.kind in CHOICE_KINDS and find(option_items(source), value) is None:
        return "the value must be one of that question's options"
    if KINDS[source.kind].operand is Operand.BOOLEAN and str(value).lower() not in (
        "true",
        "false",
    ):
        return "the value of a yes/no question is true or false"
    return None


def expression_problem(
    text: object, earlier: Mapping[str, QuestionSpec], known: Collection[str]
) -> str | None:
    """Why a typed condition cannot be used, in a researcher's words, else None: it must read,
    name only earlier questions, and compare each with a value it can have."""
    if not isinstance(text, str):
        return "a condition is text, like {q1} = 'Yes'"
    try:
        tree = expressions.parse(text)
    except ConditionError as error:
        return str(error)
    for name in sorted(expressions.names(tree)):
        key, _, row = name.partition(".")
        if key not in earlier:
            if key in known:
                return f"{{{name}}} is not asked before this; a condition reads earlier answers"
            return f"{{{name}}} names no question of this survey"
        source = earlier[key]
        operand = KINDS[source.kind].operand
        if row == expressions.LENGTH and operand is Operand.CHOICES:
            continue  # how many options the answer holds
        if row and operand is not Operand.ROWS:
            return f"{{{name}}}: only a matrix question has rows to name after a '.'"
        if row and find(items_of(source.settings.get("rows")), row) is None:
            return f"{{{name}}}: that matrix has no row '{row}'"
    for comparison in expressions.comparisons(tree):
        if (problem := _value_problem(comparison, earlier)) is not None:
            return problem
    return None


def _value_problem(
    comparison: expressions.Compare | expressions.Check, earlier: Mapping[str, QuestionSpec]
) -> str | None:
    """Why a comparison can never hold for the answers its question takes, else None."""
    if not isinstance(comparison, expressions.Compare):
        return None
    sides = (comparison.left, comparison.right)
    var = next((v for v in sides if isinstance(v, expressions.Var)), None)
    other = next((v for v in sides if not isinstance(v, expressions.Var)), None)
    if var is None or other is None or "." in var.name:
        return None
    source = earlier[var.name]
    operand = KINDS[source.kind].operand
    values: list[expressions.Constant] = (
        list(other.items) if isinstance(other, expressions.Array) else
        [other.value] if isinstance(other, expressions.Const) else []
    )  # fmt: skip
    if operand is Operand.BOOLEAN and any(not isinstance(v, bool) for v in values):
        return (
            f"{{{var.name}}} is a yes/no question: compare it with true or false "
            f"(like {{{var.name}}} = true)"
        )
    if operand in (Operand.CHOICE, Operand.CHOICES) and source.kind != "ranking":
        items = option_items(source)
        for v in values:
            if v is not None and find(items, v) is None:
                return f"'{v}' is not an option of {{{var.name}}}"
    return None


def _group_problem(spec: QuestionSpec, before: Sequence[QuestionSpec]) -> str | None:
    """Why a question's ``required_group`` (a group answered as a whole: at least one of its
    questions) does not fit, else None: a short name, its questions on one page."""
    group = spec.settings.get("required_group")
    if group is None:
        return None
    if not isinstance(group, str) or not 0 < len(group) <= MAX_PAGE_NAME:
        return f"a group is named by a text of 1–{MAX_PAGE_NAME} characters"
    members = [s for s in before if s.settings.get("required_group") == group]
    if members and page_of(members[-1].settings) != page_of(spec.settings):
        return "a group's questions are on one page"
    return None


def _carry_problem(
    spec: QuestionSpec, earlier: Mapping[str, QuestionSpec], known: Collection[str]
) -> str | None:
    """Why a question's carried-forward options do not fit, else None: they come from an earlier
    choice or ranking question, and are that question's options."""
    carry = carry_of(spec.settings)
    if carry is None:
        return None
    source_key, mode = carry
    if spec.kind not in CARRY_KINDS:
        return "only a choice or ranking question can carry options forward"
    if mode not in CARRY_MODES:
        return f"carries {', '.join(CARRY_MODES)} of the options"
    source = earlier.get(source_key)
    if source is None:
        if source_key in known:
            return f"carries options from {{{source_key}}}, which is not asked before this"
        return f"carries options from {{{source_key}}}, no question of this survey"
    if source.kind not in CARRY_KINDS:
        return f"carries options from {{{source_key}}}, which has no options"
    if items_of(spec.settings.get("options")) != items_of(source.settings.get("options")):
        return f"its options are carried from {{{source_key}}}: give it the same options"
    return None


def answer_problem(spec: QuestionSpec, value: object) -> str | None:
    """Why ``value`` would not be taken as the answer to the question ``spec`` describes (its
    default answer, or what a set-value rule sets), else None."""
    kind = KINDS.get(spec.kind)
    if kind is None:
        return f"cannot answer a '{spec.kind}' question"
    question = Question(key=spec.key or "q", kind=spec.kind, prompt=spec.prompt,
                        settings=spec.settings, required=False)  # fmt: skip
    result = kind.check(question, value)
    return result if isinstance(result, str) else None


def _default_problem(spec: QuestionSpec) -> str | None:
    """Why a default answer would not be accepted by the question, else None."""
    if "default" not in spec.settings:
        return None
    problem = answer_problem(spec, spec.settings["default"])
    return f"the default answer does not fit: {problem}" if problem else None


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


def page_problems(
    pages: Sequence[PageSpec], questions: Sequence[QuestionSpec], keys: Sequence[str]
) -> dict[str, str]:
    """Every problem of a survey's pages by field name (``pages-1-show_if``): names, titles,
    questions kept together in page order, and conditions reading only earlier answers."""
    problems: dict[str, str] = {}
    if len(pages) > MAX_PAGES:
        problems["pages"] = f"at most {MAX_PAGES} pages"
    names = [p.name for p in pages]
    for i, page in enumerate(pages):
        if not page.name.strip() or len(page.name) > MAX_PAGE_NAME:
            problems[f"pages-{i}-name"] = f"a page needs a name of 1–{MAX_PAGE_NAME} characters"
        elif names.index(page.name) != i:
            problems[f"pages-{i}-name"] = f"two pages are called '{page.name}'"
        if len(page.title) > MAX_PAGE_TITLE:
            problems[f"pages-{i}-title"] = f"must be at most {MAX_PAGE_TITLE} characters"
    order = {name: i for i, name in enumerate(names)}
    last = 0
    for i, spec in enumerate(questions):
        name = page_of(spec.settings)
        if name not in order:
            problems[f"questions-{i}-page"] = f"is on page '{name}', which the survey does not have"
        elif order[name] < last:
            problems[f"questions-{i}-page"] = (
                "a page's questions go together: move it next to the others on that page"
            )
        else:
            last = order[name]
    by_page = {name: [(s, k) for s, k in zip(questions, keys, strict=True)
                      if page_of(s.settings) == name] for name in names}  # fmt: skip
    known = set(keys)
    earlier: dict[str, QuestionSpec] = {}
    for i, page in enumerate(pages):
        if page.show_if and (problem := expression_problem(page.show_if, earlier, known)):
            problems[f"pages-{i}-show_if"] = problem
        earlier.update({k: s for s, k in by_page.get(page.name, [])})
        if page.end_if and (problem := expression_problem(page.end_if, earlier, known)):
            problems[f"pages-{i}-end_if"] = problem
    return problems


def question_problems(
    questions: Sequence[QuestionSpec],
    used: set[str] | None = None,
    pages: Sequence[PageSpec] | None = None,
) -> dict[str, str]:
    """Every problem of ``questions`` (and their ``pages``, when given) by field name; empty
    when they can be saved."""
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
        if (problem := _default_problem(spec)) is not None:
            problems[f"{name}-default"] = problem
        condition = spec.settings.get("show_if")
        if isinstance(condition, dict):
            problem = _legacy_condition_problem(condition, earlier, known)
        else:
            problem = expression_problem(condition, earlier, known) if condition else None
        if problem is not None:
            problems[f"{name}-show_if"] = problem
        if (required_if := spec.settings.get("required_if")) is not None and (
            problem := expression_problem(required_if, earlier, known)
        ) is not None:
            problems[f"{name}-required_if"] = problem
        for read in sorted(earlier_read(spec.settings)):
            # A repeating group's fields required only if an earlier answer says so.
            if read not in earlier:
                where = "is not asked before this" if read in known else "names no question"
                problems.setdefault(f"{name}-fields", f"a field's required-if: {{{read}}} {where}")
        if (problem := _group_problem(spec, questions[:i])) is not None:
            problems[f"{name}-required_group"] = problem
        if (problem := _carry_problem(spec, earlier, known)) is not None:
            problems[f"{name}-choices_from"] = problem
        if key in earlier:
            problems.setdefault(f"{name}-key", f"key {key} is used twice")
        earlier[key] = spec
    if pages is not None:
        problems.update(page_problems(pages, questions, keys))
    return problems
