"""results: each response names its survey (the inbox's index), and the erasure audit trail

Revision ID: 0008_results_inbox
Revises: 0007_job_run_status
Create Date: 2026-12-06 14:00:00.000000

``response.survey_id`` is copied from the response's version, like its journey, so a survey's
responses are read newest first from one index (keyset pages at any depth) and counted under the
inbox's filters without touching the table. Existing rows are filled from their version; SQLite
rebuilds the response table once to make the column NOT NULL with its foreign key.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_results_inbox'
down_revision = '0007_job_run_status'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('response', sa.Column('survey_id', sa.Integer(), nullable=True))
    op.execute(
        'UPDATE response SET survey_id = '
        '(SELECT survey_version.survey_id FROM survey_version '
        'WHERE survey_version.id = response.version_id)'
    )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.alter_column('survey_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_response_survey_id_survey'), 'survey', ['survey_id'], ['id'],
            ondelete='CASCADE',
        )
        batch_op.create_index(
            'ix_response_survey_created',
            ['survey_id', 'created_at', 'id', 'version_id', 'persona_id', 'channel', 'status'],
            unique=False,
        )
    op.create_table('erasure_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('journey_id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_email', sa.String(length=254), nullable=False),
    sa.Column('erased_at', sa.DateTime(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('response_ids', sa.JSON(), nullable=False),
    sa.Column('hidden_field', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['journey_id'], ['journey.id'], name=op.f('fk_erasure_record_journey_id_journey'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_erasure_record_survey_id_survey'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_erasure_record_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_erasure_record'))
    )
    op.create_index('ix_erasure_record_journey_erased', 'erasure_record', ['journey_id', 'erased_at'], unique=False)


def downgrade():
    op.drop_index('ix_erasure_record_journey_erased', table_name='erasure_record')
    op.drop_table('erasure_record')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index('ix_response_survey_created')
        batch_op.drop_constraint(batch_op.f('fk_response_survey_id_survey'), type_='foreignkey')
        batch_op.drop_column('survey_id')
