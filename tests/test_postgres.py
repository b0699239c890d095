"""The text rules hold on PostgreSQL too, whatever database the rest of the suite runs on.

Uses its own database (school_plans_pgtest) on the server in PG_ADMIN_URL, so it never
disturbs a suite that runs on PostgreSQL itself. Skips on a laptop without PostgreSQL;
fails instead when CI is set.
"""
import os

import psycopg
import pytest
from sqlalchemy import select

from conftest import Client, empty_database, make_child, make_school, make_user, migrated_app, skip_or_fail
from school_plans.extensions import db as _db
from school_plans.models import Child, Membership

ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test")
DATABASE = "school_plans_pgtest"

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_app():
    try:
        with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone():
                conn.execute(f'CREATE DATABASE "{DATABASE}"')
    except psycopg.OperationalError as error:
        skip_or_fail(f"PostgreSQL is not reachable at {ADMIN_URL}: {error}")
    url = ADMIN_URL.replace("postgresql://", "postgresql+psycopg://").rsplit("/", 1)[0] + "/" + DATABASE
    with migrated_app(url) as app:
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
