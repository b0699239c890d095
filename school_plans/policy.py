"""Who may do what: the one permission policy. Deny by default.

Roles belong to a child's network (a Membership), not to the person.
`can()` answers for one object; `visible_*()` scope list queries.
Views ask `child_or_404()` first (no leak of existence), then `can()` (403).
"""
from flask import abort, g
from sqlalchemy import false, select

from .extensions import db
from .models import Child, Membership, School, school_designated_teachers

DESIGNATED_TEACHER = "designated_teacher"


def role_for(user, child: Child) -> str | None:
    """The user's role in the child's network (cached for the request)."""
    if not getattr(user, "is_authenticated", False) or child is None:
        return None
    cache = g.setdefault("_roles", {})
    key = (user.id, child.id)
    if key not in cache:
        cache[key] = db.session.scalar(
            select(Membership.role).where(Membership.user_id == user.id, Membership.child_id == child.id)
        )
    return cache[key]


def is_school_designated_teacher(user, school: School | None = None) -> bool:
    query = select(school_designated_teachers.c.school_id).where(
        school_designated_teachers.c.user_id == user.id
    )
    if school is not None:
        query = query.where(school_designated_teachers.c.school_id == school.id)
    return db.session.scalar(query.limit(1)) is not None


def _in_network(user, child) -> bool:
    return isinstance(child, Child) and role_for(user, child) is not None


def _designated_teacher(user, child) -> bool:
    return isinstance(child, Child) and role_for(user, child) == DESIGNATED_TEACHER


def _may_add_child(user, school) -> bool:
    return (school is None or isinstance(school, School)) and is_school_designated_teacher(user, school)


def _admin(user, obj) -> bool:
    return user.is_admin


_RULES = {
    "child.view": _in_network,
    "child.edit": _designated_teacher,
    "network.view": _in_network,
    "network.manage": _designated_teacher,
    "child.create": _may_add_child,
    "admin.manage": _admin,
}


def can(user, action: str, obj=None) -> bool:
    """May `user` do `action` on `obj`? Unknown actions and anonymous users: no."""
    rule = _RULES.get(action)
    if rule is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return rule(user, obj)


def require(user, action: str, obj=None) -> None:
    """Abort with 403 unless `can()`; for actions on objects the user can already see."""
    if not can(user, action, obj):
        abort(403)


def visible_children(user):
    """A select() of the children whose network `user` is in (none for anyone else)."""
    if not getattr(user, "is_authenticated", False):
        return select(Child).where(false())
    return select(Child).join(Membership).where(Membership.user_id == user.id)


def child_or_404(user, child_id: int) -> Child:
    child = db.session.scalar(visible_children(user).where(Child.id == child_id))
    if child is None:
        abort(404)
    return child


def schools_for_new_child(user) -> list[School]:
    """Schools where `user` may add a child."""
    return list(db.session.scalars(
        select(School).join(school_designated_teachers).where(
            school_designated_teachers.c.user_id == user.id).order_by(School.name)
    ))
