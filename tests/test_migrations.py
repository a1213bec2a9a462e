"""Migrations build the schema from nothing on SQLite and PostgreSQL, and match the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.extensions import db
from surveys.models import Base
from tests import pg
from tests.conftest import make_app, pg_database


def _assert_migrations_match_models(uri: str) -> None:
    app = make_app(uri)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
            tables = set(inspect(conn).get_table_names())
        assert diff == [], f"models differ from migrations: {diff}"
        assert {
            "journey",
            "stage",
            "touchpoint",
            "persona",
            "survey",
            "question",
            "response",
            "answer",
            "text_score",
            "map_snapshot",
            "map_cell",
        } <= tables
        downgrade(revision="base")
        with db.engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_migrations_build_a_fresh_sqlite_file(tmp_path: Path) -> None:
    _assert_migrations_match_models(f"sqlite:///{tmp_path / 'fresh.db'}")


@pytest.mark.postgres
def test_migrations_build_a_fresh_postgresql_database(pg_cluster: pg.Cluster) -> None:
    with pg_database(pg_cluster) as url:
        _assert_migrations_match_models(url)
