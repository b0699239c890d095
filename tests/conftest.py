"""Fixtures: an app on a migrated database, a clean database per test, factories and signed-in clients.

The database is SQLite in a temporary folder, or the URL in TEST_DATABASE_URL
(for example PostgreSQL). CSRF protection stays on, as in production.
"""
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

import psycopg
import pytest
from argon2 import PasswordHasher
from flask import current_app, has_app_context
from flask_migrate import upgrade
from sqlalchemy import select, text

from school_plans import create_app, passwords
from school_plans.extensions import db as _db
from school_plans.models import Child, Membership, School, User
from school_plans.services import accounts

PASSWORD = "a perfectly fine password"
IN_CI = bool(os.environ.get("CI"))
# The PostgreSQL server that tests needing it use, whatever database the rest of the suite runs on.
PG_ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/test")
PG_TEST_DATABASE = os.environ.get("PG_TEST_DATABASE", "school_plans_pgtest")


def skip_or_fail(reason: str):
    """Skip on a laptop; in CI a missing browser or database is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI is set, so this does not skip)")
    pytest.skip(reason)


def reset_schema(engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        _db.metadata.drop_all(engine)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def make_app(database_url: str, **overrides):
    return create_app({
        "TESTING": True,
        "ENV_NAME": "testing",
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SESSION_COOKIE_SECURE": False,
        "SERVER_NAME": "localhost",
        **overrides,
    })


@pytest.fixture(scope="session", autouse=True)
def fast_hashing():
    """argon2id still, with small costs so the suite is quick."""
    real = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    passwords._hasher = real


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return os.environ.get("TEST_DATABASE_URL") or "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")


@contextmanager
def migrated_app(database_url: str, **overrides):
    """An app on an emptied database, upgraded by the migrations (never create_all)."""
    app = make_app(database_url, **overrides)
    with app.app_context():
        reset_schema(_db.engine)
        upgrade()
    try:
        yield app
    finally:
        with app.app_context():
            _db.engine.dispose()


@contextmanager
def postgres_app():
    """An app on its own migrated database (PG_TEST_DATABASE) on the server at PG_ADMIN_URL.

    Skips on a laptop without PostgreSQL; fails instead when CI is set.
    """
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_TEST_DATABASE,)).fetchone():
                conn.execute(f'CREATE DATABASE "{PG_TEST_DATABASE}"')
    except psycopg.OperationalError as error:
        skip_or_fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {error}")
    url = PG_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://").rsplit("/", 1)[0] + "/" + PG_TEST_DATABASE
    with migrated_app(url) as app:
        yield app


@pytest.fixture(scope="session")
def app(database_url):
    with migrated_app(database_url) as app:
        yield app


def empty_database() -> None:
    """Delete every row (in the current app context), children before parents.

    On PostgreSQL a trigger refuses DELETE on the audit table (append-only); TRUNCATE, which row
    triggers do not see, empties it.
    """
    _db.session.rollback()
    assert current_app.extensions["read_audit"].wait(timeout=30)
    with _db.engine.begin() as conn:
        for table in reversed(_db.metadata.sorted_tables):
            if table.name == "audit_events" and conn.dialect.name == "postgresql":
                conn.execute(text("TRUNCATE audit_events"))
            else:
                conn.execute(table.delete())
    _db.session.remove()


@pytest.fixture()
def db(app):
    """The database, emptied after each test."""
    with app.app_context():
        yield _db
        empty_database()


class Client:
    """A test client that fills in the CSRF token like a browser does."""

    def __init__(self, app):
        self.app = app
        self.raw = app.test_client()
        self._token = None

    def _request(self, method, url, **kwargs):
        """Each request gets its own app context (fresh `g`, own DB session), as in production.

        The test's own transaction is ended first so that it holds no lock the request needs.
        """
        if has_app_context():
            _db.session.rollback()
        with self.app.app_context():
            response = self.raw.open(url, method=method, **kwargs)
        # A page that only read writes its audit rows beside the request (read_audit.py): the test sees them.
        assert self.app.extensions["read_audit"].wait(timeout=30)
        if any(c.startswith("school_plans_session=") for c in response.headers.getlist("Set-Cookie")):
            self._token = None  # the session changed (signed in, out or rotated): fetch a new token
        return response

    def csrf_token(self) -> str:
        if self._token is None:
            page = self.get("/sign-in").text
            self._token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return self._token

    def get(self, url, **kwargs):
        return self._request("GET", url, **kwargs)

    def post(self, url, data=None, csrf=True, site="same-origin", **kwargs):
        """POST as a browser does from one of our pages (`site` is its Sec-Fetch-Site header)."""
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf_token())
        headers = {**({"Sec-Fetch-Site": site} if site else {}), **kwargs.pop("headers", {})}
        return self._request("POST", url, data=data, headers=headers, **kwargs)

    def sign_in(self, email, password=PASSWORD):
        return self.post("/sign-in", {"email": email, "password": password})


@pytest.fixture()
def client(app, db):
    return Client(app)


@pytest.fixture()
def make_client(app, db):
    def _make(user=None, password=PASSWORD):
        client = Client(app)
        if user is not None:
            response = client.sign_in(user.email, password)
            assert response.status_code == 302, "sign-in failed in a fixture"
        return client
    return _make


def make_user(name="Alex Example", email=None, admin=False, password=PASSWORD) -> User:
    email = email or re.sub(r"\W+", ".", name.lower()) + "@example.org"
    user = accounts.create_user(email, name, password, is_admin=admin)
    _db.session.commit()
    return user


def make_school(name="Oak Tree Primary") -> School:
    school = School(name=name)
    _db.session.add(school)
    _db.session.commit()
    return school


def make_child(school, preferred_name="Sam", **fields) -> Child:
    values = {"date_of_birth": date(2016, 4, 1), "year_group": 4, "care_status": "looked_after", **fields}
    child = Child(school_id=school.id, preferred_name=preferred_name, **values)
    _db.session.add(child)
    _db.session.commit()
    return child


def add_member(child, user, role) -> Membership:
    membership = Membership(child_id=child.id, user_id=user.id, role=role)
    _db.session.add(membership)
    _db.session.commit()
    return membership


def make_authority(name="Northdale Council", staff=(), country="england"):
    """An authority with `staff` (users, or (user, role)) on its virtual school's staff."""
    from school_plans.models import Authority, AuthorityStaff

    authority = Authority(name=name, country=country)
    for person in staff:
        user, role = person if isinstance(person, tuple) else (person, "adviser")
        authority.staff.append(AuthorityStaff(user=user, role=role))
    _db.session.add(authority)
    _db.session.commit()
    return authority


