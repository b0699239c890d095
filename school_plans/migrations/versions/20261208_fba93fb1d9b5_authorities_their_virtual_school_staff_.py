"""authorities, their virtual school staff, a child's responsible authority and dates, quality reviews

A local authority's virtual school staff reach the looked-after children it is responsible for through the
authority; a school is in an authority; a child's PEP clock starts when they came into care or joined their
school; an adviser's quality reviews of agreed plans are kept.

Revision ID: fba93fb1d9b5
Revises: 5ac0ae863c96
Create Date: 2026-12-08 02:31:25.405835

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'fba93fb1d9b5'
down_revision = '5ac0ae863c96'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('authorities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('country', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('authority_staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('authority_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['authority_id'], ['authorities.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('authority_id', 'user_id')
    )
    with op.batch_alter_table('authority_staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_authority_staff_authority_id'), ['authority_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_authority_staff_user_id'), ['user_id'], unique=False)

    op.create_table('quality_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('plan_version', sa.Integer(), nullable=False),
    sa.Column('verdict', sa.String(length=16), nullable=False),
    sa.Column('rating', sa.String(length=8), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('quality_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_reviews_plan_id'), ['plan_id'], unique=False)

    with op.batch_alter_table('children', schema=None) as batch_op:
        batch_op.add_column(sa.Column('responsible_authority_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('came_into_care_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('joined_school_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_children_responsible_authority_id'), ['responsible_authority_id'], unique=False)
        batch_op.create_foreign_key('fk_children_responsible_authority_id_authorities', 'authorities',
                                    ['responsible_authority_id'], ['id'])

    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.add_column(sa.Column('authority_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_schools_authority_id'), ['authority_id'], unique=False)
        batch_op.create_foreign_key('fk_schools_authority_id_authorities', 'authorities', ['authority_id'], ['id'])



def downgrade():
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.drop_constraint('fk_schools_authority_id_authorities', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_schools_authority_id'))
        batch_op.drop_column('authority_id')

    with op.batch_alter_table('children', schema=None) as batch_op:
        batch_op.drop_constraint('fk_children_responsible_authority_id_authorities', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_children_responsible_authority_id'))
        batch_op.drop_column('joined_school_on')
        batch_op.drop_column('came_into_care_on')
        batch_op.drop_column('responsible_authority_id')

    with op.batch_alter_table('quality_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_reviews_plan_id'))

    op.drop_table('quality_reviews')
    with op.batch_alter_table('authority_staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_authority_staff_user_id'))
        batch_op.drop_index(batch_op.f('ix_authority_staff_authority_id'))

    op.drop_table('authority_staff')
    op.drop_table('authorities')
