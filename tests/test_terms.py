"""School terms follow the English school year, and the term starts can be set."""
from datetime import date

import pytest

from conftest import make_app
from school_plans import terms

ENGLISH = terms.parse_starts(terms.DEFAULT_STARTS)


@pytest.mark.parametrize("day, name, start, end", [
    (date(2026, 9, 1), "autumn", date(2026, 9, 1), date(2026, 12, 31)),
    (date(2026, 12, 31), "autumn", date(2026, 9, 1), date(2026, 12, 31)),
    (date(2027, 1, 1), "spring", date(2027, 1, 1), date(2027, 3, 31)),
    (date(2027, 4, 1), "summer", date(2027, 4, 1), date(2027, 8, 31)),
    (date(2027, 8, 31), "summer", date(2027, 4, 1), date(2027, 8, 31)),
])
def test_the_english_school_year_starts_terms_in_september_january_and_april(day, name, start, end):
    assert terms.term_of(day, ENGLISH) == terms.Term(name, start, end)


def test_summer_can_start_after_easter():
    starts = terms.parse_starts("09-01, 01-01, easter")
    assert terms.easter_sunday(2027) == date(2027, 3, 28) and terms.easter_sunday(2026) == date(2026, 4, 5)
    assert terms.term_of(date(2027, 3, 28), starts).name == "spring"
    assert terms.term_of(date(2027, 3, 29), starts) == terms.Term("summer", date(2027, 3, 29), date(2027, 8, 31))
    assert terms.term_of(date(2026, 4, 5), starts).name == "spring"   # Easter Sunday 2026, still the holiday


@pytest.mark.parametrize("value", ["09-01,01-01", "09-01,01-01,04-31", "09-01,05-01,04-01", "autumn"])
def test_term_starts_that_make_no_sense_are_refused(value):
    with pytest.raises(ValueError):
        terms.parse_starts(value)


def test_the_app_refuses_to_start_with_bad_term_dates_or_time_zone(database_url):
    with pytest.raises(RuntimeError, match="SCHOOL_TERM_STARTS"):
        make_app(database_url, SCHOOL_TERM_STARTS="13-01,01-01,04-01")
    with pytest.raises(RuntimeError, match="TIME_ZONE"):
        make_app(database_url, BABEL_DEFAULT_TIMEZONE="Europe/Atlantis")
    app = make_app(database_url, SCHOOL_TERM_STARTS="09-05,01-06,easter")
    assert app.config["SCHOOL_TERM_STARTS"] == {"autumn": (9, 5), "spring": (1, 6), "summer": "easter"}
