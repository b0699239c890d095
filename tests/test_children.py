"""Adding a child and keeping the child's record."""
from datetime import date

from sqlalchemy import select

from conftest import make_school
from school_plans.extensions import db as _db
from school_plans.models import AuditEvent, Child, Membership


def child_form(**fields):
    data = {"preferred_name": "Kai", "legal_name": "", "date_of_birth-day": "3", "date_of_birth-month": "9",
            "date_of_birth-year": "2017", "year_group": "3", "care_status": "kinship"}
    data.update(fields)
    return data


def test_designated_teacher_adds_a_child_and_becomes_their_designated_teacher(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    response = dt.post("/children/new", child_form())
    assert response.status_code == 302
    child = _db.session.scalar(select(Child).where(Child.preferred_name == "Kai"))
    assert child.date_of_birth == date(2017, 9, 3)
    assert child.care_status == "kinship" and child.year_group == 3 and child.school_id == world.school.id
    membership = _db.session.scalar(select(Membership).where(Membership.child_id == child.id))
    assert membership.user_id == world.user("designated_teacher").id
    assert membership.role == "designated_teacher"
    page = dt.get(response.location).text
    assert "Kai" in page and "Kinship care or special guardianship" in page
    assert "child.create" in [e.action for e in _db.session.scalars(select(AuditEvent))]


def test_designated_teacher_of_two_schools_picks_the_school(make_client, world):
    second = make_school("Second School")
    second.designated_teachers.append(world.user("designated_teacher"))
    _db.session.commit()
    dt = make_client(world.user("designated_teacher"))
    assert "Second School" in dt.get("/children/new").text
    dt.post("/children/new", child_form(school_id=str(second.id)))
    assert _db.session.scalar(select(Child).where(Child.preferred_name == "Kai")).school_id == second.id


def test_add_child_errors_are_shown_beside_fields_and_typed_values_kept(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    response = dt.post("/children/new", child_form(
        preferred_name="", legal_name="Zoë Ñandú-بيان", **{"date_of_birth-day": "31", "date_of_birth-month": "2"},
        care_status=""))
    assert response.status_code == 200
    text = response.text
    assert "There is a problem" in text
    assert "Enter the name the child likes to be called" in text
    assert "Date of birth must be a real date" in text
    assert "Select the child's care status" in text
    assert 'value="Zoë Ñandú-بيان"' in text
    assert 'name="date_of_birth-day" type="text" inputmode="numeric" value="31"' in text
    assert _db.session.scalar(select(Child).where(Child.preferred_name == "")) is None


def test_date_of_birth_missing_part_and_future_date(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    text = dt.post("/children/new", child_form(**{"date_of_birth-year": ""})).text
    assert "Date of birth must include a year" in text
    text = dt.post("/children/new", child_form(**{"date_of_birth-year": str(date.today().year + 1)})).text
    assert "Date of birth must be in the past" in text


def test_over_long_name_gets_a_clear_message(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    text = dt.post("/children/new", child_form(preferred_name="K" * 81)).text
    assert "Preferred name must be 80 characters or fewer" in text


def test_tampered_year_group_is_a_message_not_an_error(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    response = dt.post("/children/new", child_form(year_group="99"))
    assert response.status_code == 200
    response = dt.post("/children/new", child_form(year_group="not a number"))
    assert response.status_code == 200


def test_designated_teacher_edits_the_record_and_it_is_audited(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    form = dt.get(f"/children/{world.child.id}/edit").text
    assert 'value="Sam"' in form and 'value="2016"' in form
    response = dt.post(f"/children/{world.child.id}/edit", child_form(preferred_name="Sammy", year_group="5"))
    assert response.status_code == 302
    _db.session.expire_all()
    child = _db.session.get(Child, world.child.id)
    assert child.preferred_name == "Sammy" and child.year_group == 5
    assert "child.update" in [e.action for e in _db.session.scalars(select(AuditEvent))]


def test_child_page_shows_the_network_and_roles(make_client, world):
    page = make_client(world.user("parent_carer")).get(f"/children/{world.child.id}").text
    for role in ("Designated teacher", "School staff", "Social worker", "Virtual school"):
        assert role in page
    assert "Invite someone" not in page  # only the designated teacher manages the network
    assert "Edit the child" not in page


def test_dates_are_written_the_british_way(make_client, world):
    page = make_client(world.user("parent_carer")).get(f"/children/{world.child.id}").text
    assert "1 April 2016" in page


def test_new_child_form_makes_the_teacher_choose_a_year_group(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    assert '<option value="" selected>Select a year group</option>' in dt.get("/children/new").text
    text = dt.post("/children/new", child_form(year_group="")).text
    assert "Select the child's year group" in text
