"""Every route × role × organisation: only the allowed cells pass.

Anonymous visitors are sent to the login page (401 under /api); a member whose role is too low
gets 403; a member of another organisation gets 404 for this organisation's things, exactly as for
things that do not exist. A registered route without an ``access`` rule fails this test.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.routing import Rule

import surveys
from app.access import KEY_LEVELS, LEVELS, ROLES, access_level_of
from app.extensions import db
from journeys import canvas, sharing, webhooks
from journeys.canvas_models import CanvasLane
from journeys.models import PainPoint
from journeys.sharing_models import ShareLink
from journeys.webhooks import WebhookEndpoint
from surveys import accounts
from surveys.models import ApiKey, ApiScope, Organisation, User
from tests.conftest import (
    csrf_token,
    login,
    make_api_key,
    make_app,
    make_journey,
    make_organisation,
    make_survey,
    make_user,
)

PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n").decode()

# A route's URL arguments, filled from the organisation's things. A new argument name must be
# added here (the test says which), so no route escapes the matrix for want of a value.
ArgFactory = Callable[["World"], object]


@dataclass
class World:
    """The things of one organisation a URL can name."""

    session: Session
    organisation: Organisation
    admin: User

    def __post_init__(self) -> None:
        self.journey = make_journey(self.session, organisation=self.organisation)
        self.persona = surveys.add_persona(self.session, self.journey, "Busy parent")
        # Its file question (q3) gives a file download something to name.
        receipt = surveys.QuestionSpec("file_upload", "Receipt")
        self.survey = make_survey(self.session, self.journey, extra=[receipt])
        self.version = self.survey.versions[-1]
        self.response = surveys.submit_response(
            self.session, self.version, {"q1": 4, "q3": [{"name": "r.png", "content": PNG}]}
        )
        self.membership = self.admin.memberships[0]
        self.session.commit()


ARGUMENTS: dict[str, ArgFactory] = {
    "slug": lambda w: w.journey.slug,
    "public_id": lambda w: w.survey.public_id,
    "response_id": lambda w: w.response.public_id,
    "key": lambda w: "q3",
    "fmt": lambda w: "svg",
    "survey_id": lambda w: w.survey.id,
    "number": lambda w: w.version.number,
    "stage_id": lambda w: w.journey.stages[0].id,
    "touchpoint_id": lambda w: w.journey.touchpoints[0].id,
    "persona_id": lambda w: w.persona.id,
    "membership_id": lambda w: w.membership.id,
    "organisation_id": lambda w: w.organisation.id,
    "template_key": lambda w: "advocacy-nps",
    "point_id": lambda w: _pain_point(w).id,
    "link_id": lambda w: _share_link(w)[0].id,
    "lane_id": lambda w: _canvas_lane(w).id,
    "token": lambda w: _share_link(w)[1],
    "endpoint_id": lambda w: _webhook_endpoint(w).id,
    "key_id": lambda w: _api_key(w).id,
    "asset_name": lambda w: "swagger-ui.css",
}


def _api_key(world: World) -> ApiKey:
    """A live API key of the world's organisation."""
    key, _token = accounts.create_api_key(world.session, world.organisation, "matrix", ["read"])
    world.session.commit()
    return key


def _pain_point(world: World) -> PainPoint:
    """A pain point on the world's journey (rollups find them; the matrix needs one to name)."""
    stage = world.journey.touchpoints[0].stage_id or world.journey.stages[0].id
    point = PainPoint(
        journey_id=world.journey.id, stage_id=stage, touchpoint_id=world.journey.touchpoints[0].id
    )
    world.session.add(point)
    world.session.commit()
    return point


def _webhook_endpoint(world: World) -> WebhookEndpoint:
    """A webhook endpoint of the world's organisation."""
    endpoint = webhooks.create_endpoint(
        world.session, world.organisation.id, "https://hooks.example/in", ["alert.raised"]
    )
    world.session.commit()
    return endpoint


def _canvas_lane(world: World) -> CanvasLane:
    """A lane of the team's own on the world's journey map."""
    lane = canvas.add_lane(world.session, world.journey, "Backstage")
    world.session.commit()
    return lane


def _share_link(world: World) -> tuple[ShareLink, str]:
    """A live share link to the world's journey map, and its token."""
    link, token = sharing.create_link(world.session, world.journey)
    world.session.commit()
    return link, token


