"""A plan's way to agreement: draft → shared for review → agreed by every required signer.

A change to an agreed plan starts the next version as a draft (the agreed one stays frozen);
a change while shared withdraws the agreements given so far, so nobody agrees to words they did not read.
"""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.orm import lazyload

from ..extensions import db
from ..models import AgreedVersion, Plan, Section, Signature, User
from ..models.types import utcnow
from ..policy import role_for, signer_roles, visible_sections
from . import audit, history, notifications

DRAFT, SHARED, AGREED = "draft", "shared", "agreed"


class AgreementError(ValueError):
    """A step the plan's status does not allow; the message is shown to the user."""


@dataclass
class Requirement:
    """One kind of signer the plan needs, who in the network could sign, and who has."""

    role: str
    members: list = field(default_factory=list)
    signed: list = field(default_factory=list)   # Signatures

    @property
    def met(self) -> bool:
        return bool(self.signed)


def signatures_of(plan: Plan, versions) -> dict[int, list[Signature]]:
    """The signatures of each of the plan's `versions`, in one query."""
    found = {version: [] for version in versions}
    for signature in db.session.scalars(select(Signature).where(
            Signature.plan_id == plan.id, Signature.plan_version.in_(list(found))
    ).order_by(Signature.agreed_at, Signature.id)):
        found[signature.plan_version].append(signature)
    return found


def signatures(plan: Plan, version: int | None = None) -> list[Signature]:
    version = version or plan.version
    return signatures_of(plan, {version})[version]


def requirements(plan: Plan, signed: list[Signature]) -> list[Requirement]:
    needed = {role: Requirement(role) for role in signer_roles(plan)}
    for membership in plan.child.memberships:
        if membership.role in needed:
            needed[membership.role].members.append(membership.user)
    for signature in signed:
        if signature.role in needed:
            needed[signature.role].signed.append(signature)
    return list(needed.values())


def stamp(plan: Plan) -> str:
    """What the plan was when someone read it: an agreement given to an older stamp is refused."""
    return f"{plan.version}:{plan.updated_at.isoformat()}"


def lock(plan: Plan) -> None:
    """Hold the plan's row until the request ends, so changes to it and agreements happen one at a time,
    and read it afresh. Every change to a plan takes this first (plan, then section, then suggestion), so
    two changes cannot wait on each other. NO KEY UPDATE lets rows that only refer to the plan (audit,
    notifications) be written meanwhile. On SQLite the request's transaction already holds the write lock
    (see database.py)."""
    db.session.execute(select(Plan.id).where(Plan.id == plan.id).with_for_update(key_share=True))
    db.session.refresh(plan)


def share(plan: Plan, by: User) -> None:
    lock(plan)
    if plan.status != DRAFT:
        raise AgreementError(_l("Only a draft can be shared for review."))
    plan.status = SHARED
    audit.record("plan.share", user=by, obj=plan, child=plan.child)
    db.session.flush()
    signers = notifications.members(plan, signer_roles(plan))
    notifications.notify("agree_request", plan, by, signers)
    notifications.notify("shared", plan, by, [u for u in notifications.members(plan) if u not in signers])


def agree(plan: Plan, by: User, seen: str) -> bool:
    """Record `by`'s agreement to the version they read; True when that completes the agreement."""
    lock(plan)
    if plan.status != SHARED:
        raise AgreementError(_l("This plan is not waiting for agreement."))
    if seen != stamp(plan):
        raise AgreementError(_l("The plan changed since you opened it. Read it again, then agree."))
    signed = signatures(plan)
    if any(s.user_id == by.id for s in signed):
        raise AgreementError(_l("You have already agreed this version."))
    readable = visible_sections(by, plan).with_only_columns(Section.id)   # what this agreement covers
    signature = Signature(plan_id=plan.id, plan_version=plan.version, user_id=by.id, role=role_for(by, plan.child),
                          revision_ids=history.latest_revision_ids(plan.id, readable), agreed_at=utcnow())
    db.session.add(signature)
    db.session.flush()
    audit.record("plan.agree", user=by, obj=plan, child=plan.child)
    notifications.done(plan, ("agree_request", "agreement_withdrawn"), user=by)
    if not all(r.met for r in requirements(plan, [*signed, signature])):
        return False
    plan.status = AGREED
    version = AgreedVersion(plan_id=plan.id, number=plan.version, title=plan.title, plan_date=plan.plan_date,
                            review_date=plan.review_date, revision_ids=history.latest_revision_ids(plan.id),
                            card_choices=plan.card_choices, agreed_at=utcnow())
    db.session.add(version)
    audit.record("plan.agreed", user=by, obj=version, child=plan.child)
    db.session.flush()
    notifications.done(plan, ("quality_needs_changes",))   # a new agreed version answers the virtual school
    notifications.notify("agreed", plan, None, notifications.members(plan))
    return True


def on_change(plan: Plan, by: User) -> None:
    """Called by every change to a plan's words, before it is recorded."""
    lock(plan)
    started = db.session.execute(
        update(Plan).where(Plan.id == plan.id, Plan.status == AGREED)
        .values(status=DRAFT, version=Plan.version + 1).execution_options(synchronize_session=False)
    ).rowcount
    if started:
        db.session.refresh(plan)
        audit.record("plan.new_version", user=by, obj=plan, child=plan.child)
        return
    if plan.status != SHARED:
        return
    withdrawn = signatures(plan)
    if withdrawn:
        db.session.execute(delete(Signature).where(Signature.id.in_([s.id for s in withdrawn])))
        audit.record("plan.agreements_withdrawn", user=by, obj=plan, child=plan.child)
        notifications.notify("agreement_withdrawn", plan, by, [s.user for s in withdrawn if s.user])


def agreed_versions(plan: Plan) -> list[AgreedVersion]:
    """The plan's agreed versions, newest first."""
    return list(db.session.scalars(
        select(AgreedVersion).where(AgreedVersion.plan_id == plan.id).order_by(AgreedVersion.number.desc())
        .options(lazyload(AgreedVersion.plan))))   # the plan is the one given: no second load of its child


def agreed_version(plan: Plan, number: int) -> AgreedVersion | None:
    return db.session.scalar(select(AgreedVersion).where(
        AgreedVersion.plan_id == plan.id, AgreedVersion.number == number))
