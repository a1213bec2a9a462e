"""Conditions as researchers and SurveyJS write them: a small, safe parser and evaluator.

The language is the subset of SurveyJS's expressions that decides whether something is shown
(``visibleIf``), so a condition moves between Journeymap and SurveyJS as the same text:

    {q1} = 'Yes' and ({q2} >= 3 or {q3} contains 'x')
    {agree} = true            {q4} notempty            !({q5} anyof ['a', 'b'])

- operands: ``{name}`` (an earlier answer; ``{matrix.row}`` one row of a matrix), numbers,
  quoted texts (``'…'`` or ``"…"``; a backslash before a quote escapes it), ``true``, ``false``,
  ``null`` and lists of constants (``['a', 'b']``);
- comparisons: ``=`` (``==``, ``equal``), ``!=`` (``<>``, ``notequal``), ``<``, ``<=``, ``>``,
  ``>=`` (and their word forms), ``contains`` (``*=``), ``notcontains``, ``anyof``, ``allof``,
  ``noneof``; postfix ``empty`` and ``notempty``;
- ``and`` (``&&``) binds tighter than ``or`` (``||``); ``!`` (``negate``) negates what follows
  it, which must be in parentheses unless it is a single operand.

Parsing never runs code (no ``eval``): text becomes a tree of frozen dataclasses, and evaluation
walks the tree. Evaluation follows SurveyJS's own rules (survey-core's ``OperandMaker``): texts
compare without regard to case or outer spaces, numbers written as text compare as numbers, an
empty answer equals nothing but emptiness, ``and``/``or`` pass values through as JavaScript does
and the result counts when it loosely equals ``true``. What SurveyJS reads differently from how
it looks (``!{a} = 1`` is "(not a) equals 1" there) is refused with a way to write it instead.
Arithmetic and functions are refused: they do not decide what a customer is asked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from surveys.errors import InvalidDesign

MAX_LENGTH = 2000
MAX_DEPTH = 40


class ConditionError(InvalidDesign):
    """A condition that cannot be read; the message says where and what to write instead."""

    code = "invalid_condition"


# -- the tree ---------------------------------------------------------------------------------

Constant = str | float | bool | None


@dataclass(frozen=True, slots=True)
class Var:
    """An answer, by question key (``{q1}``) or key and matrix row (``{q1.row}``)."""

    name: str


@dataclass(frozen=True, slots=True)
class Const:
    """A number, a text, ``true``/``false`` or ``null``."""

    value: Constant


@dataclass(frozen=True, slots=True)
class Array:
    """A list of constants (``['a', 'b']``)."""

    items: tuple[Constant, ...]


Operand = Var | Const | Array


@dataclass(frozen=True, slots=True)
class Compare:
    """Two operands compared: ``op`` is one of ``COMPARISONS``' values."""

    op: str
    left: Operand
    right: Operand


@dataclass(frozen=True, slots=True)
class Check:
    """``empty`` or ``notempty`` of one operand."""

    op: str
    operand: Operand


@dataclass(frozen=True, slots=True)
class Not:
    """The negation of a condition (``!(…)``)."""

    expr: Expr


