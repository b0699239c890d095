"""A child's record."""
from ..extensions import db
from ..models import Child, School, User
from . import audit, network

FIELDS = ("preferred_name", "legal_name", "date_of_birth", "year_group", "care_status")


def add_child(school: School, by: User, **fields) -> Child:
    """Add a child at `school`; the person adding them becomes their designated teacher."""
    child = Child(school_id=school.id, **{k: fields[k] for k in FIELDS})
    db.session.add(child)
    db.session.flush()
    audit.record("child.create", user=by, obj=child, child=child)
    network.add_member(child, by, "designated_teacher", by=by)
    return child


def update_child(child: Child, by: User, **fields) -> None:
    for key in FIELDS:
        setattr(child, key, fields[key])
    audit.record("child.update", user=by, obj=child, child=child)
    db.session.flush()
