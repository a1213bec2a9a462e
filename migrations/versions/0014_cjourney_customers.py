"""cjourney: customers followed across touchpoints (journey.customer_field, customer tables)

Revision ID: 0014_cjourney_customers
Revises: 0013_kinds_pages
Create Date: 2026-12-06 15:30:00.000000

A journey may name the hidden field that identifies its customers; the rollup then keeps each
customer's touches, steps between touchpoints and links to later KPIs, and stores the flow and
the downstream effects on each snapshot (``map_snapshot.customer_paths``).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_cjourney_customers'
down_revision = '0013_kinds_pages'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('journey', schema=None) as batch_op:
        batch_op.add_column(sa.Column('customer_field', sa.String(length=40), nullable=True))
    with op.batch_alter_table('map_snapshot', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('customer_paths', sa.JSON(), nullable=False, server_default='{}')
        )
    op.create_table(
        'customer_touch',
        sa.Column('response_id', sa.Integer(), nullable=False),
        sa.Column('journey_id', sa.Integer(), nullable=False),
        sa.Column('customer', sa.String(length=32), nullable=False),
        sa.Column('answered_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['journey_id'], ['journey.id'],
            name=op.f('fk_customer_touch_journey_id_journey'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['response_id'], ['response.id'],
            name=op.f('fk_customer_touch_response_id_response'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('response_id', name=op.f('pk_customer_touch')),
    )
    op.create_index(
        'ix_customer_touch_customer', 'customer_touch', ['journey_id', 'customer'], unique=False
    )
    op.create_table(
        'customer_link',
        sa.Column('journey_id', sa.Integer(), nullable=False),
        sa.Column('customer', sa.String(length=32), nullable=False),
        sa.Column('from_touchpoint_id', sa.Integer(), nullable=False),
        sa.Column('to_stage_id', sa.Integer(), nullable=False),
        sa.Column('kpi', sa.String(length=8), nullable=False),
        sa.Column('negative', sa.Boolean(), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ['from_touchpoint_id'], ['touchpoint.id'],
            name=op.f('fk_customer_link_from_touchpoint_id_touchpoint'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['journey_id'], ['journey.id'],
            name=op.f('fk_customer_link_journey_id_journey'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['to_stage_id'], ['stage.id'],
            name=op.f('fk_customer_link_to_stage_id_stage'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint(
            'journey_id', 'customer', 'from_touchpoint_id', 'to_stage_id', 'kpi',
            name=op.f('pk_customer_link'),
        ),
    )
    op.create_table(
        'customer_step',
        sa.Column('journey_id', sa.Integer(), nullable=False),
        sa.Column('customer', sa.String(length=32), nullable=False),
        sa.Column('from_touchpoint_id', sa.Integer(), nullable=False),
        sa.Column('to_touchpoint_id', sa.Integer(), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['journey_id'], ['journey.id'],
            name=op.f('fk_customer_step_journey_id_journey'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['to_touchpoint_id'], ['touchpoint.id'],
            name=op.f('fk_customer_step_to_touchpoint_id_touchpoint'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint(
            'journey_id', 'customer', 'from_touchpoint_id', 'to_touchpoint_id',
            name=op.f('pk_customer_step'),
        ),
    )


def downgrade():
    op.drop_table('customer_step')
    op.drop_table('customer_link')
    op.drop_index('ix_customer_touch_customer', table_name='customer_touch')
    op.drop_table('customer_touch')
    with op.batch_alter_table('map_snapshot', schema=None) as batch_op:
        batch_op.drop_column('customer_paths')
    with op.batch_alter_table('journey', schema=None) as batch_op:
        batch_op.drop_column('customer_field')
