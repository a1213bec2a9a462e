"""The Flask shell: ``create_app`` wires configuration, extensions, blueprints, CLI and errors."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, abort, g, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from app import body_limit, security
from app.config import PROJECT_ROOT, defaults, secret_key
from app.extensions import csrf, db, db_session, limiter, login, migrate
from surveys.hidden_fields import HONEYPOT


def _tune_sqlite(engine: Engine) -> None:
    """Foreign keys on, WAL so readers never block the writer, and a wait instead of 'locked'."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _init_login(app: Flask) -> None:
    """Flask-Login: users load from the database; anonymous visitors go to the login page."""
    from surveys import accounts
    from surveys.models import User

    login.init_app(app)
    login.login_view = "auth.login"
    login.login_message = "Please sign in to continue."
    # "basic": the session is marked non-fresh when the client's fingerprint changes.
    login.session_protection = "basic"

    @app.before_request
    def _forget_previous_user() -> None:
        # Flask-Login caches the user on g, and Flask-WTF the CSRF token; g lives as long as the
        # app context, which may span several requests (a test or CLI holding one), and signing
        # in replaces the session: each request loads its own user and token.
        g.pop("_login_user", None)
        g.pop(app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)

    def _load_user(session_id: str) -> User | None:
        # On every request: a session whose stamp was replaced (sign-out, new password) is over.
        return accounts.user_of_session(db_session(), session_id)

    # A call, not a decorator: Flask-Login ships no types, and its decorator would leave the
    # loader untyped.
    login.user_loader(_load_user)


def _refuse_views_without_rule(app: Flask, rule_of: Any) -> None:
    """Fail closed: a view registered without an ``access`` rule answers 403 to everyone."""

    @app.before_request
    def _require_rule() -> None:
        endpoint = request.endpoint
        if endpoint is None or endpoint == "static":
            return
        if rule_of(app.view_functions.get(endpoint)) is None:
            abort(403)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application; ``config`` overrides everything else (tests pass their database)."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.update(defaults())
    app.config.from_prefixed_env()
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key()
    if proxies := int(app.config.get("TRUSTED_PROXIES") or 0):
        # Only as many hops as are configured: a client's own X-Forwarded-For beyond them is
        # ignored, so nobody escapes a rate limit by inventing an address. X-Forwarded-Host is
        # not believed: proxies pass the Host header on, and one that does not set the
        # forwarded header would let a client choose the host of links the app writes.
        # Flask's documented way to wrap its WSGI app in middleware; mypy sees a method assigned.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0
        )
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:///:memory:"):
        PROJECT_ROOT.joinpath("instance").mkdir(exist_ok=True)

    # The spam trap's name, for the answer pages' macro (the views check the same name).
    app.jinja_env.globals["HONEYPOT"] = HONEYPOT
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(PROJECT_ROOT / "migrations"),
        render_as_batch=uri.startswith("sqlite"),
        compare_type=True,
    )
    body_limit.register(app)  # first: before any other hook reads a body
    security.register(app)
    csrf.init_app(app)
    limiter.init_app(app)
    _init_login(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _tune_sqlite(db.engine)

    from app import access, api, cli, embed, errors, params, web

    params.register(app)  # bounded <int:…> ids, before any route is added
    web.register(app)
    api.register(app)
    embed.register(app)
    errors.register(app)
    cli.register(app)
    _refuse_views_without_rule(app, access.access_level_of)
    if not app.debug:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    return app
