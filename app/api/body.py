"""Reading an API request body: bounded JSON first, then an object with known fields only.

``json_body`` is the one reader of API bodies (schema validation builds on it): what it returns
is safe to hand to any code — at most ``MAX_DEPTH`` arrays and objects deep, checked on the text
before the recursive parser runs; no number beyond the database's integer range, infinite or NaN;
no text a database cannot store (a lone surrogate such as ``"\\ud800"``, or NUL). Each refusal is
a 400 naming the field (``answers.q1``, ``metadata.order``). ``json_object`` adds the shape every
view wants: an object, no unknown fields, an empty honeypot.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from flask import request

from app.errors import ApiProblem
from surveys.hidden_fields import API_HONEYPOT as HONEYPOT

# Printable ASCII without spaces: UUIDs, ULIDs and most clients' own ids fit.
_KEY = re.compile(r"^[\x21-\x7e]{1,100}$")

#: Arrays and objects inside each other, the body itself counting as one: the deepest body the
#: API takes (answers → a list of options) is three; SurveyJS definitions stay well under.
MAX_DEPTH = 32
#: The widest integer a database column holds (SQLite's INTEGER, PostgreSQL's bigint).
MAX_INTEGER = 2**63 - 1
_INTEGER_DIGITS = len(str(MAX_INTEGER)) + 1  # a sign, then at most 19 digits

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')  # linear: no two ways to match one character
_BRACKET = re.compile(r"[\[\]{}]")
# A lone surrogate cannot be encoded to store; PostgreSQL refuses NUL in text.
_UNSTORABLE = re.compile(r"[\ud800-\udfff\x00]")
_TEXT_PROBLEM = "must be valid Unicode text (no lone surrogate such as \\ud800, no NUL)"


class _Refused:
    """A number the parser met that no code may see; the walk after parsing names its field."""

    __slots__ = ("problem",)

    def __init__(self, problem: str) -> None:
        self.problem = problem


_TOO_LARGE = _Refused(f"must be a number from -{MAX_INTEGER} to {MAX_INTEGER}")
_NOT_FINITE = _Refused("must be a finite number (NaN and Infinity are not JSON)")


def _deepest_nesting(text: str) -> int:
    """How deep arrays and objects nest in ``text`` (strings skipped), counted without recursion;
    stops counting once past MAX_DEPTH."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0  # too few brackets to nest deeper, whatever their order: the common case
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_STRING.sub('""', text)):
        if bracket.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                break
        else:
            depth -= 1
    return deepest


def _problems(body: Any) -> tuple[dict[str, str], bool]:
    """Each field holding a refused number or text a database cannot store, by its path; and
    whether any of them is text."""
    problems: dict[str, str] = {}
    text = False
    pending: list[tuple[Any, str]] = [(body, "")]
    while pending:  # a loop, not recursion (MAX_DEPTH bounds it anyway)
        value, path = pending.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if _UNSTORABLE.search(key):
                    problems[path or "body"] = "has a field name that " + _TEXT_PROBLEM[5:]
                    text = True
                else:
                    pending.append((item, f"{path}.{key}" if path else key))
        elif isinstance(value, list):
            pending.extend((item, f"{path}[{i}]") for i, item in enumerate(value))
        elif isinstance(value, _Refused):
            problems[path or "body"] = value.problem
        elif isinstance(value, str) and _UNSTORABLE.search(value):
            problems[path or "body"] = _TEXT_PROBLEM
            text = True
    return problems, text


