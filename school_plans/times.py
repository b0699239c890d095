"""Times as people read and type them: in their time zone (Europe/London unless set), stored in UTC."""
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_request_context
from flask_babel import get_timezone
from pytz import AmbiguousTimeError, NonExistentTimeError
from pytz import timezone as named  # Flask-Babel's own time zones are pytz's


def zone():
    """The reader's time zone: the request's (Flask-Babel), else the app's default (commands)."""
    if has_request_context():
        return get_timezone()
    return named(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def from_local(day: date, at: time) -> datetime:
    """A day and time on the reader's clock as an aware UTC datetime (a time repeated when the clocks go
    back is the first of the two; check one the clocks skip with exists() first)."""
    return zone().localize(datetime.combine(day, at), is_dst=True).astimezone(timezone.utc)


def exists(day: date, at: time) -> bool:
    """False for a time the clocks skip on that day (01:30 on the last Sunday of March in London)."""
    try:
        zone().localize(datetime.combine(day, at), is_dst=None)
    except NonExistentTimeError:
        return False
    except AmbiguousTimeError:
        return True
    return True


def zone_name() -> str:
    """The reader's time zone as people read it: "Europe/London"."""
    return str(zone()).replace("_", " ")


def service_today() -> date:
    """Today on the service's clock (school terms belong to the service, not to each reader)."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def service_start_of(day: date) -> datetime:
    """Midnight at the start of `day` on the service's clock, in UTC."""
    return datetime.combine(day, time(), ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).astimezone(
        timezone.utc)


def local(moment: datetime) -> datetime:
    """An aware datetime on the reader's clock."""
    return moment.astimezone(zone())


