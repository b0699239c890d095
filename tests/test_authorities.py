"""The virtual school reaches the looked-after children its authority is responsible for through the authority,
without an invitation; no other authority's adviser does, nor a previously looked-after child's unless the
family lets it in."""
import pytest
from sqlalchemy import func, select

from conftest import add_member, make_authority, make_child, make_plan, make_school, make_user, sections_of
from school_plans import policy
from school_plans.extensions import db as _db
from school_plans.models import AuditEvent, Child, Membership


@pytest.fixture()
def county(world):
    """Northdale looks after Sam (who goes to a school of another authority); Helen advises for Northdale, Omar
    for Southfield."""
    adviser = make_user("Helen Ward", email="helen@example.org")
    other = make_user("Omar Khan", email="omar@example.org")
    northdale = make_authority("Northdale Council", [adviser])
    make_authority("Southfield Council", [other])
    world.child.responsible_authority_id = northdale.id
    world.other_child.responsible_authority_id = northdale.id   # previously looked after: the family's to share
    _db.session.commit()
    return northdale, adviser, other


def test_the_authoritys_adviser_reads_a_looked_after_childs_plan_and_reviews_without_an_invitation(
        world, county, make_client):
    _, adviser, _ = county
    plan = make_plan(world.child, world.user("designated_teacher"))
    client = make_client(adviser)
    assert "Sam" in client.get("/children/").text
    assert client.get(f"/children/{world.child.id}").status_code == 200
    page = client.get(f"/plans/{plan.id}")
    assert page.status_code == 200
    background = sections_of(plan)["background"]   # the core team's: the virtual school is in it
    assert f'id="section-{background.id}"' in page.text
    assert client.get("/reviews").status_code == 200
    assert policy.role_for(adviser, world.child) == "virtual_school"
    events = _db.session.scalars(select(AuditEvent).where(AuditEvent.user_id == adviser.id,
                                                          AuditEvent.action == "plan.view")).all()
    assert [(e.object_id, e.child_id) for e in events] == [(plan.id, world.child.id)]   # audited as reads are


def test_another_authoritys_adviser_finds_nothing(world, county, make_client):
    _, _, other = county
    plan = make_plan(world.child, world.user("designated_teacher"))
    client = make_client(other)
    assert "Sam" not in client.get("/children/").text
    assert client.get(f"/children/{world.child.id}").status_code == 404
    assert client.get(f"/plans/{plan.id}").status_code == 404
    assert client.get(f"/plans/{plan.id}/card").status_code == 404


def test_a_previously_looked_after_child_is_reached_only_through_the_network(world, county, make_client):
    _, adviser, _ = county
    client = make_client(adviser)
    assert client.get(f"/children/{world.other_child.id}").status_code == 404
    world.other_child.virtual_school_welcome = True   # the family lets the virtual school in: by invitation
    add_member(world.other_child, adviser, "virtual_school")
    assert client.get(f"/children/{world.other_child.id}").status_code == 200


def test_a_child_no_longer_looked_after_or_an_adviser_who_left_is_out_of_reach(world, county, make_client):
    northdale, adviser, _ = county
    client = make_client(adviser)
    assert client.get(f"/children/{world.child.id}").status_code == 200
    world.child.care_status = "previously_looked_after"
    _db.session.commit()
    assert client.get(f"/children/{world.child.id}").status_code == 404
    world.child.care_status = "looked_after"
    northdale.staff.clear()
    _db.session.commit()
    assert client.get(f"/children/{world.child.id}").status_code == 404


def test_a_member_who_is_also_on_the_staff_sees_the_child_once_with_their_own_role(world, county):
    northdale, adviser, _ = county
    add_member(world.child, adviser, "social_worker")   # a member's own role wins over the authority's
    rows = _db.session.scalars(policy.visible_children(adviser)).all()
    assert [c.id for c in rows] == [world.child.id] and policy.role_for(adviser, world.child) == "social_worker"


def test_the_adviser_may_comment_and_schedule_a_review_as_the_virtual_school(world, county, make_client):
    _, adviser, _ = county
    plan = make_plan(world.child, world.user("designated_teacher"))
    section = sections_of(plan)["about-me"]
    client = make_client(adviser)
    assert client.post(f"/plans/{plan.id}/sections/{section.id}/comments",
                       {"body": "Lovely to read"}).status_code == 302
    assert client.get(f"/children/{world.child.id}/reviews/new").status_code == 200
    assert client.post(f"/plans/{plan.id}/agree").status_code == 403   # the virtual school does not sign


def test_children_of_many_schools_and_authorities_are_scoped_in_one_query(world, county, app):
    northdale, adviser, _ = county
    elsewhere = make_school("Hill Top Academy")
    for n in range(3):
        make_child(elsewhere, f"Child {n}", responsible_authority_id=northdale.id)
    make_child(elsewhere, "Not ours")
    names = {c.preferred_name for c in _db.session.scalars(policy.visible_children(adviser))}
    assert names == {"Sam", "Child 0", "Child 1", "Child 2"}
    with_care = {c.preferred_name for c in _db.session.scalars(policy.visible_children(adviser, care_status=True))}
    assert with_care == names
    assert _db.session.scalar(select(Child).where(Child.preferred_name == "Not ours")).responsible_authority_id is None


