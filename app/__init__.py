"""The Flask shell: ``create_app`` wires configuration, extensions, blueprints, CLI and errors."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.config import PROJECT_ROOT, defaults, secret_key
from app.extensions import csrf, db, limiter, migrate


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
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:///:memory:"):
        PROJECT_ROOT.joinpath("instance").mkdir(exist_ok=True)

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(PROJECT_ROOT / "migrations"),
        render_as_batch=uri.startswith("sqlite"),
        compare_type=True,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _tune_sqlite(db.engine)

    from app import api, cli, embed, errors, web

    web.register(app)
    api.register(app)
    embed.register(app)
    errors.register(app)
    cli.register(app)
    if not app.debug:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    return app
