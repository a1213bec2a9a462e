"""Who may see what: organisations, their users, and each user's role in each organisation."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveys.models.base import Base, StrEnumColumn, utcnow


class Role(StrEnum):
    """A member's role in an organisation; each includes the ones before it."""

    VIEWER = "viewer"
    RESEARCHER = "researcher"
    ADMIN = "admin"

    def includes(self, other: Role) -> bool:
        """Whether this role may do what ``other`` may (an admin does what a viewer does)."""
        return ROLES.index(self) >= ROLES.index(other)


#: The roles' words, lowest first, for menus, flags and messages.
ROLES: tuple[str, ...] = tuple(role.value for role in Role)


class Organisation(Base):
    """A team's workspace: every journey (and so every survey and answer) belongs to exactly one."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan"
    )


def new_session_stamp() -> str:
    """A fresh, unguessable session stamp (see ``User.session_stamp``)."""
    return secrets.token_hex(16)


class User(Base):
    """A person who signs in; Flask-Login reads the ``is_*`` properties and ``get_id``.

    The properties are plain Python so the domain stays free of Flask.
    """

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Part of the id every session cookie carries: replacing it (signing out, a new password)
    # ends every session signed in before, on every device and every copy of the cookie.
    session_stamp: Mapped[str] = mapped_column(String(32), default=new_session_stamp)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_authenticated(self) -> bool:
        """Always true for a stored user (Flask-Login's anonymous user says false)."""
        return True

    @property
    def is_active(self) -> bool:
        """A deactivated user cannot sign in and loses any session at the next request."""
        return self.active

    @property
    def is_anonymous(self) -> bool:
        """Never anonymous: this is a real account."""
        return False

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session cookie: the user's and their session stamp."""
        return f"{self.id}:{self.session_stamp}"


class Membership(Base):
    """A user's role in one organisation."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(StrEnumColumn(Role, 20), default=Role.VIEWER)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(back_populates="memberships")


class ApiScope(StrEnum):
    """What an API key may do; a key holds one or more, and none implies another."""

    #: create, change and finish responses through the answering endpoints
    RESPONSES_WRITE = "responses:write"
    #: read journeys, surveys, responses with their scores, and maps
    READ = "read"
    #: create surveys from SurveyJS, publish and close them
    MANAGE = "manage"


class ApiKey(Base):
    """A secret a program sends as ``Authorization: Bearer …`` to act for one organisation.

    Only a digest of the secret is kept; ``prefix`` (its first characters, not enough to use it)
    lets people tell keys apart in lists.
    """

    __tablename__ = "api_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(16))
    secret_digest: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[Any]] = mapped_column(default=list)
    created_by: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship()

    def allows(self, scope: ApiScope) -> bool:
        """Whether the key holds ``scope`` (and is not revoked)."""
        return self.revoked_at is None and scope.value in self.scopes
