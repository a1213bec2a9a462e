"""The request size limit, for bodies sent without a length too.

Werkzeug refuses a body whose Content-Length is past the limit (413) before reading it. A chunked
body (``Transfer-Encoding: chunked``) has no length: the WSGI server hands it over as a stream, and
Werkzeug stops reading that stream at the limit — silently, so a view or the form parser saw the
first megabyte of a larger body as if it were all of it. Here such a body is read up to the limit
before anything else looks at it, and a byte past the limit is a 413, as with a Content-Length.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from app.extensions import db_session
from surveys.kinds import FILE_KINDS
from surveys.models import Question, Response, Survey, SurveyVersion

#: Where respondents send answers: a survey that asks for files (a file question, a signature)
#: takes ANSWER_MAX_BODY_BYTES there instead of the pages' MAX_CONTENT_LENGTH or the API's
#: API_MAX_BODY_BYTES. Every other request, and every other survey's, keeps its smaller limit.
ANSWERING = frozenset(
    {"answer.answer", "answer.resume", "embed.frame", "embed.resume",
     "api.create_response", "api.update_response", "api.complete_response"}
)  # fmt: skip


def _asks_for_files() -> bool:
    """Whether the survey answered by this request asks for files: one small query, made only
    for a body sent to an answering endpoint."""
    args = request.view_args or {}
    asked = select(Question.id).where(Question.kind.in_(FILE_KINDS)).limit(1)
    if "public_id" in args and "token" not in args:
        asked = asked.join(SurveyVersion).join(Survey).where(Survey.public_id == args["public_id"])
    elif "response_id" in args:
        asked = asked.join(Response, Response.version_id == Question.version_id).where(
            Response.public_id == args["response_id"]
        )
    elif "token" in args:
        from app.answering import response_of_token  # it reads the app's secret key

        response = response_of_token(str(args["token"]))
        if response is None:
            return False
        asked = asked.where(Question.version_id == response.version_id)
    else:
        return False
    return db_session().scalar(asked) is not None


def limit_for_request(limit: int | None) -> int | None:
    """``limit``, or the answers' larger one where a survey asking for files is answered."""
    if request.endpoint in ANSWERING and request.method in ("POST", "PATCH") and _asks_for_files():
        return int(current_app.config["ANSWER_MAX_BODY_BYTES"])
    return limit


def refuse_past(limit: int | None) -> None:
    """413 if this request's body, sent without a Content-Length, is longer than ``limit``.

    Called for every request with the app's limit, then by a blueprint with a smaller one (the
    API's): the body read the first time is kept, and each later limit measures it.
    """
    if limit is None or request.content_length is not None:
        return  # no limit, or Werkzeug checks the declared length itself
    if "wsgi.input_terminated" not in request.environ:
        return  # a server that cannot end a chunked stream: Werkzeug reads no body at all
    body = request.get_data(cache=True)  # the first read stops at the request's limit
    if len(body) > limit:
        raise RequestEntityTooLarge()
    if len(body) == limit and request.environ["wsgi.input"].read(1):
        raise RequestEntityTooLarge()  # the stream went on past the limit


def _refuse_past_the_apps_limit() -> None:
    request.max_content_length = limit_for_request(request.max_content_length)
    refuse_past(request.max_content_length)  # MAX_CONTENT_LENGTH (or the answers' limit)


def register(app: Flask) -> None:
    """Check every request's body against ``MAX_CONTENT_LENGTH``; call before anything else that
    may read the body registers its hook (CSRF reads the form)."""
    app.before_request(_refuse_past_the_apps_limit)
