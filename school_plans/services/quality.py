"""The virtual school's review of a plan's quality: an adviser says whether the latest agreed version meets the
standard or needs changes (with a reason), rated red, amber or green, and the designated teacher is told.

Each review is kept; the latest is the plan's rating. "Needs changes" waits in the designated teacher's
"Needs you" until the plan is next agreed (agreement.agree) or they open it.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import lazyload

from ..extensions import db
from ..models import MEETS, NEEDS_CHANGES, RATINGS, VERDICTS, AgreedVersion, Plan, QualityReview, User
from ..policy import DESIGNATED_TEACHER
from . import agreement, audit, notifications

EVENTS = {MEETS: "quality_meets", NEEDS_CHANGES: "quality_needs_changes"}


class QualityError(ValueError):
    """A review the plan or its words do not allow (in the app, the policy and the form refuse these first)."""


class QualityConflict(Exception):
    """The plan was agreed again after the adviser read it: their review is of a version no longer the latest."""


def review_plan(plan: Plan, by: User, verdict: str, rating: str, reason: str = "",
                read_version: int | None = None) -> QualityReview:
    """Record `by`'s review of the plan's latest agreed version (`read_version`, when given: the one they read,
    else QualityConflict) and tell its designated teacher(s). A newer review answers the older one, so only the
    latest "needs changes" waits for them."""
    agreement.lock(plan)   # one at a time with agreeing it: the version reviewed is the latest agreed
    if verdict not in VERDICTS or rating not in RATINGS:
        raise QualityError(_l("Choose whether the plan meets the standard, and a rating."))
    if verdict == NEEDS_CHANGES and not reason.strip():
        raise QualityError(_l("Say what needs to change."))
    version = db.session.scalar(select(AgreedVersion.number).where(AgreedVersion.plan_id == plan.id)
                                .order_by(AgreedVersion.number.desc()).limit(1))
    if version is None:
        raise QualityError(_l("This plan has not been agreed yet: there is no agreed version to review."))
    if read_version is not None and read_version != version:
        raise QualityConflict()
    row = QualityReview(plan_id=plan.id, plan_version=version, verdict=verdict, rating=rating, reason=reason,
                        by_id=by.id)
    db.session.add(row)
    db.session.flush()
    audit.record("plan.quality_review", user=by, obj=row, child=plan.child)
    notifications.done(plan, (EVENTS[NEEDS_CHANGES],))
    notifications.notify(EVENTS[verdict], plan, by, notifications.members(plan, {DESIGNATED_TEACHER}),
                         target_id=row.id)
    return row


def history(plan: Plan) -> list[QualityReview]:
    """Every review of the plan, newest first."""
    return list(db.session.scalars(select(QualityReview).where(QualityReview.plan_id == plan.id)
                                   .order_by(QualityReview.created_at.desc(), QualityReview.id.desc())))


def with_agreed_versions(plan: Plan) -> tuple[list[AgreedVersion], QualityReview | None]:
    """The plan's agreed versions, newest first, and its latest review (its rating now), in one query for the
    plan's page: a review is only ever of an agreed version, so a plan with none has none."""
    newest = (select(QualityReview.id).where(QualityReview.plan_id == plan.id)
              .order_by(QualityReview.created_at.desc(), QualityReview.id.desc()).limit(1).scalar_subquery())
    rows = db.session.execute(
        select(AgreedVersion, QualityReview).outerjoin(QualityReview, QualityReview.id == newest)
        .where(AgreedVersion.plan_id == plan.id).order_by(AgreedVersion.number.desc())
        .options(lazyload(AgreedVersion.plan))).all()   # the plan is the one given: no second load of its child
    return [row.AgreedVersion for row in rows], rows[0].QualityReview if rows else None
