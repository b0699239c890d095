"""The oversight dashboard: an authority's looked-after children for its virtual school, a school's children for
its designated teachers; counts, rows, filters, the CSV download, who reaches it, and its queries."""
import csv
from datetime import date, timedelta
from io import StringIO

import pytest
from sqlalchemy import select

from conftest import (add_member, make_authority, make_child, make_plan, make_school, make_user, sections_of,
                      write_section)
from school_plans import oversight_reading
from school_plans.extensions import db as _db
from school_plans.models import AgreedVersion, AuditEvent, QualityReview, Review
from school_plans.models.types import utcnow
from school_plans.oversight_reading import Filters


def agreed(plan):
    """Mark `plan` agreed as version 1 (what the dashboard reads of an agreement)."""
    plan.status = "agreed"
    _db.session.add(AgreedVersion(plan_id=plan.id, number=1, title=plan.title, plan_date=plan.plan_date,
                                  revision_ids=[]))
    _db.session.commit()
    return plan


def meeting(child, kind="pep_meeting", ago=timedelta(minutes=1), outcome="Settled"):
    _db.session.add(Review(child_id=child.id, kind=kind, starts_at=utcnow() - ago, outcome=outcome))
    _db.session.commit()


@pytest.fixture()
def county(world):
    """Northdale looks after Sam (agreed, PEP done) and Cleo (agreed, needs changes) at Oak Tree, and Ava
    (shared, PEP overdue) and Ben (no plan, a review overdue) at Hill Top; Robin at Oak Tree was looked after;
    Dev at Oak Tree is Southfield's. Helen advises for Northdale, Omar for Southfield; Dana is Hill Top's
    designated teacher; Oak Tree's is in Sam's, Cleo's and Dev's networks."""
    helen, omar, dana = make_user("Helen Ward"), make_user("Omar Khan"), make_user("Dana Fox")
    northdale, southfield = make_authority("Northdale Council", [helen]), make_authority("Southfield", [omar])
    hill_top = make_school("Hill Top Academy")
    hill_top.designated_teachers.append(dana)
    teacher = world.user("designated_teacher")
    sam, robin = world.child, world.other_child
    sam.responsible_authority_id = robin.responsible_authority_id = northdale.id
    cleo = make_child(world.school, "Cleo", responsible_authority_id=northdale.id, year_group=6)
    ava = make_child(hill_top, "Ava", responsible_authority_id=northdale.id, came_into_care_on=date(2020, 1, 6))
    ben = make_child(hill_top, "Ben", responsible_authority_id=northdale.id, year_group=2)
    dev = make_child(world.school, "Dev", responsible_authority_id=southfield.id)
    for child in (cleo, dev):
        add_member(child, teacher, "designated_teacher")
    add_member(ava, dana, "designated_teacher")
    add_member(ben, dana, "designated_teacher")
    plan = make_plan(sam, teacher)
    write_section(sections_of(plan)["about-me"], {"text": "Secret words of the plan"}, teacher)
    agreed(plan)
    cleo_plan = agreed(make_plan(cleo, teacher))
    _db.session.add(QualityReview(plan_id=cleo_plan.id, plan_version=1, verdict="needs_changes", rating="red",
                                  reason="More about transitions"))
    make_plan(ava, dana).status = "shared"
    for child in (sam, cleo, ben, dev):
        meeting(child)
    meeting(ben, kind="cla_review", ago=timedelta(days=2), outcome=None)
    meeting(ben, kind="cla_review", ago=timedelta(days=-7), outcome=None)   # next week
    _db.session.commit()
    return {"northdale": northdale, "southfield": southfield, "hill_top": hill_top, "helen": helen,
            "omar": omar, "dana": dana}


def read(user, place, **filters):
    return oversight_reading.read(user, place, Filters(**filters), utcnow())


def names(dashboard):
    return [row.name for row in dashboard.rows]


