"""What one person reads of a review (the attached version, what changed since the previous review) and
the reviews page (upcoming, overdue, plans past their review date, no PEP meeting this term).

The review page, the review pack and the export command all start here.
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from . import policy, terms, times
from .extensions import db
from .models import PEP_MEETING, Child, Plan, Review
from .plan_reading import PlanReading, SectionChange, compare_agreed, read_agreed
from .services import agreement
from .services.reviews import previous_review


@dataclass
class ReviewReading:
    review: Review
    plan: PlanReading | None               # the attached version, as this person may read it
    previous: Review | None = None         # the last review before this one with a version attached
    details: list = field(default_factory=list)            # changes to the plan's title and dates
    changes: list[SectionChange] | None = None             # None: nothing to compare with

    @property
    def changed(self) -> list[SectionChange]:
        return [part for part in self.changes or () if part.changed]


def read_review(user, review: Review) -> ReviewReading:
    """The review as `user` may read it (None: everything, for the export command)."""
    agreed = review.agreed_version
    if agreed is None:
        return ReviewReading(review, None)
    plan = read_agreed(user, agreed.plan, agreed, agreement.signatures(agreed.plan, agreed.number))
    previous = previous_review(review)
    if previous is None:
        return ReviewReading(review, plan)
    details, changes = compare_agreed(user, previous.agreed_version, agreed, plan.sections)
    return ReviewReading(review, plan, previous, details, changes)


@dataclass
class Overview:
    term: terms.Term
    upcoming: list[Review]
    overdue: list[Review]          # the meeting's time has passed and no outcome is recorded
    plans_past_review: list[Plan]  # the plan's own review date has passed
    no_pep: list[Child]            # looked-after children with no PEP meeting this term


def overview(user, now: datetime) -> Overview:
    """The reviews page for the children `user` can see. Dates and terms are the service's (TIME_ZONE)."""
    today = times.service_today()
    reviews = policy.visible_reviews(user)
    upcoming = db.session.scalars(reviews.where(Review.starts_at >= now).order_by(Review.starts_at))
    overdue = db.session.scalars(reviews.where(Review.starts_at < now, Review.outcome.is_(None))
                                 .order_by(Review.starts_at))
    plans = db.session.scalars(policy.visible_plans(user).where(Plan.review_date < today)
                               .order_by(Plan.review_date))
    term = terms.term_of(today)
    starts, ends = times.service_start_of(term.start), times.service_start_of(term.end + timedelta(days=1))
    with_pep = select(Review.child_id).where(Review.kind == PEP_MEETING, Review.starts_at >= starts,
                                             Review.starts_at < ends)
    no_pep = db.session.scalars(policy.visible_children(user, care_status=True).where(
        Child.care_status == "looked_after", Child.id.not_in(with_pep)).order_by(Child.preferred_name))
    return Overview(term, list(upcoming), list(overdue), list(plans), list(no_pep))
