"""A consistent copy of the live database, taken while the app serves (`flask --app wsgi backup`).

SQLite: the online backup API copies a snapshot page by page under a read lock; `cp` of a live file
can catch a write halfway and give a copy that does not open. PostgreSQL: `pg_dump`, which reads one
snapshot; it must be at least the server's major version. The copy holds children's data: it is
written readable by its owner only, under a temporary name first, so a failed run never leaves a
half-written file where a good backup was.
"""
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine


class BackupError(Exception):
    """Why no backup was made, in words for whoever runs the command."""


def backup(engine: Engine, out: Path) -> None:
    """Write a backup of `engine`'s database to `out` (an SQLite file, or a pg_dump custom-format archive)."""
    if engine.dialect.name == "sqlite":
        source = _sqlite_path(engine)
        if out.resolve() == source.resolve():
            raise BackupError(f"{out} is the live database itself: write the backup somewhere else.")
        _write(out, lambda part: _sqlite_backup(source, part))
    elif engine.dialect.name == "postgresql":
        command, env = _pg_dump_command(engine)
        _write(out, lambda part: _pg_dump(command, env, part))
    else:
        raise BackupError(f"Backups of {engine.dialect.name} databases are not supported.")


def _write(out: Path, make) -> None:
    """Run `make(path)` on a private temporary file beside `out`, then move it into place."""
    try:
        handle, part = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")  # mode 0600
    except OSError as error:
        raise BackupError(f"Could not write {out}: {error.strerror}.") from None
    os.close(handle)
    try:
        make(Path(part))
        os.replace(part, out)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        raise BackupError("The database is in memory: there is nothing on disk to back up.")
    path = Path(database)
    if not path.is_file():
        raise BackupError(f"There is no database at {path}.")
    return path


def _sqlite_backup(source: Path, part: Path) -> None:
    """SQLite's online backup: one consistent snapshot, even while the app writes (it waits out a commit)."""
    reader = sqlite3.connect(source)
    writer = sqlite3.connect(part)
    try:
        reader.backup(writer)
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not copy {source}: {error}.") from None
    finally:
        writer.close()
        reader.close()


def _major(version: str) -> int | None:
    found = re.search(r"(\d+)", version)
    return int(found.group(1)) if found else None


def _pg_dump_command(engine: Engine) -> tuple[list[str], dict]:
    """pg_dump's command line and environment (the password goes in PGPASSWORD, never on the command line)."""
    program = shutil.which("pg_dump")
    if program is None:
        raise BackupError("pg_dump was not found. Install the PostgreSQL client tools of the same major version "
                          "as the server (on Debian or Ubuntu: apt-get install postgresql-client-NN), "
                          "or put pg_dump on PATH.")
    with engine.connect() as connection:
        server = int(connection.execute(text("SHOW server_version_num")).scalar()) // 10000
    found = subprocess.run([program, "--version"], capture_output=True, text=True, check=False).stdout
    client = _major(found.partition(")")[2] or found)
    if client is None or client < server:
        raise BackupError(f"{program} is version {found.strip() or 'unknown'}, but the server runs PostgreSQL "
                          f"{server}: pg_dump must be of the server's major version (or newer). Install "
                          f"postgresql-client-{server} and put its pg_dump first on PATH.")
    url = engine.url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    env = dict(os.environ)
    if engine.url.password is not None:
        env["PGPASSWORD"] = engine.url.password
    return [program, "--format=custom", "--dbname", url], env


def _pg_dump(command: list[str], env: dict, part: Path) -> None:
    with part.open("wb") as archive:
        done = subprocess.run(command, stdout=archive, stderr=subprocess.PIPE, env=env, check=False)
    if done.returncode != 0:
        reason = done.stderr.decode(errors="replace").strip() or f"exit status {done.returncode}"
        raise BackupError(f"pg_dump failed: {reason}")