def test_the_virtual_school_sees_counts_and_a_row_for_each_looked_after_child_of_its_authority(county):
    board = read(county["helen"], county["northdale"])
    assert board.counts == {"children": 4, "agreed": 2, "shared": 1, "no_plan": 1, "pep_overdue": 1,
                            "review_overdue": 1, "needs_changes": 1}
    assert names(board) == ["Ava", "Ben", "Cleo", "Sam"]   # not Robin (previously looked after), not Dev
    rows = {row.name: row for row in board.rows}
    assert (rows["Ava"].plan_status, rows["Ava"].pep.status, rows["Ava"].review) == ("shared", "overdue", None)
    assert (rows["Ben"].plan_status, rows["Ben"].pep.status, rows["Ben"].review.status) == ("no_plan", "done",
                                                                                            "overdue")
    assert rows["Ben"].next_review > utcnow()
    assert (rows["Cleo"].rating, rows["Cleo"].verdict, rows["Sam"].rating) == ("red", "needs_changes", None)
    assert rows["Sam"].plan_status == "agreed" and rows["Sam"].agreed_at is not None
    assert {row.care_status for row in board.rows} == {"looked_after"}
    assert [name for _, name in board.schools] == ["Hill Top Academy", "Oak Tree Primary"]


def test_a_designated_teacher_sees_their_schools_children_they_can_see(world, county):
    board = read(world.user("designated_teacher"), world.school)
    assert names(board) == ["Cleo", "Dev", "Sam"]   # Robin's network is not theirs
    assert {row.name: row.rating for row in board.rows}["Cleo"] == "red"


@pytest.mark.parametrize("filters, expected", [
    ({"school": "hill_top"}, ["Ava", "Ben"]),
    ({"year": 6}, ["Cleo"]),
    ({"status": "shared"}, ["Ava"]),
    ({"status": "no_plan"}, ["Ben"]),
    ({"status": "agreed"}, ["Cleo", "Sam"]),
    ({"status": "needs_changes"}, ["Cleo"]),
    ({"overdue": True}, ["Ava", "Ben"]),
    ({"q": "cLE"}, ["Cleo"]),
    ({"q": "%"}, []),
    ({"sort": "school"}, ["Ava", "Ben", "Cleo", "Sam"]),
    ({"sort": "year"}, ["Ben", "Ava", "Sam", "Cleo"]),
    ({"sort": "pep"}, ["Ava", "Ben", "Cleo", "Sam"]),
    ({"sort": "review"}, ["Ben", "Ava", "Cleo", "Sam"]),
])
def test_filters_search_and_sorting(county, filters, expected):
    if filters.get("school") == "hill_top":
        filters["school"] = county["hill_top"].id
    board = read(county["helen"], county["northdale"], **filters)
    assert names(board) == expected and board.matching == len(expected)
    assert board.counts["children"] == 4   # the counts at the top are for every child


def test_pages_of_rows(county, monkeypatch):
    monkeypatch.setattr(oversight_reading, "PAGE_SIZE", 3)
    first, second = (read(county["helen"], county["northdale"], page=n) for n in (1, 2))
    assert (names(first), names(second), second.pages) == (["Ava", "Ben", "Cleo"], ["Sam"], 2)
    assert names(read(county["helen"], county["northdale"], page=99)) == ["Sam"]   # past the end: the last


def test_filters_that_make_no_sense_are_ignored():
    args = {"school": "x", "year": "99", "status": "secret", "overdue": "yes", "sort": "legal_name", "page": "-3"}
    assert Filters.from_args(args) == Filters()
    assert Filters(q="Sam", sort="pep", page=2).args(page=1) == {"q": "Sam", "sort": "pep"}


def test_the_dashboard_page_shows_counts_rows_links_and_the_nav(world, county, make_client):
    client = make_client(county["helen"])
    page = client.get(f"/authorities/{county['northdale'].id}/dashboard?overdue=1")
    assert page.status_code == 200 and 'data-count="pep_overdue">1<' in page.text
    assert f'/children/{world.child.id}"' not in page.text and "Ava" in page.text and "Cleo" not in page.text
    assert 'href="/dashboards"' in page.text   # in the header for those who have a dashboard
    assert client.get("/dashboards").headers["Location"].endswith(f"/authorities/{county['northdale'].id}/dashboard")
    assert 'href="/dashboards"' not in make_client(world.user("parent_carer")).get("/children/").text


def test_the_csv_download_is_audited_named_by_id_and_holds_no_plan_text(world, county, make_client):
    northdale = county["northdale"]
    make_child(world.school, "=HYPERLINK(\"http://x\")", responsible_authority_id=northdale.id)
    response = make_client(county["helen"]).get(f"/authorities/{northdale.id}/dashboard.csv?sort=pep")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="dashboard-authority-{northdale.id}.csv"'
    assert response.headers["Cache-Control"] == "no-store"
    text = response.data.decode("utf-8-sig")
    assert "Secret words" not in text
    rows = list(csv.reader(StringIO(text)))
    assert rows[0][:3] == ["Child id", "Name", "School"] and len(rows) == 6
    assert [row[1] for row in rows[1:]] == ["'=HYPERLINK(\"http://x\")", "Ava", "Ben", "Cleo", "Sam"]
    assert rows[2][5:] == ["Shared for review", "", "", "", "Overdue", rows[2][10], ""]
    events = _db.session.scalars(select(AuditEvent).where(AuditEvent.action == "dashboard.export")).all()
    assert [(e.user_id, e.object_type, e.object_id) for e in events] == [(county["helen"].id, "authorities",
                                                                          northdale.id)]


