"""When the database gets in the way: a deadlock or a busy lock is the conflict page with the words kept, and a
database that cannot be reached gets the app's own page, never the server's bare error."""
import sqlite3

import psycopg.errors
import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from conftest import PASSWORD, make_app, make_plan, sections_of
from school_plans.extensions import db as _db
from school_plans.services import history

WORDS = "Leo likes to be met at the gate by Ms Patel"


def failing(error, kind=OperationalError):
    def fail(*args, **kwargs):
        raise kind("UPDATE ...", {}, error)
    return fail


@pytest.fixture()
def as_role(world, make_client):
    return lambda role: make_client(world.user(role))


@pytest.fixture()
def section(world):
    plan = make_plan(world.child, world.user("designated_teacher"))
    return sections_of(plan)["about-me"]


@pytest.mark.parametrize("error", [psycopg.errors.DeadlockDetected("deadlock detected"),
                                   psycopg.errors.SerializationFailure("could not serialize access"),
                                   sqlite3.OperationalError("database is locked")],
                         ids=["deadlock", "serialization", "sqlite-busy"])
def test_a_save_that_meets_another_transaction_gets_the_conflict_page_with_the_words_typed(
        world, section, as_role, monkeypatch, error):
    monkeypatch.setattr(history, "record", failing(error))
    response = as_role("designated_teacher").post(f"/plans/{section.plan_id}/sections/{section.id}",
                                                  {"version": "1", "text": WORDS})
    assert response.status_code == 409
    assert "Someone else was saving at the same moment" in response.text
    assert WORDS in response.text and f'name="text" value="{WORDS}"' in response.text
    _db.session.expire_all()
    assert section.content == {"text": ""} and section.version == 1


def test_a_deadlock_found_while_committing_is_the_conflict_page_too(world, section, as_role, monkeypatch):
    client = as_role("designated_teacher")
    client.csrf_token()  # fetched now, so the failing commit is the save's
    real_commit = _db.session.commit

    def commit():
        if getattr(commit, "armed", False):
            commit.armed = False
            raise OperationalError("COMMIT", {}, psycopg.errors.DeadlockDetected("deadlock detected"))
        return real_commit()

    monkeypatch.setattr(_db.session, "commit", commit)
    commit.armed = True
    response = client.post(f"/plans/{section.plan_id}/sections/{section.id}", {"version": "1", "text": WORDS})
    assert response.status_code == 409 and WORDS in response.text


def token_of(client):
    page = client.get("/sign-in")
    assert page.status_code == 200  # the sign-in page itself needs no database
    return page.text.split('name="csrf_token" value="')[1].split('"')[0]


@pytest.fixture()
def app_without_database():
    return make_app("postgresql+psycopg://postgres@127.0.0.1:9/gone")


@pytest.fixture()
def unreachable(app_without_database):
    """A browser that was signed in before the database went away (its form token made back then)."""
    client = app_without_database.test_client()
    client.token = token_of(client)
    with client.session_transaction() as session:
        session["sid"] = "a-session-that-can-no-longer-be-checked"
    return client


@pytest.mark.parametrize("path", ["/children/", "/children/new", "/reviews", "/notifications", "/account/password",
                                  "/plans/1", "/children/1", "/reviews/1", "/admin/", "/admin/schools", "/"])
def test_with_the_database_away_every_page_answers_with_the_apps_own_page(unreachable, path):
    response = unreachable.get(path, headers={"Accept-Language": "cy"})
    assert response.status_code == 503
    assert "Internal Server Error" not in response.text
    assert 'lang="cy"' in response.text          # the layout, in the reader's language
    assert "app-header" in response.text
    assert response.headers["Content-Security-Policy"]


def test_with_the_database_away_a_save_says_nothing_was_saved(unreachable):
    response = unreachable.post("/plans/1/sections/1", headers={"Sec-Fetch-Site": "same-origin"},
                                data={"text": WORDS, "version": "1", "csrf_token": unreachable.token})
    assert response.status_code == 503
    assert "Nothing was saved" in response.text and "app-header" in response.text


def test_with_the_database_away_signing_in_gets_the_apps_own_page(app_without_database):
    client = app_without_database.test_client()
    response = client.post("/sign-in", data={"email": "dt@example.org", "password": PASSWORD,
                                             "csrf_token": token_of(client)})
    assert response.status_code == 503 and "app-header" in response.text


def test_a_unique_row_written_meanwhile_by_someone_else_is_the_conflict_page(world, section, as_role, monkeypatch):
    monkeypatch.setattr(history, "record", failing(psycopg.errors.UniqueViolation("duplicate key value"),
                                                      IntegrityError))
    response = as_role("designated_teacher").post(f"/plans/{section.plan_id}/sections/{section.id}",
                                                  {"version": "1", "text": WORDS})
    assert response.status_code == 409 and WORDS in response.text


def test_with_the_database_away_a_signed_in_person_gets_the_page_in_the_language_they_chose(
        world, make_client, app_without_database):
    person = world.user("parent_carer")
    person.language = "cy"
    _db.session.commit()
    browser = make_client(person)
    assert 'lang="cy"' in browser.get("/children/").text
    away = app_without_database.test_client()
    away.set_cookie("school_plans_session", browser.raw.get_cookie("school_plans_session").value)
    response = away.get("/children/", headers={"Accept-Language": "en"})
    assert response.status_code == 503 and 'lang="cy"' in response.text
