"""``flask --app app users …``: accounts from the command line (the first admin, resets)."""

from __future__ import annotations

import click
from sqlalchemy import select

import surveys
from app.errors import CommandGroup
from app.extensions import db, db_session
from surveys import accounts
from surveys.models import ROLES, Organisation

group = CommandGroup("users", help="Create accounts and organisations; reset passwords.")


def _organisation(name: str, *, create: bool) -> tuple[Organisation, bool]:
    """The organisation called (or with the slug of) ``name``, and whether it is new: made when
    missing only if ``create``, so that a mistyped name is an error, not a second organisation.
    """
    slug = surveys.slugify(name)
    found = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if found is not None:
        return found, False
    if not create:
        known = ", ".join(db.session.scalars(select(Organisation.slug).order_by(Organisation.slug)))
        raise click.ClickException(
            f"No organisation '{name}' (there are: {known or 'none'}). "
            "Pass --create-organisation to make it."
        )
    return accounts.create_organisation(db_session(), name, slug=slug), True


def _member(
    email: str, password: str | None, organisation: str, role: str, name: str, *, create: bool
) -> None:
    org, created = _organisation(organisation, create=create)
    # A refusal (a SurveyError) rolls back the new organisation too: see CommandGroup.
    user = accounts.user_by_email(db_session(), email)
    if user is None:
        if not password:
            raise click.ClickException("A new account needs --password (or type it).")
        user = accounts.create_user(db_session(), email, password, name=name)
    elif password:
        accounts.set_password(db_session(), user, password)
    accounts.add_member(db_session(), org, user, role)
    db.session.commit()  # only now is a new organisation there to announce
    if created:
        click.echo(f"Created organisation '{org.name}' ({org.slug}).")
    click.echo(f"{user.email} is {role} of '{org.name}' ({org.slug}).")


@group.command("create-admin")
@click.option("--email", prompt=True, help="The admin's e-mail address (their login).")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="At least 10 characters (prompted, hidden, when not given).",
)
@click.option("--organisation", default="Default organisation", show_default=True)
@click.option("--name", default="", help="The admin's name.")
def create_admin_command(email: str, password: str, organisation: str, name: str) -> None:
    """Create an admin of ORGANISATION (made if missing); an existing user is promoted."""
    _member(email, password, organisation, "admin", name, create=True)


@group.command("add")
@click.option("--email", required=True)
@click.option("--role", type=click.Choice(ROLES), default="viewer", show_default=True)
@click.option("--organisation", required=True, help="Name or slug of the organisation.")
@click.option("--create-organisation", is_flag=True, help="Make the organisation if there is none.")
@click.option("--password", default=None, help="Needed for a new account.")
@click.option("--name", default="")
def add_command(
    email: str,
    role: str,
    organisation: str,
    create_organisation: bool,
    password: str | None,
    name: str,
) -> None:
    """Give a user (new or existing) a role in an organisation."""
    _member(email, password, organisation, role, name, create=create_organisation)


@group.command("set-password")
@click.option("--email", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def set_password_command(email: str, password: str) -> None:
    """Reset a user's password."""
    user = accounts.user_by_email(db_session(), email)
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    accounts.set_password(db_session(), user, password)
    db.session.commit()
    click.echo(f"Password of {user.email} changed.")


@group.command("list")
def list_command() -> None:
    """Every user with their organisations and roles."""
    for org in db.session.scalars(select(Organisation).order_by(Organisation.slug)):
        click.echo(f"{org.name} ({org.slug})")
        for m in accounts.members(db_session(), org):
            click.echo(f"  {m.user.email:40} {m.role}")
