"""The text rules and the no-lost-updates rule hold on PostgreSQL too, whatever database the rest of the suite runs on.

Uses its own database (school_plans_pgtest, or PG_TEST_DATABASE) on the server in PG_ADMIN_URL, so it never
disturbs a suite that runs on PostgreSQL itself. Skips on a laptop without PostgreSQL;
fails instead when CI is set.
"""
import threading
import time

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from conftest import (
    Client,
    empty_database,
    make_child,
    make_plan,
    make_school,
    make_user,
    postgres_app,
    sections_of,
)
from school_plans.extensions import db as _db
from school_plans.models import Child, Membership, Section, SectionRevision, User
from school_plans.services import audit
from school_plans.services.plans import SectionConflict, save_section

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_app():
    with postgres_app() as app:
        yield app


@pytest.fixture()
def pg(pg_app):
    with pg_app.app_context():
        school = make_school()
        teacher = make_user("Pg Teacher", email="pg.teacher@example.org")
        child = make_child(school, "Sam")
        _db.session.add(Membership(child_id=child.id, user_id=teacher.id, role="designated_teacher"))
        _db.session.commit()
        client = Client(pg_app)
        client.sign_in(teacher.email)
        yield client, child
        empty_database()


def edit(client, child, **fields):
    data = {"preferred_name": "Sam", "legal_name": "", "date_of_birth-day": "1", "date_of_birth-month": "4",
            "date_of_birth-year": "2016", "year_group": "4", "care_status": "looked_after", **fields}
    return client.post(f"/children/{child.id}/edit", data)


def test_nul_and_control_characters_are_stripped_on_postgresql(pg):
    client, child = pg
    # PostgreSQL refuses NUL in text outright: without the cleaning this would be a 500.
    response = edit(client, child, preferred_name="Sa\x00m\x01", legal_name="Sam\x0bExample\x1f")
    assert response.status_code == 302
    _db.session.expire_all()
    stored = _db.session.scalar(select(Child).where(Child.id == child.id))
    assert stored.preferred_name == "Sam" and stored.legal_name == "Sam\nExample"


def test_emoji_and_right_to_left_text_round_trip_on_postgresql(pg):
    client, child = pg
    name = "سام 🌈 שלום"
    assert edit(client, child, legal_name=name).status_code == 302
    assert name in client.get(f"/children/{child.id}").text


def test_two_threads_saving_one_section_at_once_exactly_one_wins_on_postgresql(pg_app, pg):
    """Both read version 1 and save at the same moment: one saves, the other gets the conflict."""
    _client, child = pg
    teacher = _db.session.scalar(select(User).where(User.email == "pg.teacher@example.org"))
    plan = make_plan(child, teacher)
    section_id = sections_of(plan)["about-me"].id
    start, outcomes = threading.Barrier(2), {}

    def save(words):
        with pg_app.app_context():
            section = _db.session.get(Section, section_id)
            by = _db.session.get(User, teacher.id)
            start.wait()
            try:
                save_section(section, {"text": words}, 1, by)
                time.sleep(0.3)  # hold the row while the other save arrives
                _db.session.commit()
                outcomes[words] = "saved"
            except SectionConflict:
                _db.session.rollback()
                outcomes[words] = "conflict"

    threads = [threading.Thread(target=save, args=(words,)) for words in ("From the carer", "From the teacher")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(words for words, outcome in outcomes.items() if outcome == "saved")
    _db.session.expire_all()
    stored = _db.session.get(Section, section_id)
    assert (stored.version, stored.content["text"]) == (2, winner)
    kept = _db.session.scalars(select(SectionRevision.number).where(SectionRevision.section_id == section_id))
    assert sorted(kept) == [1, 2]


def test_the_second_of_two_editors_gets_the_conflict_page_with_both_texts_on_postgresql(pg_app, pg):
    client, child = pg
    teacher = _db.session.scalar(select(User).where(User.email == "pg.teacher@example.org"))
    other = make_user("Pg Staff", email="pg.staff@example.org")
    _db.session.add(Membership(child_id=child.id, user_id=other.id, role="school_staff"))
    plan = make_plan(child, teacher)
    section = sections_of(plan)["about-me"]
    url = f"/plans/{plan.id}/sections/{section.id}"
    second = Client(pg_app)
    second.sign_in(other.email)
    assert client.post(url, {"version": "1", "text": "First words"}).status_code == 302
    response = second.post(url, {"version": "1", "text": "Second words"})
    assert response.status_code == 409
    assert "First words" in response.text and "Second words" in response.text


def test_the_database_refuses_to_change_or_delete_audit_events_on_postgresql(pg):
    """Not only the app's models: plain SQL cannot rewrite the audit trail, nor erase it with the child."""
    _client, child = pg
    audit.record("child.update", child=child)
    _db.session.commit()
    with _db.engine.connect() as connection:
        for statement in ("UPDATE audit_events SET action = 'rewritten', ip_address = NULL",
                          "DELETE FROM audit_events",
                          f"DELETE FROM children WHERE id = {child.id}"):  # ON DELETE SET NULL updates its events
            with pytest.raises(DBAPIError, match="audit events are append-only"):
                connection.execute(text(statement))
            connection.rollback()
        kept = connection.execute(text("SELECT action, child_id FROM audit_events ORDER BY id")).all()
    assert ("auth.sign_in", None) in kept and ("child.update", child.id) in kept