def _routes(app: Flask) -> list[Rule]:
    return [r for r in app.url_map.iter_rules() if r.endpoint != "static"]


def rules_without_access(app: Flask) -> list[str]:
    """Endpoints registered without an ``access`` rule."""
    return sorted(
        {
            r.endpoint
            for r in _routes(app)
            if access_level_of(app.view_functions[r.endpoint]) is None
        }
    )


def _methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def _url(app: Flask, rule: Rule, world: World) -> str:
    missing = sorted(set(rule.arguments) - set(ARGUMENTS))
    assert not missing, f"{rule.rule}: add a value for {missing} to ARGUMENTS"
    values = {name: ARGUMENTS[name](world) for name in rule.arguments}
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def _send(client: FlaskClient, method: str, url: str) -> Any:
    if url.startswith("/api/"):
        return client.open(url, method=method, json={})
    return client.open(url, method=method, data={})


def _refused_as_anonymous(reply: Any, url: str) -> bool:
    if url.startswith("/api/"):
        return reply.status_code == 401 and reply.is_json
    return reply.status_code == 302 and reply.location.startswith("/login")


def _let_through(reply: Any) -> bool:
    login_redirect = reply.status_code == 302 and reply.location.startswith("/login")
    return reply.status_code not in (401, 403, 404) and not login_redirect


@dataclass
class Cast:
    """Signed-in clients: each role of the own organisation and of another one."""

    app: Flask
    own: Organisation
    other: Organisation
    own_users: dict[str, User]
    other_users: dict[str, User]
    clients: dict[tuple[str, str], FlaskClient]
    anonymous: FlaskClient

    def world(self) -> World:
        """A fresh set of the own organisation's things (a POST may have changed the last one)."""
        return World(db.session(), self.own, self.own_users["admin"])


@pytest.fixture
def cast(database_url: str) -> Iterator[Cast]:
    """The app with CSRF off (this test is about access, not forms) and one client per cell."""
    app = make_app(database_url, WTF_CSRF_ENABLED=False)
    with app.app_context():
        session = db.session()
        own, other = make_organisation(session), make_organisation(session)
        own_users = {role: make_user(session, role, own) for role in ROLES}
        other_users = {role: make_user(session, role, other) for role in ROLES}
        session.commit()
        clients = {}
        for where, users in (("own", own_users), ("other", other_users)):
            for role, user in users.items():
                client = app.test_client()
                login(client, user)
                clients[(where, role)] = client
        yield Cast(app, own, other, own_users, other_users, clients, app.test_client())
        db.session.remove()
        db.engine.dispose()


def test_every_route_carries_an_access_rule(app: Flask) -> None:
    assert rules_without_access(app) == []
    assert {access_level_of(app.view_functions[r.endpoint]) for r in _routes(app)} <= set(LEVELS)


def test_a_route_without_a_rule_is_caught_and_refused(app: Flask) -> None:
    def forgotten() -> str:
        return "secret"

    app.add_url_rule("/forgotten", "forgotten", forgotten)
    assert rules_without_access(app) == ["forgotten"]
    assert app.test_client().get("/forgotten").status_code == 403  # fail closed meanwhile


# What anyone may open: the hosted survey, the public API, the widget, health, signing in and out,
# and a map shared by its unguessable link. Anything else marked public fails the test below.
PUBLIC_ENDPOINTS = (
    "answer.",
    "api.",
    "api_docs.",
    "embed.",
    "auth.login",
    "auth.logout",
    "home.health",
    "map_share.shared_map",
)


def test_public_endpoints_are_the_ones_meant_to_be(app: Flask) -> None:
    public = {
        r.endpoint
        for r in _routes(app)
        if access_level_of(app.view_functions[r.endpoint]) == "public"
    }
    assert public and all(e.startswith(PUBLIC_ENDPOINTS) for e in public), public


