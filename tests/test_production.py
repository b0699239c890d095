"""The app as the README runs it in production: gunicorn with gunicorn.conf.py, behind a TLS proxy.

gunicorn runs as a subprocess on a free port of 127.0.0.1 with production settings (no SCHOOL_PLANS_ENV,
SECRET_KEY set, TRUST_PROXY_HOPS=1) on a migrated SQLite database with one account. The test plays the
proxy: it adds X-Forwarded-Proto: https and X-Forwarded-For, as nginx does, since production cookies are
Secure. Every wait is bounded.
"""
import http.client
import os
import re
import signal
import subprocess
import sys
import threading
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from conftest import PASSWORD, make_user, migrated_app
from school_plans.extensions import db as _db
from school_plans.models import AuditEvent

ROOT = Path(__file__).resolve().parent.parent
CLIENT_ADDRESS = "203.0.113.7"  # the person's address, as the proxy passes it on
WAIT = 120  # seconds: the longest any step may take on a busy machine


def production_env(database_url: str, **settings) -> dict:
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("SCHOOL_PLANS_", "TEST_", "SMTP_")) and name not in ("DATABASE_URL", "APP_URL")}
    return {**env, "DATABASE_URL": database_url, "TRUST_PROXY_HOPS": "1", **settings}


class Gunicorn:
    """gunicorn started as the README says (with the port and worker count changed), read until it listens."""

    def __init__(self, env: dict):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", "127.0.0.1:0", "--workers", "2"],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True)
        self.log, self.port = [], None
        self._listening, self._ended = threading.Event(), threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stderr:
            self.log.append(line)
            found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", line)
            if found:
                self.port = int(found.group(1))
                self._listening.set()
        self.process.stderr.close()
        self._ended.set()
        self._listening.set()

    def wait_until_listening(self) -> int:
        assert self._listening.wait(WAIT), "gunicorn did not start listening:\n" + "".join(self.log)
        assert self.port is not None, "gunicorn stopped:\n" + "".join(self.log)
        return self.port

    def wait_until_ended(self) -> tuple[int, str]:
        """Its exit status and everything it wrote to stderr."""
        status = self.process.wait(WAIT)
        assert self._ended.wait(WAIT)
        return status, "".join(self.log)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(WAIT)
            raise AssertionError("gunicorn did not stop on SIGTERM:\n" + "".join(self.log))
        assert self._ended.wait(WAIT)
        return status


class ProxiedBrowser:
    """Requests as a browser makes them through an HTTPS proxy: cookies kept, proxy headers added."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": CLIENT_ADDRESS,
                   "Host": f"127.0.0.1:{self.port}", "Accept-Language": "en-GB"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin",
                            "Origin": f"https://127.0.0.1:{self.port}",
                            "Referer": f"https://127.0.0.1:{self.port}{path}"})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.text = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response


@pytest.fixture()
def production_database(tmp_path):
    """A migrated SQLite database with one account, as `db upgrade` and `create-user` leave it."""
    url = f"sqlite:///{tmp_path}/production.db"
    with migrated_app(url) as app:
        with app.app_context():
            make_user("Dana Teacher", email="dana@example.org")
        yield app, url


def test_gunicorn_serves_the_app_behind_a_tls_proxy_and_a_person_signs_in(production_database):
    app, url = production_database
    server = Gunicorn(production_env(url, SECRET_KEY="a-production-secret-for-this-test-only"))
    try:
        browser = ProxiedBrowser(server.wait_until_listening())
        page = browser.request("GET", "/sign-in")
        assert page.status == 200, page.text
        cookie = page.headers["Set-Cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie
        assert page.headers["Strict-Transport-Security"].startswith("max-age=")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        stylesheet = browser.request("GET", re.search(r'<link rel="stylesheet" href="([^"]+)"', page.text).group(1))
        assert stylesheet.status == 200 and stylesheet.headers["Content-Type"].startswith("text/css")

        signed_in = browser.request("POST", "/sign-in",
                                    {"csrf_token": token, "email": "dana@example.org", "password": PASSWORD})
        assert signed_in.status == 302, signed_in.text
        home = browser.request("GET", signed_in.headers["Location"])
        assert home.status == 200
        assert "Your children" in home.text and "Sign out" in home.text
    finally:
        assert server.stop() == 0
    with app.app_context():
        event = _db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.sign_in"))
    assert event.ip_address == CLIENT_ADDRESS  # TRUST_PROXY_HOPS=1: the person's address, not the proxy's


def test_gunicorn_refuses_to_start_without_a_secret_key(production_database):
    _app, url = production_database
    status, log = Gunicorn(production_env(url)).wait_until_ended()
    assert status != 0 and "SECRET_KEY is not set" in log
