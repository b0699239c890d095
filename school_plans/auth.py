"""Who is signed in: Flask-Login reads the user from our server-side session table."""
from flask import redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin

from .extensions import login
from .services import sessions

SESSION_KEY = "sid"


class Anonymous(AnonymousUserMixin):
    is_admin = False


def init_app(app) -> None:
    login.init_app(app)
    login.anonymous_user = Anonymous
    login.request_loader(_load_user)
    login.unauthorized_handler(_unauthorized)
    login.login_message = _l("Sign in to see this page.")


def _load_user(_request):
    return sessions.find_user(session.get(SESSION_KEY))


def sign_in(user) -> None:
    """Rotate the session: nothing from before sign-in survives, a new token is issued."""
    session.clear()
    session[SESSION_KEY] = sessions.start(user)


def sign_out() -> None:
    sessions.end(session.get(SESSION_KEY))
    session.clear()


def current_token() -> str | None:
    return session.get(SESSION_KEY)


def _unauthorized():
    """GET: go and sign in. POST: keep what was typed, sign in, then send it again."""
    from .blueprints.auth.forms import SignInForm
    from .carry import carried_fields

    if request.method == "GET":
        return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    form = SignInForm(formdata=None, next=request.path)
    return render_template("auth/sign_in.html", form=form, carried=carried_fields(request.form),
                           signed_out=True), 401
