"""idempotency per survey: a client key names one response per survey, not per version

Revision ID: 0009_harden_idempotency
Revises: 0008_results_inbox
Create Date: 2026-12-06 15:00:00.000000

The unique constraint on (version_id, client_key) becomes one on (survey_id, client_key), so a
retry after a new version went live finds the response it retries instead of storing a second.
Responses that rule stored twice under one key (a retry after a new version, before this) all
stay; the earliest keeps the key and the later ones lose it, so the key names the first — the
response a client retrying it should get back.

SQLite keeps a table's constraints in its CREATE TABLE, so `response` is rebuilt (with foreign
keys off, see migrations/env.py: every answer stays); PostgreSQL alters the table in place.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "0009_harden_idempotency"
down_revision = "0008_results_inbox"
branch_labels = None
depends_on = None


def _swap(drop: str, create: str, columns: list[str]) -> None:
    """Replace unique constraint ``drop`` on response by ``create`` on ``columns``."""
    with op.batch_alter_table("response") as batch_op:
        batch_op.drop_constraint(drop, type_="unique")
        batch_op.create_unique_constraint(create, columns)


def upgrade():
    op.execute(
        "UPDATE response SET client_key = NULL WHERE client_key IS NOT NULL AND id NOT IN "
        "(SELECT min(id) FROM response WHERE client_key IS NOT NULL "
        "GROUP BY survey_id, client_key)"
    )
    _swap(
        "uq_response_version_id_client_key",
        "uq_response_survey_id_client_key",
        ["survey_id", "client_key"],
    )


def downgrade():
    _swap(
        "uq_response_survey_id_client_key",
        "uq_response_version_id_client_key",
        ["version_id", "client_key"],
    )
