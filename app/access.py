"""Who may open which page: every view carries an ``access`` rule, checked on every request.

Levels run ``public`` < ``viewer`` < ``researcher`` < ``admin``: "public" needs nothing; the
others need a signed-in member of the current organisation whose role is at least that level.
Anonymous visitors are sent to the login page (HTML) or get 401 JSON under ``/api``; a member
whose role is too low gets 403. The ``key:<scope>`` levels (the keyed API) need an API key
holding that scope instead (401 without one, 403 lacking the scope); a signed-in session does
not count there, so no cookie can drive the API from another site. Data of another organisation
is never shown: views look journeys up through ``journey_in_organisation`` (the key's
organisation, for a key), which answers 404 exactly as for a missing journey.

A view without a rule is refused (fail closed), and the access-matrix test fails for it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Literal, TypeVar, cast

from flask import abort, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from surveys.models import ROLES, ApiScope, Journey, Membership, Organisation, Role, User

__all__ = [
    "KEY_LEVELS",
    "LEVELS",
    "ROLES",
    "Level",
    "access",
    "current_membership",
    "current_organisation",
    "has_role",
    "journey_in_organisation",
    "required_user",
    "signed_in_user",
]

#: Who may open a view: anyone, a member whose Role reaches it, or an API key holding a scope
#: (``key:<scope>``, the keyed API); mypy checks each rule's word.
Level = Literal[
    "public", "viewer", "researcher", "admin", "key:read", "key:manage", "key:responses:write"
]
#: One level per API key scope: ``key:read``, ``key:manage``, ``key:responses:write``.
KEY_LEVELS: tuple[str, ...] = tuple(f"key:{scope}" for scope in ApiScope)
LEVELS: tuple[str, ...] = ("public", *ROLES, *KEY_LEVELS)
ORGANISATION_KEY = "organisation_id"  # the session key holding the organisation being worked in
MEMBERSHIP_KEY = "journeymap.membership"
RULE_ATTRIBUTE = "access_level"  # where a view carries its rule

View = TypeVar("View", bound=Callable[..., Any])


def _refuse_anonymous() -> ResponseReturnValue:
    if request.path.startswith("/api/"):
        abort(401)
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def signed_in_user() -> User | None:
    """The signed-in user, or None for an anonymous visitor: Flask-Login's ``current_user``,
    typed (the package ships no types, and its anonymous stand-in is no User)."""
    user = current_user._get_current_object()
    return user if isinstance(user, User) else None


def required_user() -> User:
    """The signed-in user, in a view whose rule lets only members in (401 should none be)."""
    user = signed_in_user()
    if user is None:
        abort(401)
    return user


def current_membership() -> Membership | None:
    """The signed-in user's membership of the organisation they are working in (None if none).

    The session names the organisation; a user who is no longer a member of it (or never named
    one) falls back to their first organisation by name.
    """
    # Cached on the request, not on g: g may outlive a request (see app/__init__.py).
    if MEMBERSHIP_KEY in request.environ:
        cached: Membership | None = request.environ[MEMBERSHIP_KEY]
        return cached
    membership = None
    user = signed_in_user()
    if user is not None:
        query = (
            select(Membership)
            .join(Organisation)
            .where(Membership.user_id == user.id)
            .order_by(Organisation.name, Organisation.id)
        )
        wanted = session.get(ORGANISATION_KEY)
        if wanted is not None:
            membership = db.session.scalar(query.where(Membership.organisation_id == wanted))
        if membership is None:
            membership = db.session.scalar(query.limit(1))
    request.environ[MEMBERSHIP_KEY] = membership
    return membership


def current_organisation() -> Organisation:
    """The organisation the request acts for: its API key's, else the one the signed-in user is
    working in; 403 for a user who belongs to none."""
    from app.api.keys import KEY_ENVIRON

    if (key := request.environ.get(KEY_ENVIRON)) is not None:
        return key.organisation  # type: ignore[no-any-return]
    membership = current_membership()
    if membership is None:
        abort(403)
    return membership.organisation


def has_role(level: str) -> bool:
    """Whether the signed-in user's role in the current organisation reaches ``level``."""
    if level == "public":
        return True
    membership = current_membership()
    return membership is not None and Role(membership.role).includes(Role(level))


def access(level: Level) -> Callable[[View], View]:
    """Mark a view with who may open it, and enforce that on every request."""
    if level not in LEVELS:
        raise ValueError(f"access level must be one of {LEVELS}, not {level!r}")

    def decorate(view: View) -> View:
        if level == "public":
            setattr(view, RULE_ATTRIBUTE, level)
            return view
        if level in KEY_LEVELS:
            return _keyed(view, level)

        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if signed_in_user() is None:
                return _refuse_anonymous()
            if not has_role(level):
                abort(403)
            return view(*args, **kwargs)

        setattr(guarded, RULE_ATTRIBUTE, level)
        return cast(View, guarded)  # the view's own signature: wraps() copied it

    return decorate


def _keyed(view: View, level: str) -> View:
    """``view`` guarded by an API key holding the level's scope."""
    from app.api.keys import require_scope

    scope = ApiScope(level.removeprefix("key:"))

    @functools.wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        require_scope(scope)
        return view(*args, **kwargs)

    setattr(guarded, RULE_ATTRIBUTE, level)
    return cast(View, guarded)  # the view's own signature: wraps() copied it


def access_level_of(view: Callable[..., Any] | None) -> str | None:
    """The rule a view carries, or None when it has none."""
    return getattr(view, RULE_ATTRIBUTE, None)


def journey_in_organisation(slug: str) -> Journey:
    """The current organisation's journey with ``slug``; 404 if missing or another team's."""
    organisation = current_organisation()
    journey = db.session.scalar(
        select(Journey).where(Journey.slug == slug, Journey.organisation_id == organisation.id)
    )
    if journey is None:
        abort(404, description=f"No journey '{slug}'.")
    return journey
