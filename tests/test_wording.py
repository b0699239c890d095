"""Words a reader in each language reads as meant: year groups, and time zones by their names."""
import html
import unicodedata

import pytest
from pytz import common_timezones_set

from school_plans.blueprints.auth.forms import TimeZoneForm
from school_plans.extensions import db as _db
from school_plans.i18n import in_language
from school_plans.labels import time_zone_choices, time_zone_label, year_group_label

LANGUAGES = ("cy", "pl", "ar")


def in_(client, lang):
    assert client.post("/account/language", {"language": lang}).status_code == 302
    return client


# --- year groups ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "year_5"), [("en", "Year 5"), ("cy", "Blwyddyn 5"), ("pl", "Klasa 5 (Year 5)"),
                                              ("ar", "الصف 5 (Year 5)")])
def test_a_year_group_is_named_in_each_language(app, lang, year_5):
    with app.test_request_context(), in_language(lang):
        assert str(year_group_label(5)) == year_5


def test_the_year_group_options_and_the_child_list_are_polish_in_polish(world, make_client):
    world.child.year_group = 5
    _db.session.commit()
    client = in_(make_client(world.user("designated_teacher")), "pl")
    options = html.unescape(client.get("/children/new").text)
    assert "Klasa 4 (Year 4)" in options and ">Year 4<" not in options
    assert "Klasa 5 (Year 5)" in html.unescape(client.get("/children/").text)


# --- time zones -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", *LANGUAGES])
def test_time_zones_are_offered_by_their_names_in_the_readers_language(app, lang):
    with app.test_request_context(), in_language(lang):
        choices = time_zone_choices()
    codes, labels = [code for code, _label in choices], [label for _code, label in choices]
    assert set(codes) <= common_timezones_set and "Europe/London" in codes and "UTC" in codes
    assert len(set(labels)) == len(labels), "two zones with the same name"
    assert not [label for label in labels if label in common_timezones_set - {"UTC", "GMT"} or "_" in label], "a code"
    assert labels == sorted(labels, key=_alphabetical)


def _alphabetical(label):
    return "".join(c for c in unicodedata.normalize("NFKD", label) if not unicodedata.combining(c)).casefold()


def test_an_arabic_reader_sees_zone_names_in_arabic_and_the_code_is_kept(app):
    with app.test_request_context(), in_language("ar"):
        choices = dict(time_zone_choices())
        assert choices["Africa/Abidjan"] == "توقيت ساحل العاج"
        assert choices["Europe/London"] == "توقيت المملكة المتحدة" == time_zone_label("Europe/London")
    with app.test_request_context(), in_language("pl"):
        assert dict(time_zone_choices())["Europe/Warsaw"] == "czas: Polska"


def test_a_saved_old_zone_code_stays_chosen(app):
    """US/Eastern names the same place as America/New_York: left out of the list, unless it is someone's."""
    with app.test_request_context(), in_language("en"):
        assert "US/Eastern" not in dict(time_zone_choices())
        form = TimeZoneForm(formdata=None, data={"time_zone": "US/Eastern"}, default_zone="Europe/London")
        offered = {choice.value: choice.label for choice in form.time_zone.choices}
    assert offered["US/Eastern"] == "United States (New York) Time (US/Eastern)"
    assert offered[""] == "The service's time zone (United Kingdom Time)"


def test_the_account_page_lists_zones_by_name(world, make_client):
    client = in_(make_client(world.user("parent_carer")), "ar")
    page = html.unescape(client.get("/account/password").text)
    assert '<option value="Africa/Abidjan">توقيت ساحل العاج</option>' in page
    assert ">Africa/Abidjan<" not in page and ">Europe/London<" not in page
    assert client.post("/account/time-zone", {"time_zone": "Asia/Riyadh"}).status_code == 302
    assert 'value="Asia/Riyadh" selected' in client.get("/account/password").text
