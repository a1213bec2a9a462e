"""API keys: shown once, kept as a digest, scoped, revocable, limited per key, one organisation."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.extensions import db
from surveys import accounts
from surveys.accounts.api_keys import digest
from surveys.errors import InvalidDesign, NotFound
from surveys.models import ApiKey, Response, Survey, utcnow
from tests.conftest import (
    bearer,
    csrf_token,
    login,
    make_api_key,
    make_app,
    make_journey,
    make_organisation,
    make_survey,
    make_user,
)


def _answer(client: FlaskClient, survey: Survey, token: str | None = None, **headers: str) -> Any:
    return client.post(
        f"/api/v1/surveys/{survey.public_id}/responses",
        data=json.dumps({"answers": {"q1": 4}}),
        headers={"Content-Type": "application/json", **(bearer(token) if token else {}), **headers},
    )


def _survey_of(session: Session, organisation: Any) -> Survey:
    survey = make_survey(session, make_journey(session, organisation=organisation))
    session.commit()
    return survey


def _stored(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(Response)) or 0)


def test_a_key_is_shown_once_and_only_its_digest_is_stored(session: Session) -> None:
    organisation = make_organisation(session)
    key, token = accounts.create_api_key(session, organisation, " CRM sync ", ["read", "manage"])
    assert token.startswith("jm_") and len(token) > 40
    assert key.name == "CRM sync" and key.scopes == ["read", "manage"]
    assert key.prefix == token[:10] and key.secret_digest == digest(token)
    stored = session.execute(select(ApiKey.__table__)).one()._mapping
    assert token not in json.dumps({k: str(v) for k, v in stored.items()})
    assert accounts.api_key_by_token(session, token) is key
    assert accounts.api_key_by_token(session, token + "x") is None


def test_a_key_needs_a_name_and_known_scopes(session: Session) -> None:
    organisation = make_organisation(session)
    with pytest.raises(InvalidDesign) as refused:
        accounts.create_api_key(session, organisation, "  ", ["write everything"])
    assert set(refused.value.fields) == {"name", "scopes"}
    with pytest.raises(InvalidDesign) as refused:
        accounts.create_api_key(session, organisation, "Nightly export", [])
    assert refused.value.fields == {"scopes": "choose at least one"}


def test_a_revoked_key_stops_working_and_only_its_organisation_may_revoke_it(
    session: Session,
) -> None:
    own, other = make_organisation(session), make_organisation(session)
    key, token = accounts.create_api_key(session, own, "Old script", ["read"])
    with pytest.raises(NotFound):
        accounts.revoke_api_key(session, other, key.id)
    assert accounts.api_key_by_token(session, token) is key
    accounts.revoke_api_key(session, own, key.id)
    accounts.revoke_api_key(session, own, key.id)  # twice is harmless
    assert accounts.api_key_by_token(session, token) is None


def test_last_use_is_written_at_most_once_a_minute(session: Session) -> None:
    key, _token = accounts.create_api_key(session, make_organisation(session), "Poller", ["read"])
    now = utcnow()
    assert accounts.note_key_use(session, key, now) is True
    assert accounts.note_key_use(session, key, now + timedelta(seconds=30)) is False
    assert key.last_used_at == now
    later = now + accounts.LAST_USED_RESOLUTION + timedelta(seconds=1)
    assert accounts.note_key_use(session, key, later) is True
    session.expire_all()
    assert session.get(ApiKey, key.id).last_used_at == later  # type: ignore[union-attr]


def test_a_request_with_a_key_records_its_last_use(client: FlaskClient, session: Session) -> None:
    organisation = make_organisation(session)
    survey = _survey_of(session, organisation)
    token = make_api_key(session, organisation, "responses:write")
    assert _answer(client, survey, token).status_code == 201
    session.expire_all()
    key = accounts.api_key_by_token(session, token)
    assert key is not None and key.last_used_at is not None


def test_answering_stays_keyless_and_a_writing_key_answers_its_own_surveys(
    client: FlaskClient, session: Session
) -> None:
    own, other = make_organisation(session), make_organisation(session)
    survey, foreign = _survey_of(session, own), _survey_of(session, other)
    writer = make_api_key(session, own, "responses:write")
    assert _answer(client, survey).status_code == 201
    assert _answer(client, survey, writer).status_code == 201
    refused = _answer(client, foreign, writer)
    assert refused.status_code == 404 and refused.get_json()["error"]["code"] == "not_found"
    assert _stored(session) == 2


def test_a_key_without_the_writing_scope_cannot_answer(
    client: FlaskClient, session: Session
) -> None:
    organisation = make_organisation(session)
    survey = _survey_of(session, organisation)
    reader = make_api_key(session, organisation, "read", "manage")
    refused = _answer(client, survey, reader)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "insufficient_scope"
    assert "responses:write" in refused.get_json()["error"]["fields"]["Authorization"]
    assert _stored(session) == 0


@pytest.mark.parametrize(
    "header",
    ["Bearer jm_not-a-real-key", "Basic dXNlcjpwYXNz", "Bearer", "Bearer " + "x" * 5000],
)
def test_an_authorization_header_naming_no_live_key_is_a_401_not_anonymous(
    client: FlaskClient, session: Session, header: str
) -> None:
    survey = _survey_of(session, make_organisation(session))
    refused = _answer(client, survey, Authorization=header)
    assert refused.status_code == 401
    error = refused.get_json()["error"]
    assert error["code"] == "invalid_api_key" and "Authorization" in error["fields"]
    assert _stored(session) == 0


def test_a_revoked_key_gets_401(client: FlaskClient, session: Session) -> None:
    organisation = make_organisation(session)
    survey = _survey_of(session, organisation)
    token = make_api_key(session, organisation, "responses:write")
    key = accounts.api_key_by_token(session, token)
    assert key is not None
    accounts.revoke_api_key(session, organisation, key.id)
    session.commit()
    assert _answer(client, survey, token).status_code == 401


def test_rate_limits_count_per_key_not_per_address(database_url: str) -> None:
    app = make_app(database_url, API_KEY_RATE_LIMIT="3 per minute", API_RATE_LIMIT="1 per minute")
    with app.app_context():
        session = db.session()
        organisation = make_organisation(session)
        survey = _survey_of(session, organisation)
        first = make_api_key(session, organisation, "responses:write")
        second = make_api_key(session, organisation, "responses:write")
        client = app.test_client()
        codes = [_answer(client, survey, first).status_code for _ in range(4)]
        assert codes == [201, 201, 201, 429]
        limited = _answer(client, survey, first)
        assert limited.get_json()["error"]["code"] == "rate_limited"
        assert _answer(client, survey, second).status_code == 201  # its own budget
        assert [_answer(client, survey).status_code for _ in range(2)] == [201, 429]
        # Reading counts against the key's own limit too.
        reader, other_reader = (make_api_key(session, organisation, "read") for _ in range(2))
        reads = [client.get("/api/v1/journeys", headers=bearer(reader)) for _ in range(4)]
        assert [reply.status_code for reply in reads] == [200, 200, 200, 429]
        assert reads[-1].get_json()["error"]["code"] == "rate_limited"
        assert client.get("/api/v1/journeys", headers=bearer(other_reader)).status_code == 200
        db.session.remove()
        db.engine.dispose()


def _keys(app: Flask, *args: str) -> Any:
    return app.test_cli_runner().invoke(args=["keys", *args])


def test_keys_create_prints_the_key_alone_for_scripts(app: Flask, session: Session) -> None:
    organisation = make_organisation(session, "Acme Ltd")
    session.commit()
    result = _keys(
        app, "create", "--organisation", "acme-ltd", "--name", "Warehouse", "--scope", "read",
        "--scope", "manage",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert re.fullmatch(r"jm_[A-Za-z0-9_-]{43}", token)
    assert "not shown again" in result.stderr
    key = accounts.api_key_by_token(session, token)
    assert key is not None and key.organisation_id == organisation.id
    assert key.scopes == ["read", "manage"] and key.created_by == "command line"

    listed = _keys(app, "list", "--organisation", "acme-ltd")
    assert key.prefix in listed.stdout and token not in listed.stdout
    assert "Warehouse" in listed.stdout and "never" in listed.stdout

    revoked = _keys(app, "revoke", "--organisation", "acme-ltd", str(key.id))
    assert revoked.exit_code == 0 and "Revoked API key" in revoked.stdout
    session.expire_all()
    assert accounts.api_key_by_token(session, token) is None
    assert "revoked" in _keys(app, "list", "--organisation", "acme-ltd").stdout


def test_keys_cli_refuses_unknown_organisations_scopes_and_keys(
    app: Flask, session: Session
) -> None:
    make_organisation(session, "Acme Ltd")
    other = make_organisation(session, "Globex")
    foreign, _token = accounts.create_api_key(session, other, "Theirs", ["read"])
    session.commit()
    unknown = _keys(app, "create", "--organisation", "acme", "--name", "x", "--scope", "read")
    assert unknown.exit_code == 1 and "No organisation 'acme'" in unknown.stderr
    bad_scope = _keys(app, "create", "--organisation", "acme-ltd", "--name", "x", "--scope", "all")
    assert bad_scope.exit_code == 2 and "responses:write" in bad_scope.stderr
    theirs = _keys(app, "revoke", "--organisation", "acme-ltd", str(foreign.id))
    assert theirs.exit_code == 1 and "No such API key" in theirs.stderr
    session.expire_all()
    assert session.get(ApiKey, foreign.id).revoked_at is None  # type: ignore[union-attr]


def test_an_admin_creates_a_key_sees_it_once_and_revokes_it(
    client: FlaskClient, session: Session
) -> None:
    organisation = make_organisation(session)
    admin = make_user(session, "admin", organisation)
    login(client, admin)
    page = client.get("/organisation/members")
    created = client.post(
        "/organisation/api-keys",
        data={"csrf_token": csrf_token(page.text), "name": "<script>alert(1)</script>",
              "scopes": ["read", "responses:write"]},
    )  # fmt: skip
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    token = re.search(r'id="new-key-value" readonly value="(jm_[^"]+)"', created.text)
    assert token is not None
    key = accounts.api_key_by_token(session, token.group(1))
    assert key is not None and key.scopes == ["responses:write", "read"]
    assert key.created_by == admin.email
    assert "<script>alert(1)</script>" not in created.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in created.text

    listed = client.get("/organisation/members").text
    assert key.prefix in listed and token.group(1) not in listed

    revoked = client.post(
        f"/organisation/api-keys/{key.id}/revoke", data={"csrf_token": csrf_token(listed)}
    )
    assert revoked.status_code == 302
    session.expire_all()
    assert accounts.api_key_by_token(session, token.group(1)) is None
    assert "revoked" in client.get("/organisation/members").text


def test_a_key_without_a_name_or_scope_is_refused_on_the_page(
    client: FlaskClient, session: Session
) -> None:
    organisation = make_organisation(session)
    login(client, make_user(session, "admin", organisation))
    page = client.get("/organisation/members")
    refused = client.post(
        "/organisation/api-keys", data={"csrf_token": csrf_token(page.text), "name": ""}
    )
    assert refused.status_code == 422
    assert "name: is required" in refused.text and "scopes: choose at least one" in refused.text
    assert accounts.api_keys(session, organisation) == []
