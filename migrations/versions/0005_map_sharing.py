"""map sharing: read-only share links to a journey's map (token digest, expiry, revocation)

Revision ID: 0005_map_sharing
Revises: 0004_accounts
Create Date: 2026-11-23 10:00:00

Only creates a table, so SQLite needs no rebuild of any referenced table.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0005_map_sharing"
down_revision = "0004_accounts"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "map_share_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sa.Integer(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("created_by", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["journey_id"],
            ["journey.id"],
            name=op.f("fk_map_share_link_journey_id_journey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_map_share_link")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_map_share_link_token_digest")),
    )
    op.create_index(
        op.f("ix_map_share_link_journey_id"), "map_share_link", ["journey_id"], unique=False
    )


def downgrade():
    op.drop_index(op.f("ix_map_share_link_journey_id"), table_name="map_share_link")
    op.drop_table("map_share_link")