NETWORK_ROLES = ("designated_teacher", "school_staff", "parent_carer", "social_worker", "virtual_school")


@dataclass
class World:
    """One school, child A with a member in every role, child B with one other member, a site admin."""

    school: School
    child: Child
    other_child: Child
    people: dict = field(default_factory=dict)
    memberships: dict = field(default_factory=dict)

    def user(self, role) -> User | None:
        return self.people.get(role)


@pytest.fixture()
def world(db) -> World:
    school = make_school()
    child = make_child(school, "Sam")
    other_child = make_child(school, "Robin", care_status="previously_looked_after")
    w = World(school, child, other_child)
    for role in NETWORK_ROLES:
        user = make_user(role.replace("_", " ").title(), email=f"{role}@example.org")
        w.people[role] = user
        w.memberships[role] = add_member(child, user, role)
    school.designated_teachers.append(w.people["designated_teacher"])
    w.people["other_network"] = make_user("Other Network", email="other@example.org")
    add_member(other_child, w.people["other_network"], "designated_teacher")
    w.people["admin"] = make_user("Site Admin", email="admin@example.org", admin=True)
    _db.session.commit()
    return w


def find_user(email) -> User:
    return _db.session.scalar(select(User).where(User.email == email))


def make_plan(child, by, template_key="attachment-primary"):
    """A plan started from a built-in template, as the service does it."""
    from school_plans import plan_templates
    from school_plans.services.plans import start_plan

    plan = start_plan(child, plan_templates.get(template_key), by)
    _db.session.commit()
    return plan


def sections_of(plan) -> dict:
    """The plan's sections by key."""
    from school_plans.models import Section

    return {s.key: s for s in _db.session.scalars(select(Section).where(Section.plan_id == plan.id))}


def write_section(section, content, by):
    """Save a section's content (checked by its kind) and commit."""
    from school_plans.services.plans import save_section

    save_section(section, content, section.version, by)
    _db.session.commit()


def professionals_only(section):
    """Make `section` professionals-only, as the built-in templates' "background" was before the core team."""
    section.audience = "professionals"
    _db.session.commit()
    return section
