"""The demo organisation and its three sign-ins, so a new user can open the demo map at once."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveys import accounts
from surveys.models import Journey, Membership, Organisation

DEMO_ORGANISATION = ("Northwind Electronics", "northwind")
# Printed by `make demo`; for the local demo only (set real accounts with `users create-admin`).
DEMO_PASSWORD = "northwind-demo"
DEMO_USERS: tuple[tuple[str, str], ...] = (
    ("admin@northwind.example", "admin"),
    ("researcher@northwind.example", "researcher"),
    ("viewer@northwind.example", "viewer"),
)


def ensure_demo_accounts(session: Session, journey: Journey | None) -> Organisation:
    """The demo organisation with an admin, a researcher and a viewer; the journey moves into it.

    Idempotent: existing accounts keep their passwords.
    """
    name, slug = DEMO_ORGANISATION
    organisation = session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        organisation = accounts.create_organisation(session, name, slug=slug)
    for email, role in DEMO_USERS:
        user = accounts.user_by_email(session, email)
        if user is None:
            user = accounts.create_user(session, email, DEMO_PASSWORD, name=role.title())
        accounts.add_member(session, organisation, user, role)
    if journey is not None and journey.organisation_id != organisation.id:
        previous = journey.organisation
        journey.organisation = organisation
        session.flush()
        _drop_if_empty(session, previous)
    return organisation


def _drop_if_empty(session: Session, organisation: Organisation) -> None:
    """Remove the default organisation the demo journey was first created in, if now unused."""
    journeys = session.scalar(
        select(func.count()).select_from(Journey).where(Journey.organisation_id == organisation.id)
    )
    members = session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.organisation_id == organisation.id)
    )
    if not journeys and not members:
        session.delete(organisation)
        session.flush()


def demo_logins(session: Session) -> list[str]:
    """Lines telling how to sign in to the demo, when its accounts exist."""
    lines = []
    for email, role in DEMO_USERS:
        if accounts.user_by_email(session, email) is not None:
            lines.append(f"{role:<10} {email}  password: {DEMO_PASSWORD}")
    return lines
