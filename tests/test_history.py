"""Every change is kept as that section's content; versions compare side by side; restoring adds a change."""
import html
import re

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select, text

from conftest import make_app, make_plan, professionals_only, reset_schema, sections_of, write_section
from school_plans.extensions import db as _db
from school_plans.models import Section, SectionRevision
from school_plans.services import agreement, suggestions
from school_plans.services.plans import update_details


@pytest.fixture()
def plan(world):
    return make_plan(world.child, world.user("designated_teacher"))


def revisions_of(section):
    return list(_db.session.scalars(select(SectionRevision).where(SectionRevision.section_id == section.id)
                                    .order_by(SectionRevision.number)))


def test_each_save_keeps_only_that_sections_content_never_a_copy_of_the_plan(world, plan):
    parts = sections_of(plan)
    started = _db.session.scalar(select(func.count()).select_from(SectionRevision))
    assert started == len(parts)  # one empty first version per section
    write_section(parts["about-me"], {"text": "Version two"}, world.user("designated_teacher"))
    write_section(parts["about-me"], {"text": "Version three"}, world.user("school_staff"))
    assert _db.session.scalar(select(func.count()).select_from(SectionRevision)) == started + 2
    kept = revisions_of(parts["about-me"])
    assert [(r.number, r.content["text"]) for r in kept] == [(1, ""), (2, "Version two"), (3, "Version three")]
    assert kept[2].by_id == world.user("school_staff").id and kept[2].source == "edit"


def test_the_plan_history_lists_who_changed_which_section_and_credits_accepted_suggestions(world, plan, make_client):
    section = sections_of(plan)["about-me"]
    suggestion = suggestions.propose(section, world.user("parent_carer"), {"text": "Sam sings"}, section.version)
    suggestions.accept(suggestion, world.user("designated_teacher"), section.version)
    _db.session.commit()
    page = make_client(world.user("virtual_school")).get(f"/plans/{plan.id}/history").text
    assert "About me, in my own words" in page
    assert "Parent Carer" in page and "(suggested; accepted by <bdi>Designated Teacher</bdi>)" in page


def rows_content(*triggers):
    return {"rows": [{"trigger": t, "signs": s, "helps": h} for t, s, h in triggers]}


def test_comparing_two_versions_of_a_table_marks_added_removed_moved_and_changed_rows(world, plan, make_client):
    section = sections_of(plan)["triggers"]
    dt = world.user("designated_teacher")
    write_section(section, rows_content(("Loud bells", "Hands on ears", "Warn him first"),
                                        ("Supply teachers", "Quiet", "A note from the key adult"),
                                        ("Lining up", "Pushing", "Go first or last"),
                                        ("Assemblies", "Fidgeting", "Sit at the end of a row")), dt)
    write_section(section, rows_content(("Assemblies", "Fidgeting", "Sit at the end of a row"),
                                        ("Loud bells", "Hands on ears", "Warn him first, and ear defenders"),
                                        ("Lining up", "Pushing", "Go first or last"),
                                        ("Change of routine", "Asks again and again", "A visual timetable")), dt)
    page = make_client(world.user("parent_carer")).get(
        f"/plans/{plan.id}/sections/{section.id}/compare?old=2&new=3").text
    for status in ("Added", "Removed", "Moved", "Changed"):
        assert f">{status}<" in page, status
    assert re.search(r"<ins[^>]*>.*?and ear defenders</ins>", page, re.S)
    assert re.search(r"<del[^>]*>.*?Supply teachers.*?</del>", page, re.S)


def test_comparing_two_versions_of_text_marks_insertions_and_deletions(world, plan, make_client):
    section = sections_of(plan)["about-me"]
    write_section(section, {"text": "I like trains and the park."}, world.user("designated_teacher"))
    write_section(section, {"text": "I like buses and the park."}, world.user("designated_teacher"))
    page = make_client(world.user("school_staff")).get(
        f"/plans/{plan.id}/sections/{section.id}/compare?old=2&new=3").text
    assert re.search(r"<del[^>]*>.*?trains</del>", page, re.S) and re.search(r"<ins[^>]*>.*?buses</ins>", page, re.S)


