"""Flask commands: `flask --app wsgi demo`, `flask --app wsgi create-user`."""
import sys

import click
from flask.cli import with_appcontext
from werkzeug.datastructures import MultiDict

from . import passwords
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


def register(app) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(demo)