@dataclass(frozen=True, slots=True)
class And:
    """Every part holds (two or more parts)."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """At least one part holds (two or more parts)."""

    parts: tuple[Expr, ...]


Expr = Var | Const | Array | Compare | Check | Not | And | Or

#: Comparison words and signs → the one name each is known by.
COMPARISONS: dict[str, str] = {
    "=": "=", "==": "=", "equal": "=", "equals": "=",
    "!=": "!=", "<>": "!=", "notequal": "!=", "notequals": "!=",
    "<": "<", "less": "<", ">": ">", "greater": ">",
    "<=": "<=", "=<": "<=", "lessorequal": "<=",
    ">=": ">=", "=>": ">=", "greaterorequal": ">=",
    "contains": "contains", "contain": "contains", "*=": "contains",
    "notcontains": "notcontains", "notcontain": "notcontains",
    "anyof": "anyof", "allof": "allof", "noneof": "noneof",
}  # fmt: skip
CHECKS = ("empty", "notempty")
_WORDS = {"and", "or", "negate", "true", "false", *CHECKS, *(k for k in COMPARISONS if k.isalpha())}

# -- reading text -----------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<var>\{[^{}]*\})
  | (?P<string>'(?:\\['"]|[^'\\]|\\(?!['"]))*'|"(?:\\['"]|[^"\\]|\\(?!['"]))*")
  | (?P<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?![0-9A-Za-z_.]))
  | (?P<badnumber>-?[0-9][0-9A-Za-z_.]*)
  | (?P<sign>&&|\|\||==|!=|<>|<=|>=|=<|=>|\*=|[=<>!()\[\],])
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # var, string, number, sign, word, end
    text: str
    at: int  # 1-based character position, as a person counts


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind == "space":
            continue
        if kind == "other":
            raise ConditionError(_at(match.start() + 1, f"'{match.group()}' is not understood"))
        if kind == "badnumber":
            raise ConditionError(
                _at(
                    match.start() + 1,
                    f"'{match.group()}' is not a number as conditions write them "
                    "(like 7, -2 or 1.5); put a code such as '007' in quotes",
                )
            )
        token_text = match.group()
        if kind == "word" and token_text.lower() in _WORDS:
            token_text = token_text.lower()
        tokens.append(_Token(kind, token_text, match.start() + 1))
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


def _at(position: int, message: str) -> str:
    return f"at character {position}: {message}"


def _unquote(literal: str) -> str:
    return re.sub(r"\\(['\"])", r"\1", literal[1:-1])


class _Parser:
    """Recursive descent over the tokens; depth is bounded so no input exhausts the stack."""

    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.i = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.i]

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def fail(self, message: str, token: _Token | None = None) -> ConditionError:
        return ConditionError(_at((token or self.token).at, message))

    def parse(self) -> Expr:
        if self.token.kind == "end":
            raise self.fail("the condition is empty")
        expr = self.disjunction()
        if self.token.kind != "end":
            raise self.fail(f"expected 'and', 'or' or the end, found {_found(self.token)}")
        return expr

    def disjunction(self) -> Expr:
        parts = [self.conjunction()]
        while self.token.text in ("or", "||"):
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def conjunction(self) -> Expr:
        parts = [self.negation()]
        while self.token.text in ("and", "&&"):
            self.take()
            parts.append(self.negation())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def negation(self) -> Expr:
        if self.token.text not in ("!", "negate"):
            return self.comparison()
        bang = self.take()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail("the condition is nested too deeply", bang)
        if self.token.text in ("!", "negate", "("):
            inner = self.negation() if self.token.text != "(" else self.group()
        else:
            inner = self.operand()
            if self.token.text in COMPARISONS or self.token.text in CHECKS:
                # SurveyJS reads "!{a} = 1" as "(not a) = 1": refuse rather than guess.
                raise self.fail(
                    f"put what '{bang.text}' negates in parentheses, like !({{q1}} = 1)", bang
                )
        self.depth -= 1
        return Not(inner)

    def group(self) -> Expr:
        opening = self.take()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail("the condition is nested too deeply", opening)
        inner = self.disjunction()
        if self.token.text != ")":
            raise self.fail(f"expected ')' to close the '(' at character {opening.at}")
        self.take()
        self.depth -= 1
        return inner

    def comparison(self) -> Expr:
        if self.token.text == "(":
            inner = self.group()
            if self.token.text in COMPARISONS or self.token.text in CHECKS:
                raise self.fail("compare answers, not conditions: write each comparison alone")
            return inner
        left = self.operand()
        if self.token.text in CHECKS:
            result: Expr = Check(self.take().text, left)
        elif self.token.text in COMPARISONS:
            sign = self.take()
            op = COMPARISONS[sign.text]
            if self.token.kind == "end":
                raise self.fail(f"'{sign.text}' needs something to compare with", sign)
            result = Compare(op, left, self.operand())
        else:
            return left
        if self.token.text in COMPARISONS or self.token.text in CHECKS:
            raise self.fail("compare two things at a time; join comparisons with 'and' or 'or'")
        return result

    def operand(self) -> Operand:
        token = self.token
        if token.kind == "var":
            name = token.text[1:-1]
            if not name:
                raise self.fail("'{}' names no question")
            self.take()
            return Var(name)
        if token.text == "[":
            return self.array()
        return Const(self.constant())

    def constant(self) -> Constant:
        token = self.take()
        if token.kind == "string":
            return _unquote(token.text)
        if token.kind == "number":
            return float(token.text)
        if token.text in ("true", "false"):
            return token.text == "true"
        if token.kind == "word" and token.text in ("null", "undefined"):
            return None
        if token.kind == "word" and self.token.text == "(":
            raise self.fail(f"functions such as {token.text}() are not supported", token)
        if token.text in ("+", "-", "*", "/", "%", "^"):
            raise self.fail("arithmetic is not supported in conditions", token)
        if token.kind == "end":
            raise self.fail("the condition ends too early: something to compare is missing", token)
        if token.kind == "word" and token.text not in _WORDS:
            raise self.fail(
                f"'{token.text}' is not a value: write a question as {{{token.text}}} or a "
                f"text in quotes, '{token.text}'",
                token,
            )
        raise self.fail(f"expected a question, a number or a text, found {_found(token)}", token)

    def array(self) -> Array:
        opening = self.take()
        items: list[Constant] = []
        while self.token.text != "]":
            if items:
                if self.token.text != ",":
                    raise self.fail(f"expected ',' or ']' in the list opened at {opening.at}")
                self.take()
            if self.token.kind == "var":
                raise self.fail("a list holds values, not questions")
            items.append(self.constant())
        self.take()
        return Array(tuple(items))


def _found(token: _Token) -> str:
    return "the end" if token.kind == "end" else f"'{token.text}'"


@lru_cache(maxsize=4096)
def parse(text: str) -> Expr:
    """The condition ``text`` as a tree; ConditionError says where and why it cannot be read."""
    if not isinstance(text, str):
        raise ConditionError("a condition is text")
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"a condition is at most {MAX_LENGTH} characters")
    return _Parser(text).parse()


def names(expr: Expr) -> set[str]:
    """The answers a condition reads (``{q1.row}`` reads ``q1.row``)."""
    if isinstance(expr, Var):
        return {expr.name}
    if isinstance(expr, Compare):
        return names(expr.left) | names(expr.right)
    if isinstance(expr, Check):
        return names(expr.operand)
    if isinstance(expr, Not):
        return names(expr.expr)
    if isinstance(expr, (And, Or)):
        return set().union(*(names(p) for p in expr.parts))
    return set()


def comparisons(expr: Expr) -> list[Compare | Check]:
    """Every comparison and check in a condition, left to right."""
    if isinstance(expr, (Compare, Check)):
        return [expr]
    if isinstance(expr, Not):
        return comparisons(expr.expr)
    if isinstance(expr, (And, Or)):
        return [c for p in expr.parts for c in comparisons(p)]
    return []


# -- writing text -----------------------------------------------------------------------------


def quoted(text: str) -> str:
    """``text`` as a condition's text constant; ConditionError if SurveyJS cannot spell it."""
    # A backslash before a quote always escapes it and nothing escapes a backslash, so such a
    # text has no spelling that reads back as itself.
    if re.search(r"\\(['\"]|$)", text):
        raise ConditionError(
            f"the text '{text}' cannot be written in a condition: a backslash before a quote or "
            "at the end has no spelling there"
        )
    return "'" + text.replace("'", "\\'").replace('"', '\\"') + "'"


