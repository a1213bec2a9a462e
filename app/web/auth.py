"""Signing in and out, and choosing which of one's organisations to work in."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import login_user, logout_user
from wtforms import EmailField, Form, PasswordField
from wtforms.validators import InputRequired, Length

from app.access import ORGANISATION_KEY, access, signed_in_user
from app.extensions import db, db_session, limiter
from surveys import accounts

bp = Blueprint("auth", __name__)


class LoginForm(Form):
    """E-mail and password."""

    email = EmailField("E-mail", validators=[InputRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[InputRequired(), Length(max=500)])


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (never another host)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("home.index")


def _login_rate() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_rate, methods=["POST"])
@access("public")
def login() -> ResponseReturnValue:
    """Sign in with e-mail and password; a wrong pair keeps the e-mail and says so plainly."""
    next_url = _safe_next(request.values.get("next"))
    if signed_in_user() is not None and request.method == "GET":
        return redirect(next_url)
    form = LoginForm(request.form if request.method == "POST" else None)
    error = None
    if request.method == "POST" and form.validate():
        user = accounts.authenticate(db_session(), form.email.data or "", form.password.data or "")
        if user is not None:
            session.clear()  # a fresh session on sign-in: nothing carried over (fixation)
            login_user(user)
            db.session.commit()
            return redirect(next_url)
        error = "That e-mail and password do not match an account."
    status = 422 if request.method == "POST" else 200
    form.password.data = ""
    return render_template("auth/login.html", form=form, error=error, next=next_url), status


@bp.post("/logout")
@access("public")
def logout() -> ResponseReturnValue:
    """Sign out: every session of this user ends, a copied cookie too, and this one is forgotten."""
    user = signed_in_user()
    if user is not None:
        accounts.end_sessions(db_session(), user)
        db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out.")
    return redirect(url_for(".login"))


@bp.post("/organisations/<int:organisation_id>/switch")
@access("viewer")
def switch_organisation(organisation_id: int) -> ResponseReturnValue:
    """Work in another of one's organisations; naming one the user is not in is a 404."""
    user = signed_in_user()
    if user is None or accounts.membership_of(db_session(), user, organisation_id) is None:
        abort(404)
    session[ORGANISATION_KEY] = organisation_id
    return redirect(url_for("home.index"))
