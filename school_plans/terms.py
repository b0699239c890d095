"""The English school year's terms, for "no PEP meeting this term": autumn from 1 September, spring from
1 January, summer from 1 April. Each runs until the next begins. The starts are set by SCHOOL_TERM_STARTS
("09-01,01-01,04-01": autumn, spring, summer as month-day); summer may start at "easter" (Easter Monday).
"""
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app

DEFAULT_STARTS = "09-01,01-01,04-01"
NAMES = ("autumn", "spring", "summer")
EASTER = "easter"


@dataclass(frozen=True)
class Term:
    name: str     # autumn, spring or summer
    start: date
    end: date     # the last day, inclusive


def parse_starts(value: str) -> dict:
    """"09-01,01-01,04-01" -> {"autumn": (9, 1), "spring": (1, 1), "summer": (4, 1)}; ValueError if not
    three month-days (summer may be "easter") in the order spring, summer, autumn within a year."""
    parts = [part.strip().lower() for part in value.split(",")]
    if len(parts) != 3:
        raise ValueError("SCHOOL_TERM_STARTS needs three starts: autumn, spring, summer (like 09-01,01-01,04-01)")
    starts = {}
    for name, part in zip(NAMES, parts):
        if name == "summer" and part == EASTER:
            starts[name] = EASTER
            continue
        try:
            month, day = (int(n) for n in part.split("-"))
            date(2024, month, day)   # a leap year: 02-29 is a real day
        except ValueError:
            raise ValueError(f"SCHOOL_TERM_STARTS: {part!r} is not a month-day like 09-01") from None
        starts[name] = (month, day)
    for year in (2025, 2026, 2027, 2028, 2029, 2030, 2031, 2032):
        spring, summer, autumn = (_start(name, year, starts) for name in ("spring", "summer", "autumn"))
        if not spring < summer < autumn:
            raise ValueError("SCHOOL_TERM_STARTS: spring must start before summer, and summer before autumn")
    return starts


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _start(name: str, year: int, starts: dict) -> date:
    start = starts[name]
    if start == EASTER:
        return easter_sunday(year) + timedelta(days=1)
    month, day = start
    if (month, day) == (2, 29) and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        day = 28
    return date(year, month, day)


def term_of(day: date, starts: dict | None = None) -> Term:
    """The term `day` falls in."""
    starts = starts or current_app.config["SCHOOL_TERM_STARTS"]
    # Every term start from the year before to the year after, in order.
    begins = sorted((_start(name, year, starts), name) for year in (day.year - 1, day.year, day.year + 1)
                    for name in NAMES)
    for (start, name), (following, _next) in zip(begins, begins[1:]):
        if start <= day < following:
            return Term(name, start, following - timedelta(days=1))
    raise AssertionError("a day always falls in a term")  # pragma: no cover
