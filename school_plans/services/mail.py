"""Email: queued in the outbox during a request, sent later by `flask send-mail`.

Emails never hold plan text or a child's name (callers see to that), and nothing here logs
an address or a body.
"""
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from flask import current_app
from sqlalchemy import select

from ..config import DEVELOPMENT
from ..extensions import db
from ..models import OutboxEmail
from ..models.types import utcnow

MAX_ATTEMPTS = 5


class MailNotConfigured(RuntimeError):
    """There is nowhere to send email: SMTP_HOST is not set outside development."""


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0


def queue(to_address: str, subject: str, body: str) -> OutboxEmail:
    """Add an email to the outbox (sent by `flask send-mail`, never inside the request)."""
    if any(c in value for value in (to_address, subject) for c in "\r\n"):
        raise ValueError("an email address or subject may not contain a line break")
    email = OutboxEmail(to_address=to_address, subject=subject, body=body)
    db.session.add(email)
    db.session.flush()
    return email


def send_pending(limit: int = 100, after_each: Callable[[OutboxEmail], None] | None = None) -> SendResult:
    """Send the oldest waiting emails over one connection.

    `after_each(email)` runs as soon as an email is marked sent or failed, so the caller can
    commit it there: a crash later in the batch then never sends it again.
    """
    config = current_app.config
    if not config["SMTP_HOST"] and config["ENV_NAME"] != DEVELOPMENT:
        raise MailNotConfigured(
            "SMTP_HOST is not set: set SMTP_HOST (and SMTP_USERNAME and SMTP_PASSWORD if the server "
            "needs them) to send email, or SCHOOL_PLANS_ENV=development to print emails here instead."
        )
    batch = db.session.scalars(
        select(OutboxEmail)
        .where(OutboxEmail.sent_at.is_(None), OutboxEmail.attempts < MAX_ATTEMPTS)
        .order_by(OutboxEmail.created_at, OutboxEmail.id)
        .limit(limit)
    ).all()
    result = SendResult()
    if not batch:
        return result

    def finish(email: OutboxEmail, error: Exception | None = None) -> None:
        if error is None:
            email.sent_at = utcnow()
            result.sent += 1
        else:
            email.attempts += 1
            email.last_error = f"{type(error).__name__}: {error}"[:300]
            result.failed += 1
        db.session.flush()
        if after_each is not None:
            after_each(email)

    try:
        transport = _connect(config) if config["SMTP_HOST"] else _Console()
    except (smtplib.SMTPException, OSError) as error:
        for email in batch:
            finish(email, error)
        return result
    try:
        for email in batch:
            try:
                transport.send_message(_message(email, config["MAIL_FROM"]))
            except Exception as error:  # recorded against this email, so one bad row cannot block the rest
                finish(email, error)
            else:
                finish(email)
    finally:
        transport.quit()
    return result


def _connect(config) -> "_SMTP":
    # smtplib's own default context does not check the server's certificate; this one does.
    context = ssl.create_default_context()
    if config["SMTP_SSL"]:
        smtp = smtplib.SMTP_SSL(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"],
                                context=context)
    else:
        smtp = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"])
    try:
        if config["SMTP_STARTTLS"] and not config["SMTP_SSL"]:
            smtp.starttls(context=context)
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
    except Exception:
        smtp.close()
        raise
    return _SMTP(smtp)


class _SMTP:
    """An open SMTP connection whose goodbye cannot fail the batch (every email is already recorded)."""

    def __init__(self, smtp: smtplib.SMTP):
        self.smtp = smtp

    def send_message(self, message: EmailMessage) -> None:
        self.smtp.send_message(message)

    def quit(self) -> None:
        try:
            self.smtp.quit()
        except (smtplib.SMTPException, OSError):
            self.smtp.close()


class _Console:
    """Development without SMTP_HOST: each email is printed instead of sent."""

    def send_message(self, message: EmailMessage) -> None:
        print(
            f"----- email (not sent: SMTP_HOST is not set) -----\n"
            f"To: {message['To']}\nSubject: {message['Subject']}\n\n"
            f"{message.get_content().rstrip()}\n"
            f"----- end of email -----",
            flush=True,
        )

    def quit(self) -> None:
        pass


def _message(email: OutboxEmail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to_address
    message["Subject"] = email.subject
    message["Date"] = format_datetime(utcnow())
    # The sender's domain, not this machine's name (which make_msgid would look up and reveal).
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or "localhost")
    # Quoted-printable keeps non-ASCII text safe through servers without 8BITMIME.
    message.set_content(email.body, cte="quoted-printable")
    return message

