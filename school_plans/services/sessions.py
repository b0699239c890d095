"""Server-side sessions: started at sign-in, ended at sign-out, password change or disabling."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import with_expression

from .. import policy
from ..extensions import db
from ..models import User, UserSession
from ..models.types import utcnow
from ..tokens import hash_token, new_token

# Writing last_seen on every request would turn each page view into a write.
_TOUCH_EVERY = timedelta(minutes=1)


def start(user: User) -> str:
    """Open a session for `user`; returns the token to keep in the cookie."""
    token, token_hash = new_token()
    db.session.add(UserSession(user_id=user.id, token_hash=token_hash))
    db.session.flush()
    return token


def find_user(token: str | None) -> User | None:
    """The active user holding `token`, or None when it ended, idled out or the account is disabled."""
    if not token:
        return None
    row = db.session.execute(
        select(UserSession, User)
        .join(User, User.id == UserSession.user_id)
        .where(UserSession.token_hash == hash_token(token))
        .options(with_expression(User.has_dashboard, policy.oversees(User.id)))
    ).first()
    if row is None:
        return None
    user_session, user = row
    now = utcnow()
    if not user.is_active or now - user_session.last_seen_at > current_app.config["SESSION_IDLE_TIMEOUT"]:
        db.session.delete(user_session)
        db.session.flush()
        return None
    if now - user_session.last_seen_at > _TOUCH_EVERY:
        user_session.last_seen_at = now
    return user


def end(token: str | None) -> None:
    if token:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == hash_token(token)))


def end_all(user: User) -> None:
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
