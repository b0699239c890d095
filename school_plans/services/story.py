"""Who knows the child's story: who reads the care status, the core team, the child's own wishes, and for a
previously looked-after child whether the virtual school is in the network at all."""
import hashlib

from ..extensions import db
from ..models import CORE_TEAM, EVERYONE, Child, User
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


class WishesConflict(Exception):
    """Someone else saved the child's wishes since this person read them."""


def wishes_seen(wishes: str) -> str:
    """What the form carries of the wishes it showed, to tell whether they changed meanwhile."""
    return hashlib.sha256(wishes.encode("utf-8")).hexdigest()[:32]


def set_wishes(child: Child, wishes: str, seen: str, by: User) -> bool:
    """Save the child's wishes if nobody saved others since `seen` (else WishesConflict, nothing written)."""
    network.lock_child(child)
    if wishes_seen(child.story_wishes) != seen:
        if wishes == child.story_wishes:
            return False
        raise WishesConflict()
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
    network.lock_child(child)   # an invitation checked or accepted meanwhile sees this answer
    if welcome != child.virtual_school_welcome:
        child.virtual_school_welcome = welcome
        audit.record("child.virtual_school_welcome", user=by, obj=child, child=child)
    removed = [] if welcome else network.keep_virtual_school_out(child, by)
    db.session.flush()
    return removed
