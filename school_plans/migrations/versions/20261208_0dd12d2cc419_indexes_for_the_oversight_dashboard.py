"""indexes for the oversight dashboard

An authority's looked-after children, a child's PEP meetings in time order and a plan's latest quality review,
read for every child on a dashboard.

Revision ID: 0dd12d2cc419
Revises: fba93fb1d9b5
Create Date: 2026-12-08 02:40:39.563391

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0dd12d2cc419'
down_revision = 'fba93fb1d9b5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('children', schema=None) as batch_op:
        batch_op.create_index('ix_children_responsible_authority_id_care_status',
                              ['responsible_authority_id', 'care_status'], unique=False)

    with op.batch_alter_table('quality_reviews', schema=None) as batch_op:
        batch_op.create_index('ix_quality_reviews_plan_id_id', ['plan_id', 'id'], unique=False)

    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index('ix_reviews_child_id_kind_starts_at', ['child_id', 'kind', 'starts_at'], unique=False)


def downgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_reviews_child_id_kind_starts_at')

    with op.batch_alter_table('quality_reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_quality_reviews_plan_id_id')

    with op.batch_alter_table('children', schema=None) as batch_op:
        batch_op.drop_index('ix_children_responsible_authority_id_care_status')
