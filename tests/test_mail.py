"""The email outbox and `flask send-mail`, against a pretend SMTP server (no network)."""
import email
import smtplib
from datetime import timedelta
from email import policy

import pytest
from flask import Flask
from sqlalchemy import select

from school_plans import config
from school_plans.extensions import db as _db
from school_plans.models import OutboxEmail
from school_plans.services import mail

BODY = "Someone commented on a plan you follow. Open it: http://localhost:5000/plans/1"


class FakeSMTP(smtplib.SMTP):
    """smtplib's own message handling (headers, encoding, CRLF) over a pretend connection.

    `servers` lists every connection made; `refuse` holds addresses the server rejects;
    `down` makes connecting fail.
    """

    servers: list = []
    refuse: set = set()
    down = False

    def __init__(self, host, port, timeout, **kwargs):
        if FakeSMTP.down:
            raise ConnectionRefusedError(111, "Connection refused")
        self.host_port, self.timeout_given, self.tls, self.logins, self.sent, self.closed = (
            (host, port), timeout, None, [], [], False)
        FakeSMTP.servers.append(self)
        super().__init__(host, port, local_hostname="client.test", timeout=timeout)

    def connect(self, host="localhost", port=0, source_address=None):
        return 220, b"ready"

    def ehlo_or_helo_if_needed(self):
        pass

    def starttls(self, context=None):
        self.tls = context
        return 220, b"go ahead"

    def login(self, user, password, *, initial_response_ok=True):
        self.logins.append((user, password))
        return 235, b"ok"

    def sendmail(self, from_addr, to_addrs, msg, mail_options=(), rcpt_options=()):
        refused = {address: (550, b"5.1.1 no such mailbox") for address in to_addrs if address in FakeSMTP.refuse}
        if refused:
            raise smtplib.SMTPRecipientsRefused(refused)
        self.sent.append(msg)
        return {}

    def quit(self):
        self.closed = True
        return 221, b"bye"


class FakeSMTPSSL(FakeSMTP):
    pass


@pytest.fixture()
def smtp(app, monkeypatch):
    """A configured SMTP server that records what it is sent."""
    monkeypatch.setattr(FakeSMTP, "servers", [])
    monkeypatch.setattr(FakeSMTP, "refuse", set())
    monkeypatch.setattr(FakeSMTP, "down", False)
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setattr(smtplib, "SMTP_SSL", FakeSMTPSSL)
    monkeypatch.setitem(app.config, "SMTP_HOST", "smtp.example.org")
    monkeypatch.setitem(app.config, "MAIL_FROM", "School Plans <no-reply@plans.example.org>")
    return FakeSMTP


def outbox():
    _db.session.expire_all()
    return _db.session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()


def received(raw: bytes):
    """Parse a message as the receiving end stores it (SMTP's CRLF line ends become LF)."""
    return email.message_from_bytes(raw.replace(b"\r\n", b"\n"), policy=policy.default)


def sent_messages(smtp):
    return [received(raw) for server in smtp.servers for raw in server.sent]


def run(app, *args):
    return app.test_cli_runner().invoke(args=["send-mail", *args])


def test_send_mail_has_help(app):
    result = run(app, "--help")
    assert result.exit_code == 0 and "outbox" in result.output and "--limit" in result.output


def test_queued_email_is_sent_once_and_marked_sent(app, db, smtp):
    queued = mail.queue("carer@example.org", "A new comment", BODY)
    db.session.commit()
    assert queued.sent_at is None and queued.attempts == 0

    first = run(app)
    assert first.exit_code == 0, first.output
    assert "Sent 1 email, 0 failed." in first.output
    [row] = outbox()
    assert row.sent_at is not None and row.sent_at.tzinfo is not None and row.attempts == 0
    assert len(sent_messages(smtp)) == 1

    second = run(app)
    assert second.exit_code == 0 and "Sent 0 emails, 0 failed." in second.output
    assert len(sent_messages(smtp)) == 1


def test_a_batch_uses_one_connection_oldest_first_and_respects_the_limit(app, db, smtp):
    emails = [mail.queue(f"person{n}@example.org", f"Email {n}", BODY) for n in range(3)]
    emails[2].created_at = emails[0].created_at - timedelta(minutes=1)  # queued last, yet the oldest
    db.session.commit()
    assert run(app, "--limit", "2").exit_code == 0
    assert len(smtp.servers) == 1 and smtp.servers[0].closed
    assert [m["To"] for m in sent_messages(smtp)] == ["person2@example.org", "person0@example.org"]
    assert [row.sent_at is not None for row in outbox()] == [True, False, True]


