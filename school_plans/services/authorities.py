"""Local authorities, their virtual schools' staff and the schools in them (managed by site admins)."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..models import Authority, AuthorityStaff, User
from . import audit
from .accounts import find_by_email


class AuthorityError(ValueError):
    """A change the authority rules refuse; the message is shown beside `field`."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def _check_unique(name: str, authority: Authority | None = None) -> None:
    clash = db.session.scalar(select(Authority).where(func.lower(Authority.name) == name.strip().lower()))
    if clash is not None and clash is not authority:
        raise AuthorityError(_l("An authority with this name already exists."), "name")


def create_authority(name: str, country: str, by: User) -> Authority:
    _check_unique(name)
    authority = Authority(name=name.strip(), country=country)
    db.session.add(authority)
    db.session.flush()
    audit.record("authority.create", user=by, obj=authority)
    return authority


def update_authority(authority: Authority, name: str, country: str, by: User) -> None:
    _check_unique(name, authority)
    authority.name, authority.country = name.strip(), country
    audit.record("authority.update", user=by, obj=authority)


def add_staff(authority: Authority, email: str, role: str, by: User) -> AuthorityStaff:
    """Put the account with `email` on the virtual school's staff: they see its looked-after children."""
    user = find_by_email(email)
    if user is None:
        raise AuthorityError(_l("There is no account with this email address. Create it first."), "email")
    if user.id == by.id:   # a site admin reads no child's plan unless someone else puts them in reach of it
        raise AuthorityError(_l("You cannot add yourself: ask another site admin."), "email")
    if any(staff.user_id == user.id for staff in authority.staff):
        raise AuthorityError(_l("This person is already on this virtual school's staff."), "email")
    staff = AuthorityStaff(user=user, role=role)
    authority.staff.append(staff)
    db.session.flush()
    _record("authority.staff_add", authority, user, by)
    return staff


def remove_staff(authority: Authority, staff: AuthorityStaff, by: User) -> None:
    """Take someone off the staff: from the next request they no longer reach its children."""
    authority.staff.remove(staff)
    db.session.flush()
    _record("authority.staff_remove", authority, staff.user, by)


def staff_of(user: User) -> list[AuthorityStaff]:
    """The virtual schools `user` is on the staff of."""
    return list(db.session.scalars(select(AuthorityStaff).where(AuthorityStaff.user_id == user.id)))


def all_authorities() -> list[Authority]:
    return list(db.session.scalars(select(Authority).order_by(Authority.name)))


def _record(action: str, authority: Authority, user: User, by: User) -> None:
    """One event on the authority and one on the account, so both trails show the change."""
    audit.record(action, user=by, obj=authority)
    audit.record(action, user=by, obj=user)