def test_comparing_an_agreed_version_with_the_new_draft_shows_only_what_changed(world, plan, make_client):
    parts = sections_of(plan)
    write_section(parts["about-me"], {"text": "Agreed words"}, world.user("designated_teacher"))
    agreement.share(plan, world.user("designated_teacher"))
    for role in ("designated_teacher", "parent_carer", "social_worker"):
        agreement.agree(plan, world.user(role), agreement.stamp(plan))
    _db.session.commit()
    write_section(parts["strategies"], {"text": "Meet and greet at the gate"}, world.user("school_staff"))
    update_details(plan, world.user("designated_teacher"), "Sam's plan for the spring", plan.plan_date, None)
    _db.session.commit()
    page = make_client(world.user("social_worker")).get(f"/plans/{plan.id}/compare?old=1&new=2").text
    assert "Meet and greet at the gate" in page and "Version 1, agreed on" in page and "Version 2 (now)" in page
    assert "No change in:" in page and "About me, in my own words" in page.split("No change in:")[1]
    assert "The plan's details" in page and re.search(r"<ins[^>]*>.*?for the spring</ins>", page, re.S)


def test_an_unknown_version_to_compare_is_not_found(world, plan, make_client):
    client = make_client(world.user("designated_teacher"))
    section = sections_of(plan)["about-me"]
    assert client.get(f"/plans/{plan.id}/compare?old=1&new=9").status_code == 404
    assert client.get(f"/plans/{plan.id}/sections/{section.id}/compare?old=x&new=1").status_code == 404


def test_restoring_an_earlier_version_is_a_new_change_that_overwrites_nothing(world, plan, make_client):
    section = sections_of(plan)["about-me"]
    write_section(section, {"text": "First"}, world.user("designated_teacher"))
    write_section(section, {"text": "Second"}, world.user("school_staff"))
    client = make_client(world.user("designated_teacher"))
    page = client.get(f"/plans/{plan.id}/sections/{section.id}/history").text
    assert "Restore" in page
    response = client.post(f"/plans/{plan.id}/sections/{section.id}/revisions/2/restore", {"version": "3"})
    assert response.status_code == 302
    kept = revisions_of(section)
    assert [r.content["text"] for r in kept] == ["", "First", "Second", "First"]
    assert (kept[-1].source, kept[-1].restored_from) == ("restore", 2)
    assert "restored version 2" in client.get(f"/plans/{plan.id}/history").text


def test_restoring_asks_first_showing_what_the_section_becomes_and_that_agreements_are_withdrawn(
        world, plan, make_client):
    section = sections_of(plan)["about-me"]
    write_section(section, {"text": "Loves drawing dragons"}, world.user("designated_teacher"))
    write_section(section, {"text": "Loves football"}, world.user("school_staff"))
    agreement.share(plan, world.user("designated_teacher"))
    agreement.agree(plan, world.user("parent_carer"), agreement.stamp(plan))
    _db.session.commit()
    client = make_client(world.user("designated_teacher"))
    history = client.get(f"/plans/{plan.id}/sections/{section.id}/history").text
    url = f"/plans/{plan.id}/sections/{section.id}/revisions/2/restore"
    assert f'href="{url}"' in history  # a link to the question, not a button that restores at once
    page = client.get(url)
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "Restore version 2 of “<bdi>About me, in my own words</bdi>”?" in text
    assert re.search(r"<del[^>]*>.*football</del>", text) and re.search(r"<ins[^>]*>.*drawing dragons</ins>", text)
    assert re.search(r'app-preserve"[^>]*>Loves drawing dragons<', text)  # the section as it will read
    assert "The 1 agreement given so far will be withdrawn" in text
    assert 'name="version" type="hidden" value="3"' in page.text
    assert len(revisions_of(section)) == 3  # asking changed nothing
    assert client.post(url, {"version": "3"}).status_code == 302
    assert revisions_of(section)[-1].content == {"text": "Loves drawing dragons"}
    assert agreement.signatures(plan) == []


def test_restoring_from_a_stale_page_changes_nothing(world, plan, make_client):
    section = sections_of(plan)["about-me"]
    write_section(section, {"text": "First"}, world.user("designated_teacher"))
    client = make_client(world.user("designated_teacher"))
    response = client.post(f"/plans/{plan.id}/sections/{section.id}/revisions/1/restore", {"version": "1"},
                           follow_redirects=True)
    assert "Someone changed this section while you were looking" in response.text
    assert len(revisions_of(section)) == 2
    assert client.post(f"/plans/{plan.id}/sections/{section.id}/revisions/9/restore",
                       {"version": "2"}).status_code == 404


