"""`flask backup` copies the live database while a save is under way, and the copy restores whole."""
import shutil
import sqlite3
import stat
import subprocess
import threading
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy import create_engine, select, text

from conftest import PG_ADMIN_URL, PG_TEST_DATABASE, Client, empty_database, make_app, migrated_app, postgres_app
from school_plans import backup
from school_plans.demo import DEMO_PASSWORD, email
from school_plans.demo import load as load_demo
from school_plans.extensions import db as _db
from school_plans.models import AgreedVersion, Plan, Review, Section, SectionRevision, User
from school_plans.services.plans import save_section

DURING = "Written while the backup ran"


def snapshot(engine) -> dict:
    """Every row of every table (and the schema's migration), to compare a copy with its original."""
    with engine.connect() as connection:
        rows = {table.name: sorted(map(repr, connection.execute(table.select())))
                for table in _db.metadata.sorted_tables}
        rows["alembic_version"] = list(connection.execute(text("SELECT version_num FROM alembic_version")))
    return rows


def back_up_while_saving(app, out):
    """Load the demo, then back up while another thread's save is flushed but not yet committed.

    Returns the database as it was before the save; the save commits once the backup is done.
    """
    with app.app_context():
        load_demo()
        _db.session.commit()
        for model in (Plan, SectionRevision, AgreedVersion, Review):
            assert _db.session.scalars(select(model)).first() is not None, f"the demo has no {model.__name__}"
        before = snapshot(_db.engine)
        section_id = _db.session.scalar(select(Section.id).where(Section.kind == "text").order_by(Section.id))
        teacher_id = _db.session.scalar(select(User.id).where(User.email == email("dt")))
    saving, backed_up, outcome = threading.Event(), threading.Event(), {}

    def save():
        with app.app_context():
            section = _db.session.get(Section, section_id)
            save_section(section, {"text": DURING}, section.version, _db.session.get(User, teacher_id))
            saving.set()
            outcome["backup finished first"] = backed_up.wait(timeout=120)
            _db.session.commit()

    thread = threading.Thread(target=save)
    thread.start()
    try:
        assert saving.wait(timeout=120), "the save never got under way"
        result = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    finally:
        backed_up.set()
        thread.join()
    assert result.exit_code == 0, result.output
    assert outcome["backup finished first"], "the backup waited for the save to finish"
    with app.app_context():
        assert _db.session.get(Section, section_id).content["text"] == DURING, "the save was lost"
    assert stat.S_IMODE(out.stat().st_mode) & 0o077 == 0, "the backup is readable by others"
    return before


def assert_restored(app, before):
    """The restored database holds exactly what was committed, and people can use it."""
    with app.app_context():
        assert snapshot(_db.engine) == before
        plans = _db.session.scalars(select(Plan.id)).all()
        reviews = _db.session.scalars(select(Review.id)).all()
    client = Client(app)
    assert client.sign_in(email("virtualschool"), DEMO_PASSWORD).status_code == 302   # in every demo network
    for url in [f"/plans/{plan_id}" for plan_id in plans] + [f"/reviews/{review_id}" for review_id in reviews]:
        assert client.get(url).status_code == 200, url


@contextmanager
def opened_app(url):
    """An app on a database as it is (a restored one): nothing is emptied or upgraded."""
    app = make_app(url)
    try:
        yield app
    finally:
        with app.app_context():
            _db.engine.dispose()


def test_an_sqlite_backup_taken_during_a_save_restores_every_plan_revision_agreed_version_and_review(tmp_path):
    out = tmp_path / "backup.db"
    with migrated_app(f"sqlite:///{tmp_path}/live.db") as live:
        before = back_up_while_saving(live, out)
    restored = tmp_path / "restored.db"
    shutil.copyfile(out, restored)  # the README's restore: the app is stopped, the backup put in place
    with opened_app(f"sqlite:///{restored}") as app:
        assert_restored(app, before)


def a_small_sqlite_database(path):
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    return create_engine(f"sqlite:///{path}")


def test_a_backup_never_replaces_the_live_sqlite_database(tmp_path):
    live = tmp_path / "live.db"
    with pytest.raises(backup.BackupError, match="is the live database itself"):
        backup.backup(a_small_sqlite_database(live), tmp_path / "." / "live.db")
    assert [p.name for p in tmp_path.iterdir()] == ["live.db"]


def test_a_backup_into_a_missing_folder_says_so(tmp_path):
    with pytest.raises(backup.BackupError, match="Could not write .*No such file or directory"):
        backup.backup(a_small_sqlite_database(tmp_path / "live.db"), tmp_path / "nowhere" / "b.db")


def test_without_pg_dump_the_backup_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none")
    with pytest.raises(backup.BackupError, match="pg_dump was not found.*postgresql-client"):
        backup.backup(engine, tmp_path / "b.dump")
    assert list(tmp_path.iterdir()) == []


# --- PostgreSQL ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pg_app():
    with postgres_app() as app:
        yield app


@contextmanager
def empty_postgres_database(name):
    """A new, empty database `name` on the test server (its libpq URL), dropped afterwards."""
    def run(statement):
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(statement)
    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_a_pg_dump_taken_during_a_save_restores_every_plan_revision_agreed_version_and_review(pg_app, tmp_path):
    if shutil.which("pg_restore") is None:
        pytest.fail("pg_restore is not installed (the PostgreSQL client tools)")
    out = tmp_path / "backup.dump"
    try:
        before = back_up_while_saving(pg_app, out)
    finally:
        with pg_app.app_context():
            empty_database()
    with empty_postgres_database(f"{PG_TEST_DATABASE}_restored") as target:
        # The README's restore, into an empty database.
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", "--dbname", target,
                        str(out)], check=True, capture_output=True, timeout=300)
        with opened_app(target.replace("postgresql://", "postgresql+psycopg://")) as app:
            assert_restored(app, before)


@pytest.mark.postgres
def test_a_pg_dump_older_than_the_server_is_refused_with_the_version_to_install(pg_app, tmp_path, monkeypatch):
    fake = tmp_path / "pg_dump"
    fake.write_text('#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    result = pg_app.test_cli_runner().invoke(args=["backup", "--out", str(tmp_path / "b.dump")])
    assert result.exit_code == 1
    assert "must be of the server's major version" in result.output and "postgresql-client-" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pg_dump"]
