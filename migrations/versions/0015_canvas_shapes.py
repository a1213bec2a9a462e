"""canvas: notes on stages and cells, custom lanes, the to-be line, value on pain points

Revision ID: 0015_canvas_shapes
Revises: 0014_cjourney_customers
Create Date: 2026-12-06 16:20:00.000000

What a team writes onto its map: a note (opportunity, owner team, notes, status, value, effort)
per stage or cell, lanes of its own words, a target sentiment per stage; pain points gain the
value and notes the team gives them, so both are annotated alike.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_canvas_shapes'
down_revision = '0014_cjourney_customers'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pain_point', schema=None) as batch_op:
        batch_op.add_column(sa.Column('value', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('notes', sa.Text(), nullable=False, server_default=''))
    op.create_table(
        'canvas_cell_note',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('journey_id', sa.Integer(), nullable=False),
        sa.Column('stage_id', sa.Integer(), nullable=False),
        sa.Column('touchpoint_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('owner_team', sa.String(length=120), nullable=False),
        sa.Column('opportunity', sa.Text(), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        sa.Column('value', sa.Integer(), nullable=True),
        sa.Column('effort', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['journey_id'], ['journey.id'],
            name=op.f('fk_canvas_cell_note_journey_id_journey'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['stage_id'], ['stage.id'],
            name=op.f('fk_canvas_cell_note_stage_id_stage'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['touchpoint_id'], ['touchpoint.id'],
            name=op.f('fk_canvas_cell_note_touchpoint_id_touchpoint'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_canvas_cell_note')),
        sa.UniqueConstraint(
            'journey_id', 'stage_id', 'touchpoint_id',
            name=op.f('uq_canvas_cell_note_journey_id_stage_id_touchpoint_id'),
        ),
    )
    with op.batch_alter_table('canvas_cell_note', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_canvas_cell_note_journey_id'), ['journey_id'], unique=False
        )
    op.create_table(
        'canvas_lane',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('journey_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('texts', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ['journey_id'], ['journey.id'],
            name=op.f('fk_canvas_lane_journey_id_journey'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_canvas_lane')),
    )
    with op.batch_alter_table('canvas_lane', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_canvas_lane_journey_id'), ['journey_id'], unique=False)
    op.create_table(
        'canvas_stage_target',
        sa.Column('stage_id', sa.Integer(), nullable=False),
        sa.Column('journey_id', sa.Integer(), nullable=False),
        sa.Column('target', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ['journey_id'], ['journey.id'],
            name=op.f('fk_canvas_stage_target_journey_id_journey'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['stage_id'], ['stage.id'],
            name=op.f('fk_canvas_stage_target_stage_id_stage'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('stage_id', name=op.f('pk_canvas_stage_target')),
    )
    with op.batch_alter_table('canvas_stage_target', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_canvas_stage_target_journey_id'), ['journey_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('canvas_stage_target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_canvas_stage_target_journey_id'))
    op.drop_table('canvas_stage_target')
    with op.batch_alter_table('canvas_lane', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_canvas_lane_journey_id'))
    op.drop_table('canvas_lane')
    with op.batch_alter_table('canvas_cell_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_canvas_cell_note_journey_id'))
    op.drop_table('canvas_cell_note')
    with op.batch_alter_table('pain_point', schema=None) as batch_op:
        batch_op.drop_column('notes')
        batch_op.drop_column('value')
