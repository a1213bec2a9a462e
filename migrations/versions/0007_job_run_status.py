"""job runs: an index for runs still marked running and each job's newest successful run

Revision ID: 0007_job_run_status
Revises: 0006_scoring_state
Create Date: 2026-11-23 10:00:00.000000

The next run of a job marks runs its dead scheduler left "running" as abandoned, and /healthz
reads each job's newest "ok" run: both look up (job, status) in a ledger that grows by thousands
of rows a day. A plain CREATE INDEX, so SQLite rebuilds no table.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007_job_run_status'
down_revision = '0006_scoring_state'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_job_run_job_status_finished', 'job_run', ['job_id', 'status', 'finished_at'], unique=False
    )


def downgrade():
    op.drop_index('ix_job_run_job_status_finished', table_name='job_run')
