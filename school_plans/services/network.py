"""A child's network: invitations, roles and removal."""
import logging
from datetime import timedelta

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from .. import i18n
from ..extensions import db
from ..labels import ROLE_LABELS
from ..models import (
    Child,
    Comment,
    Invitation,
    Membership,
    Plan,
    Section,
    SectionRevision,
    User,
    revision_readers,
    section_readers,
    thread_readers,
)
from ..models.types import utcnow
from ..tokens import hash_token, new_token
from . import audit, mail
from .accounts import normalise_email

log = logging.getLogger(__name__)


class NetworkError(ValueError):
    """A change the network rules refuse; the message is shown to the user (beside `field`, on a form)."""

    def __init__(self, message, field: str = "email"):
        super().__init__(message)
        self.field = field


def lock_child(child: Child) -> None:
    """Hold the child's row until the request ends and read it afresh, so decisions about the network take
    turns (on SQLite the request already holds the write lock)."""
    db.session.execute(select(Child.id).where(Child.id == child.id).with_for_update(key_share=True))
    db.session.refresh(child)


def check_role_welcome(child: Child, role: str) -> None:
    """A previously looked-after child's status is the family's to share: the virtual school joins only when
    the parent or carer has said it may (read under the child's lock, so a "no" given meanwhile counts)."""
    if role != "virtual_school":
        return
    lock_child(child)
    if child.care_status == "previously_looked_after" and not child.virtual_school_welcome:
        raise NetworkError(_l("For a child who was previously looked after, their parent or carer decides whether "
                              "the virtual school is in the network. They can allow it on “Who knows my story”."),
                           field="role")


def membership_of(child: Child, user: User) -> Membership | None:
    return next((m for m in child.memberships if m.user_id == user.id), None)


def invite(child: Child, email: str, role: str, by: User, link_for, language: str | None = None
           ) -> tuple[Invitation, str]:
    """Create an invitation, email its link (made by `link_for(token)`) in `language`, and return both."""
    email = normalise_email(email)
    check_role_welcome(child, role)
    if any(m.user.email == email for m in child.memberships):
        raise NetworkError(_l("This person is already in the network."))
    _close_open_invitations(child.id, email)  # a new link replaces any earlier one
    token, token_hash = new_token()
    invitation = Invitation(
        child_id=child.id, email=email, role=role, language=language, token_hash=token_hash, invited_by_id=by.id,
        expires_at=utcnow() + timedelta(days=current_app.config["INVITATION_DAYS"]),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record("invitation.create", user=by, obj=invitation, child=child)
    # Ids only: the link is a password-like secret, and names and addresses stay out of logs too.
    log.info("invitation %s for child %s", invitation.id, child.id)
    link = link_for(token)
    _email_invitation(invitation, by, link)
    return invitation, link


def resend(invitation: Invitation, by: User, link_for) -> str:
    """A new link for an open invitation (the old one stops working), emailed again; returns the link.
    NetworkError if the virtual school may no longer join (the family said no meanwhile)."""
    check_role_welcome(invitation.child, invitation.role)
    token, invitation.token_hash = new_token()
    invitation.expires_at = utcnow() + timedelta(days=current_app.config["INVITATION_DAYS"])
    db.session.flush()
    audit.record("invitation.resend", user=by, obj=invitation, child=invitation.child)
    link = link_for(token)
    _email_invitation(invitation, by, link)
    return link


def _email_invitation(invitation: Invitation, by: User, link: str) -> None:
    """The link by email, in the invitation's language: who invited them and as what, never the child's name."""
    with i18n.in_language(invitation.language):
        body = "\n\n".join([
            _("Hello,"),
            _("%(name)s has invited you to join a child's network on School support plans, as %(role)s.",
              name=by.name, role=ROLE_LABELS[invitation.role]),
            _("To join, open this link. It works once and expires on %(date)s:", date=format_date(
                invitation.expires_at, "long")),
            link,
            _("If you did not expect this, you can ignore this email: nothing happens unless the link is used."),
        ])
        mail.queue(invitation.email, _("School support plans: you are invited to join a child's network"),
                   body + "\n")


def open_invitation(token: str) -> Invitation | None:
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))
    if invitation is None or not invitation.is_open(utcnow()):
        return None
    return invitation


def _close_open_invitations(child_id: int, email: str) -> None:
    now = utcnow()
    for invitation in db.session.scalars(select(Invitation).where(
            Invitation.child_id == child_id, Invitation.email == email,
            Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))):
        invitation.revoked_at = now


