"""Security headers on every HTML page: a CSP that runs no inline script unless nonced, framing
refused except where a page is meant to be framed (the widget's frame, by the survey's allowed
origins), X-Frame-Options to match, Referrer-Policy and X-Content-Type-Options.

The walk sends every route in the URL map every method it takes, signed in and anonymous, and
checks every HTML reply it gets — pages, redirects' bodies aside, error pages and refusals too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, render_template_string, url_for
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from app.access import access
from app.extensions import db
from tests.conftest import login, make_app, make_organisation, make_user
from tests.test_access_matrix import ARGUMENTS, World

SHOP = "https://shop.example"
# Pages other sites may frame, and by whom: the widget's frame, by the survey's allowed origins.
# The widget's frame and its next pages (a resume link opened in the frame, or its refusal).
FRAMED_ELSEWHERE = {"embed.frame": f"'self' {SHOP}", "embed.resume": f"'self' {SHOP}"}
# Pages the app itself may frame (same origin only, so no other site can overlay them).
SAME_ORIGIN_ONLY = ("answer.", "maps.", "map_team.", "map_share.", "share.")


def _directives(policy: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in policy.split(";") if part.strip())
    return {words[0]: words[1] if len(words) > 1 else "" for words in parts}


def header_problems(endpoint: str, reply: Any) -> list[str]:
    """What is wrong with the security headers of one HTML reply of ``endpoint``."""
    problems: list[str] = []
    headers = reply.headers
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if not headers.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    policy = headers.get("Content-Security-Policy")
    if not policy:
        return [*problems, "no Content-Security-Policy"]
    directives = _directives(policy)
    scripts = directives.get("script-src", directives.get("default-src", "*")).split()
    if "'unsafe-inline'" in scripts or "*" in scripts or "'unsafe-eval'" in scripts:
        problems.append(f"script-src lets any script run: {scripts}")
    if "base-uri" not in directives and "'none'" not in directives.get("default-src", ""):
        problems.append("no base-uri")
    ancestors = directives.get("frame-ancestors")
    if endpoint in FRAMED_ELSEWHERE:
        expected = FRAMED_ELSEWHERE[endpoint]
        if ancestors != expected:
            problems.append(f"frame-ancestors {ancestors!r}, expected {expected!r}")
        elif "X-Frame-Options" in headers:
            problems.append("X-Frame-Options would keep the listed origins from framing it")
        return problems
    allowed = ("'none'", "'self'") if endpoint.startswith(SAME_ORIGIN_ONLY) else ("'none'",)
    if ancestors not in allowed:
        problems.append(f"frame-ancestors {ancestors!r}, expected one of {allowed}")
    expected_option = {"'none'": "DENY", "'self'": "SAMEORIGIN"}.get(ancestors or "")
    if headers.get("X-Frame-Options") != expected_option:
        problems.append(f"X-Frame-Options {headers.get('X-Frame-Options')!r}")
    return problems


@pytest.fixture
def walk(database_url: str) -> Iterator[tuple[Flask, World, dict[str, FlaskClient]]]:
    """The app (CSRF on, as in production: its refusals are pages too), one organisation's
    things — the survey lists an origin allowed to frame it — and an admin's and a stranger's
    clients."""
    app = make_app(database_url)
    with app.app_context():
        session = db.session()
        organisation = make_organisation(session)
        admin = make_user(session, "admin", organisation)
        world = World(session, organisation, admin)
        world.survey.allowed_origins = [SHOP]
        session.commit()
        admin_client = app.test_client()
        login(admin_client, admin)
        yield app, world, {"admin": admin_client, "anonymous": app.test_client()}
        db.session.remove()
        db.engine.dispose()


def _url(app: Flask, rule: Rule, world: World) -> str:
    missing = sorted(set(rule.arguments) - set(ARGUMENTS))
    assert not missing, f"{rule.rule}: add a value for {missing} to ARGUMENTS in test_access_matrix"
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: ARGUMENTS[name](world) for name in rule.arguments})


def test_every_html_page_of_every_route_carries_the_security_headers(
    walk: tuple[Flask, World, dict[str, FlaskClient]],
) -> None:
    app, world, clients = walk
    failures: list[str] = []
    html_replies: dict[str, set[int]] = {}
    # Signing out ends the admin's session, so it goes last.
    rules = sorted(
        (r for r in app.url_map.iter_rules() if r.endpoint != "static"),
        key=lambda r: (r.endpoint == "auth.logout", r.endpoint),
    )
    for rule in rules:
        url = _url(app, rule, world)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            for who, client in clients.items():
                reply = client.open(url, method=method, data={})
                if reply.mimetype != "text/html":
                    continue
                html_replies.setdefault(rule.endpoint, set()).add(reply.status_code)
                for problem in header_problems(rule.endpoint, reply):
                    failures.append(f"{method} {url} ({who}, {reply.status_code}): {problem}")
    assert failures == [], "\n".join(failures)
    # The walk reached the pages the finding named, as pages (200), not only as refusals.
    for endpoint in (
        "auth.login",
        "home.index",
        "organisation.members",
        "design.edit",
        "journey_structure.show",
        "embed.frame",
        "answer.answer",
        "maps.show",
    ):
        assert 200 in html_replies.get(endpoint, set()), (endpoint, html_replies.get(endpoint))


def test_error_pages_carry_the_headers_too(client: FlaskClient) -> None:
    for reply in (client.get("/no-such-page"), client.put("/login")):
        assert reply.status_code in (404, 405) and reply.mimetype == "text/html"
        assert header_problems("errors", reply) == []


def test_each_request_gets_its_own_nonce_and_only_nonced_inline_script_may_run(
    app: Flask,
) -> None:
    @access("public")
    def inline() -> str:
        return render_template_string('<script nonce="{{ csp_nonce() }}">go()</script>')

    app.add_url_rule("/inline", "inline", inline)
    client = app.test_client()
    nonces = []
    for _ in range(2):
        reply = client.get("/inline")
        policy = _directives(reply.headers["Content-Security-Policy"])
        sent = re.search(r'nonce="([^"]+)"', reply.text)
        assert sent is not None
        assert f"'nonce-{sent.group(1)}'" in policy["script-src"].split()
        assert "'unsafe-inline'" not in policy["script-src"]
        nonces.append(sent.group(1))
    assert nonces[0] != nonces[1] and len(nonces[0]) >= 22


def test_json_and_files_are_not_sniffed(client: FlaskClient) -> None:
    for reply in (client.get("/healthz"), client.get("/embed.js")):
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
