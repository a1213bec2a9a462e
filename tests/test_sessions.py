"""Sessions end: signing out and a new password end every session of that user at once, a copied
session cookie included, on the next request it is used for."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from surveys.models import User
from tests.conftest import csrf_token, login, make_user

NEW_PASSWORD = "a much longer passphrase"


def _copy_of(client: FlaskClient, app: Flask) -> FlaskClient:
    """Another browser holding a copy of ``client``'s session cookie (a stolen cookie)."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None, "the client is not signed in"
    thief = app.test_client()
    thief.set_cookie(cookie.key, cookie.value)
    return thief


def _signed_in(client: FlaskClient) -> bool:
    reply = client.get("/")
    if reply.status_code == 302:
        assert reply.location.startswith("/login")
        return False
    assert reply.status_code == 200
    return True


def _sign_out(client: FlaskClient) -> None:
    token = csrf_token(client.get("/").text)
    reply = client.post("/logout", data={"csrf_token": token})
    assert reply.status_code == 302 and reply.location == "/login"


def test_a_copied_cookie_stops_working_when_its_user_signs_out(
    app: Flask, client: FlaskClient, session: Session
) -> None:
    user = make_user(session, "viewer")
    login(client, user)
    thief = _copy_of(client, app)
    assert _signed_in(thief)

    _sign_out(client)
    assert not _signed_in(thief)
    assert not _signed_in(client)


def test_signing_out_ends_the_users_sessions_on_every_device_and_no_one_elses(
    app: Flask, session: Session
) -> None:
    user, colleague = make_user(session, "viewer"), make_user(session, "viewer")
    laptop, phone, theirs = app.test_client(), app.test_client(), app.test_client()
    login(laptop, user)
    login(phone, user)
    login(theirs, colleague)

    _sign_out(laptop)
    assert not _signed_in(phone)
    assert _signed_in(theirs)
    login(phone, user)  # signing in again starts a fresh session
    assert _signed_in(phone)


def test_a_new_password_from_the_command_line_ends_every_session(
    app: Flask, client: FlaskClient, session: Session
) -> None:
    user = make_user(session, "viewer")
    login(client, user)
    thief = _copy_of(client, app)

    result = app.test_cli_runner().invoke(
        args=["users", "set-password", "--email", user.email, "--password", NEW_PASSWORD]
    )
    assert result.exit_code == 0, result.output
    assert not _signed_in(thief)
    assert not _signed_in(client)
    login(client, user, NEW_PASSWORD)
    assert _signed_in(client)


def test_a_refused_new_password_ends_no_session(
    app: Flask, client: FlaskClient, session: Session
) -> None:
    user = make_user(session, "viewer")
    login(client, user)
    result = app.test_cli_runner().invoke(
        args=["users", "set-password", "--email", user.email, "--password", "short"]
    )
    assert result.exit_code != 0
    assert _signed_in(client)


def test_a_session_naming_a_user_without_the_current_stamp_is_anonymous(
    client: FlaskClient, session: Session
) -> None:
    # A cookie signed with the app's key but naming a stale or missing stamp, as a session from
    # before stamps existed does: nobody is signed in.
    user: User = make_user(session, "viewer")
    session.commit()
    for stale in (str(user.id), f"{user.id}:", f"{user.id}:{'0' * 32}", "²:x", f" {user.id}:x"):
        with client.session_transaction() as cookie:
            cookie["_user_id"] = stale
            cookie["_fresh"] = True
        assert not _signed_in(client), stale
    with client.session_transaction() as cookie:
        cookie["_user_id"] = user.get_id()
    assert _signed_in(client)
