"""A child's reviews: scheduling one, who attends, the agreed plan version attached, the outcome and actions.

Every check across objects happens here, before anything is written: an attendee from outside the child's
network, or a plan version of another child, is refused whole.
"""
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy import update as sa_update
from sqlalchemy.orm import joinedload, lazyload

from .. import policy
from ..extensions import db
from ..models import REVIEW_KINDS, AgreedVersion, Child, Plan, Review, ReviewAction, ReviewAttendee, User
from ..models.types import utcnow
from . import audit, notifications


class ReviewError(ValueError):
    """Refused, with nothing written; `field` is the form field the message belongs beside."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


class ReviewConflict(Exception):
    """Someone changed the review after this person opened it."""


@dataclass
class Details:
    """What scheduling a review (or changing it) sets."""

    kind: str
    starts_at: datetime
    chair: str = ""
    member_ids: list[int] = field(default_factory=list)   # attendees from the child's network
    named: list[str] = field(default_factory=list)        # attendees named, not in the network


def _attendees(child: Child, details: Details, review: Review | None = None) -> list[ReviewAttendee]:
    """The attendees: people in the child's network (or who came to this review and have left it since)."""
    members = {m.user_id: m.user for m in child.memberships}
    members |= {a.user_id: a.user for a in (review.attendees if review else ()) if a.user is not None}
    if any(user_id not in members for user_id in details.member_ids):
        raise ReviewError(_l("Choose attendees from the people in the child's network"), "members")
    return ([ReviewAttendee(user=members[user_id]) for user_id in dict.fromkeys(details.member_ids)]
            + [ReviewAttendee(name=name) for name in details.named])


def _check(details: Details) -> None:
    if details.kind not in REVIEW_KINDS:
        raise ReviewError(_l("Select the type of review"), "kind")
    if details.starts_at.tzinfo is None:
        raise ValueError("a review's time must be timezone-aware")


def schedule(child: Child, by: User, details: Details) -> Review:
    _check(details)
    review = Review(child=child, kind=details.kind, starts_at=details.starts_at, chair=details.chair,
                    attendees=_attendees(child, details), created_by_id=by.id)
    db.session.add(review)
    db.session.flush()
    audit.record("review.schedule", user=by, obj=review, child=child)
    return review


def _claim(review: Review, *conditions) -> bool:
    """Move the review's version on if it still meets `conditions`: one UPDATE whose row count decides, so of
    two changes made at once only one wins, on SQLite as on PostgreSQL. The review is read afresh after."""
    claimed = db.session.execute(
        sa_update(Review).where(Review.id == review.id, *conditions).values(version=Review.version + 1)
        .execution_options(synchronize_session=False)).rowcount
    if claimed:
        db.session.refresh(review)
    return bool(claimed)


def _lock(review: Review, read_version: int | None) -> None:
    """Refuse a change made to an older version of the review (None, a missing or absurd version, is always
    refused, and so is a review cancelled meanwhile)."""
    if read_version is None or not _claim(review, Review.version == read_version):
        raise ReviewConflict()


def update(review: Review, by: User, details: Details, read_version: int | None) -> None:
    _check(details)
    attendees = _attendees(review.child, details, review)
    _lock(review, read_version)
    review.kind, review.starts_at, review.chair = details.kind, details.starts_at, details.chair
    review.attendees = attendees
    db.session.flush()
    audit.record("review.update", user=by, obj=review, child=review.child)


def attach(review: Review, agreed: AgreedVersion, by: User, read_version: int | None) -> None:
    """Attach an agreed version (frozen) of one of the review's child's plans."""
    if agreed.plan.child_id != review.child_id:
        raise ReviewError(_l("Choose an agreed version of one of this child's plans"), "agreed")
    _lock(review, read_version)
    review.agreed_version = agreed
    review.attached_by_id, review.attached_at = by.id, utcnow()
    db.session.flush()
    audit.record("review.attach", user=by, obj=review, child=review.child)


def record_outcome(review: Review, by: User, outcome: str, read_version: int | None) -> None:
    _lock(review, read_version)
    review.outcome = outcome
    review.outcome_by_id, review.outcome_at = by.id, utcnow()
    db.session.flush()
    audit.record("review.outcome", user=by, obj=review, child=review.child)


