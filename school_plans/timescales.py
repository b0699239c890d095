"""When a looked-after child's Personal Education Plan (PEP) meeting is due, and whether a review is overdue:
pure rules on dates (the school terms come from the app's settings, or are passed in).

- The first PEP is due 20 school days (Monday to Friday) after the child came into care or joined a new
  school, whichever is later, while no PEP meeting has been held since.
- After that, one PEP meeting a term: with none this term it is due by the term's end ("due soon" in its
  last 10 school days), and overdue when the previous term had none.
- A review is overdue when its time has passed and no outcome is recorded; an upcoming one is "due soon"
  within 10 school days.

`PepClock` turns today into the cut-off dates the rules compare with, so the dashboard's SQL
(oversight_reading.py) asks exactly what `pep_timescale()` does.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from . import terms

FIRST_PEP_SCHOOL_DAYS = 20
DUE_SOON_SCHOOL_DAYS = 10
DONE, DUE, DUE_SOON, OVERDUE = "done", "due", "due_soon", "overdue"
URGENCY = (OVERDUE, DUE_SOON, DUE, DONE)   # most urgent first (the dashboard's sort)
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Timescale:
    status: str             # DONE, DUE, DUE_SOON or OVERDUE
    due: date | None = None  # the last day it is (or was) due by


def is_school_day(day: date) -> bool:
    return day.weekday() < 5


def add_school_days(day: date, count: int) -> date:
    """The `count`th school day after `day`."""
    while count:
        day += _DAY
        count -= is_school_day(day)
    return day


def school_days_until(today: date, deadline: date) -> int:
    """School days from today to the deadline, both included (0 once it has passed)."""
    days, day = 0, today
    while day <= deadline:
        days += is_school_day(day)
        day += _DAY
    return days


def first_pep_deadline(clock_start: date) -> date:
    return add_school_days(clock_start, FIRST_PEP_SCHOOL_DAYS)


def clock_start(came_into_care_on: date | None, joined_school_on: date | None) -> date | None:
    """The later of the two days that start the first PEP's clock (None when neither is known)."""
    known = [day for day in (came_into_care_on, joined_school_on) if day is not None]
    return max(known) if known else None


def _earliest_start(deadline_from: date) -> date:
    """The earliest clock start whose first PEP is due on or after `deadline_from` (later starts are too)."""
    start = deadline_from
    while first_pep_deadline(start - _DAY) >= deadline_from:
        start -= _DAY
    return start


@dataclass(frozen=True)
class PepClock:
    """Today, and the cut-offs the PEP rules compare a child's dates with."""

    today: date
    term: terms.Term
    previous_term: terms.Term
    term_ending: bool             # today is in the term's last DUE_SOON_SCHOOL_DAYS school days
    first_overdue_before: date    # a first PEP whose clock started before this day is overdue
    first_soon_before: date       # ... and before this day, due soon

    @classmethod
    def on(cls, today: date, starts: dict | None = None) -> "PepClock":
        term = terms.term_of(today, starts)
        eleventh = add_school_days(today - _DAY, DUE_SOON_SCHOOL_DAYS + 1)   # counting today
        return cls(today, term, terms.term_of(term.start - _DAY, starts),
                   school_days_until(today, term.end) <= DUE_SOON_SCHOOL_DAYS,
                   _earliest_start(today), _earliest_start(eleventh))


def pep_timescale(clock: PepClock, start: date | None, last_pep: date | None) -> Timescale:
    """A looked-after child's PEP: `start` from clock_start(), `last_pep` the day of the latest PEP meeting
    held (today or before)."""
    if start is not None and (last_pep is None or last_pep < start):
        status = (OVERDUE if start < clock.first_overdue_before
                  else DUE_SOON if start < clock.first_soon_before else DUE)
        return Timescale(status, first_pep_deadline(start))
    if last_pep is not None and last_pep >= clock.term.start:
        return Timescale(DONE)
    if last_pep is None or last_pep < clock.previous_term.start:
        return Timescale(OVERDUE, clock.previous_term.end)
    return Timescale(DUE_SOON if clock.term_ending else DUE, clock.term.end)


def review_timescale(today: date, next_review: date | None, overdue: bool) -> Timescale | None:
    """The child's reviews: `overdue` when one whose time has passed has no outcome; otherwise the next one
    (None: nothing scheduled)."""
    if overdue:
        return Timescale(OVERDUE)
    if next_review is None:
        return None
    soon = school_days_until(today, next_review) <= DUE_SOON_SCHOOL_DAYS
    return Timescale(DUE_SOON if soon else DUE, next_review)
