"""Admins manage their organisation: its name, its members' roles and its API keys."""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

import surveys
from app.access import access, current_organisation, required_user
from app.extensions import db, db_session
from surveys import accounts
from surveys.models import ROLES, ApiScope, Membership

bp = Blueprint("organisation", __name__, url_prefix="/organisation")


def _page(
    errors: dict[str, str] | None = None, status: int = 200, *, new_key: str | None = None
) -> ResponseReturnValue:
    organisation = current_organisation()
    return render_template(
        "organisation/members.html",
        organisation=organisation,
        members=accounts.members(db_session(), organisation),
        roles=ROLES,
        api_keys=accounts.api_keys(db_session(), organisation),
        scopes=list(ApiScope),
        new_key=new_key,
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


@bp.post("/api-keys")
@access("admin")
def create_api_key() -> ResponseReturnValue:
    """Create an API key and show its secret on this one page (it is never shown again)."""
    organisation = current_organisation()
    try:
        _key, token = accounts.create_api_key(
            db_session(),
            organisation,
            request.form.get("name", ""),
            request.form.getlist("scopes"),
            created_by=required_user().email,
        )
    except surveys.InvalidDesign as error:
        db.session.rollback()
        return _page(error.fields, 422)
    db.session.commit()
    # Rendered, not redirected: the secret must not travel through the session cookie.
    reply = make_response(_page(new_key=token))
    reply.headers["Cache-Control"] = "no-store"
    return reply


@bp.post("/api-keys/<int:key_id>/revoke")
@access("admin")
def revoke_api_key(key_id: int) -> ResponseReturnValue:
    """Revoke an API key: requests carrying it get 401 from now on."""
    try:
        key = accounts.revoke_api_key(db_session(), current_organisation(), key_id)
    except surveys.NotFound:
        abort(404)
    db.session.commit()
    flash(f"API key “{key.name}” revoked.")
    return redirect(url_for(".members"))
