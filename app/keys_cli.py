"""``flask --app app keys …``: API keys from the command line, for scripts and first setup."""

from __future__ import annotations

import click

from app.cli_scope import organisation_named
from app.errors import CommandGroup
from app.extensions import db, db_session
from surveys import accounts
from surveys.models import ApiScope, Organisation

# A refusal (an unknown organisation or key, a bad name) ends the command with its message.
group = CommandGroup("keys", help="Create, list and revoke an organisation's API keys.")

organisation_option = click.option(
    "--organisation", "organisation_slug", required=True, help="The organisation's slug."
)


def _organisation(slug: str) -> Organisation:
    organisation = organisation_named(slug)
    assert organisation is not None  # the option is required
    return organisation


@group.command("create")
@organisation_option
@click.option("--name", required=True, help="What uses the key (shown in lists).")
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    type=click.Choice([scope.value for scope in ApiScope]),
    help="A scope the key holds; repeat for several.",
)
def create_command(organisation_slug: str, name: str, scopes: tuple[str, ...]) -> None:
    """Create a key and print it, alone on stdout (it is never shown again)."""
    organisation = _organisation(organisation_slug)
    key, token = accounts.create_api_key(
        db_session(), organisation, name, scopes, created_by="command line"
    )
    db.session.commit()
    click.echo(
        f"Created API key {key.id} '{key.name}' ({', '.join(key.scopes)}) of "
        f"'{organisation.name}'; store it now, it is not shown again:",
        err=True,
    )
    click.echo(token)


@group.command("list")
@organisation_option
def list_command(organisation_slug: str) -> None:
    """List the organisation's keys (their first characters only), newest first."""
    keys = accounts.api_keys(db_session(), _organisation(organisation_slug))
    if not keys:
        click.echo("No API keys.")
        return
    click.echo(f"{'id':>5}  {'key':<14} {'scopes':<29} {'last used (UTC)':<17} {'state':<8} name")
    for key in keys:
        used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
        state = "revoked" if key.revoked_at else "live"
        click.echo(
            f"{key.id:>5}  {key.prefix + '…':<14} {', '.join(key.scopes):<29} {used:<17} "
            f"{state:<8} {key.name}"
        )


@group.command("revoke")
@organisation_option
@click.argument("key_id", type=int)
def revoke_command(organisation_slug: str, key_id: int) -> None:
    """Revoke key KEY_ID (as `keys list` shows it): requests carrying it get 401 from now on."""
    key = accounts.revoke_api_key(db_session(), _organisation(organisation_slug), key_id)
    db.session.commit()
    click.echo(f"Revoked API key {key.id} '{key.name}'.")
