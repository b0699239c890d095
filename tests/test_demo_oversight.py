"""The demo's authority: Northdale's virtual school sees Leo and a handful of other children in every state its
dashboard shows, on first sign-in."""
from sqlalchemy import func, select

from school_plans import demo, policy
from school_plans.extensions import db as _db
from school_plans.models import Authority, Child, Notification, Plan, QualityReview
from school_plans.services import accounts


def load_demo():
    demo.load()
    _db.session.commit()


def test_northdale_has_a_head_and_an_adviser_who_see_its_looked_after_children(app, db):
    load_demo()
    northdale = _db.session.scalar(select(Authority))
    assert {(s.user.name, s.role) for s in northdale.staff} == {("Nadia Rahman", "head"), ("Helen Ward", "adviser")}
    head = accounts.find_by_email(demo.email("vshead"))
    seen = {c.preferred_name for c in _db.session.scalars(policy.visible_children(head))}
    assert seen == {"Leo", "Ava", "Noah", "Isla", "Kacper", "Zara"}   # not Maya: her family invited Helen only
    leo = _db.session.scalar(select(Child).where(Child.preferred_name == "Leo"))
    assert leo.responsible_authority_id == northdale.id and leo.came_into_care_on is not None


def test_the_other_children_are_in_every_state_the_dashboard_shows(app, db):
    load_demo()
    status = {name: plan_status for name, plan_status in _db.session.execute(
        select(Child.preferred_name, Plan.status).outerjoin(Plan, Plan.child_id == Child.id))}
    assert status["Ava"] == "agreed" and status["Noah"] == "shared" and status["Kacper"] == "draft"
    assert status["Isla"] is None   # no plan yet
    ratings = {r.verdict for r in _db.session.scalars(select(QualityReview))}
    assert ratings == {"meets", "needs_changes"}
    amira = accounts.find_by_email(demo.email("dt"))
    waiting = _db.session.scalars(select(Notification.event).where(Notification.user_id == amira.id,
                                                                   Notification.read_at.is_(None))).all()
    assert "quality_needs_changes" in waiting   # Zara's plan: the adviser asks for changes


def test_loading_the_demo_again_adds_no_children_or_ratings(app, db):
    load_demo()
    counts = (_db.session.scalar(select(func.count()).select_from(Child)),
              _db.session.scalar(select(func.count()).select_from(QualityReview)))
    load_demo()
    assert counts == (_db.session.scalar(select(func.count()).select_from(Child)),
                      _db.session.scalar(select(func.count()).select_from(QualityReview))) == (7, 2)


def test_the_advisers_dashboard_counts_every_state_on_first_sign_in(app, db):
    from school_plans import oversight_reading
    from school_plans.models.types import utcnow
    load_demo()
    helen = accounts.find_by_email(demo.email("virtualschool"))
    board = oversight_reading.read(helen, _db.session.scalar(select(Authority)), oversight_reading.Filters(),
                                   utcnow())
    counts = board.counts
    assert counts["children"] == 7   # Northdale's six, and Maya, whose family let Helen in
    assert counts["agreed"] >= 2 and counts["shared"] == 1 and counts["no_plan"] == 1
    assert counts["pep_overdue"] >= 1 and counts["review_overdue"] == 1 and counts["needs_changes"] == 1
    kacper = next(row for row in board.rows if row.name == "Kacper")
    assert kacper.pep.status == "overdue"
