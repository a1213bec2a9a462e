"""Migrations build the schema from nothing on SQLite and PostgreSQL, and match the models."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

import surveys
from app.extensions import db
from surveys import lifecycle
from surveys.models import Base
from surveys.questions import QuestionSpec
from tests import pg
from tests.conftest import make_app, make_survey, pg_database


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


#: Columns of the models added by migrations after 0008/0009 (table, definition).
LATER_COLUMNS = [
    ("survey_version", "pages JSON NOT NULL DEFAULT '[]'"),
    ("answer", "comment TEXT"),
    ("journey", "customer_field VARCHAR(40)"),
]


def _upgrade_keeps_responses(uri: str) -> None:
    """Responses stored before 0008/0009 (two under one key, on two versions) survive upgrading:
    every answer stays, each response names its survey, and the key names the first one."""
    app = make_app(uri)
    with app.app_context():
        upgrade(revision="0007_job_run_status")
        # The models are today's: lend the old schema the columns later migrations add, so the
        # ORM can write the old rows, and take them back before upgrading.
        for table, column in LATER_COLUMNS:
            db.session.execute(text(f"ALTER TABLE {table} ADD COLUMN {column}"))
        survey = make_survey(db.session)
        lifecycle.save_questions(db.session, survey, [QuestionSpec("rating", "Again?")])
        surveys.publish(db.session, survey)
        db.session.commit()
        rows = [
            (1, survey.versions[0], "k"),
            (2, survey.versions[1], "k"),
            (3, survey.versions[0], None),
        ]
        for response_id, version, key in rows:
            db.session.execute(
                text(
                    "INSERT INTO response (id, public_id, version_id, journey_id, stage_id,"
                    " touchpoint_id, channel, client_key, created_at, updated_at, meta, source,"
                    " status) VALUES (:id, :pid, :v, :j, :s, :t, 'web', :k, :at, :at, '{}',"
                    " 'api', 'complete')"
                ),
                {
                    "id": response_id, "pid": f"p{response_id}", "v": version.id, "k": key,
                    "j": survey.journey_id, "s": survey.stage_id, "t": survey.touchpoint_id,
                    "at": datetime(2026, 1, response_id),
                },
            )  # fmt: skip
            db.session.execute(
                text(
                    "INSERT INTO answer (response_id, question_id, value_number) VALUES (:r, :q, 3)"
                ),
                {"r": response_id, "q": version.questions[0].id},
            )
        db.session.commit()
        survey_id = survey.id
        for table, column in LATER_COLUMNS:
            db.session.execute(text(f"ALTER TABLE {table} DROP COLUMN {column.split()[0]}"))
        db.session.commit()
        db.session.remove()
        upgrade()
        stored = db.session.execute(
            text("SELECT id, survey_id, client_key FROM response ORDER BY id")
        ).all()
        assert [tuple(row) for row in stored] == [
            (1, survey_id, "k"),
            (2, survey_id, None),
            (3, survey_id, None),
        ]
        assert db.session.scalar(text("SELECT count(*) FROM answer")) == 3
        db.session.remove()
        db.engine.dispose()


def test_upgrading_a_sqlite_file_keeps_every_response_and_answer(tmp_path: Path) -> None:
    _upgrade_keeps_responses(f"sqlite:///{tmp_path / 'old.db'}")


@pytest.mark.postgres
def test_upgrading_a_postgresql_database_keeps_every_response_and_answer(
    pg_cluster: pg.Cluster,
) -> None:
    with pg_database(pg_cluster) as url:
        _upgrade_keeps_responses(url)


def _upgrade_gives_every_user_a_stamp(uri: str) -> None:
    """Users from before session stamps get one each (unguessable, not shared) and keep their
    memberships, although SQLite rebuilds the user table to make the column required."""
    app = make_app(uri)
    with app.app_context():
        upgrade(revision="0010_share_webhooks")
        db.session.execute(
            text("INSERT INTO organisation (id, slug, name, created_at) VALUES (1, 'o', 'O', :at)"),
            {"at": datetime(2026, 1, 1)},
        )
        for user_id in (1, 2):
            db.session.execute(
                text(
                    "INSERT INTO user_account (id, email, name, password_hash, active, created_at)"
                    " VALUES (:id, :email, '', 'x', :active, :at)"
                ),
                {"id": user_id, "email": f"u{user_id}@example.com", "active": True,
                 "at": datetime(2026, 1, 1)},
            )  # fmt: skip
            db.session.execute(
                text(
                    "INSERT INTO membership (organisation_id, user_id, role, created_at)"
                    " VALUES (1, :id, 'viewer', :at)"
                ),
                {"id": user_id, "at": datetime(2026, 1, 1)},
            )
        db.session.commit()
        db.session.remove()
        upgrade()
        stamps = db.session.scalars(text("SELECT session_stamp FROM user_account")).all()
        assert len(stamps) == 2 and len(set(stamps)) == 2
        assert all(len(stamp) == 32 for stamp in stamps)
        assert db.session.scalar(text("SELECT count(*) FROM membership")) == 2
        db.session.remove()
        db.engine.dispose()


def test_upgrading_a_sqlite_file_gives_every_user_a_session_stamp(tmp_path: Path) -> None:
    _upgrade_gives_every_user_a_stamp(f"sqlite:///{tmp_path / 'old.db'}")


@pytest.mark.postgres
def test_upgrading_a_postgresql_database_gives_every_user_a_session_stamp(
    pg_cluster: pg.Cluster,
) -> None:
    with pg_database(pg_cluster) as url:
        _upgrade_gives_every_user_a_stamp(url)
