"""Schools and their designated teachers (managed by site admins)."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..models import Authority, School, User
from . import audit
from .accounts import find_by_email


class SchoolError(ValueError):
    """A change the school rules refuse; the message is shown to the user."""


def _check_unique(name: str, school: School | None = None) -> None:
    clash = db.session.scalar(select(School).where(func.lower(School.name) == name.strip().lower()))
    if clash is not None and clash is not school:
        raise SchoolError(_l("A school with this name already exists."))


def create_school(name: str, by: User, authority: Authority | None = None) -> School:
    _check_unique(name)
    school = School(name=name.strip(), authority_id=authority.id if authority else None)
    db.session.add(school)
    db.session.flush()
    audit.record("school.create", user=by, obj=school)
    return school


def update_school(school: School, name: str, authority: Authority | None, by: User) -> None:
    """Rename the school, and say which local authority it is in."""
    _check_unique(name, school)
    school.name = name.strip()
    school.authority_id = authority.id if authority else None
    audit.record("school.update", user=by, obj=school)


def add_designated_teacher(school: School, email: str, by: User) -> User:
    """Let the account with `email` add children at `school`."""
    user = find_by_email(email)
    if user is None:
        raise SchoolError(_l("There is no account with this email address. Create it first."))
    if user in school.designated_teachers:
        raise SchoolError(_l("This person is already a designated teacher at this school."))
    school.designated_teachers.append(user)
    db.session.flush()
    _record("school.designated_teacher_add", school, user, by)
    return user


def remove_designated_teacher(school: School, user: User, by: User) -> None:
    if user in school.designated_teachers:
        school.designated_teachers.remove(user)
        db.session.flush()
        _record("school.designated_teacher_remove", school, user, by)


def _record(action: str, school: School, user: User, by: User) -> None:
    """One event on the school and one on the account, so both trails show the change."""
    audit.record(action, user=by, obj=school)
    audit.record(action, user=by, obj=user)
