"""a photo of the child for the one-page card, added by the family

Only if the family chooses: a parent or carer adds it, stored as a small JPEG without its metadata.

Revision ID: dd7d692598ec
Revises: 0dd12d2cc419
Create Date: 2026-12-08 03:29:18.649161

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dd7d692598ec'
down_revision = '0dd12d2cc419'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('child_photos',
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('child_id')
    )


def downgrade():
    op.drop_table('child_photos')
