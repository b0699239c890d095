"""Names cannot reorder the page: bidi controls are removed from one-line fields on the way in, and every
name or title shown inside other words is isolated (<bdi> on pages, FSI...PDI inside Word sentences)."""
import re
from datetime import date, datetime, timezone
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from conftest import make_plan, sections_of
from school_plans import plan_templates, text
from school_plans.export import build_plan_docx, build_review_docx
from school_plans.extensions import db as _db
from school_plans.models import Child, Plan, Review, School, User
from school_plans.plan_reading import read_plan
from school_plans.review_reading import read_review
from school_plans.services import reviews
from school_plans.services.reviews import Details

CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
FLIPPED = "Jo \u202eeno\u202c"          # shows as "Jo one" reversed, and whatever follows it too
TYPED = "Jo \u202eeno\u202c Smith\u2066"


@pytest.mark.parametrize("control", CONTROLS)
def test_one_line_text_loses_each_bidi_control_and_longer_text_keeps_it(control):
    assert text.clean_line(f" Jo{control} Smith ") == "Jo Smith"
    assert text.clean(f"Jo{control} Smith") == f"Jo{control} Smith"


def test_a_name_is_isolated_escaped_on_a_page_and_between_fsi_and_pdi_in_plain_text():
    assert text.bdi("<Jo> & Co") == "<bdi>&lt;Jo&gt; &amp; Co</bdi>"
    assert text.isolate(FLIPPED) == f"\u2068{FLIPPED}\u2069"
    assert text.sentence("“%(name)s” <b>", name="<i>") == "“<bdi>&lt;i&gt;</bdi>” &lt;b&gt;"


def stored(model, **where):
    _db.session.rollback()
    return _db.session.scalar(select(model).filter_by(**where))


def test_names_typed_into_the_admin_forms_lose_their_bidi_controls(world, make_client):
    admin = make_client(world.user("admin"))
    assert admin.post("/admin/accounts/new", {"email": "jo@example.org", "name": TYPED}).status_code == 200
    assert stored(User, email="jo@example.org").name == "Jo eno Smith"
    assert admin.post("/admin/schools/new", {"name": f"\u202eOak{CONTROLS} Lane"}).status_code == 302
    assert stored(School, name="Oak Lane") is not None


def test_the_childs_names_lose_their_bidi_controls(world, make_client):
    dt = make_client(world.user("designated_teacher"))
    response = dt.post("/children/new", {
        "preferred_name": TYPED, "legal_name": "Joanna\u202e Smith", "date_of_birth-day": "3",
        "date_of_birth-month": "9", "date_of_birth-year": "2017", "year_group": "3", "care_status": "other"})
    assert response.status_code == 302
    child = stored(Child, preferred_name="Jo eno Smith")
    assert child is not None and child.legal_name == "Joanna Smith"


def test_a_plan_title_and_a_one_line_cell_lose_their_bidi_controls(world, make_client):
    plan = make_plan(world.child, world.user("designated_teacher"))
    adults = sections_of(plan)["my-adults"]
    dt = make_client(world.user("designated_teacher"))
    assert dt.post(f"/plans/{plan.id}/details", {
        "title": "Sam's \u202eplan", "plan_date-day": "1", "plan_date-month": "9",
        "plan_date-year": "2026"}).status_code == 302
    assert stored(Plan, id=plan.id).title == "Sam's plan"
    assert dt.post(f"/plans/{plan.id}/sections/{adults.id}", {
        "version": "1", "rows-0-name": TYPED, "rows-0-role": "key_adult",
        "rows-0-how_helps": "Hums \u202eand sits\u202c beside him"}).status_code == 302
    _db.session.refresh(adults)
    row = adults.content["rows"][0]
    assert row["name"] == "Jo eno Smith" and row["how_helps"] == "Hums \u202eand sits\u202c beside him"


def test_a_reviews_chair_attendees_and_action_owner_lose_their_bidi_controls(world, make_client):
    sw = make_client(world.user("social_worker"))
    response = sw.post(f"/children/{world.child.id}/reviews/new", {
        "kind": "cla_review", "day-day": "1", "day-month": "7", "day-year": "2026", "time": "10:00",
        "chair": TYPED, "named": "Ruth\u202e Ellison\n\u2067Dr Ng\u2069"})
    assert response.status_code == 302
    review = stored(Review)
    assert review.chair == "Jo eno Smith" and [a.name for a in review.attendees] == ["Ruth Ellison", "Dr Ng"]
    assert sw.post(f"/reviews/{review.id}/actions", {"description": "Ring \u202ethe carer", "owner": TYPED}
                   ).status_code == 302
    action = stored(Review, id=review.id).actions[0]
    assert action.owner == "Jo eno Smith" and action.description == "Ring \u202ethe carer"


