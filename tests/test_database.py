"""The schema comes from migrations only; the audit table is append-only."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from conftest import make_user
from school_plans.extensions import db as _db
from school_plans.models import AuditEvent
from school_plans.services import audit


def test_models_and_migrations_agree(app, db):
    with _db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, _db.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_audit_events_cannot_be_changed_or_deleted(db):
    user = make_user("Audited Person")
    event = audit.record("test.event", user=user, obj=user)
    _db.session.commit()
    event.action = "rewritten"
    with pytest.raises(PermissionError):
        _db.session.commit()
    _db.session.rollback()
    _db.session.delete(_db.session.get(AuditEvent, event.id))
    with pytest.raises(PermissionError):
        _db.session.commit()
    _db.session.rollback()


def test_audit_event_holds_ids_not_names(db):
    user = make_user("Named Person")
    event = audit.record("test.event", user=user, obj=user)
    _db.session.commit()
    values = [getattr(event, c.name) for c in AuditEvent.__table__.columns]
    assert "Named Person" not in map(str, values) and user.email not in map(str, values)
