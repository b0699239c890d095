"""Invitations by email: the single-use link queued in the outbox in the language chosen, sent again or cancelled
by the inviter, and a pending invitation shown where the person is expected."""
import re

from sqlalchemy import select

from conftest import make_plan
from school_plans.extensions import db as _db
from school_plans.models import Invitation, OutboxEmail
from school_plans.services import agreement


def invite(client, child, **fields):
    return client.post(f"/children/{child.id}/network/invite", {"email": "new.carer@example.org",
                                                               "role": "parent_carer", **fields})


def test_inviting_emails_the_link_in_the_language_chosen_without_the_childs_name(world, make_client):
    response = invite(make_client(world.user("designated_teacher")), world.child, language="cy")
    assert response.status_code == 200
    link = re.search(r'value="(http[^"]+/invitations/[^"]+)"', response.text).group(1)
    assert "We have emailed a link to new.carer@example.org" in response.text
    email = _db.session.scalar(select(OutboxEmail).where(OutboxEmail.to_address == "new.carer@example.org"))
    assert link in email.body and "Designated Teacher" in email.body
    assert "rhwydwaith plentyn" in email.subject and "I ymuno" in email.body   # Welsh, as chosen
    for secret in (world.child.preferred_name, world.child.school.name):
        assert secret not in email.body and secret not in email.subject
    assert _db.session.scalar(select(Invitation.language)) == "cy"


def test_a_language_not_offered_is_refused_beside_the_field_and_the_address_kept(world, make_client):
    response = invite(make_client(world.user("designated_teacher")), world.child, language="xx")
    assert response.status_code == 200 and "Select the language of the email" in response.text
    assert "new.carer@example.org" in response.text
    assert _db.session.scalar(select(OutboxEmail)) is None


def test_sending_again_emails_a_new_link_and_the_old_one_stops_working(world, make_client):
    teacher = make_client(world.user("designated_teacher"))
    first = re.search(r'/invitations/([\w-]+)"', invite(teacher, world.child, language="en").text).group(1)
    invitation = _db.session.scalar(select(Invitation))
    again = teacher.post(f"/children/{world.child.id}/invitations/{invitation.id}/resend", {})
    assert again.status_code == 200 and "The link sent before no longer works" in again.text
    second = re.search(r'/invitations/([\w-]+)"', again.text).group(1)
    assert second != first
    emails = _db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()
    assert len(emails) == 2 and second in emails[1].body
    newcomer = make_client()
    assert newcomer.get(f"/invitations/{first}").status_code == 404
    assert newcomer.get(f"/invitations/{second}").status_code == 200
    teacher.post(f"/children/{world.child.id}/invitations/{invitation.id}/cancel", {})
    assert teacher.post(f"/children/{world.child.id}/invitations/{invitation.id}/resend", {}).status_code == 404


def test_a_pending_invitation_shows_where_the_person_is_expected(world, make_client):
    """A plan shared while its carer is invited but has not joined: "Invited", not "Nobody yet"."""
    from school_plans.services import network
    world.child.memberships.remove(world.memberships["parent_carer"])
    _db.session.commit()
    teacher = make_client(world.user("designated_teacher"))
    invite(teacher, world.child, language="en")
    plan = make_plan(world.child, world.user("designated_teacher"))
    agreement.share(plan, world.user("designated_teacher"))
    _db.session.commit()
    page = teacher.get(f"/plans/{plan.id}").text
    assert "<bdi>new.carer@example.org</bdi>: invited, not joined yet" in page and "Nobody yet" not in page
    social = make_client(world.user("social_worker")).get(f"/plans/{plan.id}").text
    assert "invited, not joined yet" in social and "new.carer@example.org" not in social
    assert network.invited_as(world.child, []) == {}
