"""api response feed: each response records the transaction that stored it

Revision ID: 0017_api_response_feed
Revises: 0016_api_keys
Create Date: 2026-12-06 15:30:00

The API pages responses by (storing transaction, id) up to the oldest running transaction, so a
response committed after a later-numbered one is never skipped (surveys/models/transactions.py).
Existing responses get the migration's own transaction, and keep their id order.
"""
import sqlalchemy as sa
from alembic import op

from surveys.models.transactions import WritingTransaction

# revision identifiers, used by Alembic.
revision = "0017_api_response_feed"
down_revision = "0016_api_keys"
branch_labels = None
depends_on = None


def upgrade():
    # ADD COLUMN: no table rebuild on SQLite; PostgreSQL fills the rows from the default.
    op.add_column(
        "response",
        sa.Column(
            "stored_by", sa.BigInteger(), server_default=WritingTransaction(), nullable=False
        ),
    )
    op.create_index("ix_response_feed", "response", ["stored_by", "id"], unique=False)


def downgrade():
    op.drop_index("ix_response_feed", table_name="response")
    with op.batch_alter_table("response") as batch:
        batch.drop_column("stored_by")
