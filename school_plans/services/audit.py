"""Writing audit events."""
from flask import has_request_context, request

from .. import read_audit
from ..database import READ_ONLY_METHODS
from ..extensions import db
from ..models import AuditEvent
from ..models.types import utcnow


def record(action: str, user=None, obj=None, child=None, email_hash: str | None = None) -> AuditEvent | None:
    """Add an audit event for `action` by `user` on `obj` within the current transaction (and return it); on a
    page that only reads, it is written beside the request once the page has succeeded (read_audit.py: a view
    never waits for a save), and None is returned."""
    if obj is not None and obj.id is None:
        db.session.flush()
    row = {
        "at": utcnow(),
        "action": action,
        "user_id": getattr(user, "id", None),
        "object_type": obj.__tablename__ if obj is not None else None,
        "object_id": obj.id if obj is not None else None,
        "child_id": getattr(child, "id", None),
        "ip_address": request.remote_addr if has_request_context() else None,
        "email_hash": email_hash,
    }
    if has_request_context() and request.method in READ_ONLY_METHODS:
        read_audit.keep(row)
        return None
    event = AuditEvent(**row)
    db.session.add(event)
    return event