def test_another_authoritys_adviser_or_another_schools_staff_find_no_dashboard(world, county, make_client):
    northdale = county["northdale"]
    for user in (county["omar"], county["dana"], world.user("virtual_school"), world.user("admin")):
        client = make_client(user)
        assert client.get(f"/authorities/{northdale.id}/dashboard").status_code == 404
        assert client.get(f"/authorities/{northdale.id}/dashboard.csv").status_code == 404
    for user in (county["dana"], world.user("school_staff"), county["helen"]):
        assert make_client(user).get(f"/schools/{world.school.id}/dashboard").status_code == 404
    assert names(read(county["omar"], county["southfield"])) == ["Dev"]
    assert make_client(world.user("parent_carer")).get("/dashboards").status_code == 404


def test_a_previously_looked_after_child_is_on_the_dashboard_only_when_the_adviser_is_in_the_network(
        world, county):
    assert "Robin" not in names(read(county["helen"], county["northdale"]))
    add_member(world.other_child, county["helen"], "virtual_school")   # the family let the virtual school in
    rows = {row.name: row for row in read(county["helen"], county["northdale"]).rows}
    assert rows["Robin"].care_status == "previously_looked_after" and rows["Robin"].pep is None


def test_the_care_status_and_its_reviews_are_hidden_from_who_may_not_know_it(world, county):
    teacher = world.user("designated_teacher")
    world.child.care_status_audience = "core_team"
    _db.session.commit()
    add_member(world.other_child, teacher, "school_staff")   # Robin's care status is for the core team
    row = {row.name: row for row in read(teacher, world.school).rows}["Robin"]
    assert (row.care_status, row.pep, row.review, row.rating) == (None, None, None, None)


def test_the_dashboard_runs_the_same_queries_for_3_or_30_children(world, make_client):
    from test_plans import queries_for

    adviser = make_user("Helen Ward")
    counts = []
    for size in (3, 30):
        authority = make_authority(f"Authority of {size}", [adviser])
        school = make_school(f"School of {size}")
        for n in range(size):
            child = make_child(school, f"Child {n}", responsible_authority_id=authority.id, year_group=n % 7)
            if n % 2:
                agreed(make_plan(child, world.user("designated_teacher")))
            meeting(child, ago=timedelta(days=n))
        client = make_client(adviser)
        client.get(f"/authorities/{authority.id}/dashboard")
        counts.append(queries_for(client, f"/authorities/{authority.id}/dashboard?sort=pep&q=child"))
    assert counts[0] == counts[1], counts


def test_a_search_finds_names_in_any_case_and_odd_characters_are_no_error(world, county, make_client):
    from conftest import make_child as child_named
    child_named(county["hill_top"], "Łucja", responsible_authority_id=county["northdale"].id)
    assert names(read(county["helen"], county["northdale"], q="łUCJA")) == ["Łucja"]
    client = make_client(county["helen"])
    url = f"/authorities/{county['northdale'].id}/dashboard"
    for odd in ("%00", "\x00cleo", "a" * 5000, "'; DROP TABLE children; --"):
        response = client.get(url, query_string={"q": odd, "page": "abc", "year": "99", "sort": "x"})
        assert response.status_code == 200, odd
    assert "Cleo" in client.get(url, query_string={"q": "\x00cle"}).text


def test_a_request_for_changes_no_longer_counts_once_the_plan_is_agreed_again(county):
    cleo = next(row for row in read(county["helen"], county["northdale"]).rows if row.name == "Cleo")
    assert cleo.verdict == "needs_changes"
    _db.session.add(AgreedVersion(plan_id=cleo.plan_id, number=2, title="Changed", plan_date=date.today(),
                                  revision_ids=[]))
    _db.session.commit()
    board = read(county["helen"], county["northdale"])
    cleo = next(row for row in board.rows if row.name == "Cleo")
    assert (cleo.verdict, cleo.rating, board.counts["needs_changes"]) == (None, None, 0)   # version 2 waits
