"""How the app holds its database: one write at a time where it matters, and what a failure means.

SQLite ignores `SELECT ... FOR UPDATE`, and Python's sqlite3 runs a request's reads outside any
transaction until its first write, so two requests could both read, both decide and both write.
A request that may change something (any method but GET, HEAD and OPTIONS) therefore starts its
transaction with `BEGIN IMMEDIATE`: it takes SQLite's write lock before its
first read, and the next writer waits for it (up to `SQLITE_BUSY_SECONDS`). Pages that only read
keep reading side by side, and with the write-ahead log they read while a save is under way (their
audit rows are written beside them: read_audit.py). PostgreSQL needs none of this: services lock
rows, plan before section before suggestion or review, with `FOR NO KEY UPDATE`.
"""
import sqlite3

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, OperationalError

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# PostgreSQL's "try again" errors: serialization failure, deadlock, lock timeout; and a unique row written by
# someone else at the same moment (two presses of one invitation link, say).
RETRY_SQLSTATES = frozenset({"40001", "40P01", "55P03", "23505"})
SQLITE_RETRY_MESSAGES = ("database is locked", "UNIQUE constraint failed")
SQLITE_BUSY_SECONDS = 15


def engine_options(url: str) -> dict:
    """Engine settings for `url`: a dead database is noticed at once, not after a long hang."""
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": SQLITE_BUSY_SECONDS}}
    return {"pool_pre_ping": True, "connect_args": {"connect_timeout": 5}}


def register(app) -> None:
    from .extensions import db

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _write_ahead_log)
            event.listen(db.engine, "connect", _unicode_lower)
            event.listen(db.engine, "begin", _begin_sqlite)


def _write_ahead_log(dbapi_connection, _record) -> None:
    """SQLite's write-ahead log: pages read while someone saves, and a save never waits for a page
    (a rollback journal makes each commit wait until no one is reading). Kept in the file, so this is
    the same on every connection; a database in memory stays as it is."""
    dbapi_connection.execute("PRAGMA journal_mode=WAL")


def _unicode_lower(dbapi_connection, _record) -> None:
    """lower() for every letter, as PostgreSQL's does ("Łucja" finds "łucja"): SQLite's own lowers only
    A to Z."""
    dbapi_connection.create_function("lower", 1, lambda value: value.lower() if isinstance(value, str) else value,
                                     deterministic=True)


def _begin_sqlite(connection) -> None:
    if has_request_context() and request.method not in READ_ONLY_METHODS:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def is_contention(error: Exception) -> bool:
    """Another transaction got in the way (deadlock, serialization, a lock held too long): try again."""
    if not isinstance(error, DBAPIError):
        return False
    code = getattr(error.orig, "sqlstate", None)
    if code in RETRY_SQLSTATES:
        return True
    return isinstance(error.orig, sqlite3.Error) and str(error.orig).startswith(SQLITE_RETRY_MESSAGES)


def is_unavailable(error: Exception) -> bool:
    """The database cannot be reached at all (down, refusing connections, or its file unreadable)."""
    return isinstance(error, DBAPIError) and (error.connection_invalidated or isinstance(error, OperationalError)
                                              and not is_contention(error))
