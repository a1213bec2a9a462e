"""Reading an API request body: JSON only, an object, no unknown fields, honeypot empty."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from flask import request

from app.errors import ApiProblem
from surveys.hidden_fields import HONEYPOT

# Printable ASCII without spaces: UUIDs, ULIDs and most clients' own ids fit.
_KEY = re.compile(r"^[\x21-\x7e]{1,100}$")


def json_object(*, allowed: set[str], optional_body: bool = False) -> dict[str, Any]:
    """The request's JSON object; 415, 400 (naming the fields) or 413 when it is not usable."""
    data = request.get_data(cache=True)  # raises 413 past the size limit
    if not data.strip() and optional_body:
        return {}
    if request.mimetype != "application/json" and not request.mimetype.endswith("+json"):
        raise ApiProblem(
            415,
            "unsupported_media_type",
            "Send the body as JSON with 'Content-Type: application/json'.",
            {"Content-Type": f"is '{request.mimetype or 'missing'}'"},
        )
    try:
        body = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise ApiProblem(
            400, "invalid_json", "The body is not valid JSON.", {"body": str(error)[:200]}
        ) from None
    if not isinstance(body, dict):
        raise ApiProblem(
            400, "invalid_body", "The body must be a JSON object.", {"body": "must be an object"}
        )
    unknown = {key: "is not a field of this request" for key in body if key not in allowed}
    if unknown:
        raise ApiProblem(
            400, "unknown_fields", "The body has fields this API does not take.", unknown
        )
    if body.get(HONEYPOT):
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
