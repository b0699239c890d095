"""Slowing down password guessing, from the audit trail (shared by every app instance)."""
from datetime import timedelta

from sqlalchemy import func, select

from ..extensions import db
from ..models import AuditEvent
from ..models.types import utcnow

WINDOW = timedelta(minutes=15)
PER_ACCOUNT = 10
PER_ADDRESS = 50
FAILED = "auth.sign_in_failed"


def _failures(column, value) -> int:
    return db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == FAILED, AuditEvent.at > utcnow() - WINDOW, column == value)
    )


def sign_in_paused(user, ip_address: str | None) -> bool:
    """Too many recent failures for this account or from this address?"""
    if user is not None and _failures(AuditEvent.user_id, user.id) >= PER_ACCOUNT:
        return True
    return ip_address is not None and _failures(AuditEvent.ip_address, ip_address) >= PER_ADDRESS
