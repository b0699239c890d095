"""People who sign in, their server-side sessions and password links."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, query_expression

from ..extensions import db
from .types import UTCDateTime, utcnow


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Dates and times are shown (and typed) on this clock; None: the app's (TIME_ZONE, Europe/London).
    time_zone: Mapped[str | None] = mapped_column(String(64))
    # The language pages, emails and exports are in (a code of LANGUAGES); None: the browser's.
    language: Mapped[str | None] = mapped_column(String(8))
    # Emails about what is only for information: "immediate", "daily" (one digest) or "none". What needs
    # the person is always emailed at once.
    information_emails: Mapped[str] = mapped_column(String(16), default="daily")
    # Whether they have an oversight dashboard: read with their session for the header (None when not asked).
    has_dashboard: Mapped[bool | None] = query_expression()

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None


class UserSession(db.Model):
    """One signed-in browser. The cookie holds a random token; we keep its hash.

    Deleting the row ends the session, so a copy of an old cookie is useless.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PasswordLink(db.Model):
    """A single-use link to set a password, made by an admin for a new or locked-out account."""

    __tablename__ = "password_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
