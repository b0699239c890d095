"""the database itself keeps the audit table append-only (PostgreSQL): a trigger refuses UPDATE and DELETE

Revision ID: a0d17a11e5c0
Revises: c4a7e2f1b9d3
Create Date: 2026-12-02 19:00:00

On SQLite this does nothing: there the model refuses changes (models/audit.py). The trigger also refuses
the UPDATE that ON DELETE SET NULL would make, so a child with audit events cannot be deleted either.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a0d17a11e5c0'
down_revision = 'c4a7e2f1b9d3'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("""
        CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit events are append-only: % on audit_events refused', TG_OP;
        END
        $$
    """)
    op.execute("CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
               "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()")


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("DROP TRIGGER audit_events_append_only ON audit_events")
    op.execute("DROP FUNCTION audit_events_append_only()")
