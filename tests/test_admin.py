"""Site admins manage accounts and schools, and see no child."""
import html
import re

from sqlalchemy import select

from conftest import find_user
from school_plans.extensions import db as _db
from school_plans.models import AuditEvent, School

NEW_PASSWORD = "a long and lovely passphrase"


def test_admin_creates_an_account_and_the_person_sets_their_password(make_client, world):
    admin = make_client(world.user("admin"))
    page = admin.post("/admin/accounts/new", {"email": "New.Teacher@example.org", "name": "New Teacher"})
    assert page.status_code == 200
    link = re.search(r'id="password-link" type="text" readonly value="([^"]+)"', page.text).group(1)
    person = make_client()
    path = link.replace("http://localhost", "")
    assert person.post(path, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD}).status_code == 302
    assert person.get("/children/").status_code == 200
    assert make_client().get(path).status_code == 404  # single use
    assert find_user("new.teacher@example.org").name == "New Teacher"


def test_duplicate_account_email_is_explained_and_input_kept(make_client, world):
    admin = make_client(world.user("admin"))
    page = admin.post("/admin/accounts/new", {"email": "parent_carer@example.org", "name": "Another Name"})
    assert "already exists" in page.text and 'value="Another Name"' in page.text


def test_disable_and_re_enable_an_account(make_client, world):
    admin = make_client(world.user("admin"))
    parent = world.user("parent_carer")
    admin.post(f"/admin/accounts/{parent.id}/disable")
    assert make_client().sign_in(parent.email).status_code == 200  # refused
    admin.post(f"/admin/accounts/{parent.id}/enable")
    assert make_client().sign_in(parent.email).status_code == 302
    actions = [e.action for e in _db.session.scalars(select(AuditEvent))]
    assert "account.disable" in actions and "account.enable" in actions


def test_disabling_an_account_asks_first_and_asking_changes_nothing(make_client, world):
    admin = make_client(world.user("admin"))
    parent = world.user("parent_carer")
    listing = admin.get("/admin/").text
    assert f'href="/admin/accounts/{parent.id}/disable"' in listing  # a link to the question, not a button
    page = admin.get(f"/admin/accounts/{parent.id}/disable")
    assert page.status_code == 200
    text = re.sub(r"<[^>]+>", "", html.unescape(page.text))
    assert "Disable Parent Carer's account?" in text and "Disable the account" in text
    assert make_client().sign_in(parent.email).status_code == 302  # still active


def test_admin_cannot_disable_or_demote_themselves(make_client, world):
    admin_user = world.user("admin")
    admin = make_client(admin_user)
    page = admin.post(f"/admin/accounts/{admin_user.id}/disable", follow_redirects=True)
    assert "You cannot disable your own account" in page.text
    page = admin.post(f"/admin/accounts/{admin_user.id}", {"name": "Site Admin"})
    assert "You cannot remove your own site admin role" in page.text
    _db.session.expire_all()
    assert find_user(admin_user.email).is_admin and find_user(admin_user.email).is_active


def test_password_reset_link_signs_the_person_out_and_replaces_their_password(make_client, world):
    admin = make_client(world.user("admin"))
    parent_user = world.user("parent_carer")
    parent = make_client(parent_user)
    page = admin.post(f"/admin/accounts/{parent_user.id}/password-link")
    link = re.search(r'id="password-link" type="text" readonly value="([^"]+)"', page.text).group(1)
    assert parent.get("/children/").status_code == 302
    fresh = make_client()
    fresh.post(link.replace("http://localhost", ""), {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert make_client().sign_in(parent_user.email, NEW_PASSWORD).status_code == 302


def test_admin_manages_schools_and_designated_teachers(make_client, world):
    admin = make_client(world.user("admin"))
    response = admin.post("/admin/schools/new", {"name": "Meadow School"})
    school = _db.session.scalar(select(School).where(School.name == "Meadow School"))
    assert response.location == f"/admin/schools/{school.id}"
    page = admin.post(f"/admin/schools/{school.id}/designated-teachers", {"email": "nobody@example.org"})
    assert "There is no account with this email address" in page.text
    admin.post(f"/admin/schools/{school.id}/designated-teachers", {"email": "school_staff@example.org"})
    staff = make_client(world.user("school_staff"))
    assert staff.get("/children/new").status_code == 200
    admin.post(f"/admin/schools/{school.id}/designated-teachers/{world.user('school_staff').id}/remove")
    assert staff.get("/children/new").status_code == 403


def test_duplicate_school_name_is_explained(make_client, world):
    admin = make_client(world.user("admin"))
    page = admin.post("/admin/schools/new", {"name": world.school.name.upper()})
    assert "A school with this name already exists" in page.text


def test_admin_sees_no_child(make_client, world):
    admin = make_client(world.user("admin"))
    assert admin.get(f"/children/{world.child.id}").status_code == 404
    for url in ("/admin/", "/admin/schools", f"/admin/schools/{world.school.id}"):
        assert "Sam" not in admin.get(url).text


def test_a_site_admin_in_no_network_lands_on_the_admin_pages(make_client, world):
    admin = make_client()
    response = admin.sign_in(world.user("admin").email)
    assert response.location == "/admin/"
    assert admin.get("/").location == "/admin/"
    assert make_client().sign_in(world.user("designated_teacher").email).location == "/children/"


def test_a_site_admin_who_is_in_a_network_lands_on_their_children(make_client, world):
    from conftest import add_member
    add_member(world.other_child, world.user("admin"), "virtual_school")
    assert make_client().sign_in(world.user("admin").email).location == "/children/"
