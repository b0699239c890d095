"""Who knows the child's story: who reads the care status, the core team, the child's own wishes, and for a
previously looked-after child whether the virtual school is in the network at all."""
from ..extensions import db
from ..models import CORE_TEAM, EVERYONE, Child, User
from ..models.types import utcnow
from . import audit, network

CARE_STATUS_AUDIENCES = (EVERYONE, CORE_TEAM)   # parents and carers always know


def _set(child: Child, field: str, value, by: User) -> bool:
    """Set one of the child's story fields, audited as "child.<field>"; False if it was so already."""
    if getattr(child, field) == value:
        return False
    setattr(child, field, value)
    audit.record(f"child.{field}", user=by, obj=child, child=child)
    db.session.flush()
    return True


def set_care_status_audience(child: Child, audience: str, by: User) -> bool:
    if audience not in CARE_STATUS_AUDIENCES:
        raise ValueError(audience)
    return _set(child, "care_status_audience", audience, by)


def set_wishes(child: Child, wishes: str, by: User) -> bool:
    return _set(child, "story_wishes", wishes, by)


def set_core_team(child: Child, user_ids, by: User) -> bool:
    """Put the school staff `user_ids` (the key and back-up adults) in the core team, and the others out."""
    chosen, changed = set(user_ids), False
    for membership in child.memberships:
        if membership.role == "school_staff" and membership.core_team != (membership.user_id in chosen):
            membership.core_team = membership.user_id in chosen
            audit.record("membership.core_team", user=by, obj=membership, child=child)
            changed = True
    db.session.flush()
    return changed


def set_virtual_school_welcome(child: Child, welcome: bool, by: User) -> list:
    """The family's answer; saying no takes the virtual school out of the network and cancels its open
    invitations. Returns the memberships removed."""
    network.lock_child(child)   # an invitation checked meanwhile sees this answer
    removed = [] if welcome else [m for m in child.memberships if m.role == "virtual_school"]
    if welcome == child.virtual_school_welcome and not removed:
        return []
    child.virtual_school_welcome = welcome
    audit.record("child.virtual_school_welcome", user=by, obj=child, child=child)
    for membership in removed:
        network.remove(membership, by)
    if not welcome:
        for invitation in network.open_invitations(child):
            if invitation.role == "virtual_school":
                invitation.revoked_at = utcnow()
                audit.record("invitation.revoke", user=by, obj=invitation, child=child)
    db.session.flush()
    return removed
