"""The PEP and review timescales, on fixed dates in the English school year (autumn from 1 September)."""
from datetime import date, timedelta

import pytest

from school_plans import terms, timescales
from school_plans.timescales import DONE, DUE, DUE_SOON, OVERDUE, PepClock, Timescale

ENGLISH = terms.parse_starts(terms.DEFAULT_STARTS)
WEDNESDAY = date(2026, 11, 4)   # in the autumn term, 1 September to 31 December


def pep(today, start, last_pep):
    return timescales.pep_timescale(PepClock.on(today, ENGLISH), start, last_pep)


def test_school_days_are_monday_to_friday():
    assert timescales.add_school_days(date(2026, 10, 30), 1) == date(2026, 11, 2)   # a Friday: then Monday
    assert timescales.first_pep_deadline(date(2026, 10, 19)) == date(2026, 11, 16)   # 20 school days, 4 weeks
    assert timescales.school_days_until(date(2026, 11, 4), date(2026, 11, 16)) == 9
    assert timescales.school_days_until(date(2026, 11, 4), date(2026, 11, 3)) == 0


def test_the_first_pep_clock_starts_on_the_later_of_coming_into_care_and_joining_the_school():
    assert timescales.clock_start(date(2026, 9, 1), date(2026, 10, 19)) == date(2026, 10, 19)
    assert timescales.clock_start(date(2026, 10, 19), None) == date(2026, 10, 19)
    assert timescales.clock_start(None, None) is None


@pytest.mark.parametrize("start, expected", [
    (date(2026, 11, 2), Timescale(DUE, date(2026, 11, 30))),         # 4 weeks ahead
    (date(2026, 10, 19), Timescale(DUE_SOON, date(2026, 11, 16))),   # 9 school days left
    (date(2026, 10, 1), Timescale(OVERDUE, date(2026, 10, 29))),     # the 20 school days have passed
])
def test_the_first_pep_is_due_20_school_days_after_the_clock_starts(start, expected):
    assert pep(WEDNESDAY, start, None) == expected


def test_a_pep_before_the_child_joined_a_new_school_does_not_count_for_the_first_pep():
    assert pep(WEDNESDAY, date(2026, 10, 19), date(2026, 9, 15)) == Timescale(DUE_SOON, date(2026, 11, 16))


def test_a_pep_meeting_this_term_is_done():
    assert pep(WEDNESDAY, date(2026, 1, 10), date(2026, 9, 15)) == Timescale(DONE)
    assert pep(WEDNESDAY, date(2026, 10, 19), date(2026, 11, 2)) == Timescale(DONE)   # the first, in time


def test_with_none_this_term_the_pep_is_due_by_the_terms_end_and_due_soon_in_its_last_10_school_days():
    last_summer = date(2026, 6, 10)
    assert pep(WEDNESDAY, None, last_summer) == Timescale(DUE, date(2026, 12, 31))
    assert pep(date(2026, 12, 21), None, last_summer) == Timescale(DUE_SOON, date(2026, 12, 31))


def test_a_pep_is_overdue_when_the_previous_term_had_none():
    assert pep(WEDNESDAY, None, date(2026, 3, 10)) == Timescale(OVERDUE, date(2026, 8, 31))
    assert pep(WEDNESDAY, None, None) == Timescale(OVERDUE, date(2026, 8, 31))
    assert pep(date(2027, 1, 4), None, date(2026, 6, 10)).status == OVERDUE   # a new term: autumn had none


def test_the_clocks_cut_off_days_agree_with_the_20_school_day_rule():
    """The dashboard's SQL compares a child's clock start with these days: they must say what the rule does."""
    for today in (WEDNESDAY, date(2026, 11, 7), date(2026, 12, 24), date(2027, 1, 1)):
        clock = PepClock.on(today, ENGLISH)
        for back in range(60):
            start = today - timedelta(days=back)
            deadline = timescales.first_pep_deadline(start)
            assert (start < clock.first_overdue_before) == (deadline < today)
            soon = deadline >= today and timescales.school_days_until(today, deadline) <= 10
            assert (clock.first_overdue_before <= start < clock.first_soon_before) == soon


def test_a_review_is_overdue_when_its_time_passed_without_an_outcome_and_due_soon_within_10_school_days():
    assert timescales.review_timescale(WEDNESDAY, None, True) == Timescale(OVERDUE)
    assert timescales.review_timescale(WEDNESDAY, date(2026, 11, 10), False) == Timescale(DUE_SOON, date(2026, 11, 10))
    assert timescales.review_timescale(WEDNESDAY, date(2026, 12, 10), False) == Timescale(DUE, date(2026, 12, 10))
    assert timescales.review_timescale(WEDNESDAY, None, False) is None