@pytest.mark.slow
def test_access_matrix(cast: Cast) -> None:
    app = cast.app
    failures: list[str] = []
    # Signing out ends every client's session, so it goes last.
    for rule in sorted(_routes(app), key=lambda r: r.endpoint == "auth.logout"):
        level = access_level_of(app.view_functions[rule.endpoint])
        if level in KEY_LEVELS:
            continue  # the keyed API: test_api_key_matrix
        missing = sorted(set(rule.arguments) - set(ARGUMENTS))
        if missing:
            failures.append(f"{rule.rule}: add a value for {missing} to ARGUMENTS")
            continue
        for method in _methods(rule):
            cell = f"{method} {rule.rule} ({level})"
            world = cast.world()
            url = _url(app, rule, world)
            if level == "public":
                for client in (cast.anonymous, *cast.clients.values()):
                    if _send(client, method, url).status_code in (401, 403):
                        failures.append(f"{cell}: public route refused")
                continue
            if not _refused_as_anonymous(_send(cast.anonymous, method, url), url):
                failures.append(f"{cell}: anonymous not sent to login / 401")
            needed = ROLES.index(str(level))
            for role in ROLES:
                for where in ("own", "other"):
                    client = cast.clients[(where, role)]
                    if ROLES.index(role) < needed:
                        reply = _send(client, method, url)
                        if reply.status_code != 403:
                            failures.append(f"{cell}: {where} {role} got {reply.status_code}")
                        continue
                    if where == "other":
                        reply = _send(client, method, url)
                        if rule.arguments:
                            if reply.status_code != 404:
                                failures.append(f"{cell}: other {role} got {reply.status_code}")
                        elif world.journey.name in reply.get_data(as_text=True):
                            failures.append(f"{cell}: other {role} saw this organisation's data")
                        continue
                    world = cast.world() if method != "GET" else world
                    url = _url(app, rule, world)
                    reply = _send(client, method, url)
                    if not _let_through(reply):
                        failures.append(f"{cell}: own {role} refused with {reply.status_code}")
    assert failures == [], "\n".join(failures)


def test_signing_in_lands_on_the_page_asked_for(client: FlaskClient, session: Session) -> None:
    user = make_user(session, "viewer")
    journey = make_journey(session, organisation=user.memberships[0].organisation)
    asked = f"/journeys/{journey.slug}/map"
    refused = client.get(asked)
    assert refused.status_code == 302 and refused.location.startswith("/login?next=")
    login(client, user)
    assert client.get(asked).status_code == 200


def test_a_wrong_password_keeps_the_email_and_signs_nobody_in(
    client: FlaskClient, session: Session
) -> None:
    user = make_user(session, "viewer", email=f"pat-{uuid.uuid4().hex[:6]}@example.com")
    session.commit()

    token = csrf_token(client.get("/login").text)
    reply = client.post(
        "/login", data={"email": user.email, "password": "nope", "csrf_token": token}
    )
    assert reply.status_code == 422
    assert "do not match" in reply.text and f'value="{user.email}"' in reply.text
    assert client.get("/").status_code == 302


