"""Slowing down password guessing, from the audit trail (shared by every app instance).

Failures are counted by the email address typed, whether or not it has an account, so a
pause looks the same for both and tells nobody which addresses have accounts.
"""
import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import AuditEvent
from ..models.types import utcnow
from . import audit
from .accounts import normalise_email

WINDOW = timedelta(minutes=15)
PER_ACCOUNT = 10
PER_ADDRESS = 50
FAILED = "auth.sign_in_failed"


@dataclass(frozen=True)
class Pause:
    from_network: bool   # every email address from this IP address, not only the one typed
    left: timedelta      # until it ends, if nobody tries again meanwhile


def email_hash(email: str) -> str:
    """Keyed, so the audit trail holds no address someone mistyped and none can be looked up."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, normalise_email(email).encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def record_failure(email: str, user) -> None:
    """A failed attempt (a paused one too: trying on during a pause keeps it going)."""
    audit.record(FAILED, user=user, email_hash=email_hash(email))
    db.session.flush()


def _left(column, value, limit: int) -> timedelta | None:
    """How long until fewer than `limit` failures are in the window (None: fewer already)."""
    now = utcnow()
    recent = db.session.scalars(
        select(AuditEvent.at).where(AuditEvent.action == FAILED, AuditEvent.at > now - WINDOW, column == value)
        .order_by(AuditEvent.at.desc()).limit(limit)
    ).all()
    return recent[-1] + WINDOW - now if len(recent) >= limit else None


def sign_in_paused(email: str, ip_address: str | None) -> Pause | None:
    """Too many recent failures for this email address or from this IP address?"""
    if ip_address is not None and (left := _left(AuditEvent.ip_address, ip_address, PER_ADDRESS)):
        return Pause(from_network=True, left=left)
    left = _left(AuditEvent.email_hash, email_hash(email), PER_ACCOUNT)
    return Pause(from_network=False, left=left) if left else None
