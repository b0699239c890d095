"""Flask commands: demo, create-user, templates check, export-plan, export-review, send-mail, backup
(`flask --app wsgi <command> --help`)."""
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from werkzeug.datastructures import MultiDict

from . import i18n, passwords
from .extensions import db
from .services import accounts


@click.command("create-user")
@click.option("--email", required=True, help="Their email address (used to sign in).")
@click.option("--name", required=True, help="Their full name.")
@click.option("--admin", is_flag=True, help="Make them a site admin.")
@with_appcontext
def create_user(email, name, admin):
    """Create an account. The password is read from a prompt, or from stdin when it is not a terminal."""
    from .blueprints.admin.forms import NewAccountForm

    form = NewAccountForm(formdata=MultiDict({"email": email, "name": name}), meta={"csrf": False})
    if not form.validate():
        raise click.ClickException(" ".join(str(e) for errors in form.errors.values() for e in errors))
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    problems = passwords.problems(password, email)
    if problems:
        raise click.ClickException(str(problems[0]))
    try:
        user = accounts.create_user(form.email.data, form.name.data, password, is_admin=admin)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Created account {user.id}.")


@click.command("demo")
@with_appcontext
def demo():
    """Load fictional demo data: a school, a child or two and one account per role. Safe to run twice."""
    from .demo import load

    load()
    db.session.commit()
    click.echo("Demo data ready. Sign in with any demo account (see README).")


@click.group("templates")
def templates():
    """Built-in plan templates."""


@templates.command("check")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="Check the templates in this folder instead of the app's.")
@with_appcontext
def check_templates(directory):
    """Validate every template file; exits non-zero and names each problem if any file is broken."""
    from flask import current_app

    from .plan_templates import check_directory

    found, problems = check_directory(directory or Path(current_app.config["PLAN_TEMPLATES_DIR"]))
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if problems:
        raise SystemExit(1)
    for template in sorted(found.values(), key=lambda t: t.key):
        click.echo(f"ok: {template.key} v{template.version} ({len(template.sections)} sections)")


def _reader(email):
    """The account an export is made for (None: everything), or a clear error."""
    if email is None:
        return None
    user = accounts.find_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the email address {email}.")
    return user


def _readable(user, email, obj, what: str, obj_id: int):
    """`obj` if it exists and `user` (None: everything) may export it, or a clear error."""
    from . import policy

    if obj is None:
        raise click.ClickException(f"No {what} {obj_id}.")
    if user is not None and not policy.can(user, f"{what}.export", obj):
        raise click.ClickException(f"{email} may not read {what} {obj_id}.")
    return obj


def _write(out: Path, data: bytes) -> None:
    try:
        out.write_bytes(data)
    except OSError as error:
        raise click.ClickException(f"Could not write {out}: {error.strerror}.") from None


def _offered(locale: str) -> str:
    """`--locale`, if the app offers it (LANGUAGES); else a usage error."""
    if locale not in i18n.offered():
        raise click.BadParameter(f"{locale!r} is not one of {', '.join(i18n.offered())}.", param_hint="'--locale'")
    return locale


LOCALE_OPTION = click.option(
    "--locale", "locale", default="en", show_default=True,
    help="en, cy, pl or ar: the language of every word the app writes (headings, labels, dates); "
         "what people wrote stays as written.")


@click.command("export-plan")
@click.argument("plan_id", type=int)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the .docx file.")
@click.option("--as-user", "as_user", metavar="EMAIL",
              help="Export exactly what this person may see (without it: the full plan).")
@click.option("--version", "version", type=click.IntRange(min=1), metavar="N",
              help="Export agreed version N exactly as it was agreed, with who agreed it (without it: the plan now).")
@click.option("--with-comments", "with_comments", is_flag=True,
              help="Add the open comment threads on the exported sections as Word comments.")
@LOCALE_OPTION
@with_appcontext
def export_plan(plan_id, out, as_user, version, with_comments, locale):
    """Write a plan, or one of its agreed versions, as a Word document.

    With --as-user, the document (and any comments) holds only the sections that person may read.
    """
    from . import export
    from .models import Plan
    from .plan_reading import read_agreed, read_plan
    from .services import agreement, audit, comments

    locale = _offered(locale)
    user = _reader(as_user)
    plan = _readable(user, as_user, db.session.get(Plan, plan_id), "plan", plan_id)
    with i18n.in_language(locale) as language:
        if version is None:
            reading = read_plan(user, plan)
        else:
            agreed = agreement.agreed_version(plan, version)
            if agreed is None:
                raise click.ClickException(f"Plan {plan_id} has no agreed version {version}.")
            reading = read_agreed(user, plan, agreed, agreement.signatures(plan, version))
        threads = comments.for_export(user, reading) if with_comments else None
        _write(out, export.build_plan_docx(reading, language=language, threads=threads))
    audit.record("plan.export", user=user, obj=plan, child=plan.child)
    db.session.commit()
    click.echo(f"Wrote {out}.")