def test_each_email_is_committed_as_soon_as_it_is_sent(app, db, smtp):
    """A crash mid-batch must not send again what already went."""
    mail.queue("a@example.org", "One", BODY)
    mail.queue("b@example.org", "Two", BODY)
    db.session.commit()

    def crash_after_first(sent_email):
        _db.session.commit()
        raise RuntimeError("the process died")

    with pytest.raises(RuntimeError):
        mail.send_pending(after_each=crash_after_first)
    _db.session.rollback()
    assert [row.sent_at is not None for row in outbox()] == [True, False]
    assert run(app).exit_code == 0
    assert [m["To"] for m in sent_messages(smtp)] == ["a@example.org", "b@example.org"]


def test_starttls_and_login_are_used_when_configured(app, db, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_PORT", 2525)
    monkeypatch.setitem(app.config, "SMTP_TIMEOUT", 7)
    monkeypatch.setitem(app.config, "SMTP_USERNAME", "mailer")
    monkeypatch.setitem(app.config, "SMTP_PASSWORD", "s3cret")
    mail.queue("carer@example.org", "A new comment", BODY)
    db.session.commit()
    assert run(app).exit_code == 0
    [server] = smtp.servers
    assert server.host_port == ("smtp.example.org", 2525) and server.timeout_given == 7
    assert server.tls is not None and server.tls.check_hostname  # the server's certificate is checked
    assert server.logins == [("mailer", "s3cret")]


def test_no_starttls_or_login_when_not_configured(app, db, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_STARTTLS", False)
    monkeypatch.setitem(app.config, "SMTP_USERNAME", "")
    mail.queue("carer@example.org", "A new comment", BODY)
    db.session.commit()
    assert run(app).exit_code == 0
    [server] = smtp.servers
    assert server.tls is None and server.logins == []


def test_smtp_ssl_connects_over_tls_without_starttls(app, db, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_SSL", True)
    mail.queue("carer@example.org", "A new comment", BODY)
    db.session.commit()
    assert run(app).exit_code == 0
    [server] = smtp.servers
    assert isinstance(server, FakeSMTPSSL) and server.tls is None and len(server.sent) == 1


def test_a_refused_recipient_records_the_attempt_without_the_body_and_others_still_go(app, db, smtp):
    mail.queue("gone@example.org", "A new comment", BODY)
    mail.queue("carer@example.org", "A new comment", BODY)
    db.session.commit()
    smtp.refuse.add("gone@example.org")

    result = run(app)
    assert result.exit_code == 1
    assert "Sent 1 email, 1 failed." in result.output
    refused, delivered = outbox()
    assert refused.sent_at is None and refused.attempts == 1
    assert refused.last_error.startswith("SMTPRecipientsRefused: ") and len(refused.last_error) <= 300
    assert BODY not in refused.last_error
    assert f"Email {refused.id} not sent: SMTPRecipientsRefused (attempt 1 of 5)." in result.output
    assert "gone@example.org" not in result.output and BODY not in result.output
    assert delivered.sent_at is not None
    assert [m["To"] for m in sent_messages(smtp)] == ["carer@example.org"]


def test_an_email_is_no_longer_tried_after_five_failed_attempts(app, db, smtp):
    mail.queue("gone@example.org", "A new comment", BODY)
    db.session.commit()
    smtp.refuse.add("gone@example.org")
    for attempt in range(1, 6):
        assert run(app).exit_code == 1
        assert outbox()[0].attempts == attempt
    smtp.servers.clear()
    sixth = run(app)
    assert sixth.exit_code == 0 and "Sent 0 emails, 0 failed." in sixth.output
    assert smtp.servers == []  # nothing to send: no connection either
    assert outbox()[0].attempts == 5 and outbox()[0].sent_at is None


def test_a_connection_failure_counts_an_attempt_for_every_email_in_the_batch(app, db, smtp):
    mail.queue("a@example.org", "One", BODY)
    mail.queue("b@example.org", "Two", BODY)
    db.session.commit()
    smtp.down = True
    result = run(app)
    assert result.exit_code == 1 and "Sent 0 emails, 2 failed." in result.output
    for row in outbox():
        assert row.sent_at is None and row.attempts == 1
        assert row.last_error.startswith("ConnectionRefusedError: ")


def test_sent_message_has_from_to_subject_date_and_message_id(app, db, smtp):
    mail.queue("carer@example.org", "A new comment", BODY)
    db.session.commit()
    run(app)
    [message] = sent_messages(smtp)
    assert message["From"] == "School Plans <no-reply@plans.example.org>"
    assert message["To"] == "carer@example.org"
    assert message["Subject"] == "A new comment"
    assert message["Date"].datetime.tzinfo is not None
    assert message["Message-ID"].startswith("<") and message["Message-ID"].endswith("@plans.example.org>")
    assert message.get_content_type() == "text/plain"
    assert message.get_content().rstrip("\n") == BODY


def test_non_ascii_subject_and_body_arrive_intact(app, db, smtp):
    subject = "Sylw newydd ar y cynllun ŵ 🌈"
    body = "Mae rhywun wedi gadael sylw. Diolch yn fawr! ŵŷ 🌈👍\nAil linell: ŵ"
    mail.queue("carer@example.org", subject, body)
    db.session.commit()
    assert run(app).exit_code == 0
    [raw] = smtp.servers[0].sent
    assert raw.isascii()  # encoded words and quoted-printable: safe through any server
    message = received(raw)
    assert message["Subject"] == subject
    assert message.get_content_charset() == "utf-8"
    assert message.get_content().rstrip("\n") == body


def test_development_without_smtp_host_prints_emails_and_marks_them_sent(app, db, monkeypatch, capsys):
    monkeypatch.setitem(app.config, "ENV_NAME", "development")
    monkeypatch.setitem(app.config, "SMTP_HOST", "")
    mail.queue("carer@example.org", "A new comment ŵ", BODY)
    db.session.commit()
    result = mail.send_pending()
    assert (result.sent, result.failed) == (1, 0)
    printed = capsys.readouterr().out
    assert "To: carer@example.org" in printed and "Subject: A new comment ŵ" in printed and BODY in printed
    assert printed.count("-----") == 4  # a clear start and end
    assert outbox()[0].sent_at is not None


def test_production_without_smtp_host_fails_clearly_and_marks_nothing_sent(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    monkeypatch.setitem(app.config, "SMTP_HOST", "")
    mail.queue("carer@example.org", "A new comment", BODY)
    db.session.commit()
    result = run(app)
    assert result.exit_code == 1
    assert "Error: SMTP_HOST is not set: " in result.output
    [row] = outbox()
    assert row.sent_at is None and row.attempts == 0


def test_queue_refuses_a_line_break_in_a_header(db):
    with pytest.raises(ValueError):
        mail.queue("carer@example.org", "A new comment\nBcc: everyone@example.org", BODY)


def test_mail_settings_are_read_from_the_environment(tmp_path, monkeypatch):
    for name in ("MAIL_FROM", "SMTP_TIMEOUT", "SCHOOL_PLANS_ENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SMTP_HOST", "smtp.example.org")
    monkeypatch.setenv("SMTP_PORT", "465")
    monkeypatch.setenv("SMTP_STARTTLS", "Off")
    monkeypatch.setenv("SMTP_SSL", "yes")
    monkeypatch.setenv("APP_URL", "https://plans.example.org/")
    app = Flask(__name__, instance_path=str(tmp_path))
    config.load(app, {"SECRET_KEY": "x"})
    assert app.config["SMTP_PORT"] == 465 and app.config["SMTP_TIMEOUT"] == 30
    assert app.config["SMTP_STARTTLS"] is False and app.config["SMTP_SSL"] is True
    assert app.config["APP_URL"] == "https://plans.example.org"
    assert app.config["MAIL_FROM"] == "school-plans <no-reply@localhost>"


def test_app_url_defaults_to_the_port_flask_run_uses(tmp_path, monkeypatch):
    monkeypatch.delenv("APP_URL", raising=False)
    monkeypatch.setenv("FLASK_RUN_PORT", "5077")
    app = Flask(__name__, instance_path=str(tmp_path))
    config.load(app, {"SECRET_KEY": "x"})
    assert app.config["APP_URL"] == "http://localhost:5077"
    monkeypatch.delenv("FLASK_RUN_PORT")
    config.load(app, {"SECRET_KEY": "x"})
    assert app.config["APP_URL"] == "http://localhost:5000"


def test_development_send_mail_says_where_links_go_when_app_url_is_not_set(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "development")
    monkeypatch.setitem(app.config, "SMTP_HOST", "")
    monkeypatch.delenv("APP_URL", raising=False)
    result = run(app)
    assert result.exit_code == 0
    assert f"Links in these emails go to {app.config['APP_URL']} (APP_URL is not set)" in result.output
    monkeypatch.setenv("APP_URL", app.config["APP_URL"])
    assert "APP_URL is not set" not in run(app).output
