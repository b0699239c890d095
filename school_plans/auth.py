"""Who is signed in: Flask-Login reads the user from our server-side session table."""
from flask import g, redirect, render_template, request, session, url_for

from .extensions import login
from .services import audit, sessions

SESSION_KEY = "sid"


def init_app(app) -> None:
    login.init_app(app)
    # Sessions are server-side rows we end ourselves; binding them to an IP would sign out phones.
    login.session_protection = None
    login.request_loader(_load_user)
    login.unauthorized_handler(_unauthorized)


def _load_user(_request):
    return sessions.find_user(session.get(SESSION_KEY))


def sign_in(user) -> None:
    """Rotate the session: the old one ends, nothing from before survives, a new token is issued."""
    renew(user)
    audit.record("auth.sign_in", user=user)


def renew(user) -> None:
    """A new session for `user` in place of this one (signing in, changing the password)."""
    sessions.end(session.get(SESSION_KEY))
    session.clear()
    # Flask-WTF keeps this request's CSRF token in `g`; made from the cleared session, it would
    # be refused, so a page shown after signing in (the resubmit page) gets a new one.
    g.pop("csrf_token", None)
    session[SESSION_KEY] = sessions.start(user)


def sign_out() -> None:
    sessions.end(session.get(SESSION_KEY))
    session.clear()


def _unauthorized():
    """GET: go and sign in. POST from our own page: keep what was typed, sign in, then send it again."""
    from .blueprints.auth.forms import SignInForm
    from .carry import carried_fields, same_origin

    if request.method == "GET":
        return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    form = SignInForm(formdata=None, next=request.path)
    carried = carried_fields(request.form) if same_origin() else []
    return render_template("auth/sign_in.html", form=form, carried=carried, signed_out=bool(carried)), 401
