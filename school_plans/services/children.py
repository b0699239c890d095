"""A child's record."""
from ..extensions import db
from ..models import Child, School, User
from . import audit, network

FIELDS = ("preferred_name", "legal_name", "date_of_birth", "year_group", "care_status", "responsible_authority_id",
          "came_into_care_on", "joined_school_on")


def add_child(school: School, by: User, **fields) -> Child:
    """Add a child at `school`; the person adding them becomes their designated teacher."""
    child = Child(school_id=school.id, **{k: fields[k] for k in FIELDS})
    db.session.add(child)
    db.session.flush()
    audit.record("child.create", user=by, obj=child, child=child)
    network.add_member(child, by, "designated_teacher", by=by)
    return child


def update_child(child: Child, by: User, **fields) -> list:
    """Change the child's record. A child who becomes previously looked after keeps the virtual school only
    if the family has let it in: else it leaves the network (the memberships removed are returned)."""
    became_previously_looked_after = (fields["care_status"] == "previously_looked_after"
                                      and child.care_status != "previously_looked_after")
    for key in FIELDS:
        setattr(child, key, fields[key])
    audit.record("child.update", user=by, obj=child, child=child)
    removed = []
    if became_previously_looked_after and not child.virtual_school_welcome:
        removed = network.keep_virtual_school_out(child, by)
    db.session.flush()
    return removed