def test_login_refuses_to_redirect_off_site(client: FlaskClient, session: Session) -> None:
    user = make_user(session, "viewer")
    session.commit()
    from tests.conftest import PASSWORD

    token = csrf_token(client.get("/login").text)
    reply = client.post(
        "/login?next=//evil.example/x",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert reply.status_code == 302 and reply.location == "/"


def test_password_guessing_is_slowed_down(database_url: str) -> None:
    app = make_app(database_url, LOGIN_RATE_LIMIT="3 per minute")
    with app.app_context():
        client = app.test_client()
        token = csrf_token(client.get("/login").text)
        codes = [
            client.post(
                "/login", data={"email": "x@example.com", "password": "guess", "csrf_token": token}
            ).status_code
            for _ in range(4)
        ]
        assert codes == [422, 422, 422, 429]
        db.session.remove()
        db.engine.dispose()


def test_session_cookie_is_httponly_and_samesite(client: FlaskClient, session: Session) -> None:
    user = make_user(session, "viewer")
    session.commit()
    from tests.conftest import PASSWORD

    token = csrf_token(client.get("/login").text)
    reply = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    cookie = reply.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    secure_app = make_app("sqlite://", SESSION_COOKIE_SECURE=True)
    assert secure_app.config["SESSION_COOKIE_SECURE"] is True


# The results pages (issue 15): viewers read the summary and the responses; researchers export
# and erase. Pinned here so a rule loosened by mistake fails by name, not only in the matrix.
RESULTS_LEVELS = {
    "results.summary": "viewer",
    "results.inbox": "viewer",
    "results.response": "viewer",
    "results.answer_file": "viewer",
    "results.export_csv": "researcher",
    "results.export_xlsx": "researcher",
    "results.export_jsonl": "researcher",
    "results.export_dictionary": "researcher",
    "results.erase_response": "researcher",
    "results.erase_matching": "researcher",
}


def test_results_routes_carry_the_levels_the_issue_names(app: Flask) -> None:
    found = {
        r.endpoint: access_level_of(app.view_functions[r.endpoint])
        for r in _routes(app)
        if r.endpoint.startswith("results.")
    }
    assert found == RESULTS_LEVELS


@dataclass
class KeyCast:
    """API keys of every scope, of the own organisation and of another one."""

    app: Flask
    own: Organisation
    admin: User
    keys: dict[tuple[str, ApiScope], str]

    def world(self) -> World:
        """A fresh set of the own organisation's things."""
        return World(db.session(), self.own, self.admin)


@pytest.fixture
def key_cast(database_url: str) -> Iterator[KeyCast]:
    """One key per scope and organisation; limits out of the way (this test is about access)."""
    app = make_app(database_url, WTF_CSRF_ENABLED=False, API_KEY_RATE_LIMIT="100000 per minute")
    with app.app_context():
        session = db.session()
        own, other = make_organisation(session), make_organisation(session)
        admin = make_user(session, "admin", own)
        keys = {
            (where, scope): make_api_key(session, organisation, scope)
            for where, organisation in (("own", own), ("other", other))
            for scope in ApiScope
        }
        yield KeyCast(app, own, admin, keys)
        db.session.remove()
        db.engine.dispose()


def _send_with(client: FlaskClient, method: str, url: str, token: str | None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.open(url, method=method, json={}, headers=headers)


def _level(app: Flask, rule: Rule) -> str | None:
    return access_level_of(app.view_functions[rule.endpoint])


def _shows(reply: Any, world: World) -> bool:
    text = reply.get_data(as_text=True)
    return world.journey.name in text or world.journey.slug in text


def test_api_key_matrix(key_cast: KeyCast) -> None:
    """Keyed routes × every scope × own/other organisation; and keys on the answering routes."""
    app, failures = key_cast.app, []
    client = app.test_client()
    signed_in = app.test_client()
    login(signed_in, key_cast.admin)
    keyed = [
        r for r in _routes(app) if access_level_of(app.view_functions[r.endpoint]) in KEY_LEVELS
    ]
    assert keyed, "no keyed routes found"
    for rule in keyed:
        needed = ApiScope(str(access_level_of(app.view_functions[rule.endpoint]))[len("key:") :])
        for method in _methods(rule):
            cell = f"{method} {rule.rule} ({needed})"
            world = key_cast.world()
            url = _url(app, rule, world)
            for who, reply in (
                ("anonymous", _send_with(client, method, url, None)),
                ("a signed-in admin without a key", _send_with(signed_in, method, url, None)),
            ):
                if reply.status_code != 401 or not reply.is_json:
                    failures.append(f"{cell}: {who} got {reply.status_code}")
            for scope in ApiScope:
                own = _send_with(client, method, url, key_cast.keys[("own", scope)])
                other = _send_with(client, method, url, key_cast.keys[("other", scope)])
                if scope != needed:
                    for where, reply in (("own", own), ("other", other)):
                        if reply.status_code != 403:
                            failures.append(f"{cell}: {where} {scope} key got {reply.status_code}")
                    continue
                if not _let_through(own):
                    failures.append(f"{cell}: own {scope} key refused with {own.status_code}")
                if rule.arguments and other.status_code != 404:
                    failures.append(f"{cell}: other {scope} key got {other.status_code}")
                if not rule.arguments and _shows(other, world):
                    failures.append(f"{cell}: other {scope} key saw this organisation's data")
    answering = [r for r in _routes(app) if r.endpoint.startswith("api.") and r.arguments]
    for rule in answering:
        for method in _methods(rule):
            cell = f"{method} {rule.rule} (answering)"
            world = key_cast.world()
            url = _url(app, rule, world)
            writes = method in ("POST", "PATCH")
            for scope in ApiScope:
                own = _send_with(client, method, url, key_cast.keys[("own", scope)])
                if writes and scope != ApiScope.RESPONSES_WRITE:
                    if own.status_code != 403:
                        failures.append(f"{cell}: own {scope} key got {own.status_code}")
                elif not _let_through(own):
                    failures.append(f"{cell}: own {scope} key refused with {own.status_code}")
            other = _send_with(
                client, method, url, key_cast.keys[("other", ApiScope.RESPONSES_WRITE)]
            )
            if other.status_code != 404:
                failures.append(f"{cell}: other organisation's key got {other.status_code}")
    assert failures == [], "\n".join(failures)