def test_a_site_admin_sets_up_an_authority_and_its_staff_who_then_see_its_children(world, make_client):
    from school_plans.models import Authority
    adviser = make_user("Helen Ward", email="helen@example.org")
    admin = make_client(world.user("admin"))
    assert admin.post("/admin/authorities/new", {"name": "Northdale Council", "country": "england"}).status_code == 302
    again = admin.post("/admin/authorities/new", {"name": " northdale council ", "country": "wales"})
    assert "An authority with this name already exists." in again.text and "northdale council" in again.text
    authority = _db.session.scalar(select(Authority))
    unknown = admin.post(f"/admin/authorities/{authority.id}/staff", {"email": "nobody@example.org", "role": "head"})
    assert "There is no account with this email address" in unknown.text and "nobody@example.org" in unknown.text
    no_role = admin.post(f"/admin/authorities/{authority.id}/staff", {"email": "helen@example.org"})
    assert "Select their role in the virtual school" in no_role.text
    assert admin.post(f"/admin/authorities/{authority.id}/staff",
                      {"email": "helen@example.org", "role": "adviser"}).status_code == 302
    page = admin.get(f"/admin/authorities/{authority.id}").text
    assert "Helen Ward" in page and "Virtual school adviser" in page
    assert admin.post(f"/admin/schools/{world.school.id}", {"name": world.school.name,
                                                           "authority_id": str(authority.id)}).status_code == 302
    assert "Northdale Council" in admin.get("/admin/schools").text
    world.child.responsible_authority_id = authority.id
    _db.session.commit()
    helen = make_client(adviser)
    assert helen.get(f"/children/{world.child.id}").status_code == 200
    staff_id = authority.staff[0].id
    assert admin.post(f"/admin/authorities/{authority.id}/staff/{staff_id}/remove").status_code == 302
    assert helen.get(f"/children/{world.child.id}").status_code == 404
    actions = {e.action for e in _db.session.scalars(select(AuditEvent))}
    assert {"authority.create", "authority.staff_add", "authority.staff_remove", "school.update"} <= actions


def test_the_designated_teacher_records_the_responsible_authority_and_the_dates_that_start_a_pep(
        world, county, make_client):
    from datetime import date, timedelta

    from test_children import child_form
    northdale, adviser, _ = county
    dt = make_client(world.user("designated_teacher"))
    future = date.today() + timedelta(days=3)
    refused = dt.post("/children/new", child_form(**{
        "care_status": "looked_after", "responsible_authority_id": str(northdale.id),
        "came_into_care_on-day": str(future.day), "came_into_care_on-month": str(future.month),
        "came_into_care_on-year": str(future.year),
        "joined_school_on-day": "1", "joined_school_on-month": "9", "joined_school_on-year": "2016"}))
    assert refused.status_code == 200
    assert "When the child came into care must be today or in the past" in refused.text
    assert "When the child joined this school must be after the child&#39;s date of birth" in refused.text \
        or "When the child joined this school must be after the child's date of birth" in refused.text
    assert f'value="{future.day}"' in refused.text   # what was typed is kept
    created = dt.post("/children/new", child_form(**{
        "care_status": "looked_after", "responsible_authority_id": str(northdale.id),
        "came_into_care_on-day": "2", "came_into_care_on-month": "3", "came_into_care_on-year": "2025",
        "joined_school_on-day": "1", "joined_school_on-month": "9", "joined_school_on-year": "2025"}))
    assert created.status_code == 302
    kai = _db.session.scalar(select(Child).where(Child.preferred_name == "Kai"))
    assert (kai.responsible_authority_id, kai.came_into_care_on, kai.joined_school_on) == (
        northdale.id, date(2025, 3, 2), date(2025, 9, 1))
    page = dt.get(created.location).text
    assert "Northdale Council" in page and "2 March 2025" in page and "1 September 2025" in page
    assert make_client(adviser).get(created.location).status_code == 200   # the authority's: no invitation


def test_who_knows_my_story_names_the_virtual_school_staff_there_through_the_authority(world, county, make_client):
    _, adviser, other = county
    make_plan(world.child, world.user("designated_teacher"))
    page = make_client(world.user("parent_carer")).get(f"/children/{world.child.id}/story").text
    assert "Helen Ward" in page and "Through <bdi>Northdale Council</bdi>" in page
    assert "Omar Khan" not in page
    assert _db.session.scalar(select(func.count()).select_from(Membership)) == 6   # nothing saved by the page


def test_a_site_admin_cannot_put_themselves_on_a_virtual_schools_staff(world, county, make_client):
    northdale, _, _ = county
    admin = make_client(world.user("admin"))
    refused = admin.post(f"/admin/authorities/{northdale.id}/staff", {"email": "admin@example.org", "role": "head"})
    assert refused.status_code == 200 and "You cannot add yourself: ask another site admin." in refused.text
    assert admin.get(f"/children/{world.child.id}").status_code == 404


def test_the_adviser_reaches_many_children_of_the_authority_with_one_look_at_the_staff(world, county, make_client):
    from test_plans import queries_for
    northdale, adviser, _ = county
    for n in range(3):
        make_child(world.school, f"Child {n}", responsible_authority_id=northdale.id)
    client = make_client(adviser)
    few = queries_for(client, "/children/")
    for n in range(3, 12):
        make_child(world.school, f"Child {n}", responsible_authority_id=northdale.id)
    assert queries_for(client, "/children/") == few
