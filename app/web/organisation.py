"""Admins manage their organisation: its name and its members' roles."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

import surveys
from app.access import access, current_organisation
from app.extensions import db, db_session
from surveys import accounts
from surveys.models import ROLES, Membership

bp = Blueprint("organisation", __name__, url_prefix="/organisation")


def _page(errors: dict[str, str] | None = None, status: int = 200) -> ResponseReturnValue:
    organisation = current_organisation()
    return render_template(
        "organisation/members.html",
        organisation=organisation,
        members=accounts.members(db_session(), organisation),
        roles=ROLES,
        errors=errors or {},
        values=request.form,
    ), status


@bp.get("/members")
@access("admin")
def members() -> ResponseReturnValue:
    """The members with their roles, and forms to add, change and remove them."""
    return _page()


def _attempt(change: Callable[[], object], message: str) -> ResponseReturnValue:
    try:
        change()
    except surveys.InvalidDesign as error:  # the members page again, the field named
        db.session.rollback()
        return _page(error.fields, 422)
    db.session.commit()
    flash(message)
    return redirect(url_for(".members"))


@bp.post("/members")
@access("admin")
def add_member() -> ResponseReturnValue:
    """Add a member by e-mail: an existing account joins; a new one needs a first password."""
    organisation = current_organisation()
    email, role = request.form.get("email", ""), request.form.get("role", "viewer")

    def change() -> None:
        user = accounts.user_by_email(db_session(), email)
        if user is None:
            user = accounts.create_user(
                db_session(), email, request.form.get("password", ""),
                name=request.form.get("name", ""),
            )  # fmt: skip
        accounts.add_member(db_session(), organisation, user, role)

    return _attempt(change, f"{email} is now {role}.")


def _membership(membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organisation_id != current_organisation().id:
        abort(404)
    return membership


@bp.post("/members/<int:membership_id>")
@access("admin")
def change_member(membership_id: int) -> ResponseReturnValue:
    """Change a member's role, or remove them (never the last admin)."""
    membership = _membership(membership_id)
    if request.form.get("action") == "remove":
        return _attempt(lambda: accounts.remove_member(db_session(), membership), "Member removed.")
    role = request.form.get("role", membership.role)
    return _attempt(lambda: accounts.change_role(db_session(), membership, role), "Role changed.")


@bp.post("/settings")
@access("admin")
def rename() -> ResponseReturnValue:
    """Rename the organisation."""
    organisation = current_organisation()
    return _attempt(
        lambda: accounts.rename_organisation(
            db_session(), organisation, request.form.get("name", "")
        ),
        "Organisation renamed.",
    )