def cancel(review: Review, by: User) -> None:
    """Remove a review scheduled by mistake or called off; one with an outcome is kept as a record."""
    if not _claim(review, Review.outcome.is_(None)):
        raise ReviewError(_l("This review has an outcome recorded, so it is kept as a record."))
    audit.record("review.cancel", user=by, obj=review, child=review.child)
    db.session.delete(review)
    db.session.flush()


def add_action(review: Review, by: User, description: str, owner: User | str, due_date: date | None) -> ReviewAction:
    """An action for someone in the child's network (told at once that it is theirs: "needs you") or for
    someone named."""
    member = owner if isinstance(owner, User) else None
    if member is not None and member.id not in {m.user_id for m in possible_owners(review.child)}:
        raise ReviewError(_l("Choose someone in this child's network who can see their reviews"), "owner_id")
    action = ReviewAction(description=description, owner=member.name if member else owner, owner_user=member,
                          due_date=due_date, created_by_id=by.id)
    review.actions.append(action)
    db.session.flush()
    audit.record("review.action_add", user=by, obj=action, child=review.child)
    notifications.notify("review_action", review, by, notifications.action_owners(action), target_id=action.id)
    return action


def possible_owners(child: Child) -> list:
    """The memberships of those in the network an action can be given to: who may see the child's reviews,
    by name."""
    return sorted((m for m in child.memberships if m.user.is_active
                   and policy.reads_audience(policy.standing_of(m), child.care_status_audience)),
                  key=lambda m: m.user.name.casefold())


def set_done(action: ReviewAction, by: User, done: bool) -> bool:
    """Mark an action done (or not done after all); False if it already was (also when someone else marked
    it at the same moment: the UPDATE only matches an action still in the other state)."""
    was_done = ReviewAction.done_at.is_(None) if done else ReviewAction.done_at.is_not(None)
    values = {"done_at": utcnow(), "done_by_id": by.id} if done else {"done_at": None, "done_by_id": None}
    changed = db.session.execute(sa_update(ReviewAction).where(ReviewAction.id == action.id, was_done)
                                 .values(**values).execution_options(synchronize_session=False)).rowcount
    db.session.refresh(action)
    if not changed:
        return False
    audit.record("review.action_done" if done else "review.action_reopen", user=by, obj=action,
                 child=action.review.child)
    if done:
        notifications.done(action.review, notifications.REVIEW_ACTIONS, target_id=action.id)
    return True


def remove_action(action: ReviewAction, by: User) -> None:
    audit.record("review.action_remove", user=by, obj=action, child=action.review.child)
    notifications.done(action.review, notifications.REVIEW_ACTIONS, target_id=action.id)
    action.review.actions.remove(action)
    db.session.flush()


def attachable_versions(child: Child) -> list[AgreedVersion]:
    """The agreed versions of the child's plans, newest first."""
    return list(db.session.scalars(select(AgreedVersion).join(Plan, Plan.id == AgreedVersion.plan_id)
                                   .where(Plan.child_id == child.id)
                                   .order_by(AgreedVersion.agreed_at.desc(), AgreedVersion.id.desc())))


def previous_review(review: Review) -> Review | None:
    """The child's last review before this one that had a plan version attached."""
    return db.session.scalar(select(Review).where(
        Review.child_id == review.child_id, Review.id != review.id, Review.starts_at < review.starts_at,
        Review.agreed_version_id.is_not(None)).order_by(Review.starts_at.desc(), Review.id.desc()).limit(1)
        .options(lazyload(Review.child), lazyload(Review.attendees), lazyload(Review.actions),   # the same child;
                 joinedload(Review.agreed_version).lazyload(AgreedVersion.plan)))   # only its version is read


def open_actions(child: Child) -> list[ReviewAction]:
    """Actions from the child's reviews not yet done, soonest due first (those with no date last)."""
    return list(db.session.scalars(select(ReviewAction).join(Review).where(
        Review.child_id == child.id, ReviewAction.done_at.is_(None)).order_by(
        ReviewAction.due_date.is_(None), ReviewAction.due_date, ReviewAction.id)))


def reviews_of(child: Child) -> list[Review]:
    """The child's reviews, the latest first."""
    return list(db.session.scalars(select(Review).where(Review.child_id == child.id)
                                   .order_by(Review.starts_at.desc(), Review.id.desc())))
