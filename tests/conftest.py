"""Fixtures: the app on a real migrated SQLite file or a real PostgreSQL, sessions, factories."""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

import surveys
from app import create_app
from app.extensions import db
from surveys import accounts
from surveys.models import Journey, Organisation, Survey, User
from tests import pg

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def make_app(uri: str, **config: Any) -> Flask:
    """An app on ``uri`` with test settings (CSRF stays on: tests send real tokens)."""
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": uri,
            "TESTING": True,
            "SECRET_KEY": "test",
            "PAIN_POINT_MIN_ANSWERS": 5,
            # Every test signs in from the same address; the sign-in limit has its own test.
            "LOGIN_RATE_LIMIT": "10000 per minute",
            **config,
        }
    )


def migrate(uri: str) -> None:
    """Bring the database at ``uri`` to the newest migration."""
    app = make_app(uri)
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per session; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg.Cluster]:
    """A real PostgreSQL for the session; in CI its absence fails the run instead of skipping."""
    try:
        cluster = pg.start()
    except (RuntimeError, OSError) as error:
        message = f"PostgreSQL unavailable: {error}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: pg.Cluster) -> str:
    """The name of a migrated template database to clone per test."""
    admin = create_engine(pg_cluster.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS jm_template"))
        conn.execute(text("CREATE DATABASE jm_template"))
    admin.dispose()
    migrate(pg_cluster.url.rsplit("/", 1)[0] + "/jm_template")
    return "jm_template"


def new_pg_database(cluster: pg.Cluster, template: str | None = None) -> str:
    """Create a fresh database (optionally cloned from ``template``) and return its URL."""
    name = f"jm_{uuid.uuid4().hex[:12]}"
    admin = create_engine(cluster.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        clause = f" TEMPLATE {template}" if template else ""
        conn.execute(text(f"CREATE DATABASE {name}{clause}"))
    admin.dispose()
    return cluster.url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A real SQLite file, migrated, private to this test."""
    path = tmp_path / "journeymap.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def pg_url(pg_cluster: pg.Cluster, pg_template: str) -> str:
    """A real PostgreSQL database, migrated, private to this test."""
    return new_pg_database(pg_cluster, pg_template)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each test using this runs on SQLite and again on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """The application on a migrated database of the parametrised kind."""
    application = make_app(database_url)
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of ``app``."""
    return app.test_client()


@pytest.fixture
def session(app: Flask) -> Session:
    """The app's SQLAlchemy session (inside the app context the ``app`` fixture holds)."""
    return db.session()


@pytest.fixture
def researcher(session: Session) -> User:
    """A researcher of the default organisation (where ``make_journey`` puts journeys)."""
    return make_user(session, "researcher", accounts.default_organisation(session))


@pytest.fixture
def signed_in(client: FlaskClient, researcher: User) -> FlaskClient:
    """``client`` signed in as ``researcher``."""
    login(client, researcher)
    return client


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


PASSWORD = "correct horse battery"


def make_organisation(session: Session, name: str | None = None) -> Organisation:
    """An organisation (uniquely named unless ``name`` is given)."""
    return accounts.create_organisation(session, name or f"Org {uuid.uuid4().hex[:8]}")


def make_user(
    session: Session,
    role: str = "researcher",
    organisation: Organisation | None = None,
    *,
    email: str | None = None,
    password: str = PASSWORD,
) -> User:
    """A user with ``role`` in ``organisation`` (a new one unless given); password ``PASSWORD``."""
    user = accounts.create_user(
        session, email or f"{role}-{uuid.uuid4().hex[:8]}@example.com", password
    )
    accounts.add_member(session, organisation or make_organisation(session), user, role)
    return user


def login(client: FlaskClient, user: User, password: str = PASSWORD) -> None:
    """Sign ``user`` in through the real login form (commits first, so the server sees them)."""
    db.session.commit()
    page = client.get("/login")
    reply = client.post(
        "/login",
        data={"email": user.email, "password": password, "csrf_token": csrf_token(page.text)},
    )
    assert reply.status_code == 302, reply.text


def make_journey(
    session: Session, name: str | None = None, organisation: Organisation | None = None
) -> Journey:
    """A journey (uniquely named unless ``name`` is given) with default stages, two touchpoints.

    Without ``organisation`` it lands in the default organisation.
    """
    journey = surveys.create_journey(
        session, name or f"Journey {uuid.uuid4().hex[:8]}", organisation=organisation
    )
    surveys.add_touchpoint(
        session,
        journey,
        "Checkout page",
        channel="web",
        stage=surveys.stage_named(journey, "Purchase"),
    )
    surveys.add_touchpoint(
        session,
        journey,
        "Support call",
        channel="phone",
        stage=surveys.stage_named(journey, "Retention"),
    )
    return journey


def make_survey(
    session: Session,
    journey: Journey | None = None,
    *,
    stage: str = "Purchase",
    touchpoint: str = "Checkout page",
    publish: bool = True,
) -> Survey:
    """A published survey with a required 1–5 rating (q1) and an optional free text (q2)."""
    journey = journey or make_journey(session)
    survey = surveys.create_survey(
        session,
        journey,
        title=f"{touchpoint} feedback",
        stage=surveys.stage_named(journey, stage),
        touchpoint=next(t for t in journey.touchpoints if t.name == touchpoint),
        questions=[
            surveys.QuestionSpec("rating", "How satisfied are you?", required=True),
            surveys.QuestionSpec("free_text", "Why?"),
        ],
    )
    if publish:
        surveys.publish(session, survey)
    return survey
