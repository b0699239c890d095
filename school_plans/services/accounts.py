"""Accounts: creating people, passwords, disabling and password links."""
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import passwords
from ..extensions import db
from ..models import PasswordLink, User
from ..models.types import utcnow
from ..tokens import hash_token, new_token
from . import audit, sessions


class AccountError(ValueError):
    """A request the account rules refuse; the message is shown to the user."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(email: str, name: str, password: str | None = None, is_admin=False, by=None,
                language: str | None = None) -> User:
    if find_by_email(email) is not None:
        raise AccountError(_l("An account with this email address already exists."))
    user = User(email=normalise_email(email), name=name.strip(), is_admin=is_admin, language=language)
    if password is not None:
        user.password_hash = passwords.hash_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("account.create", user=by, obj=user)
    return user


def set_password(user: User, password: str) -> None:
    """Change the password and end every session of that person (the caller may start a new one)."""
    user.password_hash = passwords.hash_password(password)
    sessions.end_all(user)
    audit.record("account.password_change", user=user, obj=user)


def set_language(user: User, code: str) -> None:
    """The language the person reads the service in (a code of LANGUAGES)."""
    user.language = code
    audit.record("account.language", user=user, obj=user)
    db.session.flush()


def set_information_emails(user: User, how: str) -> None:
    """How the person hears of what is only for information: "immediate", "daily" or "none"."""
    user.information_emails = how
    audit.record("account.information_emails", user=user, obj=user)
    db.session.flush()


def set_time_zone(user: User, zone: str | None) -> None:
    """The clock the person reads dates and times on (None: the service's own)."""
    user.time_zone = zone
    audit.record("account.time_zone", user=user, obj=user)
    db.session.flush()


def set_disabled(user: User, disabled: bool, by: User) -> None:
    if disabled and user.id == by.id:
        raise AccountError(_l("You cannot disable your own account."))
    user.disabled_at = utcnow() if disabled else None
    if disabled:
        sessions.end_all(user)
    audit.record("account.disable" if disabled else "account.enable", user=by, obj=user)


def update_profile(user: User, name: str, is_admin: bool, by: User) -> None:
    if not is_admin and user.id == by.id:
        raise AccountError(_l("You cannot remove your own site admin role."))
    user.name = name.strip()
    user.is_admin = is_admin
    audit.record("account.update", user=by, obj=user)


def issue_password_link(user: User, by: User) -> str:
    """Make a single-use link to set a new password; older open links stop working."""
    now = utcnow()
    for link in db.session.scalars(
        select(PasswordLink).where(PasswordLink.user_id == user.id, PasswordLink.used_at.is_(None))
    ):
        link.used_at = now
    token, token_hash = new_token()
    hours = current_app.config["PASSWORD_LINK_HOURS"]
    db.session.add(
        PasswordLink(user_id=user.id, token_hash=token_hash, created_by_id=by.id,
                     expires_at=now + timedelta(hours=hours))
    )
    sessions.end_all(user)
    audit.record("account.password_link", user=by, obj=user)
    db.session.flush()
    return token


def open_password_link(token: str) -> PasswordLink | None:
    link = db.session.scalar(select(PasswordLink).where(PasswordLink.token_hash == hash_token(token)))
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        return None
    return link


def use_password_link(link: PasswordLink, password: str) -> User:
    user = db.session.get(User, link.user_id)
    link.used_at = utcnow()
    set_password(user, password)
    return user
