"""Request validation and the OpenAPI 3.1 document from the same pydantic models (spectree).

Every API view is decorated with ``validate(...)``: the body is read by the API's own bounded
reader (``app.api.body.json_object``: JSON only, size, honeypot, unknown fields), then checked
against the view's model; a refusal is our usual ``{"error": {"code": "invalid_field", …}}``
naming each field as the client spelled it. Replies are checked against their documented model
too, so the document cannot drift from what the API sends. ``/api/v1/openapi.json`` is
generated from these same declarations.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

import flask
from pydantic import BaseModel, ValidationError
from spectree import Response as Documented
from spectree import SecurityScheme, SecuritySchemeData, SpecTree, Tag
from spectree.models import SecureType
from spectree.plugins.base import Context
from spectree.plugins.flask_plugin import FlaskPlugin
from spectree.utils import get_multidict_items

from app.api import schemas
from app.api.body import json_object
from app.errors import ApiProblem
from surveys.hidden_fields import HONEYPOT

log = logging.getLogger(__name__)
View = TypeVar("View", bound=Callable[..., Any])

KEY_SCHEME = "apiKey"
TAGS = {
    "answering": Tag(
        name="answering",
        description="Show a survey and store its answers: keyless (the widget and servers "
        "alike); a key sent here must hold responses:write.",
    ),
    "journeys": Tag(name="journeys", description="Journeys and their maps (read)."),
    "surveys": Tag(name="surveys", description="Surveys with their versions (read, manage)."),
    "responses": Tag(name="responses", description="Stored responses with scores (read)."),
}
# Refusals any request may meet, whatever the operation.
ALWAYS = (400, 429)
KEYED = (401, 403)
WITH_BODY = (413, 415)

DESCRIPTION = """\
Journeymap's JSON API. Send answers without a key; read and manage with one.

**Authentication**: `Authorization: Bearer <key>`. Admins create keys on the organisation page
or with `flask --app app keys create`. A key acts for one organisation only: another
organisation's journeys, surveys and responses are 404, as if they did not exist. Scopes:
`read` (journeys, surveys, responses, maps), `manage` (create, publish, close surveys),
`responses:write` (send answers with a key; keyless answering stays open).

**Envelopes**: one object is wrapped in its name (`{"survey": …}`, `{"response": …}`,
`{"journey": …}`, `{"map": …}`); a list is `{"data": [...], "next_cursor": "…" | null}`.

**Pagination**: pass `next_cursor` back as `cursor` until it is null. Lists run oldest first
by creation; a cursor is a position, not an offset, so items created while you page appear at
the end and none is skipped or repeated.

**Errors**: always `{"error": {"code", "message", "fields"}}`, `fields` naming what to fix.
"""


class BoundedBodyPlugin(FlaskPlugin):
    """Spectree's Flask plugin with two changes: bodies are read by the API's bounded reader,
    and a view's own reply object (with its headers and close hooks) is checked, not rebuilt."""

    def request_validation(  # type: ignore[no-untyped-def]
        self, request, query, json, form, headers, cookies
    ) -> None:
        """Check the query and the body against the view's models (request.context holds them)."""
        parsed_query = None
        if query is not None:
            parsed_query = query.model_validate(get_multidict_items(request.args, query))
        parsed_body = None
        if json is not None:
            allowed = set(json.model_fields) | {HONEYPOT}
            body = json_object(allowed=allowed, optional_body=json.optional_body)
            parsed_body = json.model_validate(body)
        request.context = Context(parsed_query, parsed_body, None, None, None)

    def validate_response(  # type: ignore[no-untyped-def]
        self, resp, resp_model, skip_validation, force_resp_serialize
    ):
        """Check a reply against the model documented for its status; keep the reply as is."""
        if not isinstance(resp, flask.Response):
            resp = flask.current_app.make_response(resp)
        error = None
        model = resp_model.find_model(resp.status_code) if resp_model else None
        if model is not None and not skip_validation:
            try:
                model.model_validate_json(resp.get_data())
            except ValidationError as problem:
                error = problem
        return resp, error


# Pydantic names the member of a union an error came from inside its location ("int",
# "function-after[…]"); clients never wrote those.
_TYPE_NAMES = frozenset({"str", "int", "float", "bool", "none", "list", "dict", "date", "datetime"})


def _field(loc: Iterable[Any]) -> str:
    """A pydantic error location as the client wrote it: ``metadata.order``, ``answers.q1``."""
    parts = [
        str(part)
        for part in loc
        if not isinstance(part, int)
        and str(part) not in _TYPE_NAMES
        and not any(mark in str(part) for mark in "[]-")
    ]
    return ".".join(parts) or "body"


