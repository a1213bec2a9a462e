"""Creating, updating and finishing responses through the API, each exactly once."""

from __future__ import annotations

from flask import current_app, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

import surveys
from app.access import access
from app.answering import score_after_reply
from app.api import bp, schemas, serialize
from app.api.body import client_key
from app.api.keyed import body_of
from app.api.keys import current_api_key, has_no_api_key, key_rate, rate_limit_key
from app.api.spec import validate
from app.errors import ApiProblem
from app.extensions import client_fingerprint, db, db_session, limiter
from surveys.intake import StoredResponse
from surveys.models import ApiScope, Journey, Response, ResponseSource, Survey, SurveyVersion


def _rate() -> str:
    return str(current_app.config["API_RATE_LIMIT"])


def _per_client_and_target() -> str:
    """Rate-limit key: this client on this survey (or this response, for updates)."""
    args = request.view_args or {}
    return f"{client_fingerprint()}:{args.get('public_id') or args.get('response_id')}"


# On the blueprint rather than each route: the limit is then checked once per request, in the
# limiter's before-request hook, instead of a second time around the view. A request carrying an
# API key counts against that key's own limit instead (a server sending many customers' answers
# from one address is not one customer).
limiter.limit(
    _rate,
    key_func=_per_client_and_target,
    methods=["POST", "PATCH"],
    exempt_when=lambda: not has_no_api_key(),
)(bp)
limiter.limit(key_rate, key_func=rate_limit_key, exempt_when=has_no_api_key)(bp)


def _organisation_of_target() -> int | None:
    """The organisation owning the survey or response the URL names (None if nothing real)."""
    args = request.view_args or {}
    query = select(Journey.organisation_id).join(Survey, Survey.journey_id == Journey.id)
    if public_id := args.get("public_id"):
        query = query.where(Survey.public_id == public_id)
    elif response_id := args.get("response_id"):
        query = (
            query.join(SurveyVersion, SurveyVersion.survey_id == Survey.id)
            .join(Response, Response.version_id == SurveyVersion.id)
            .where(Response.public_id == response_id)
        )
    else:
        return None
    return db.session.scalar(query)


@bp.before_request
def _key_may_answer() -> None:
    """Keyless callers answer as today; a key must hold responses:write to write, and sees
    another organisation's surveys and responses as missing (404, as for users)."""
    key = current_api_key()
    if key is None:
        return
    if request.method in ("POST", "PATCH") and not key.allows(ApiScope.RESPONSES_WRITE):
        raise ApiProblem(
            403,
            "insufficient_scope",
            f"This API key may not send answers: it needs the '{ApiScope.RESPONSES_WRITE}' scope.",
            {"Authorization": f"needs the '{ApiScope.RESPONSES_WRITE}' scope"},
        )
    owner = _organisation_of_target()
    if owner is not None and owner != key.organisation_id:
        raise ApiProblem(404, "not_found", "Nothing of this organisation is at this address.")


def _commit_and_reply(stored: StoredResponse, status: int, **headers: str) -> ResponseReturnValue:
    """Commit, then answer with the response as stored; score its text after the reply."""
    body = {"response": serialize.response(stored)}
    db.session.commit()  # stored before the client hears back, whatever happens next
    reply = jsonify(body)
    reply.status_code = status
    reply.headers.update(headers)
    score_after_reply(reply, stored.id)
    return reply


# Refusals the answering endpoints share: a key naming nothing (401), a browser page on an
# origin the survey does not allow or a key without responses:write (403), nothing there (404).
ANSWERING = (401, 403, 404)


@bp.post("/surveys/<public_id>/responses")
@access("public")
@validate(
    {200: schemas.ResponseEnvelope, 201: schemas.ResponseEnvelope},
    tag="answering",
    keyed=False,
    errors=[*ANSWERING, 409, 410, 422],
    body=schemas.NewResponse,
)
def create_response(public_id: str) -> ResponseReturnValue:
    """Store a new response (complete unless ``"complete": false``); a retry returns it again.

    Send your own id as ``id`` or an ``Idempotency-Key`` header: a retry returns the stored
    response (200, ``Idempotent-Replayed: true``) instead of a second copy; the same id on a
    request meaning something else is a 409. 201 carries ``Location``.
    """
    body = body_of(schemas.NewResponse)
    key = client_key({"id": body.id} if body.id is not None else {})
    hidden = surveys.clean_hidden_fields(body.metadata or {}, strict=True)
    target = surveys.published_target(db_session(), public_id, body.version, client_key=key)
    # An unknown persona is refused (422 naming it): unlike a customer on a link, the caller can
    # correct the request.
    who = None
    if body.persona:
        who = surveys.persona_named(db_session(), target.journey_id, body.persona)
    stored, created = surveys.store_response(
        db_session(),
        surveys.NewResponse(
            target,
            dict(body.answers),
            ResponseSource.API,
            client_key=key,
            complete=body.complete is not False,
            persona_id=who.id if who else None,
            channel=body.channel,
            meta=surveys.answer_meta(hidden, request.user_agent.string),
        ),
    )
    if not created:
        return _commit_and_reply(stored, 200, **{"Idempotent-Replayed": "true"})
    location = url_for("api.show_response", response_id=stored.public_id)
    return _commit_and_reply(stored, 201, Location=location)


@bp.get("/responses/<response_id>")
@access("public")
@validate({200: schemas.ResponseEnvelope}, tag="answering", keyed=False, errors=ANSWERING)
def show_response(response_id: str) -> ResponseReturnValue:
    """The response as stored, for a client that lost track of it."""
    response = surveys.response_by_public_id(db_session(), response_id)
    return {"response": serialize.response(StoredResponse.of(response))}


@bp.patch("/responses/<response_id>")
@access("public")
@validate(
    {200: schemas.ResponseEnvelope},
    tag="answering",
    keyed=False,
    errors=[*ANSWERING, 409, 410, 422],
    body=schemas.AnswersUpdate,
)
def update_response(response_id: str) -> ResponseReturnValue:
    """Set or change answers of a partial response (``null`` clears one); 409 once finished."""
    body = body_of(schemas.AnswersUpdate)
    response = surveys.response_by_public_id(db_session(), response_id, for_update=True)
    surveys.update_response(db_session(), response, dict(body.answers))
    return _commit_and_reply(StoredResponse.of(response), 200)


@bp.post("/responses/<response_id>/complete")
@access("public")
@validate(
    {200: schemas.ResponseEnvelope},
    tag="answering",
    keyed=False,
    errors=[*ANSWERING, 409, 410, 422],
    body=schemas.LastAnswers,
)
def complete_response(response_id: str) -> ResponseReturnValue:
    """Finish a response (optionally with last answers); 422 names unanswered required ones."""
    body = body_of(schemas.LastAnswers)
    response = surveys.response_by_public_id(db_session(), response_id, for_update=True)
    surveys.finish_response(db_session(), response, dict(body.answers or {}))
    return _commit_and_reply(StoredResponse.of(response), 200)