def test_parents_never_see_versions_written_while_a_section_was_for_professionals_only(world, plan, make_client):
    section = professionals_only(sections_of(plan)["background"])
    dt = world.user("designated_teacher")
    write_section(section, {"text": "Private history"}, dt)
    from school_plans.services.plans import save_section
    save_section(section, {"text": "Shareable summary"}, section.version, dt, audience="everyone")
    _db.session.commit()
    client = make_client(world.user("parent_carer"))
    history = client.get(f"/plans/{plan.id}/sections/{section.id}/history").text
    # version 1, the template's empty start, was for the core team (parents and carers in it), never professionals
    assert re.findall(r'data-label="Version">(\d+)', history) == ["3", "1"]
    assert client.get(f"/plans/{plan.id}/sections/{section.id}/compare?old=2&new=3").status_code == 404
    assert "Private history" not in client.get(f"/plans/{plan.id}/history").text


def test_the_migration_keeps_existing_sections_content_as_their_first_revision(tmp_path):
    app = make_app(f"sqlite:///{tmp_path}/old.db")
    with app.app_context():
        reset_schema(_db.engine)
        upgrade(revision="0658dbb69a0a")  # plans, before history was kept
        with _db.engine.begin() as conn:
            conn.execute(text("INSERT INTO schools (id, name, created_at) VALUES (1, 'Oak', '2026-09-01')"))
            conn.execute(text("INSERT INTO children (id, school_id, preferred_name, date_of_birth, year_group, "
                              "care_status, created_at, updated_at) VALUES (1, 1, 'Sam', '2016-04-01', 4, "
                              "'looked_after', '2026-09-01', '2026-09-01')"))
            conn.execute(text("INSERT INTO plans (id, child_id, template_key, template_version, title, status, "
                              "version, plan_date, created_at, updated_at) VALUES (1, 1, 'attachment-primary', 1, "
                              "'Plan', 'draft', 1, '2026-09-14', '2026-09-14', '2026-09-14')"))
            conn.execute(text("INSERT INTO sections (id, plan_id, key, kind, heading, position, audience, content, "
                              "version, updated_at) VALUES (1, 1, 'about-me', 'text', 'About me', 0, 'everyone', "
                              "'{\"text\": \"Kept\"}', 4, '2026-09-20')"))
        upgrade()
        revision = _db.session.scalar(select(SectionRevision))
        assert (revision.section_id, revision.number, revision.content) == (1, 4, {"text": "Kept"})
        assert _db.session.get(Section, 1).version == revision.number
        _db.session.remove()
        _db.engine.dispose()


def test_history_pages_beyond_the_last_answer_without_an_error(world, plan, make_client):
    client = make_client(world.user("designated_teacher"))
    for page in ("99999999999999999999", "-3", "x"):
        assert client.get(f"/plans/{plan.id}/history?page={page}").status_code == 200


def test_the_latest_agreed_version_is_not_called_superseded_while_a_draft_follows_it(world, plan, make_client):
    section = sections_of(plan)["about-me"]
    agreement.share(plan, world.user("designated_teacher"))
    for role in ("designated_teacher", "parent_carer", "social_worker"):
        agreement.agree(plan, world.user(role), agreement.stamp(plan))
    _db.session.commit()
    write_section(section, {"text": "Next draft"}, world.user("designated_teacher"))
    page = make_client(world.user("parent_carer")).get(f"/plans/{plan.id}/history").text
    assert "Version 2 (now)" in page and "Superseded" not in page


def test_restoring_a_version_the_same_as_now_says_so_and_adds_nothing(world, plan, make_client):
    section = sections_of(plan)["about-me"]
    write_section(section, {"text": "Same"}, world.user("designated_teacher"))
    write_section(section, {"text": ""}, world.user("designated_teacher"))
    client = make_client(world.user("designated_teacher"))
    response = client.post(f"/plans/{plan.id}/sections/{section.id}/revisions/1/restore", {"version": "3"},
                           follow_redirects=True)
    assert "Version 1 is the same as the section now: nothing to restore." in response.text
    assert len(revisions_of(section)) == 3
