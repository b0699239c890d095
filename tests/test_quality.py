"""The virtual school's review of an agreed plan's quality: an adviser (through the authority, or a member of the
network) says it meets the standard or needs changes (with a reason), rated red, amber or green; the designated
teacher is told and sees it on the plan; each review is kept; only they and the virtual school see it."""
import html

import pytest
from sqlalchemy import func, select

from conftest import make_authority, make_plan, make_user, sections_of, write_section
from school_plans.extensions import db as _db
from school_plans.models import AuditEvent, Notification, OutboxEmail, QualityReview
from school_plans.policy import signer_roles
from school_plans.services import agreement, notifications, quality

# About version 1, the version the adviser read (the page carries it).
NEEDS_CHANGES = {"verdict": "needs_changes", "rating": "red", "reason": "Add what helps at lunchtime.", "version": "1"}
ASKS_FOR_CHANGES = "from the virtual school asks for changes to the agreed plan"


@pytest.fixture()
def plan(world):
    return make_plan(world.child, world.user("designated_teacher"))


@pytest.fixture()
def adviser(world):
    """An adviser on the staff of the authority that looks after Sam: no invitation to Sam's network."""
    adviser = make_user("Vera Adviser", email="vera.adviser@example.org")
    world.child.responsible_authority_id = make_authority("Northdale Council", [adviser]).id
    _db.session.commit()
    return adviser


def agree(plan, world):
    """Share the plan's current version and agree it by its required signers."""
    agreement.share(plan, world.user("designated_teacher"))
    for role in signer_roles(plan):
        agreement.agree(plan, world.user(role), agreement.stamp(plan))
    _db.session.commit()
    return plan


def rewrite(plan, world, words):
    write_section(sections_of(plan)["about-me"], {"text": words}, world.user("designated_teacher"))


def emails_to(user) -> list[OutboxEmail]:
    return list(_db.session.scalars(select(OutboxEmail).where(OutboxEmail.to_address == user.email)
                                    .order_by(OutboxEmail.id)))


def needs_you(client) -> str:
    page = html.unescape(client.get("/notifications").text)
    return page.split('id="needs-you"')[1].split('id="information"')[0]


def information(client) -> str:
    return html.unescape(client.get("/notifications").text).split('id="information"')[1]


def reviews_count() -> int:
    return _db.session.scalar(select(func.count()).select_from(QualityReview))


def test_an_adviser_through_the_authority_asks_for_changes_and_the_designated_teacher_is_told(
        world, plan, adviser, make_client):
    agree(plan, world)
    rewrite(plan, world, "Sam loves the climbing frame.")   # version 2 is a draft: version 1 is what is reviewed
    vera = make_client(adviser)
    assert "Review this plan's quality" in html.unescape(vera.get(f"/plans/{plan.id}").text)
    page = html.unescape(vera.get(f"/plans/{plan.id}/quality").text)
    assert "version 1, agreed on" in page and "Save the review" in page and "No reviews yet." in page
    assert vera.post(f"/plans/{plan.id}/quality", NEEDS_CHANGES).status_code == 302
    _db.session.expire_all()
    row = _db.session.scalar(select(QualityReview))
    assert (row.plan_version, row.verdict, row.rating, row.by_id) == (1, "needs_changes", "red", adviser.id)
    assert row.reason == NEEDS_CHANGES["reason"]
    assert _db.session.scalar(select(AuditEvent).where(AuditEvent.action == "plan.quality_review")).object_id == row.id

    teacher = world.user("designated_teacher")
    [email] = [e for e in emails_to(teacher) if "virtual school" in e.subject]
    assert email.subject == "School support plans: the virtual school asks for changes to a plan"
    for secret in ("Sam", "lunchtime", "climbing", world.school.name, "Vera"):
        assert secret not in email.subject and secret not in email.body
    for role in ("parent_carer", "school_staff", "social_worker", "virtual_school"):
        assert not any("virtual school" in e.subject for e in emails_to(world.user(role)))
    dt = make_client(teacher)
    assert f"<bdi>Vera Adviser</bdi> {ASKS_FOR_CHANGES}" in needs_you(dt)
    shown = html.unescape(dt.get(f"/plans/{plan.id}").text)
    feedback = shown.split('id="quality"')[1].split("</section>")[0]
    for words in ("Needs changes", "Red: important things missing", "Add what helps at lunchtime.", "Version 1"):
        assert words in feedback
    assert "Review this plan's quality" not in feedback   # the designated teacher reads it, and does not rate it
    note = _db.session.scalar(select(Notification).where(Notification.user_id == teacher.id,
                                                         Notification.event == "quality_needs_changes"))
    opened = dt.post(f"/notifications/{note.id}/open")
    assert opened.status_code == 302 and opened.location.endswith(f"/plans/{plan.id}/quality")
    assert ASKS_FOR_CHANGES not in needs_you(dt)


