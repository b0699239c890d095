"""A designated teacher builds the child's network: invitations, roles, removal."""
import re
from datetime import timedelta

from sqlalchemy import select

from conftest import find_user, make_user
from school_plans.extensions import db as _db
from school_plans.models import AuditEvent, Invitation, Membership
from school_plans.models.types import utcnow

NEW_PASSWORD = "a long and lovely passphrase"


def invite(client, child, email="new.carer@example.org", role="parent_carer"):
    response = client.post(f"/children/{child.id}/network/invite", {"email": email, "role": role})
    assert response.status_code == 200, response.text
    return re.search(r'id="invitation-link" type="text" readonly value="([^"]+)"', response.text).group(1)


def path_of(link):
    return link.replace("http://localhost", "")


def test_invitation_link_lets_a_newcomer_set_a_password_and_join(make_client, world, caplog):
    dt = make_client(world.user("designated_teacher"))
    with caplog.at_level("DEBUG"):
        link = invite(dt, world.child)
    invitation = _db.session.scalar(select(Invitation))
    assert f"invitation {invitation.id} for child {world.child.id}" in caplog.text   # ids only
    assert link.rpartition("/")[2] not in caplog.text and "/invitations/" not in caplog.text
    assert "Sam" not in caplog.text and "new.carer" not in caplog.text
    newcomer = make_client()
    page = newcomer.get(path_of(link))
    assert page.status_code == 200
    assert "Sam" not in page.text  # the child's name is shown only after joining
    response = newcomer.post(path_of(link), {"name": "Jamie Carer", "password": NEW_PASSWORD,
                                             "password_confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.location == f"/children/{world.child.id}"
    assert "Sam" in newcomer.get(response.location).text
    user = find_user("new.carer@example.org")
    membership = _db.session.scalar(select(Membership).where(Membership.user_id == user.id))
    assert membership.child_id == world.child.id and membership.role == "parent_carer"


def test_invitation_link_works_only_once(make_client, world):
    link = invite(make_client(world.user("designated_teacher")), world.child)
    first = make_client()
    first.post(path_of(link), {"name": "Jamie Carer", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    again = make_client().get(path_of(link))
    assert again.status_code == 404
    assert "This link no longer works" in again.text


def test_expired_invitation_does_not_work(make_client, world):
    link = invite(make_client(world.user("designated_teacher")), world.child)
    invitation = _db.session.scalar(select(Invitation))
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    _db.session.commit()
    assert make_client().get(path_of(link)).status_code == 404


def test_invitation_expires_after_seven_days_by_default(make_client, world):
    invite(make_client(world.user("designated_teacher")), world.child)
    invitation = _db.session.scalar(select(Invitation))
    assert timedelta(days=6, hours=23) < invitation.expires_at - invitation.created_at <= timedelta(days=7)


def test_registered_person_signs_in_then_simply_joins(make_client, world):
    existing = make_user("Pat Worker", email="pat@example.org")
    link = invite(make_client(world.user("designated_teacher")), world.child, "pat@example.org", "social_worker")
    anonymous = make_client()
    response = anonymous.get(path_of(link))
    assert response.status_code == 302 and response.location.startswith("/sign-in?next=/invitations/")
    pat = make_client(existing)
    assert "Join the network" in pat.get(path_of(link)).text
    assert pat.post(path_of(link)).status_code == 302
    assert pat.get(f"/children/{world.child.id}").status_code == 200


def test_invitation_cannot_be_taken_by_someone_signed_in_as_another_person(make_client, world):
    link = invite(make_client(world.user("designated_teacher")), world.child, "pat@example.org")
    intruder = make_client(world.user("other_network"))
    assert intruder.post(path_of(link)).status_code == 403
    assert intruder.get(f"/children/{world.child.id}").status_code == 404


def test_newcomer_form_keeps_what_was_typed_and_explains_errors(make_client, world):
    link = invite(make_client(world.user("designated_teacher")), world.child)
    response = make_client().post(path_of(link), {"name": "Jamie 🌈 Carer", "password": "short",
                                                  "password_confirm": "different"})
    assert response.status_code == 200
    assert "Jamie 🌈 Carer" in response.text
    assert "at least 12 characters" in response.text
    assert find_user("new.carer@example.org") is None


def test_invite_form_errors_keep_input(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    response = dt.post(f"/children/{world.child.id}/network/invite", {"email": "not-an-email"})
    assert response.status_code == 200
    assert 'value="not-an-email"' in response.text
    assert "Enter an email address in the correct format" in response.text
    assert "Select their role in the network" in response.text
    assert _db.session.scalar(select(Invitation)) is None


def test_inviting_someone_already_in_the_network_is_explained(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    response = dt.post(f"/children/{world.child.id}/network/invite",
                       {"email": "parent_carer@example.org", "role": "parent_carer"})
    assert "already in the network" in response.text


def test_cancelled_invitation_link_stops_working(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    link = invite(dt, world.child)
    invitation = _db.session.scalar(select(Invitation))
    assert dt.post(f"/children/{world.child.id}/invitations/{invitation.id}/cancel").status_code == 302
    assert make_client().get(path_of(link)).status_code == 404


def test_designated_teacher_changes_a_members_role(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    staff = world.memberships["school_staff"]
    dt.post(f"/children/{world.child.id}/network/{staff.id}/role", {"role": "virtual_school"})
    _db.session.expire_all()
    assert _db.session.get(Membership, staff.id).role == "virtual_school"
    actions = [e.action for e in _db.session.scalars(select(AuditEvent))]
    assert "membership.change_role" in actions


def test_the_last_designated_teacher_cannot_be_removed_or_demoted(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    own = world.memberships["designated_teacher"]
    page = dt.post(f"/children/{world.child.id}/network/{own.id}/role", {"role": "school_staff"},
                   follow_redirects=True)
    assert "needs a designated teacher" in page.text
    dt.post(f"/children/{world.child.id}/network/{own.id}/remove")
    _db.session.expire_all()
    assert _db.session.get(Membership, own.id).role == "designated_teacher"


def test_membership_of_another_child_cannot_be_changed_through_this_child(make_client, world):
    other_dt = make_client(world.user("other_network"))
    staff = world.memberships["school_staff"]
    other_child = world.other_child.id
    assert other_dt.post(f"/children/{other_child}/network/{staff.id}/remove").status_code == 404
    assert other_dt.post(f"/children/{other_child}/network/{staff.id}/role",
                         {"role": "parent_carer"}).status_code == 404
    _db.session.expire_all()
    assert _db.session.get(Membership, staff.id).role == "school_staff"


def test_network_changes_are_audited_with_ids_only(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    link = invite(dt, world.child)
    make_client().post(path_of(link), {"name": "Jamie Carer", "password": NEW_PASSWORD,
                                       "password_confirm": NEW_PASSWORD})
    events = list(_db.session.scalars(select(AuditEvent).where(AuditEvent.child_id == world.child.id)))
    assert {"invitation.create", "invitation.accept", "membership.add"} <= {e.action for e in events}
    for event in events:
        assert event.ip_address == "127.0.0.1"
        assert event.object_id is not None and event.user_id is not None


def test_people_see_only_the_children_whose_network_they_are_in(make_client, world):
    parent_list = make_client(world.user("parent_carer")).get("/children/").text
    assert "Sam" in parent_list and "Robin" not in parent_list
    admin_list = make_client(world.user("admin")).get("/children/").text
    assert "Sam" not in admin_list and "Robin" not in admin_list



def test_a_removed_member_cannot_rejoin_with_an_older_link(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    first = invite(dt, world.child, "pat@example.org", "social_worker")
    second = invite(dt, world.child, "pat@example.org", "social_worker")
    assert make_client().get(path_of(first)).status_code == 404  # the new link replaced the old one
    pat = make_client()
    pat.post(path_of(second), {"name": "Pat Worker", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    membership = _db.session.scalar(select(Membership).where(Membership.user_id == find_user("pat@example.org").id))
    dt.post(f"/children/{world.child.id}/network/{membership.id}/remove")
    for link in (first, second):
        assert pat.post(path_of(link)).status_code == 404
    assert pat.get(f"/children/{world.child.id}").status_code == 404


def test_designated_teacher_who_removes_themselves_lands_on_their_list(make_client, world):
    from conftest import add_member
    second = make_user("Second Teacher", email="second.dt@example.org")
    add_member(world.child, second, "designated_teacher")
    dt = make_client(world.user("designated_teacher"))
    own = world.memberships["designated_teacher"].id
    response = dt.post(f"/children/{world.child.id}/network/{own}/remove")
    assert response.location == "/children/"
    assert dt.get(f"/children/{world.child.id}").status_code == 404


def test_adding_a_child_audits_the_new_membership(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    dt.post("/children/new", {"preferred_name": "Kai", "date_of_birth-day": "3", "date_of_birth-month": "9",
                              "date_of_birth-year": "2017", "year_group": "0", "care_status": "other"})
    actions = [e.action for e in _db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-2:] == ["child.create", "membership.add"]
