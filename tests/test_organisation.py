"""Organisation rules that hold however a change arrives: the last admin stays, names fit."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from surveys import accounts
from surveys.errors import InvalidDesign
from tests.conftest import csrf_token, login, make_organisation, make_user


def test_the_last_admin_cannot_demote_themself_by_adding_their_own_email(
    client: FlaskClient, session: Session
) -> None:
    organisation = make_organisation(session)
    admin = make_user(session, "admin", organisation)
    login(client, admin)
    token = csrf_token(client.get("/organisation/members").text)
    reply = client.post(
        "/organisation/members",
        data={"csrf_token": token, "email": admin.email, "role": "viewer",
              "password": "long enough pw"},
    )  # fmt: skip
    assert reply.status_code == 422 and "the last admin must stay" in reply.text
    session.expire_all()
    assert {m.user.email: m.role for m in accounts.members(session, organisation)} == {
        admin.email: "admin"
    }


def test_adding_an_existing_member_changes_their_role(session: Session) -> None:
    organisation = make_organisation(session)
    make_user(session, "admin", organisation)
    member = make_user(session, "viewer", organisation)
    accounts.add_member(session, organisation, member, "researcher")
    assert accounts.membership_of(session, member, organisation.id).role == "researcher"  # type: ignore[union-attr]


def test_an_organisation_name_that_does_not_fit_is_a_named_error(session: Session) -> None:
    organisation = make_organisation(session, "Northwind")
    with pytest.raises(InvalidDesign) as refused:
        accounts.rename_organisation(session, organisation, "N" * 201)
    assert refused.value.fields == {"name": "at most 200 characters"}
    assert organisation.name == "Northwind"  # not cut short silently
