"""Actions from a review given to someone in the child's network: they are told it is theirs ("needs you"),
again when it is due, may mark it done themselves, and it leaves "Needs you" when it is done."""
import html
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from school_plans import times
from school_plans.extensions import db as _db
from school_plans.models import Notification, OutboxEmail, ReviewAction
from school_plans.services import notifications, reviews
from school_plans.services.reviews import Details

UTC = timezone.utc


@pytest.fixture()
def review(world):
    review = reviews.schedule(world.child, world.user("social_worker"),
                              Details("pep_meeting", datetime(2026, 10, 1, 9, tzinfo=UTC), "Ruth Ellison"))
    _db.session.commit()
    return review


def action_form(owner_id="", owner="", days=None, **fields):
    due = {}
    if days is not None:
        day = times.service_today() + timedelta(days=days)
        due = {"due_date-day": str(day.day), "due_date-month": str(day.month), "due_date-year": str(day.year)}
    return {"description": "Book the nurture group", "owner_id": str(owner_id), "owner": owner, **due, **fields}


def emails_to(user) -> list[OutboxEmail]:
    return list(_db.session.scalars(select(OutboxEmail).where(OutboxEmail.to_address == user.email)
                                    .order_by(OutboxEmail.id)))


def needs_you(client) -> str:
    page = html.unescape(client.get("/notifications").text)
    return page.split('id="needs-you"')[1].split('id="information"')[0] if 'id="needs-you"' in page else ""


def test_an_action_given_to_someone_in_the_network_tells_them_it_is_theirs(world, review, make_client):
    carer = world.user("parent_carer")
    social = make_client(world.user("social_worker"))
    assert social.post(f"/reviews/{review.id}/actions", action_form(carer.id)).status_code == 302
    action = _db.session.scalar(select(ReviewAction))
    assert action.owner_user == carer
    [email] = emails_to(carer)
    assert email.subject == "School support plans: an action from a review is yours to do"
    for secret in (world.child.preferred_name, "nurture", world.child.school.name):
        assert secret not in email.subject and secret not in email.body
    carer_client = make_client(carer)
    waiting = needs_you(carer_client)
    assert "<bdi>Social Worker</bdi> gave you an action from a review" in waiting
    assert f"for <bdi>{world.child.preferred_name}</bdi>" in waiting
    note = _db.session.scalar(select(Notification).where(Notification.user_id == carer.id))
    opened = carer_client.post(f"/notifications/{note.id}/open")
    assert opened.status_code == 302 and opened.location.endswith(f"/reviews/{review.id}#actions")
    carer.name = "Jo Hughes-Patel"   # a name corrected follows on the review
    _db.session.commit()
    assert "Jo Hughes-Patel" in social.get(f"/reviews/{review.id}").text


def test_the_owner_marks_their_own_action_done_and_it_leaves_needs_you(world, review, make_client):
    carer = world.user("parent_carer")
    action = reviews.add_action(review, world.user("social_worker"), "Send the PEP targets home", carer, None)
    _db.session.commit()
    carer_client = make_client(carer)
    page = carer_client.get(f"/reviews/{review.id}").text
    assert "Mark as done" in page and "Remove" not in page.split('id="actions"')[1]
    teacher = make_client(world.user("designated_teacher"))   # may see the review, but it is not theirs
    assert teacher.post(f"/reviews/{review.id}/actions/{action.id}/done", {"done": "yes"}).status_code == 403
    assert "gave you an action" in needs_you(carer_client)
    assert carer_client.post(f"/reviews/{review.id}/actions/{action.id}/done", {"done": "yes"}).status_code == 302
    _db.session.expire_all()
    assert _db.session.get(ReviewAction, action.id).done_at is not None
    assert "gave you an action" not in needs_you(carer_client)


def test_an_action_is_for_someone_chosen_or_someone_typed_never_both_or_neither(world, review, make_client):
    social = make_client(world.user("social_worker"))
    neither = social.post(f"/reviews/{review.id}/actions", action_form())
    assert "Choose someone in this child's network, or enter who will do it" in html.unescape(neither.text)
    both = social.post(f"/reviews/{review.id}/actions", action_form(world.user("parent_carer").id, "The nurse"))
    assert "Leave this empty when you choose someone in the network" in html.unescape(both.text)
    assert "The nurse" in both.text and "Book the nurture group</textarea>" in html.unescape(both.text)
    outside = social.post(f"/reviews/{review.id}/actions", action_form(world.user("other_network").id))
    assert "Choose someone in this child's network, or someone outside it" in html.unescape(outside.text)
    # School staff outside the core team may not know Sam is in care: reviews are not theirs to see.
    staff = social.post(f"/reviews/{review.id}/actions", action_form(world.user("school_staff").id))
    assert staff.status_code == 200 and _db.session.scalar(select(ReviewAction)) is None
    assert social.post(f"/reviews/{review.id}/actions", action_form(owner="The school nurse")).status_code == 302
    assert _db.session.scalar(select(ReviewAction)).owner_name == "The school nurse"


def test_the_owner_is_reminded_once_when_the_action_is_due(world, review, make_client, monkeypatch):
    carer, teacher = world.user("parent_carer"), world.user("designated_teacher")
    social = make_client(world.user("social_worker"))
    for owner, days in ((carer, 2), (teacher, 10), (teacher, -1)):
        assert social.post(f"/reviews/{review.id}/actions", action_form(owner.id, days=days)).status_code == 302
    done = reviews.add_action(review, world.user("social_worker"), "Done already", carer,
                              times.service_today() + timedelta(days=1))
    reviews.set_done(done, carer, True)
    _db.session.commit()
    from school_plans.services import mail
    monkeypatch.setattr(mail, "send_pending", lambda limit, after_each=None: mail.SendResult())   # no SMTP here
    result = make_client().app.test_cli_runner().invoke(args=["send-mail", "--reminders"])
    assert result.exit_code == 0 and "Reminded 2 owners" in result.output
    _db.session.expire_all()
    due = _db.session.scalars(select(Notification).where(Notification.event == "review_action_due")).all()
    assert sorted(n.user_id for n in due) == sorted([carer.id, teacher.id])   # due in 2 days, and overdue
    assert emails_to(carer)[-1].subject == "School support plans: your action from a review is due"
    assert "Your action from a review is due" in needs_you(make_client(carer))
    assert notifications.remind_due_actions(notifications.REMIND_DAYS_BEFORE) == 0   # once each


def test_a_review_notification_goes_when_its_reader_may_no_longer_know_the_care_status(world, review,
                                                                                      make_client):
    staff = world.user("school_staff")
    world.memberships["school_staff"].core_team = True   # a key adult: in the core team, told of Sam's care
    _db.session.commit()
    reviews.add_action(review, world.user("social_worker"), "Check in each morning", staff, None)
    _db.session.commit()
    client = make_client(staff)
    assert "gave you an action" in needs_you(client)
    world.memberships["school_staff"].core_team = False
    _db.session.commit()
    assert "gave you an action" not in needs_you(client)
    assert notifications.unread_count(staff) == 0
