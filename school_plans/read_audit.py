"""The audit rows of pages that only read (views, downloads), written beside the request, not in it.

SQLite has one write lock for the whole database: a page view that wrote its audit row in its own
transaction would wait behind every save, and a save behind every view. So a GET's audit rows are
kept aside (`audit.record` puts them in `g`), handed over once the page has succeeded, and written by
one thread per process in short transactions of their own, many rows at a time. The moment of the
view is the moment of the request, not of the write. Rows still waiting when the process ends
normally are written first (`atexit`); a worker killed outright loses those of its last few
milliseconds. PostgreSQL takes the same path: one code path, and a page never waits for a write.
"""
import atexit
import logging
import os
import queue
import threading
import time

from flask import current_app, g
from sqlalchemy import insert
from sqlalchemy.exc import DBAPIError, IntegrityError

from .database import is_contention
from .extensions import db
from .models import AuditEvent

log = logging.getLogger(__name__)
KEY = "_read_audit"
BATCH = 500            # rows in one transaction at most
ATTEMPTS = 5           # tries of one batch while the database is busy or away
EXIT_WAIT_SECONDS = 10


class ReadAudit:
    """One app's queue of read audit rows and the thread that writes them (`app.extensions["read_audit"]`)."""

    def __init__(self, app):
        self.app = app
        self._rows: queue.Queue = queue.Queue()
        self._pid = None
        self._start_lock = threading.Lock()

    def put(self, rows: list[dict]) -> None:
        self._ensure_thread()
        self._rows.put(rows)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every row handed over so far is written (or given up); False on timeout."""
        if self._pid != os.getpid():
            return True       # nothing was handed over in this process
        done = threading.Event()
        self._rows.put(done)
        return done.wait(timeout)

    def _ensure_thread(self) -> None:
        # A forked worker (gunicorn) has the queue but not the thread: each process starts its own.
        if self._pid == os.getpid():
            return
        with self._start_lock:
            if self._pid != os.getpid():
                self._rows = queue.Queue()
                threading.Thread(target=self._run, name="read-audit", daemon=True).start()
                self._pid = os.getpid()

    def _run(self) -> None:
        while True:
            batch, waiting = [], []
            item = self._rows.get()
            while True:
                if isinstance(item, threading.Event):
                    waiting.append(item)
                else:
                    batch.extend(item)
                if len(batch) >= BATCH:
                    break
                try:
                    item = self._rows.get_nowait()
                except queue.Empty:
                    break
            if batch:
                try:
                    self._write(batch)
                except Exception as error:   # the thread must go on: the next rows may be written
                    log.error("%d read audit rows could not be written: %s", len(batch), type(error).__name__)
            for done in waiting:
                done.set()

    def _write(self, rows: list[dict]) -> None:
        """Write `rows`, trying again a few times while the database is busy or away; else the error."""
        with self.app.app_context():
            for attempt in range(ATTEMPTS):
                try:
                    _insert(rows)
                    return
                except IntegrityError:
                    _insert_one_by_one(rows)
                    return
                except DBAPIError as error:
                    if attempt == ATTEMPTS - 1 or not (is_contention(error) or error.connection_invalidated):
                        raise
                    time.sleep(0.1 * 2 ** attempt)


def _insert(rows: list[dict]) -> None:
    with db.engine.begin() as connection:
        connection.execute(insert(AuditEvent.__table__), rows)


def _insert_one_by_one(rows: list[dict]) -> None:
    """A row whose child was deleted meanwhile keeps the rest of its row, as ON DELETE SET NULL would have."""
    for row in rows:
        try:
            _insert([row])
        except IntegrityError:
            _insert([{**row, "child_id": None}])


def keep(row: dict) -> None:
    """Keep a read's audit row until the request has succeeded (see `hand_over`)."""
    g.setdefault(KEY, []).append(row)


def hand_over() -> None:
    """The request succeeded: its read audit rows go to the writer."""
    rows = g.pop(KEY, None)
    if rows:
        current_app.extensions["read_audit"].put(rows)


def init_app(app) -> None:
    writer = app.extensions["read_audit"] = ReadAudit(app)
    atexit.register(writer.wait, EXIT_WAIT_SECONDS)