def json_body(*, optional: bool = False) -> Any:
    """The request's JSON, bounded (see the module); ``optional``: an empty body is ``{}``.

    415 when not sent as JSON, 413 past the size limit, 400 naming what is wrong otherwise.
    """
    data = request.get_data(cache=True)  # raises 413 past the size limit
    if not data.strip() and optional:
        return {}
    if request.mimetype != "application/json" and not request.mimetype.endswith("+json"):
        raise ApiProblem(
            415,
            "unsupported_media_type",
            "Send the body as JSON with 'Content-Type: application/json'.",
            {"Content-Type": f"is '{request.mimetype or 'missing'}'"},
        )
    try:
        text = data.decode("utf-8-sig")  # JSON between systems is UTF-8 (RFC 8259)
    except UnicodeDecodeError as error:
        raise ApiProblem(
            400, "invalid_json", "The body is not UTF-8 text.", {"body": str(error)[:200]}
        ) from None
    if _deepest_nesting(text) > MAX_DEPTH:
        raise ApiProblem(
            400,
            "too_deep",
            f"The body nests arrays and objects more than {MAX_DEPTH} deep.",
            {"body": f"must nest at most {MAX_DEPTH} arrays and objects deep"},
        )
    refused: list[_Refused] = []

    def integer(digits: str) -> int | _Refused:
        # The length first: int() of thousands of digits is slow, and refused past 4,300.
        if len(digits) <= _INTEGER_DIGITS and abs(number := int(digits)) <= MAX_INTEGER:
            return number
        refused.append(_TOO_LARGE)
        return _TOO_LARGE

    def real(digits: str) -> float | _Refused:
        if math.isfinite(number := float(digits)):  # 1e400 reads as infinity
            return number
        refused.append(_TOO_LARGE)
        return _TOO_LARGE

    def constant(_name: str) -> _Refused:
        refused.append(_NOT_FINITE)
        return _NOT_FINITE

    try:
        body = json.loads(text, parse_int=integer, parse_float=real, parse_constant=constant)
    except ValueError as error:
        raise ApiProblem(
            400, "invalid_json", "The body is not valid JSON.", {"body": str(error)[:200]}
        ) from None
    # Escaped (\u…) is the only way a lone surrogate or NUL gets into valid UTF-8 JSON text.
    if refused or "\\u" in text:
        problems, in_text = _problems(body)
        if problems:
            raise ApiProblem(
                400,
                "invalid_text" if in_text else "number_out_of_range",
                "Some fields hold text or numbers that cannot be stored.",
                problems,
            )
    return body


def json_object(*, allowed: set[str], optional_body: bool = False) -> dict[str, Any]:
    """The request's JSON object (see ``json_body``); 400 naming unknown fields or a honeypot."""
    body = json_body(optional=optional_body)
    if not isinstance(body, dict):
        raise ApiProblem(
            400, "invalid_body", "The body must be a JSON object.", {"body": "must be an object"}
        )
    unknown = {key: "is not a field of this request" for key in body if key not in allowed}
    if unknown:
        raise ApiProblem(
            400, "unknown_fields", "The body has fields this API does not take.", unknown
        )
    # Only an empty text (or null) passes: a browser's empty field; `false` or `0` is no form's.
    if body.get(HONEYPOT) not in (None, ""):
        raise ApiProblem(
            400,
            "rejected",
            "This submission looks automated and was not stored.",
            {HONEYPOT: "must be left empty"},
        )
    body.pop(HONEYPOT, None)
    return body


def typed(body: Mapping[str, Any], name: str, kind: type, what: str) -> Any:
    """``body[name]`` if absent or of ``kind``; 400 naming the field otherwise."""
    value = body.get(name)
    if value is None:
        return None
    # JSON true is a Python int too; a version or an answer count of `true` is a client bug.
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ApiProblem(
            400, "invalid_field", f"'{name}' must be {what}.", {name: f"must be {what}"}
        )
    return value


def client_key(body: Mapping[str, Any]) -> str | None:
    """The client's id for a new response: body ``id`` or the ``Idempotency-Key`` header."""
    header = request.headers.get("Idempotency-Key")
    from_body = typed(body, "id", str, "a string")
    for name, value in (("Idempotency-Key", header), ("id", from_body)):
        if value is not None and not _KEY.match(value):
            raise ApiProblem(
                400,
                "invalid_field",
                f"'{name}' must be 1–100 printable characters without spaces.",
                {name: "must be 1–100 printable characters without spaces"},
            )
    if header and from_body and header != from_body:
        raise ApiProblem(
            400,
            "invalid_field",
            "The body's 'id' and the Idempotency-Key header differ.",
            {"id": "differs from the Idempotency-Key header"},
        )
    return header or from_body
