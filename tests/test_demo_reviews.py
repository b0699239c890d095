"""The demo's reviews: Leo's past PEP meeting and CLA review, each with a different agreed version of his plan,
and one still to come."""
from datetime import date, timedelta

from sqlalchemy import func, select

from school_plans import demo, policy, review_reading, times
from school_plans.extensions import db as _db
from school_plans.models import (
    CLA_REVIEW,
    PEP_MEETING,
    AgreedVersion,
    Child,
    Plan,
    Review,
    ReviewAction,
    Signature,
)
from school_plans.models.types import utcnow
from school_plans.services import agreement
from school_plans.services.reviews import previous_review, reviews_of


def load_demo():
    demo.load()
    _db.session.commit()


def leo() -> Child:
    return _db.session.scalar(select(Child).where(Child.preferred_name == "Leo"))


def leo_plan() -> Plan:
    return _db.session.scalar(select(Plan).join(Child).where(Child.preferred_name == "Leo"))


def test_leo_has_two_past_reviews_with_different_agreed_versions_and_one_to_come(app, db):
    load_demo()
    found = sorted(reviews_of(leo()), key=lambda r: r.starts_at)
    assert len(found) == 3
    earlier, later, upcoming = found
    now = utcnow()
    assert earlier.starts_at < later.starts_at < now < upcoming.starts_at
    assert (earlier.kind, later.kind, upcoming.kind) == (PEP_MEETING, CLA_REVIEW, PEP_MEETING)
    assert (earlier.agreed_version.number, later.agreed_version.number) == (1, 2)
    assert earlier.agreed_version.plan_id == later.agreed_version.plan_id == leo_plan().id
    assert previous_review(later).id == earlier.id
    assert earlier.outcome and later.outcome and upcoming.outcome is None
    assert upcoming.agreed_version is None and not upcoming.actions


def test_the_later_review_shows_what_changed_since_the_earlier_one(app, db):
    load_demo()
    _earlier, later, _upcoming = sorted(reviews_of(leo()), key=lambda r: r.starts_at)
    reading = review_reading.read_review(None, later)
    assert reading.previous is not None and reading.previous.agreed_version.number == 1
    changed = {part.section.key for part in reading.changed}
    assert {"strategies", "triggers", "safe-spaces"} <= changed


def test_the_timeline_reads_true(app, db):
    load_demo()
    plan = leo_plan()
    agreed = {v.number: v for v in agreement.agreed_versions(plan)}
    assert {n: times.local(v.agreed_at).date() for n, v in agreed.items()} == {
        1: date(2026, 9, 21), 2: date(2026, 11, 2)}
    for number, version in agreed.items():
        signed = agreement.signatures(plan, number)
        assert {s.role for s in signed} == set(policy.signer_roles(plan))
        assert all(times.local(s.agreed_at).date() == times.local(version.agreed_at).date() for s in signed)
        assert max(s.agreed_at for s in signed) == version.agreed_at
    earlier, later, upcoming = sorted(reviews_of(leo()), key=lambda r: r.starts_at)
    assert times.local(earlier.starts_at).replace(tzinfo=None).isoformat() == "2026-10-01T10:00:00"
    assert times.local(later.starts_at).replace(tzinfo=None).isoformat() == "2026-11-12T14:00:00"
    local = times.local(upcoming.starts_at)
    assert (local.date(), local.hour, local.minute) == (demo._weekday(date.today() + timedelta(weeks=3)), 9, 30)
    for review in (earlier, later):
        assert review.agreed_version.agreed_at < review.starts_at < review.outcome_at < utcnow()
        assert any(a.done_at for a in review.actions) and any(a.done_at is None for a in review.actions)
        assert all(a.done_at < utcnow() for a in review.actions if a.done_at)
    assert any(a.name.startswith("Ruth Ellison") for a in later.attendees) and later.chair.startswith("Ruth")
    assert all(a.user_id or a.name for r in (earlier, later, upcoming) for a in r.attendees)


def test_leo_plan_is_on_draft_version_3_with_versions_1_and_2_agreed(app, db):
    load_demo()
    plan = leo_plan()
    assert (plan.status, plan.version) == (agreement.DRAFT, 3)
    assert [v.number for v in agreement.agreed_versions(plan)] == [2, 1]


def counts() -> dict:
    return {model.__name__: _db.session.scalar(select(func.count()).select_from(model))
            for model in (Review, ReviewAction, AgreedVersion, Signature)}


def test_loading_the_demo_again_adds_no_reviews_nor_agreements(app, db):
    load_demo()
    first = counts()
    # Leo's three reviews, five actions and two agreed versions (each agreed by three), and Northdale's other
    # children (demo_oversight.py): five more reviews, two more agreed plans and Noah's plan agreed by two so far.
    assert first == {"Review": 8, "ReviewAction": 5, "AgreedVersion": 4, "Signature": 14}
    load_demo()
    assert counts() == first


def test_an_action_given_to_the_designated_teacher_waits_for_her(app, db):
    from school_plans.models import Notification
    from school_plans.services import notifications
    load_demo()
    action = _db.session.scalar(select(ReviewAction).where(ReviewAction.description.like("Send Priya%")))
    assert action.owner_user.name == "Amira Shah" and action.done_at is None
    [note] = _db.session.scalars(select(Notification).where(Notification.event == "review_action")).all()
    assert note.user_id == action.owner_id and notifications.needs_you(note) and note.target_id == action.id
    assert note.created_at == action.created_at   # told when the action was given, after the CLA review