def _constant_text(value: Constant) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ConditionError("a number in a condition must be finite")
        return str(int(value)) if value.is_integer() else repr(value)
    return quoted(value)


def to_text(expr: Expr) -> str:
    """The condition as text SurveyJS reads the same way (and ``parse`` reads back)."""
    if isinstance(expr, Var):
        return "{" + expr.name + "}"
    if isinstance(expr, Const):
        return _constant_text(expr.value)
    if isinstance(expr, Array):
        return "[" + ", ".join(_constant_text(v) for v in expr.items) + "]"
    if isinstance(expr, Compare):
        return f"{to_text(expr.left)} {expr.op} {to_text(expr.right)}"
    if isinstance(expr, Check):
        return f"{to_text(expr.operand)} {expr.op}"
    if isinstance(expr, Not):
        inner = to_text(expr.expr)
        return "!" + inner if isinstance(expr.expr, (Var, Const, Array, Not)) else f"!({inner})"
    if isinstance(expr, And):
        return " and ".join(
            f"({to_text(p)})" if isinstance(p, Or) else to_text(p) for p in expr.parts
        )
    return " or ".join(to_text(p) for p in expr.parts)


# -- evaluating -------------------------------------------------------------------------------

#: What ``{q.length}`` reads of a list answer (several choices, a ranking): how many it holds.
LENGTH = "length"
_NUMBER_TEXT = re.compile(r"\s*-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\s*")


