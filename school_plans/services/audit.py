"""Writing audit events."""
from flask import has_request_context, request

from ..extensions import db
from ..models import AuditEvent


def record(action: str, user=None, obj=None, child=None) -> AuditEvent:
    """Add an audit event for `action` by `user` on `obj`, within the current transaction."""
    if obj is not None and obj.id is None:
        db.session.flush()
    event = AuditEvent(
        action=action,
        user_id=getattr(user, "id", None),
        object_type=obj.__tablename__ if obj is not None else None,
        object_id=obj.id if obj is not None else None,
        child_id=getattr(child, "id", None),
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event