def test_a_virtual_school_member_finds_it_meets_the_standard_which_is_news_for_the_digest(world, plan, make_client):
    agree(plan, world)
    notifications.send_digests()   # the news of the agreement
    _db.session.commit()
    teacher = world.user("designated_teacher")
    before = len(emails_to(teacher))
    member = make_client(world.user("virtual_school"))
    assert member.post(f"/plans/{plan.id}/quality", {"verdict": "meets", "rating": "green",
                                                     "version": "1"}).status_code == 302
    assert len(emails_to(teacher)) == before and notifications.send_digests() == 1   # no email at once
    digest = emails_to(teacher)[-1]
    assert "1 plan rated by the virtual school as meeting the standard" in digest.body and "Sam" not in digest.body
    dt = make_client(teacher)
    assert "rated the agreed plan: it meets the standard" in information(dt)
    assert "from the virtual school" not in needs_you(dt)
    page = html.unescape(dt.get(f"/plans/{plan.id}/quality").text)
    assert "Meets the standard" in page and "Green: a strong plan" in page and "Save the review" not in page


def test_a_plan_never_agreed_is_not_rated(world, plan, adviser, make_client):
    vera = make_client(adviser)
    page = html.unescape(vera.get(f"/plans/{plan.id}/quality").text)
    assert "This plan has not been agreed yet" in page and "Save the review" not in page
    assert "Review this plan's quality" not in html.unescape(vera.get(f"/plans/{plan.id}").text)
    assert vera.post(f"/plans/{plan.id}/quality", NEEDS_CHANGES).status_code == 403
    with pytest.raises(quality.QualityError, match="not been agreed yet"):
        quality.review_plan(plan, adviser, "meets", "green")
    _db.session.rollback()
    assert reviews_count() == 0


def test_needs_changes_without_a_reason_is_refused_beside_the_field_keeping_what_was_typed(
        world, plan, adviser, make_client):
    agree(plan, world)
    vera = make_client(adviser)
    response = vera.post(f"/plans/{plan.id}/quality", {"verdict": "needs_changes", "rating": "amber", "reason": "  "})
    page = html.unescape(response.text)
    assert response.status_code == 200 and "<title>Error:" in page
    reason_group = page.split('for="reason"')[1].split("</textarea>")[0]
    assert "Enter what needs to change: the designated teacher will read it" in reason_group
    assert 'value="needs_changes" checked' in page and 'value="amber" checked' in page
    no_rating = html.unescape(vera.post(f"/plans/{plan.id}/quality", {"verdict": "needs_changes",
                                                                      "reason": "Add the safe space."}).text)
    assert "Select a rating: green, amber or red" in no_rating and "Add the safe space.</textarea>" in no_rating
    assert reviews_count() == 0 and emails_to(world.user("designated_teacher")) == []


