"""``flask --app app users …``: accounts from the command line, and what a typo must not do."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveys import accounts
from surveys.models import Organisation


def _users(app: Flask, *args: str) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["users", *args])
    return result.exit_code, result.output


def _organisations(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(Organisation)) or 0)


def test_create_admin_makes_the_organisation_and_says_so_once_it_is_stored(
    app: Flask, session: Session
) -> None:
    code, output = _users(
        app, "create-admin", "--email", "Ada@Example.com", "--password", "long enough pw",
        "--organisation", "Acme Ltd",
    )  # fmt: skip
    assert code == 0, output
    assert "Created organisation 'Acme Ltd' (acme-ltd)." in output
    assert "ada@example.com is admin of 'Acme Ltd'" in output
    user = accounts.user_by_email(session, "ada@example.com")
    assert user is not None
    assert accounts.authenticate(session, "ada@example.com", "long enough pw") is user


def test_users_add_refuses_an_unknown_organisation_instead_of_making_a_second_one(
    app: Flask, session: Session
) -> None:
    _users(app, "create-admin", "--email", "a@x.example", "--password", "long enough pw",
           "--organisation", "Acme Ltd")  # fmt: skip
    before = _organisations(session)
    code, output = _users(
        app, "add", "--email", "b@x.example", "--password", "long enough pw",
        "--organisation", "Acme Ltf",
    )  # fmt: skip
    assert code == 1
    assert "No organisation 'Acme Ltf'" in output and "acme-ltd" in output
    assert "--create-organisation" in output
    assert _organisations(session) == before
    code, output = _users(
        app, "add", "--email", "b@x.example", "--password", "long enough pw",
        "--organisation", "acme-ltd", "--role", "researcher",
    )  # fmt: skip
    assert code == 0 and "b@x.example is researcher of 'Acme Ltd'" in output


def test_a_refused_account_announces_no_organisation(app: Flask, session: Session) -> None:
    before = _organisations(session)
    code, output = _users(
        app, "add", "--email", "c@x.example", "--password", "short",
        "--organisation", "Brand new", "--create-organisation",
    )  # fmt: skip
    assert code == 1
    assert "Created organisation" not in output  # it was rolled back with the account
    assert "password" in output.lower()
    assert _organisations(session) == before
