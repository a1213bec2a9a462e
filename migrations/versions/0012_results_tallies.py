"""results: answer, theme and response tallies per survey and day, for fast summaries

Revision ID: 0012_results_tallies
Revises: 0011_harden_session_stamp
Create Date: 2026-12-06 15:00:00.000000

A survey's summary adds up these tallies instead of reading every answer; they are recounted for
the days whose responses or scores changed (found through ``ix_response_updated`` and the new
``ix_text_score_scored_at``); ``ix_answer_question`` finds a question's answers (answer
conditions, newest comments). Empty at first: the first summary of a survey counts everything.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_results_tallies'
down_revision = '0011_harden_session_stamp'
branch_labels = None
depends_on = None


def _cell_columns():
    return [
        sa.Column('survey_id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('persona_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
    ]


def _keys(table):
    return [
        sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f(f'fk_{table}_survey_id_survey'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['version_id'], ['survey_version.id'], name=op.f(f'fk_{table}_version_id_survey_version'), ondelete='CASCADE'),
    ]


def upgrade():
    op.create_table('answer_tally',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    *_cell_columns(),
    sa.Column('number', sa.Float(), nullable=True),
    sa.Column('option', sa.Text(), nullable=True),
    sa.Column('label', sa.String(length=10), nullable=True),
    sa.Column('emotion', sa.String(length=16), nullable=True),
    sa.Column('responses', sa.Integer(), nullable=False),
    sa.Column('compound_sum', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_answer_tally_question_id_question'), ondelete='CASCADE'),
    *_keys('answer_tally'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answer_tally'))
    )
    op.create_index('ix_answer_tally_survey_day', 'answer_tally', ['survey_id', 'day'], unique=False)
    op.create_table('theme_tally',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    *_cell_columns(),
    sa.Column('theme', sa.String(length=120), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_theme_tally_question_id_question'), ondelete='CASCADE'),
    *_keys('theme_tally'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_tally'))
    )
    op.create_index('ix_theme_tally_survey_day', 'theme_tally', ['survey_id', 'day'], unique=False)
    op.create_table('response_tally',
    sa.Column('id', sa.Integer(), nullable=False),
    *_cell_columns(),
    sa.Column('responses', sa.Integer(), nullable=False),
    sa.Column('scored', sa.Integer(), nullable=False),
    *_keys('response_tally'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response_tally'))
    )
    op.create_index('ix_response_tally_survey_day', 'response_tally', ['survey_id', 'day'], unique=False)
    op.create_table('tally_state',
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('checked_until', sa.DateTime(), nullable=True),
    sa.Column('recent', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_tally_state_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_id', name=op.f('pk_tally_state'))
    )
    op.create_index('ix_text_score_scored_at', 'text_score', ['scored_at'], unique=False)
    op.create_index('ix_answer_question', 'answer', ['question_id', 'value_number'], unique=False)


def downgrade():
    op.drop_index('ix_answer_question', table_name='answer')
    op.drop_index('ix_text_score_scored_at', table_name='text_score')
    op.drop_table('tally_state')
    op.drop_index('ix_response_tally_survey_day', table_name='response_tally')
    op.drop_table('response_tally')
    op.drop_index('ix_theme_tally_survey_day', table_name='theme_tally')
    op.drop_table('theme_tally')
    op.drop_index('ix_answer_tally_survey_day', table_name='answer_tally')
    op.drop_table('answer_tally')
