"""API keys: created with a name and scopes, shown once, kept as a digest, revocable.

The secret is 32 random bytes, so its SHA-256 digest is all the database needs: a slow password
hash (scrypt, bcrypt) exists to make guessing a *low-entropy* secret expensive, and nobody can
guess 256 random bits however fast the hash is. A fast, unsalted digest can also be looked up by
an index on every request, where a salted slow hash would cost tens of milliseconds per request
and need a second lookup key.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from surveys.errors import InvalidDesign, NotFound
from surveys.models import ApiKey, ApiScope, Organisation, utcnow

#: Every key starts so, which lets secret scanners and people recognise one.
KEY_PREFIX = "jm_"
#: How many characters of a key its list shows (the prefix and a few random ones).
SHOWN_CHARACTERS = 10
#: The last-used time is kept to this resolution: at most one write per key per interval.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_NAME = 120
#: Longer than any key we make; a longer header is refused before any lookup.
MAX_TOKEN_LENGTH = 100


def digest(token: str) -> str:
    """What the database keeps of a key."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _scopes(scopes: Iterable[str]) -> list[str]:
    """The scopes as stored (known ones, in a fixed order); InvalidDesign names a bad one."""
    wanted = set(scopes)
    known = {scope.value for scope in ApiScope}
    if unknown := sorted(wanted - known):
        raise InvalidDesign(
            f"Unknown scope '{unknown[0]}'.",
            {"scopes": f"must be among {', '.join(s.value for s in ApiScope)}"},
        )
    if not wanted:
        raise InvalidDesign("A key needs at least one scope.", {"scopes": "choose at least one"})
    return [scope.value for scope in ApiScope if scope.value in wanted]


def create_api_key(
    session: Session,
    organisation: Organisation,
    name: str,
    scopes: Iterable[str],
    *,
    created_by: str = "",
) -> tuple[ApiKey, str]:
    """A new key of ``organisation`` and its secret (shown once: only its digest is kept)."""
    name = name.strip()
    problems: dict[str, str] = {}
    if not name:
        problems["name"] = "is required"
    elif len(name) > MAX_NAME:
        problems["name"] = f"must be at most {MAX_NAME} characters"
    try:
        stored_scopes = _scopes(scopes)
    except InvalidDesign as error:
        problems.update(error.fields)
    if problems:
        raise InvalidDesign("The API key cannot be created.", problems)
    token = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        organisation_id=organisation.id,
        name=name,
        prefix=token[:SHOWN_CHARACTERS],
        secret_digest=digest(token),
        scopes=stored_scopes,
        created_by=created_by[:254],
    )
    session.add(key)
    session.flush()
    return key, token


def api_keys(session: Session, organisation: Organisation) -> list[ApiKey]:
    """The organisation's keys, newest first (revoked ones too, so people see what existed)."""
    return list(
        session.scalars(
            select(ApiKey)
            .where(ApiKey.organisation_id == organisation.id)
            .order_by(ApiKey.created_at.desc(), ApiKey.id.desc())
        )
    )


def revoke_api_key(session: Session, organisation: Organisation, key_id: int) -> ApiKey:
    """Stop a key of ``organisation`` from working (idempotent); NotFound if not its own."""
    key = session.get(ApiKey, key_id)
    if key is None or key.organisation_id != organisation.id:
        raise NotFound("No such API key.", {"key": "is unknown"})
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.flush()
    return key


def api_key_by_token(session: Session, token: str) -> ApiKey | None:
    """The live key whose secret is ``token``; None for an unknown or revoked one."""
    if not token.startswith(KEY_PREFIX) or len(token) > MAX_TOKEN_LENGTH:
        return None
    key = session.scalar(select(ApiKey).where(ApiKey.secret_digest == digest(token)))
    if key is None or key.revoked_at is not None:
        return None
    return key


def note_key_use(session: Session, key: ApiKey, now: datetime | None = None) -> bool:
    """Record that ``key`` was used, at most once per LAST_USED_RESOLUTION; True if written.

    The update is conditional in SQL too, so workers answering the same key at once write it
    once between them.
    """
    now = now or utcnow()
    stale = now - LAST_USED_RESOLUTION
    if key.last_used_at is not None and key.last_used_at > stale:
        return False
    written = session.execute(
        update(ApiKey)
        .where(ApiKey.id == key.id)
        .where(or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at <= stale))
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    key.last_used_at = now
    return bool(getattr(written, "rowcount", 0))