def test_only_the_designated_teacher_and_the_virtual_school_see_it_and_only_the_virtual_school_rates(
        world, plan, adviser, make_client):
    agree(plan, world)
    quality.review_plan(plan, adviser, "needs_changes", "amber", "Name the back-up adult.")
    _db.session.commit()
    url = f"/plans/{plan.id}/quality"
    for role in ("parent_carer", "school_staff", "social_worker"):
        client = make_client(world.user(role))
        assert client.get(url).status_code == 403 and client.post(url, NEEDS_CHANGES).status_code == 403
        shown = client.get(f"/plans/{plan.id}").text
        assert 'id="quality"' not in shown and "Name the back-up adult." not in shown
    assert make_client(world.user("designated_teacher")).post(url, NEEDS_CHANGES).status_code == 403
    stranger = make_user("Sol Adviser", email="sol.adviser@example.org")
    make_authority("Southvale Council", [stranger])   # another authority: Sam is not theirs
    outsider = make_client(stranger)
    assert outsider.get(url).status_code == 404 and outsider.post(url, NEEDS_CHANGES).status_code == 404
    assert reviews_count() == 1


def test_each_rating_is_kept_and_agreeing_the_plan_again_answers_a_request_for_changes(
        world, plan, adviser, make_client):
    agree(plan, world)
    vera, dt = make_client(adviser), make_client(world.user("designated_teacher"))
    assert vera.post(f"/plans/{plan.id}/quality", NEEDS_CHANGES).status_code == 302
    rewrite(plan, world, "At lunchtime Sam eats with Mr Okafor in the library.")
    assert ASKS_FOR_CHANGES in needs_you(dt)   # a draft is not yet what the virtual school asked for
    agree(plan, world)
    assert ASKS_FOR_CHANGES not in needs_you(dt)
    assert vera.post(f"/plans/{plan.id}/quality", {"verdict": "meets", "rating": "green",
                                                   "reason": "Clear and warm.", "version": "2"}).status_code == 302
    page = html.unescape(dt.get(f"/plans/{plan.id}/quality").text).split('id="reviews"')[1]
    newer, older = page.split("<tbody")[1].split('<tr class="govuk-table__row">')[1:]
    assert "Meets the standard" in newer and "Clear and warm." in newer and ">2<" in newer
    assert "Needs changes" in older and "Add what helps at lunchtime." in older and ">1<" in older
    assert [r.plan_version for r in quality.history(plan)] == [2, 1]
    assert quality.with_agreed_versions(plan)[1].verdict == "meets"   # the latest is the plan's rating


def test_a_newer_rating_answers_an_earlier_request_for_changes(world, plan, adviser, make_client):
    agree(plan, world)
    quality.review_plan(plan, adviser, "needs_changes", "red", "Add the distress stages.")
    _db.session.commit()
    dt = make_client(world.user("designated_teacher"))
    assert ASKS_FOR_CHANGES in needs_you(dt)
    quality.review_plan(plan, adviser, "meets", "amber", "On reflection it is fine for now.")
    _db.session.commit()
    assert ASKS_FOR_CHANGES not in needs_you(dt)
    assert "Meets the standard" in html.unescape(dt.get(f"/plans/{plan.id}").text).split('id="quality"')[1]


def test_a_review_of_a_version_agreed_over_meanwhile_is_shown_again_with_what_was_written(
        world, plan, adviser, make_client):
    agree(plan, world)
    vera = make_client(adviser)
    assert 'name="version" value="1"' in vera.get(f"/plans/{plan.id}/quality").text   # what the adviser read
    rewrite(plan, world, "Sam eats lunch with Mr Okafor.")
    agree(plan, world)   # version 2, agreed while the adviser was writing
    response = vera.post(f"/plans/{plan.id}/quality", NEEDS_CHANGES)
    page = html.unescape(response.text)
    assert response.status_code == 409 and "The plan was agreed again since you opened this page" in page
    assert "Add what helps at lunchtime.</textarea>" in page and 'value="needs_changes" checked' in page
    assert 'name="version" value="2"' in page and reviews_count() == 0
    assert vera.post(f"/plans/{plan.id}/quality", {**NEEDS_CHANGES, "version": "2"}).status_code == 302
    assert [r.plan_version for r in quality.history(plan)] == [2]