def _lookup(answers: Mapping[str, object], name: str) -> object:
    if name in answers:
        return _as_read(answers[name])
    head, dot, rest = name.partition(".")
    if dot and isinstance(found := answers.get(head), Mapping):
        return _lookup(found, rest)
    if dot and rest == LENGTH and isinstance(found, list):
        return len(found)  # SurveyJS's {q.length}: how many options a list answer holds
    return None


def _as_read(value: object) -> object:
    """An answer as SurveyJS reads it into a condition (its ``getCorrectValue``): the texts
    'true' and 'false' are booleans, a number written as text is that number (unless it starts
    with a 0 that is not "0." — an id such as 007 stays text)."""
    if not isinstance(value, str) or not value:
        return value
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    if len(value) > 1 and value[0] in "'\"" and value[-1] in "'\"":
        return value[1:-1]
    number = _as_number(value)
    if number is None or (value[0] == "0" and len(value) > 1 and value[1] not in ".,"):
        return value
    return number


def _empty(value: object) -> bool:
    """SurveyJS's ``isValueEmpty``."""
    if isinstance(value, list):
        return not value
    if isinstance(value, Mapping):
        return all(_empty(v) for v in value.values())
    if value is None or value == "":
        return True
    return isinstance(value, float) and math.isnan(value)


def _falsy(value: object) -> bool:
    """JavaScript's ``!value``."""
    if value is None or value is False or value == "":
        return True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == 0 or math.isnan(value)
    return False


def _as_number(value: object) -> float | None:
    """``value`` as a number when SurveyJS would compare it as one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value):
        return float(value)
    return None


def _js_number(value: object) -> float:
    """JavaScript's ``Number(value)``, for the loose ``== true`` at the end."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        stripped = value.strip()
        if not stripped:
            return 0.0
        return float(stripped) if _NUMBER_TEXT.fullmatch(stripped) else math.nan
    if isinstance(value, list):
        return _js_number(",".join("" if v is None else str(v) for v in value))
    return math.nan


def _equal(x: object, y: object) -> bool:
    """SurveyJS's ``isTwoValueEquals`` (order ignored, case ignored, texts trimmed)."""
    if type(x) is type(y) and not isinstance(x, (list, Mapping)) and x == y:
        return True
    if (x is None and (y == [] or y == "")) or (y is None and (x == [] or x == "")):
        return True
    if isinstance(x, str) and isinstance(y, str):
        return x.strip().lower() == y.strip().lower()
    nx, ny = _as_number(x), _as_number(y)
    if nx is not None and ny is not None:
        return nx == ny
    if _empty(x) != _empty(y):
        return False
    if isinstance(x, bool) and isinstance(y, str):
        return str(x).lower() == y.lower()
    if isinstance(y, bool) and isinstance(x, str):
        return str(y).lower() == x.lower()
    if isinstance(x, list) and isinstance(y, list):
        return len(x) == len(y) and all(any(_equal(a, b) for b in y) for a in x)
    if isinstance(x, Mapping) and isinstance(y, Mapping):
        return set(x) == set(y) and all(_equal(x[k], y[k]) for k in x)
    if isinstance(x, (list, Mapping)) or isinstance(y, (list, Mapping)):
        return False
    # Loose JavaScript equality of two scalars: a boolean is 1 or 0 beside a number.
    if isinstance(x, bool) or isinstance(y, bool):
        return _js_number(x) == _js_number(y)
    return x == y


