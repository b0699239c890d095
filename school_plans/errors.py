"""Error pages in the app's layout, and the CSRF failure that keeps what was typed."""
import logging

from flask import g, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import ClientDisconnected, HTTPException, InternalServerError, RequestEntityTooLarge

from . import database
from .carry import carried_fields, resubmit_page, same_origin, typed
from .extensions import db, login

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Something was wrong with that request"),
          _l("Go back, check what you entered and try again.")),
    403: (_l("You cannot do that"),
          _l("Your role in this child's network does not allow this. "
             "Ask the designated teacher if you think it should.")),
    404: (_l("Page not found"),
          _l("Check the address, or go back to your list of children. "
             "If you were removed from a child's network, you can no longer see their pages.")),
    409: (_l("Someone else was saving at the same moment"),
          _l("Nothing was saved. Go back with your browser's back button, reload the page to see what changed, "
             "then make your change again.")),
    413: (_l("What you sent is too long"),
          _l("Go back with your browser's back button: your text is still there. "
             "Shorten it or split it into smaller parts, then save again.")),
    500: (_l("Sorry, there is a problem with the service"),
          _l("Nothing you did caused this. Try again later. "
             "If you were saving something, go back: your text should still be in the form.")),
    503: (_l("Sorry, the service is not available at the moment"),
          _l("Nothing was saved. Go back with your browser's back button: your text is still in the form. "
             "Try again in a few minutes.")),
}


KEEPS_TYPED = (403, 404, 409)   # a form sent to something gone or changed meanwhile: show what was typed


def _page(code: int):
    """The error page for `code`; codes without their own words (405...) use the 400 ones."""
    title, body = MESSAGES.get(code, MESSAGES[400])
    return render_template("errors/error.html", code=code, title=title, body=body, typed=_typed(code)), code


def _typed(code: int) -> list[str]:
    """What the person typed into a form of ours that was refused with `code` (nothing for others)."""
    if code not in KEEPS_TYPED or request.method != "POST" or not same_origin():
        return []
    try:
        return typed(carried_fields(request.form))
    except (RequestEntityTooLarge, ClientDisconnected):   # a body never read before, too big or cut off
        return []


def _rollback() -> None:
    """End the request's transaction; with the database gone there is none to end, and that is fine."""
    try:
        db.session.rollback()
    except DBAPIError:
        db.session.close()


def _http_error(error: HTTPException):
    _rollback()
    return _page(error.code or 400)


def _csrf_error(error: CSRFError):
    """The page was open too long or the session ended: offer to send the same text again."""
    db.session.rollback()
    if not same_origin():
        return _page(400)
    return resubmit_page(request.path, carried_fields(request.form), status=400)


def database_error(error):
    """Another save got in the way (deadlock, a lock held too long, a row changed or gone meanwhile): the
    conflict page with what was typed, to send again. The database away: a page that needs nothing from it."""
    _rollback()
    if isinstance(error, StaleDataError) or database.is_contention(error):
        log.warning("conflicting save on %s %s: %s", request.method, request.endpoint, type(error).__name__)
        if request.method == "POST" and same_origin():
            return resubmit_page(request.path, carried_fields(request.form), status=409, conflict=True)
        return _page(409)
    if not database.is_unavailable(error):
        return _server_error(error)
    log.error("database unavailable on %s %s: %s", request.method, request.endpoint, type(error).__name__)
    g._login_user = login.anonymous_user()  # so the layout and the language never ask the database who this is
    return _page(503)


def _server_error(error):
    original = getattr(error, "original_exception", None) or error
    if isinstance(original, (DBAPIError, StaleDataError)) and original is not error:
        return database_error(original)
    _rollback()
    log.error("unhandled error on %s %s: %s", request.method, request.endpoint, type(original).__name__)
    return _page(500)


def register(app) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
    app.register_error_handler(DBAPIError, database_error)
    app.register_error_handler(StaleDataError, database_error)