# Words for the kinds of refusal a client meets, by pydantic's error type.
_WORDS = {
    "missing": "is required",
    "extra_forbidden": "is not a field of this request",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_type": "must be true or false",
    "string_type": "must be a text",
    "dict_type": "must be an object",
    "list_type": "must be a list",
    "model_type": "must be an object",
    "datetime_type": "must be a date and time like 2026-01-31T09:00:00Z",
    "datetime_parsing": "must be a date and time like 2026-01-31T09:00:00Z",
    "datetime_from_date_parsing": "must be a date and time like 2026-01-31T09:00:00Z",
    "date_type": "must be a date like 2026-01-31",
    "date_parsing": "must be a date like 2026-01-31",
    "date_from_datetime_parsing": "must be a date like 2026-01-31",
    "date_from_datetime_inexact": "must be a date like 2026-01-31",
}


def _why(error: dict[str, Any]) -> str:
    kind, context = error["type"], error.get("ctx") or {}
    if kind in _WORDS:
        return _WORDS[kind]
    if kind in ("string_too_long", "too_long"):
        return f"must be at most {context.get('max_length')} characters long"
    if kind in ("string_too_short", "too_short"):
        return f"must be at least {context.get('min_length')} characters long"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {context.get('ge', context.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {context.get('le', context.get('lt'))}"
    if kind == "string_pattern_mismatch":
        return "is not in the expected form"
    return str(error.get("msg", "is not valid")).replace("Input should", "must")


def problem_of(error: ValidationError) -> ApiProblem:
    """Pydantic's refusal as ours: 400 naming each field (unknown fields as before)."""
    fields: dict[str, str] = {}
    items = error.errors(include_url=False)
    # "must be None" only says the field may also be left out: not worth a client's reading
    # when the value's own problem is listed.
    useful = [i for i in items if i["type"] != "none_required"] or items
    for item in useful:
        fields.setdefault(_field(item["loc"]), _why(dict(item)))
    if all(item["type"] == "extra_forbidden" for item in error.errors()):
        return ApiProblem(
            400, "unknown_fields", "The request has fields this API does not take.", fields
        )
    name, why = next(iter(fields.items()))
    message = f"'{name}' {why}." if len(fields) == 1 else "Some fields are not valid."
    return ApiProblem(400, "invalid_field", message, fields)


def _before(request: Any, response: Any, error: Any, instance: Any, adapter: Any) -> None:
    if error is not None:
        raise problem_of(error)


def _after(request: Any, response: Any, error: Any, instance: Any, adapter: Any) -> None:
    if error is not None:
        # A reply that breaks its own documented shape is our bug: log it and answer 500.
        log.error("reply of %s %s breaks its schema: %s", request.method, request.path, error)
        raise RuntimeError("reply does not match its schema") from error


spec = SpecTree(
    "flask",
    backend=BoundedBodyPlugin,
    mode="strict",
    annotations=False,
    title="Journeymap API",
    version="1",
    description=DESCRIPTION,
    before=_before,
    after=_after,
    validation_error_status=400,
    validation_error_model=schemas.Error,
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
    security_schemes=[
        SecurityScheme(
            name=KEY_SCHEME,
            data=SecuritySchemeData(
                type=SecureType.HTTP,
                scheme="bearer",
                description="An API key of your organisation: Authorization: Bearer jm_…",
            ),
        )
    ],
)


def validate(
    ok: dict[int, type[BaseModel]],
    *,
    tag: str,
    keyed: bool,
    errors: Iterable[int] = (),
    query: type[schemas.Request] | None = None,
    body: type[schemas.Request] | None = None,
) -> Callable[[View], View]:
    """Declare an operation: its success replies, the refusals it may give, its query and body.

    ``keyed`` operations need a key (401 without, 403 lacking the scope); the others take an
    optional one. Every refusal is documented with the Error shape.
    """
    statuses = set(ALWAYS) | set(errors) | (set(KEYED) if keyed else set())
    if body is not None:
        statuses |= set(WITH_BODY)
    documented: dict[str, Any] = {f"HTTP_{code}": model for code, model in ok.items()}
    documented.update({f"HTTP_{code}": schemas.Error for code in sorted(statuses)})
    security: list[dict[str, list[str]]] = [{KEY_SCHEME: []}]

    def decorate(view: View) -> View:
        checked: View = spec.validate(
            query=query,
            json=body,
            resp=Documented(**documented),
            tags=[TAGS[tag]],
            security=security if keyed else [{}, *security],
            operation_id=view.__name__,
        )(view)
        if not keyed:
            return checked

        @functools.wraps(checked)
        def found_first(*args: Any, **kwargs: Any) -> Any:
            # 404 for what the URL names before 400 for the body: a body cannot tell another
            # organisation's journey from a missing one.
            from app.api.keyed import find_path_objects

            find_path_objects()
            return checked(*args, **kwargs)

        return cast(View, found_first)  # the view's own signature: wraps() copied it

    return decorate


def document() -> dict[str, Any]:
    """The OpenAPI document of every validated view of the current app."""
    return spec.spec  # type: ignore[no-any-return]
