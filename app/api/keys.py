"""API keys on requests: ``Authorization: Bearer <key>``, read once per request.

A request without the header is anonymous (the answering endpoints stay keyless); a header that
names no live key is a 401, never a silent fall back to anonymous, so a revoked key fails loudly.
"""

from __future__ import annotations

from flask import current_app, request

from app.errors import ApiProblem
from app.extensions import db, db_session
from surveys import accounts
from surveys.models import ApiKey, ApiScope

KEY_ENVIRON = "journeymap.api_key"
_ABSENT = object()


def _unauthorised(message: str, why: str) -> ApiProblem:
    return ApiProblem(401, "invalid_api_key", message, {"Authorization": why})


def current_api_key() -> ApiKey | None:
    """The live key the request carries, None without one; 401 for a header naming none.

    Its last-used time is written here, at most once a minute per key (its own commit, so a
    read-only request records it too).
    """
    # Cached on the request, not on g: g may outlive a request (see app/__init__.py).
    cached = request.environ.get(KEY_ENVIRON, _ABSENT)
    if cached is not _ABSENT:
        return cached  # type: ignore[no-any-return]
    header = request.headers.get("Authorization")
    key = None
    if header is not None:
        scheme, _, token = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _unauthorised(
                "Send the key as 'Authorization: Bearer <key>'.", "must be 'Bearer <key>'"
            )
        key = accounts.api_key_by_token(db_session(), token.strip())
        if key is None:
            raise _unauthorised("This API key is unknown or revoked.", "names no live API key")
        if accounts.note_key_use(db_session(), key):
            db.session.commit()
    request.environ[KEY_ENVIRON] = key
    return key


def require_scope(scope: ApiScope) -> ApiKey:
    """The request's key if it holds ``scope``; 401 without a key, 403 with one lacking it."""
    key = current_api_key()
    if key is None:
        raise _unauthorised(
            "This endpoint needs an API key: 'Authorization: Bearer <key>'.", "is required"
        )
    if not key.allows(scope):
        raise ApiProblem(
            403,
            "insufficient_scope",
            f"This API key may not do this: it needs the '{scope}' scope.",
            {"Authorization": f"needs the '{scope}' scope"},
        )
    return key


def rate_limit_key() -> str:
    """Flask-Limiter's key: the API key's id (a key's limit follows it from any address)."""
    key = current_api_key()
    return f"api-key:{key.id}" if key is not None else "api-key:none"


def has_no_api_key() -> bool:
    """For ``exempt_when``: the per-key limit does not apply to keyless requests."""
    return current_api_key() is None


def key_rate() -> str:
    """The per-key rate limit (API_KEY_RATE_LIMIT)."""
    return str(current_app.config["API_KEY_RATE_LIMIT"])
