"""answering: response ids for API clients, partial/complete status, source; survey origins

Revision ID: 0002_answering
Revises: f49ca1b75a0d
Create Date: 2026-11-22 10:56:15

Existing responses become complete (completed_at = updated_at = created_at), came from the hosted
page, and get a random public id.

Only column additions and an index, so SQLite alters the tables in place: a batch *rebuild* would
drop and recreate `survey` and `response`, which foreign keys from existing rows (versions,
answers) forbid while `PRAGMA foreign_keys=ON`. Columns that must be NOT NULL are added with a
constant server default (SQLite requires one), backfilled, and on PostgreSQL the default is then
dropped; on SQLite the harmless constant default stays, since removing it needs a rebuild.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0002_answering"
down_revision = "f49ca1b75a0d"
branch_labels = None
depends_on = None


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _random_token_sql() -> str:
    """SQL giving each row its own unguessable public id, in the dialect being migrated."""
    if _is_postgresql():
        return "md5(random()::text || clock_timestamp()::text || id::text)"
    return "lower(hex(randomblob(16)))"


def upgrade():
    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("public_id", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("request_digest", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("source", sa.String(length=12), nullable=False, server_default="hosted")
        )
        batch_op.add_column(
            sa.Column("status", sa.String(length=12), nullable=False, server_default="complete")
        )
        batch_op.add_column(
            # A plain string, not sa.text(): Alembic rebuilds a SQLite table for SQL-expression
            # defaults, and a rebuild would cascade-delete the answers (see the docstring).
            sa.Column(
                "updated_at", sa.DateTime(), nullable=False, server_default="1970-01-01 00:00:00"
            )
        )
        batch_op.add_column(sa.Column("completed_at", sa.DateTime(), nullable=True))

    op.execute(
        f"UPDATE response SET public_id = {_random_token_sql()}, "
        "updated_at = created_at, completed_at = created_at"
    )

    with op.batch_alter_table("response", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_response_public_id"), ["public_id"], unique=True)

    with op.batch_alter_table("survey", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("allowed_origins", sa.JSON(), nullable=False, server_default="[]")
        )

    if _is_postgresql():
        for table, column in [
            ("response", "public_id"),
            ("response", "source"),
            ("response", "status"),
            ("response", "updated_at"),
            ("survey", "allowed_origins"),
        ]:
            op.alter_column(table, column, server_default=None)


def downgrade():
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35+) rather than a batch rebuild: dropping and
    # recreating `response` would cascade-delete every answer while foreign keys are on.
    op.drop_column("survey", "allowed_origins")
    op.drop_index(op.f("ix_response_public_id"), table_name="response")
    for column in ("completed_at", "updated_at", "status", "source", "request_digest", "public_id"):
        op.drop_column("response", column)
