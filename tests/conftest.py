"""Fixtures: the app on a real migrated SQLite file or a real PostgreSQL, sessions, factories."""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

import journeys
import surveys
from app import create_app
from app.extensions import db
from demo import seed_demo
from surveys import accounts
from surveys.models import Journey, Organisation, Survey, User
from tests import pg

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# pytest-xdist's worker name ("gw0", …), so databases named per session never collide on a shared
# server (TEST_DATABASE_URL); "main" when the tests run in one process.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")

Seed = Callable[[Session], object]
"""Fills a migrated database with what a module's tests read (see ``database_seed``)."""


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two workers more than the usable cores. Many tests spend seconds waiting on
    another process (gunicorn, a scheduler, Chromium, node), and the extra workers keep the cores
    busy meanwhile (the whole suite on two quiet cores: 470 s with two workers, 446 s with three;
    later, with the suite grown, 450 s with three and 419 s with four).
    """
    return len(os.sched_getaffinity(0)) + 2


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the slow tests first (each keeps its order): with parallel workers the many quick
    tests then fill in around them, instead of one worker running a long test alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


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


def _seed(uri: str, seed: Seed) -> None:
    """Run ``seed`` on the database at ``uri`` and commit."""
    app = make_app(uri)
    with app.app_context():
        seed(db.session)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def _admin(cluster: pg.Cluster, sql: str) -> None:
    """Run one statement (CREATE or DROP DATABASE) on the cluster's admin database."""
    admin = create_engine(cluster.url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(sql))
    finally:
        admin.dispose()


def _pg_url(cluster: pg.Cluster, name: str) -> str:
    return cluster.url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="session")
def pg_template(pg_cluster: pg.Cluster) -> str:
    """The name of a migrated template database to clone per test."""
    name = f"jm_template_{WORKER}"
    _admin(pg_cluster, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _admin(pg_cluster, f"CREATE DATABASE {name}")
    migrate(_pg_url(pg_cluster, name))
    return name


def new_pg_database(cluster: pg.Cluster, template: str | None = None) -> str:
    """Create a fresh database (optionally cloned from ``template``) and return its URL."""
    name = f"jm_{uuid.uuid4().hex[:12]}"
    _admin(cluster, f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    return _pg_url(cluster, name)


def drop_pg_database(cluster: pg.Cluster, url: str) -> None:
    """Drop the database at ``url``, ending any connection a test or its processes left open."""
    _admin(cluster, f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


@contextmanager
def pg_database(cluster: pg.Cluster, template: str | None = None) -> Iterator[str]:
    """A fresh database for the ``with`` block (see ``new_pg_database``), dropped after it."""
    url = new_pg_database(cluster, template)
    try:
        yield url
    finally:
        drop_pg_database(cluster, url)


@pytest.fixture
def database_seed() -> Seed | None:
    """What a test's database holds before the test: nothing but the schema.

    A module whose tests read the same costly data overrides this with a ``Seed``: that data is
    then built once per test process (xdist worker) and database kind, and each test gets its
    own copy of it.
    """
    return None


def seed_demo_map(session: Session) -> None:
    """The demo journey with 600 scored answers, rolled up (its pain points found)."""
    assert seed_demo(session, answers=600) is not None
    journeys.rollup(session, min_answers=30)


@pytest.fixture(scope="session")
def seeded_sqlite(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[Seed], Path]:
    """The migrated SQLite file holding a seed's data, built on first use."""
    built: dict[Seed, Path] = {}

    def template(seed: Seed) -> Path:
        if seed not in built:
            path = tmp_path_factory.mktemp("seeded") / "template.db"
            shutil.copy(sqlite_template, path)
            _seed(f"sqlite:///{path}", seed)
            built[seed] = path
        return built[seed]

    return template


@pytest.fixture(scope="session")
def seeded_pg(pg_cluster: pg.Cluster, pg_template: str) -> Iterator[Callable[[Seed], str]]:
    """The name of a PostgreSQL template database holding a seed's data, built on first use."""
    built: dict[Seed, str] = {}

    def template(seed: Seed) -> str:
        if seed not in built:
            built[seed] = new_pg_database(pg_cluster, pg_template)
            _seed(built[seed], seed)
        return built[seed].rsplit("/", 1)[1]

    yield template
    for url in built.values():
        drop_pg_database(pg_cluster, url)


@pytest.fixture
def sqlite_url(
    request: pytest.FixtureRequest,
    sqlite_template: Path,
    database_seed: Seed | None,
    tmp_path: Path,
) -> str:
    """A real SQLite file, migrated (and seeded, see ``database_seed``), private to this test."""
    source = sqlite_template
    if database_seed is not None:
        source = request.getfixturevalue("seeded_sqlite")(database_seed)
    path = tmp_path / "journeymap.db"
    shutil.copy(source, path)
    return f"sqlite:///{path}"


@pytest.fixture
def pg_url(
    request: pytest.FixtureRequest,
    pg_cluster: pg.Cluster,
    pg_template: str,
    database_seed: Seed | None,
) -> Iterator[str]:
    """A real PostgreSQL database, migrated (and seeded), private to this test, dropped after."""
    template = pg_template
    if database_seed is not None:
        template = request.getfixturevalue("seeded_pg")(database_seed)
    with pg_database(pg_cluster, template) as url:
        yield url


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


def make_api_key(session: Session, organisation: Organisation, *scopes: str) -> str:
    """A live API key of ``organisation`` holding ``scopes``; returns its secret (committed)."""
    _key, token = accounts.create_api_key(session, organisation, "test key", scopes)
    session.commit()
    return token


def bearer(token: str) -> dict[str, str]:
    """The header carrying an API key."""
    return {"Authorization": f"Bearer {token}"}


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
    extra: Sequence[surveys.QuestionSpec] = (),
) -> Survey:
    """A published survey with a required 1–5 rating (q1) and an optional free text (q2), then
    the ``extra`` questions (q3…)."""
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
            *extra,
        ],
    )
    if publish:
        surveys.publish(session, survey)
    return survey
