"""review action owners in the network; notifications about a child, a plan or a review

An action from a review can belong to someone in the child's network (told when it is given and when it is
due); a notification is about a child, on a plan or on a review, so the existing ones take their plan's child.

Revision ID: 5ac0ae863c96
Revises: a95c80478734
Create Date: 2026-12-06 20:44:19.404071

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5ac0ae863c96'
down_revision = 'a95c80478734'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('child_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('review_id', sa.Integer(), nullable=True))
    op.execute("UPDATE notifications SET child_id = (SELECT plans.child_id FROM plans WHERE plans.id = "
               "notifications.plan_id)")
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.alter_column('child_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('plan_id', existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index(batch_op.f('ix_notifications_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_review_id'), ['review_id'], unique=False)
        batch_op.create_foreign_key('fk_notifications_child_id_children', 'children', ['child_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.create_foreign_key('fk_notifications_review_id_reviews', 'reviews', ['review_id'], ['id'],
                                    ondelete='CASCADE')

    with op.batch_alter_table('review_actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_review_actions_owner_id'), ['owner_id'], unique=False)
        batch_op.create_foreign_key('fk_review_actions_owner_id_users', 'users', ['owner_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('review_actions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_review_actions_owner_id_users', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_review_actions_owner_id'))
        batch_op.drop_column('reminded_at')
        batch_op.drop_column('owner_id')

    op.execute("DELETE FROM notifications WHERE plan_id IS NULL")
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint('fk_notifications_review_id_reviews', type_='foreignkey')
        batch_op.drop_constraint('fk_notifications_child_id_children', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notifications_review_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_child_id'))
        batch_op.alter_column('plan_id', existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column('review_id')
        batch_op.drop_column('child_id')
