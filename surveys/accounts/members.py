"""Organisations, users and their roles; they flush, the caller commits.

Passwords are hashed with Werkzeug's default scheme (scrypt, memory-hard); Werkzeug is a plain
library here, not Flask.
"""

from __future__ import annotations

import hmac
import re

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from surveys.errors import InvalidDesign, NotFound
from surveys.models import ROLES, Membership, Organisation, Role, User, utcnow
from surveys.models.account import new_session_stamp
from surveys.slugs import slugify

MIN_PASSWORD_LENGTH = 10
DEFAULT_ORGANISATION_SLUG = "default"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Checked against when the e-mail is unknown, so a failed sign-in takes as long either way and
# response times do not reveal which addresses have accounts.
_DUMMY_HASH = generate_password_hash("not a real password")


def normalise_email(email: str) -> str:
    """E-mail addresses compare case-insensitively and without surrounding spaces."""
    return email.strip().lower()


def create_organisation(session: Session, name: str, *, slug: str | None = None) -> Organisation:
    """A new organisation; InvalidDesign names the field when the name is empty or slug taken."""
    name = name.strip()
    if not name:
        raise InvalidDesign("An organisation needs a name.", {"name": "is required"})
    slug = slugify(slug or name)
    if session.scalar(select(Organisation.id).where(Organisation.slug == slug)) is not None:
        raise InvalidDesign(f"An organisation '{slug}' already exists.", {"slug": "is taken"})
    organisation = Organisation(name=name[:200], slug=slug)
    session.add(organisation)
    session.flush()
    return organisation


def default_organisation(session: Session) -> Organisation:
    """The organisation journeys land in when no other is named (CLI imports, old data)."""
    found = session.scalar(
        select(Organisation).where(Organisation.slug == DEFAULT_ORGANISATION_SLUG)
    )
    if found is not None:
        return found
    return create_organisation(session, "Default organisation", slug=DEFAULT_ORGANISATION_SLUG)


def organisation_by_slug(session: Session, slug: str) -> Organisation:
    """The organisation with ``slug``, or NotFound."""
    found = session.scalar(select(Organisation).where(Organisation.slug == slug))
    if found is None:
        raise NotFound(f"No organisation '{slug}'.", {"organisation": "is unknown"})
    return found


def _check_password(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"must be at least {MIN_PASSWORD_LENGTH} characters"
    return None


def create_user(session: Session, email: str, password: str, *, name: str = "") -> User:
    """A new account; InvalidDesign names the e-mail or password when they do not do."""
    email = normalise_email(email)
    problems: dict[str, str] = {}
    if not _EMAIL.match(email):
        problems["email"] = "must be an e-mail address"
    elif user_by_email(session, email) is not None:
        problems["email"] = "already has an account"
    if (problem := _check_password(password)) is not None:
        problems["password"] = problem
    if problems:
        raise InvalidDesign("The account cannot be created.", problems)
    user = User(
        email=email, name=name.strip()[:200], password_hash=generate_password_hash(password)
    )
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    """Replace the user's password (checked for length); every earlier session of theirs ends."""
    if (problem := _check_password(password)) is not None:
        raise InvalidDesign("The password cannot be used.", {"password": problem})
    user.password_hash = generate_password_hash(password)
    end_sessions(session, user)


def end_sessions(session: Session, user: User) -> None:
    """End every session ``user`` has signed in: each cookie names the stamp this replaces."""
    user.session_stamp = new_session_stamp()
    session.flush()


def user_of_session(session: Session, session_id: str) -> User | None:
    """The active user a session cookie's id (``User.get_id``) names, if it is still current.

    None when the id is malformed, the user is gone, or their sessions were ended since.
    """
    user_id, _, stamp = session_id.partition(":")
    if not (user_id.isascii() and user_id.isdigit() and len(user_id) <= 18 and stamp):
        return None
    user = session.get(User, int(user_id))
    # Constant-time: how much of a guessed stamp matches must not show in the response time.
    if user is None or not hmac.compare_digest(user.session_stamp, stamp):
        return None
    return user


def user_by_email(session: Session, email: str) -> User | None:
    """The account with this e-mail address, if any."""
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, else None (same cost either way)."""
    user = user_by_email(session, email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    user.last_login_at = utcnow()
    session.flush()
    return user


def _checked_role(role: str) -> Role:
    """``role`` as a Role, or InvalidDesign naming the field (roles come from forms and flags)."""
    if role not in ROLES:
        raise InvalidDesign(
            f"Unknown role '{role}'.", {"role": f"must be one of {', '.join(ROLES)}"}
        )
    return Role(role)


def add_member(session: Session, organisation: Organisation, user: User, role: str) -> Membership:
    """Give ``user`` ``role`` in ``organisation`` (changing it if they are a member already,
    under the same last-admin rule as :func:`change_role`)."""
    checked = _checked_role(role)
    membership = membership_of(session, user, organisation.id)
    if membership is not None:
        return change_role(session, membership, checked)
    membership = Membership(organisation=organisation, user=user, role=checked)
    session.add(membership)
    session.flush()
    return membership


def membership_of(session: Session, user: User, organisation_id: int) -> Membership | None:
    """The user's membership of the organisation, if any."""
    return session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.organisation_id == organisation_id
        )
    )


def memberships(session: Session, user: User) -> list[Membership]:
    """Every organisation the user belongs to, by organisation name."""
    return list(
        session.scalars(
            select(Membership)
            .join(Organisation)
            .where(Membership.user_id == user.id)
            .order_by(Organisation.name, Organisation.id)
        )
    )


def members(session: Session, organisation: Organisation) -> list[Membership]:
    """The organisation's members, by e-mail."""
    return list(
        session.scalars(
            select(Membership)
            .join(User)
            .where(Membership.organisation_id == organisation.id)
            .order_by(User.email)
        )
    )


def _admins(session: Session, organisation: Organisation) -> int:
    """How many admins the organisation has, their rows locked until commit on PostgreSQL.

    The lock makes the last-admin rule hold under concurrency: two admins demoting each other at
    once would otherwise both count two admins and leave none. (SQLite has one writer anyway.)
    """
    rows = session.scalars(
        select(Membership.id)
        .where(Membership.organisation_id == organisation.id, Membership.role == Role.ADMIN)
        .with_for_update()
    )
    return len(rows.all())


def change_role(session: Session, membership: Membership, role: str) -> Membership:
    """Change a member's role; the last admin cannot step down (someone must manage members)."""
    checked = _checked_role(role)
    stepping_down = membership.role == Role.ADMIN and checked != Role.ADMIN
    if stepping_down and _admins(session, membership.organisation) <= 1:
        raise InvalidDesign(
            "An organisation needs at least one admin.", {"role": "the last admin must stay"}
        )
    membership.role = checked
    session.flush()
    return membership


def remove_member(session: Session, membership: Membership) -> None:
    """Take a member out of the organisation (never its last admin)."""
    if membership.role == Role.ADMIN and _admins(session, membership.organisation) <= 1:
        raise InvalidDesign(
            "An organisation needs at least one admin.", {"member": "the last admin must stay"}
        )
    session.delete(membership)
    session.flush()


def rename_organisation(session: Session, organisation: Organisation, name: str) -> None:
    """Change the organisation's display name (its slug stays, so links keep working)."""
    name = name.strip()
    if not name:
        raise InvalidDesign("An organisation needs a name.", {"name": "is required"})
    if len(name) > 200:
        raise InvalidDesign("The name is too long.", {"name": "at most 200 characters"})
    organisation.name = name
    session.flush()
