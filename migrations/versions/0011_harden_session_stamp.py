"""session stamp: each user's sessions can be ended at once (sign-out, new password)

Revision ID: 0011_harden_session_stamp
Revises: 0010_share_webhooks
Create Date: 2026-12-06 15:30:00.000000

Every session cookie names its user's stamp (User.get_id); replacing the stamp ends them all.
Existing users get a random stamp each, so sessions signed in before this migration (whose
cookie names no stamp) end once: their users sign in again.
"""
import secrets

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0011_harden_session_stamp"
down_revision = "0010_share_webhooks"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("user_account", sa.Column("session_stamp", sa.String(length=32), nullable=True))
    bind = op.get_bind()
    user_ids = bind.execute(sa.text("SELECT id FROM user_account")).scalars().all()
    for user_id in user_ids:
        bind.execute(
            sa.text("UPDATE user_account SET session_stamp = :stamp WHERE id = :id"),
            {"stamp": secrets.token_hex(16), "id": user_id},
        )
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.alter_column("session_stamp", existing_type=sa.String(length=32), nullable=False)


def downgrade():
    with op.batch_alter_table("user_account") as batch_op:
        batch_op.drop_column("session_stamp")