def accept(invitation: Invitation, user: User) -> Membership:
    """Join the network; someone already in it keeps their membership and role. The virtual school's
    invitation is read again under the child's lock: a family's "no" given meanwhile has cancelled it
    (NetworkError)."""
    if invitation.role == "virtual_school":
        check_role_welcome(invitation.child, invitation.role)   # under the child's lock
        db.session.refresh(invitation)
        if not invitation.is_open(utcnow()):
            raise NetworkError(_l("This invitation was cancelled."))
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    _close_open_invitations(invitation.child_id, invitation.email)
    audit.record("invitation.accept", user=user, obj=invitation, child=invitation.child)
    membership = membership_of(invitation.child, user)
    if membership is None:
        membership = add_member(invitation.child, user, invitation.role, by=user)
    return membership


def add_member(child: Child, user: User, role: str, by: User) -> Membership:
    membership = Membership(child_id=child.id, user_id=user.id, role=role)
    child.memberships.append(membership)
    db.session.flush()
    audit.record("membership.add", user=by, obj=membership, child=child)
    return membership


def revoke_invitation(invitation: Invitation, by: User) -> None:
    invitation.revoked_at = utcnow()
    audit.record("invitation.revoke", user=by, obj=invitation, child=invitation.child)


def _check_keeps_a_designated_teacher(membership: Membership, new_role: str | None) -> None:
    if membership.role != "designated_teacher" or new_role == "designated_teacher":
        return
    # Two designated teachers removing each other at once: the child's row makes them take turns, and the
    # memberships are read afresh after it.
    lock_child(membership.child)
    db.session.expire(membership.child, ["memberships"])
    others = [m for m in membership.child.memberships
              if m.role == "designated_teacher" and m.id != membership.id]
    if not others:
        raise NetworkError(_l("A child's network needs a designated teacher. Add another one first."))


def change_role(membership: Membership, role: str, by: User) -> None:
    if role != membership.role:
        check_role_welcome(membership.child, role)
    _check_keeps_a_designated_teacher(membership, role)
    membership.role = role
    audit.record("membership.change_role", user=by, obj=membership, child=membership.child)


def remove(membership: Membership, by: User) -> None:
    """Remove someone; the policy reads memberships on every request, so access ends at once."""
    _check_keeps_a_designated_teacher(membership, None)
    child = membership.child
    audit.record("membership.remove", user=by, obj=membership, child=child)
    # An unused earlier link must not let them back in, nor being invited again name them on what they were
    # named for.
    _close_open_invitations(child.id, membership.user.email)
    _forget_named(child, membership.user_id)
    child.memberships.remove(membership)
    db.session.flush()


def _forget_named(child: Child, user_id: int) -> None:
    """Take `user_id` off every section, thread and revision of the child's plans they were named on."""
    plans = select(Plan.id).where(Plan.child_id == child.id)
    for table, owner, owner_id in ((section_readers, Section, section_readers.c.section_id),
                                   (thread_readers, Comment, thread_readers.c.comment_id),
                                   (revision_readers, SectionRevision, revision_readers.c.revision_id)):
        db.session.execute(delete(table).where(table.c.user_id == user_id, owner_id.in_(
            select(owner.id).where(owner.plan_id.in_(plans)))))


def keep_virtual_school_out(child: Child, by: User) -> list[Membership]:
    """Take the virtual school out of the child's network and cancel its open invitations (a previously
    looked-after child whose family has not let it in); the memberships removed."""
    removed = [m for m in child.memberships if m.role == "virtual_school"]
    for membership in removed:
        remove(membership, by)
    for invitation in open_invitations(child):
        if invitation.role == "virtual_school":
            revoke_invitation(invitation, by)
    return removed


def invited_as(child: Child, roles) -> dict[str, list[str]]:
    """Role -> the addresses of open invitations to the child's network with that role, for each of `roles`
    (one query, none for no roles): someone expected there who has not joined yet."""
    found: dict[str, list[str]] = {}
    for invitation in open_invitations(child) if roles else ():
        if invitation.role in roles:
            found.setdefault(invitation.role, []).append(invitation.email)
    return found


def open_invitations(child: Child) -> list[Invitation]:
    now = utcnow()
    rows = db.session.scalars(
        select(Invitation).where(Invitation.child_id == child.id, Invitation.accepted_at.is_(None),
                                 Invitation.revoked_at.is_(None)).order_by(Invitation.created_at)
    )
    return [i for i in rows if i.is_open(now)]
