"""accounts: organisations, users, memberships with roles; journeys belong to an organisation

Revision ID: 0004_accounts
Revises: 0003_rollups
Create Date: 2026-11-23 09:00:00

Existing journeys move into a new "Default organisation" (created only when there are journeys),
and journey slugs become unique per organisation instead of globally.

On SQLite the slug's UNIQUE constraint is part of `journey`'s CREATE TABLE, so changing it needs a
table rebuild. Dropping `journey` while `PRAGMA foreign_keys=ON` would cascade-delete every
stage, survey and response, so the rebuild runs with foreign keys off (the pragma only takes
effect outside a transaction, hence the commit first) and checks them before turning them on.
PostgreSQL alters the table in place.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004_accounts"
down_revision = "0003_rollups"
branch_labels = None
depends_on = None


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _foreign_keys(enabled: bool) -> None:
    """Switch SQLite's foreign-key enforcement; a no-op on other databases."""
    if not _is_sqlite():
        return
    raw = op.get_bind().connection.dbapi_connection
    raw.commit()  # PRAGMA foreign_keys is ignored inside a transaction
    raw.execute(f"PRAGMA foreign_keys={'ON' if enabled else 'OFF'}")
    if enabled:
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"foreign keys broken by the journey rebuild: {broken[:5]}")


def _rebuild() -> str:
    # SQLite needs a rebuild for constraint changes; PostgreSQL must never rebuild.
    return "always" if _is_sqlite() else "auto"


def upgrade():
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("slug", name=op.f("uq_organisation_slug")),
    )
    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("email", name=op.f("uq_user_account_email")),
    )
    op.create_table(
        "membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_membership_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_membership_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership")),
        sa.UniqueConstraint(
            "organisation_id", "user_id", name=op.f("uq_membership_organisation_id_user_id")
        ),
    )

    bind = op.get_bind()
    has_journeys = bind.execute(sa.text("SELECT count(*) FROM journey")).scalar() > 0
    if has_journeys:
        bind.execute(
            sa.text(
                "INSERT INTO organisation (slug, name, created_at) "
                "VALUES ('default', 'Default organisation', CURRENT_TIMESTAMP)"
            )
        )

    _foreign_keys(False)
    try:
        with op.batch_alter_table("journey", recreate=_rebuild()) as batch_op:
            batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
            batch_op.drop_constraint("uq_journey_slug", type_="unique")
            batch_op.create_unique_constraint(
                batch_op.f("uq_journey_organisation_id_slug"), ["organisation_id", "slug"]
            )
            batch_op.create_foreign_key(
                batch_op.f("fk_journey_organisation_id_organisation"),
                "organisation",
                ["organisation_id"],
                ["id"],
                ondelete="CASCADE",
            )
        if has_journeys:
            op.execute(
                "UPDATE journey SET organisation_id = "
                "(SELECT id FROM organisation WHERE slug = 'default')"
            )
        with op.batch_alter_table("journey", recreate=_rebuild()) as batch_op:
            batch_op.alter_column("organisation_id", existing_type=sa.Integer(), nullable=False)
    finally:
        _foreign_keys(True)


def downgrade():
    # Slugs were global before: a downgrade with the same slug in two organisations fails here,
    # loudly, instead of merging two teams' journeys.
    _foreign_keys(False)
    try:
        with op.batch_alter_table("journey", recreate=_rebuild()) as batch_op:
            batch_op.drop_constraint(
                "fk_journey_organisation_id_organisation", type_="foreignkey"
            )
            batch_op.drop_constraint("uq_journey_organisation_id_slug", type_="unique")
            batch_op.create_unique_constraint(batch_op.f("uq_journey_slug"), ["slug"])
            batch_op.drop_column("organisation_id")
    finally:
        _foreign_keys(True)
    op.drop_table("membership")
    op.drop_table("user_account")
    op.drop_table("organisation")