@click.command("export-review")
@click.argument("review_id", type=int)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the .docx file.")
@click.option("--as-user", "as_user", metavar="EMAIL",
              help="Export exactly what this person may read (without it: the full review pack).")
@LOCALE_OPTION
@with_appcontext
def export_review(review_id, out, as_user, locale):
    """Write a review pack as a Word document: the review's details, outcome and actions, what changed in
    the plan since the previous review, and the attached plan version exactly as it was agreed.

    With --as-user, the pack holds only what that person may read (a parent or carer's pack has no
    professionals-only sections).
    """
    from . import export
    from .models import Review
    from .review_reading import read_review
    from .services import audit

    locale = _offered(locale)
    user = _reader(as_user)
    review = _readable(user, as_user, db.session.get(Review, review_id), "review", review_id)
    with i18n.in_language(locale) as language:
        _write(out, export.build_review_docx(read_review(user, review), language=language))
    audit.record("review.export", user=user, obj=review, child=review.child)
    db.session.commit()
    click.echo(f"Wrote {out}.")


@click.command("send-mail")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(min=1),
              help="Send at most this many emails in this run.")
@click.option("--digest", is_flag=True, help="First write each person's daily digest of news (run it once a day).")
@click.option("--reminders", is_flag=True, help="First tell each owner of an action from a review that it is due "
              "(within 3 days, or overdue; once per action; run it once a day).")
@with_appcontext
def send_mail(limit, digest, reminders):
    """Send the emails waiting in the outbox.

    Run it from cron or a scheduler, every minute say, and once a day with --digest --reminders (for
    example at 4pm) to send each person the news that waited for their daily email, and to remind people of
    their review actions that are due. Each email is recorded as sent as soon
    as the server takes it; one that fails is tried again on the next run, up to 5 times in all. Exits
    non-zero if any email failed. In development without SMTP_HOST, emails are printed here instead.
    """
    import os

    from flask import current_app

    from .config import DEVELOPMENT
    from .services import mail, notifications

    if digest:
        written = notifications.send_digests()
        db.session.commit()
        click.echo(f"Wrote {written} digest{'' if written == 1 else 's'}.")
    if reminders:
        told = notifications.remind_due_actions(notifications.REMIND_DAYS_BEFORE)
        db.session.commit()
        click.echo(f"Reminded {told} owner{'' if told == 1 else 's'} of an action that is due.")
    if current_app.config["ENV_NAME"] == DEVELOPMENT and not os.environ.get("APP_URL"):
        click.echo(f"Links in these emails go to {current_app.config['APP_URL']} (APP_URL is not set). "
                   "If the app runs at another address, set APP_URL to it before it sends emails.")

    def commit(email):
        if email.sent_at is None:
            reason = email.last_error.partition(":")[0]  # the error's class name: the rest may quote the address
            click.echo(f"Email {email.id} not sent: {reason} (attempt {email.attempts} of {mail.MAX_ATTEMPTS}).",
                       err=True)
        db.session.commit()

    try:
        result = mail.send_pending(limit, after_each=commit)
    except mail.MailNotConfigured as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Sent {result.sent} email{'' if result.sent == 1 else 's'}, {result.failed} failed.")
    if result.failed:
        raise SystemExit(1)


@click.command("backup")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the backup (replaced if it exists).")
@with_appcontext
def backup(out):
    """Copy the database consistently while the app runs: SQLite's online backup, or pg_dump for PostgreSQL.

    The file is readable by its owner only: it holds children's data. Never copy a live SQLite file with cp.
    See the README ("Backups and restore") for how to restore it.
    """
    from .backup import BackupError
    from .backup import backup as write_backup

    try:
        write_backup(db.engine, out)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up the database to {out}.")


def register(app) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(demo)
    app.cli.add_command(templates)
    app.cli.add_command(export_plan)
    app.cli.add_command(export_review)
    app.cli.add_command(send_mail)
    app.cli.add_command(backup)
