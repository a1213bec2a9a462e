"""Finding a journey from the command line, where slugs are unique only per organisation."""

from __future__ import annotations

import click

import surveys
from app.extensions import db_session
from surveys import accounts
from surveys.models import Journey, Organisation

organisation_option = click.option(
    "--organisation",
    "organisation_slug",
    default=None,
    help="Slug of the journey's organisation (needed when two organisations share the slug).",
)


def organisation_named(slug: str | None) -> Organisation | None:
    """The organisation with ``slug`` (None when not given); NotFound when unknown."""
    if slug is None:
        return None
    return accounts.organisation_by_slug(db_session(), slug)


def journey_named(slug: str, organisation_slug: str | None) -> Journey:
    """The journey ``slug`` (in the named organisation); NotFound passes through to the caller."""
    try:
        return surveys.journey_by_slug(
            db_session(), slug, organisation=organisation_named(organisation_slug)
        )
    except surveys.InvalidDesign as error:  # ambiguous: say which option settles it
        raise click.ClickException(f"{error.message} Pass --organisation SLUG.") from None
