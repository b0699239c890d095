"""a plan no longer used can be archived

Revision ID: c4a7e2f1b9d3
Revises: 5d1c2b7e9a40
Create Date: 2026-12-02 18:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4a7e2f1b9d3'
down_revision = '5d1c2b7e9a40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('archived_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_plans_archived_by_id_users', 'users', ['archived_by_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_constraint('fk_plans_archived_by_id_users', type_='foreignkey')
        batch_op.drop_column('archived_by_id')
        batch_op.drop_column('archived_at')
