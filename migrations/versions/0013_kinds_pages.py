"""kinds: survey pages and "Other (please specify)" answers

Revision ID: 0013_kinds_pages
Revises: 0012_results_tallies
Create Date: 2026-12-06 14:00:00.000000

A version lists its pages (name, title, condition, end condition) in ``survey_version.pages``;
each question names its page in its settings. What a respondent types for "Other (please
specify)" is kept beside the choice in ``answer.comment``. Both columns are new and nullable or
defaulted, so no row is rewritten.
"""

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0013_kinds_pages"
down_revision = "0012_results_tallies"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("survey_version") as batch:
        batch.add_column(sa.Column("pages", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("answer") as batch:
        batch.add_column(sa.Column("comment", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("answer") as batch:
        batch.drop_column("comment")
    with op.batch_alter_table("survey_version") as batch:
        batch.drop_column("pages")
