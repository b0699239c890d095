"""Times as people read and type them: in their time zone (Europe/London unless set), stored in UTC."""
from datetime import date, datetime, time, timezone

from flask import current_app, has_request_context
from flask_babel import get_timezone
from pytz import AmbiguousTimeError, NonExistentTimeError
from pytz import timezone as named  # Flask-Babel's own time zones are pytz's


def _service_zone():
    return named(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def zone():
    """The reader's time zone: the request's (Flask-Babel), else the app's default (commands)."""
    return get_timezone() if has_request_context() else _service_zone()


def _on(clock, day: date, at: time) -> datetime:
    """A day and time on `clock` as an aware UTC datetime (a time repeated when the clocks go back is the
    first of the two)."""
    return clock.localize(datetime.combine(day, at), is_dst=True).astimezone(timezone.utc)


def from_local(day: date, at: time) -> datetime:
    """A day and time on the reader's clock, in UTC (check a time the clocks may skip with exists() first)."""
    return _on(zone(), day, at)


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


def service_today(moment: datetime | None = None) -> date:
    """Today (or the day of `moment`) on the service's clock (school terms belong to the service, not to each
    reader)."""
    return (moment.astimezone(_service_zone()) if moment else datetime.now(_service_zone())).date()


def service_start_of(day: date) -> datetime:
    """Midnight at the start of `day` on the service's clock, in UTC."""
    return _on(_service_zone(), day, time())


def local(moment: datetime) -> datetime:
    """An aware datetime on the reader's clock."""
    return moment.astimezone(zone())