def _greater(left: object, right: object) -> bool:
    if left is None or right is None:
        return False
    nl, nr = _as_number(left), _as_number(right)
    if isinstance(left, bool):
        nl = float(left)
    if isinstance(right, bool):
        nr = float(right)
    if nl is not None and nr is not None:
        return nl > nr
    if isinstance(left, str) and isinstance(right, str):
        return left > right
    return False


def _contains(left: object, right: object, wanted: bool) -> bool:
    """SurveyJS's ``containsCore``: a text holds a text; a list holds every value given."""
    if isinstance(left, list) and not left:
        return not wanted
    if _falsy(left) and left != 0 and left is not False:
        return False
    if isinstance(left, bool):
        left = "true" if left else "false"
    elif isinstance(left, (int, float)):
        left = _constant_text(float(left))
    if isinstance(left, str):
        if _falsy(right) and right != 0:
            return False
        found = _text_of(right).lower() in left.lower()
        return found if wanted else not found
    if not isinstance(left, list):
        return False
    for item in right if isinstance(right, list) else [right]:
        if not any(_equal(value, item) for value in left):
            return not wanted
    return wanted


def _text_of(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _constant_text(value)
    if isinstance(value, list):
        return ",".join(_text_of(v) for v in value)
    return str(value)


def _anyof(left: object, right: object) -> bool:
    if _empty(left) and _empty(right):
        return True
    if _empty(left):
        return False
    if _empty(right):
        return True
    if not isinstance(left, list):
        return _contains(right, left, True)
    if not isinstance(right, list):
        return _contains(left, right, True)
    return any(_contains(left, item, True) for item in right)


def _allof(left: object, right: object) -> bool:
    if _falsy(left) and not _empty(right):
        return False
    if not isinstance(right, list):
        return _contains(left, right, True)
    return all(_contains(left, item, True) for item in right)


def _compare(op: str, left: object, right: object) -> bool:
    if op == "=":
        return _equal(left, right)
    if op == "!=":
        return not _equal(left, right)
    if op == ">":
        return _greater(left, right)
    if op == "<":
        return _greater(right, left)
    if op == ">=":
        return _equal(left, right) or _greater(left, right)
    if op == "<=":
        return _equal(left, right) or _greater(right, left)
    if op == "contains":
        return _contains(left, right, True)
    if op == "notcontains":
        if _falsy(left) and not _empty(right):
            return True
        return _contains(left, right, False)
    if op == "anyof":
        return _anyof(left, right)
    if op == "allof":
        return _allof(left, right)
    return not _anyof(left, right)  # noneof


def _value(expr: Expr, answers: Mapping[str, object]) -> object:
    if isinstance(expr, Var):
        return _lookup(answers, expr.name)
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, Array):
        return list(expr.items)
    if isinstance(expr, Compare):
        return _compare(expr.op, _value(expr.left, answers), _value(expr.right, answers))
    if isinstance(expr, Check):
        empty = _empty(_value(expr.operand, answers))
        return empty if expr.op == "empty" else not empty
    if isinstance(expr, Not):
        return _falsy(_value(expr.expr, answers))
    # and/or hand on a value, as in JavaScript: the first falsy (and) or truthy (or) part.
    result: object = None
    for part in expr.parts:
        result = _value(part, answers)
        if _falsy(result) == isinstance(expr, And):
            return result
    return result


def holds(expr: Expr | str, answers: Mapping[str, object]) -> bool:
    """Whether a condition holds for ``answers`` (key → answer as stored; a question not
    answered, or not shown, is absent)."""
    tree = parse(expr) if isinstance(expr, str) else expr
    result = _value(tree, answers)
    return result is True or (result is not False and _js_number(result) == 1.0)