def test_a_templates_title_and_headings_lose_their_bidi_controls():
    source = Path(plan_templates.__file__).parent.parent / "plan_templates" / "attachment-primary.toml"
    changed = source.read_text().replace('title = "', 'title = "\u202e', 1)
    changed = changed.replace('heading = "', 'heading = "\u2067', 1)
    template = plan_templates.parse(source, changed)
    assert template.title == plan_templates.load_file(source).title
    assert not set(CONTROLS) & set(template.title + template.sections[0].heading)


@pytest.fixture()
def flipped(world):
    """A child, a carer and a plan whose names were stored with bidi controls (before they were removed)."""
    world.child.preferred_name = FLIPPED
    world.user("parent_carer").name = FLIPPED
    plan = make_plan(world.child, world.user("designated_teacher"))
    plan.title = f"Plan \u202efor\u202c {FLIPPED}"
    _db.session.commit()
    return plan


def test_pages_show_a_name_isolated_in_bdi_and_page_titles_without_bidi_controls(world, flipped, make_client):
    dt = make_client(world.user("designated_teacher"))
    child = dt.get(f"/children/{world.child.id}").text
    assert f"<h1 class=\"govuk-heading-l\"><bdi>{FLIPPED}</bdi></h1>" in child
    assert f"<bdi>{FLIPPED}</bdi>" in child.split('id="network"')[1]          # the carer in the network
    plan = dt.get(f"/plans/{flipped.id}").text
    assert f"<bdi>{FLIPPED}</bdi>, <bdi>Oak Tree Primary</bdi>" in plan
    assert f"<bdi>Plan \u202efor\u202c {FLIPPED}</bdi>" in plan
    title = re.search(r"<title>(.*?)</title>", plan, re.S).group(1)
    assert title.startswith("Plan for Jo eno –") and not set(CONTROLS) & set(title)
    remove = dt.get(f"/children/{world.child.id}/network/{world.memberships['parent_carer'].id}/remove").text
    assert f"Remove <bdi>{FLIPPED}</bdi> from <bdi>{FLIPPED}</bdi>'s network?" in remove


def test_a_flash_message_and_a_notification_isolate_the_name_in_them(world, flipped, make_client):
    dt = make_client(world.user("designated_teacher"))
    membership = world.memberships["parent_carer"]
    page = dt.post(f"/children/{world.child.id}/network/{membership.id}/role", {"role": "parent_carer"},
                   follow_redirects=True).text
    assert f"<bdi>{FLIPPED}</bdi> is now <bdi>Parent or carer</bdi>." in page
    section = sections_of(flipped)["about-me"]
    carer = make_client(world.user("parent_carer"))
    assert carer.post(f"/plans/{flipped.id}/sections/{section.id}/comments", {"body": "Hello"}).status_code == 302
    notes = dt.get("/notifications").text
    assert f"<bdi>{FLIPPED}</bdi> commented on “<bdi>About me, in my own words</bdi>”" in notes
    assert f"<bdi>Plan \u202efor\u202c {FLIPPED}</bdi>, for <bdi>{FLIPPED}</bdi>" in notes


def runs_with(doc, value: str) -> list[str]:
    found = [p for p in doc.paragraphs] + [p for t in doc.tables for row in t.rows for c in row.cells
                                           for p in c.paragraphs]
    return [run.text for p in found for run in p.runs if value in run.text]


def test_word_isolates_a_name_inside_a_sentence_between_fsi_and_pdi(world, flipped):
    reading = read_plan(world.user("designated_teacher"), flipped)
    doc = Document(BytesIO(build_plan_docx(reading)))
    assert runs_with(doc, FLIPPED)[0] == flipped.title      # the title paragraph: nothing else in it
    review = reviews.schedule(world.child, world.user("social_worker"), Details(
        "pep_meeting", datetime(2026, 7, 1, 9, tzinfo=timezone.utc), FLIPPED, [world.user("parent_carer").id],
        [FLIPPED]))
    reviews.add_action(review, world.user("social_worker"), "Ring", FLIPPED, date(2026, 7, 8))
    _db.session.commit()
    pack = Document(BytesIO(build_review_docx(read_review(world.user("social_worker"), review))))
    assert pack.paragraphs[0].text == f"PEP meeting for \u2068{FLIPPED}\u2069"
    attendees = next(r for r in runs_with(pack, "Parent or carer"))
    assert attendees == f"\u2068{FLIPPED}\u2069 (Parent or carer)\n\u2068{FLIPPED}\u2069"
