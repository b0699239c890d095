"""Error pages in the app's layout, and the CSRF failure that keeps what was typed."""
import logging

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .carry import carried_fields, resubmit_page, same_origin
from .extensions import db

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
    413: (_l("What you sent is too long"),
          _l("Go back with your browser's back button: your text is still there. "
             "Shorten it or split it into smaller parts, then save again.")),
    500: (_l("Sorry, there is a problem with the service"),
          _l("Nothing you did caused this. Try again later. "
             "If you were saving something, go back: your text should still be in the form.")),
}


def _page(code: int):
    """The error page for `code`; codes without their own words (405...) use the 400 ones."""
    title, body = MESSAGES.get(code, MESSAGES[400])
    return render_template("errors/error.html", code=code, title=title, body=body), code


def _http_error(error: HTTPException):
    db.session.rollback()
    return _page(error.code or 400)


def _csrf_error(error: CSRFError):
    """The page was open too long or the session ended: offer to send the same text again."""
    db.session.rollback()
    if not same_origin():
        return _page(400)
    return resubmit_page(request.path, carried_fields(request.form), status=400)


def _server_error(error):
    db.session.rollback()
    original = getattr(error, "original_exception", None) or error
    log.error("unhandled error on %s %s: %s", request.method, request.endpoint, type(original).__name__)
    return _page(500)


def register(app) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
