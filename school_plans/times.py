"""Times as people read and type them: in their time zone (Europe/London unless set), stored in UTC."""
from datetime import date, datetime, time, timezone

from flask import current_app, has_request_context
from flask_babel import get_timezone


def zone():
    """The reader's time zone: the request's (Flask-Babel), else the app's default (commands)."""
    if has_request_context():
        return get_timezone()
    from pytz import timezone as named   # Flask-Babel's own time zones are pytz's
    return named(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def from_local(day: date, at: time) -> datetime:
    """A day and time on the reader's clock as an aware UTC datetime (a time skipped or repeated when the
    clocks change is taken as the first such moment)."""
    return zone().localize(datetime.combine(day, at), is_dst=True).astimezone(timezone.utc)


def local(moment: datetime) -> datetime:
    """An aware datetime on the reader's clock."""
    return moment.astimezone(zone())


def start_of(day: date) -> datetime:
    """Midnight at the start of `day` on the reader's clock, in UTC."""
    return from_local(day, time())
