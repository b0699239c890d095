"""Words a reader in each language reads as meant: year groups, time zones by their names, the review form's
example time, and lists of people joined as the language joins a list."""
import html
import re
import unicodedata
from datetime import datetime, timezone

import pytest
from babel.messages.pofile import read_po
from pytz import common_timezones_set
from test_languages import TRANSLATIONS

from conftest import make_plan
from school_plans import plan_templates
from school_plans.blueprints.auth.forms import TimeZoneForm
from school_plans.extensions import db as _db
from school_plans.i18n import in_language, listing
from school_plans.labels import time_zone_choices, time_zone_label, year_group_label
from school_plans.policy import signer_roles
from school_plans.services import agreement, reviews
from school_plans.services.reviews import Details

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


# --- the review form's time -------------------------------------------------------------------------------

def test_the_time_hint_and_error_give_each_languages_own_example(world, make_client):
    client = make_client(world.user("social_worker"))
    url = f"/children/{world.child.id}/reviews/new"
    assert "For example, 14:30 or 2:30pm (Europe/London time)" in html.unescape(client.get(url).text)
    in_(client, "ar")
    page = html.unescape(client.get(url).text)
    assert "مثلًا: 14:30 (بتوقيت Europe/London)" in page and "pm" not in page
    refused = html.unescape(client.post(url, {"kind": "pep_meeting", "day-day": "1", "day-month": "7",
                                              "day-year": "2026", "time": "25:99", "chair": "", "named": ""}).text)
    assert "أدخل الوقت بالساعات والدقائق، مثل 14:30" in refused and "pm" not in refused


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_translation_of_a_time_keeps_the_english_12_hour_clock(lang):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalogue = read_po(f, locale=lang)
    assert [m.id for m in catalogue if isinstance(m.string, str) and re.search(r"\d(am|pm)\b", m.string)] == []


# --- lists of people and review headings ------------------------------------------------------------------

@pytest.fixture()
def agreed_plan(world):
    plan = make_plan(world.child, world.user("designated_teacher"))
    agreement.share(plan, world.user("designated_teacher"))
    for role in signer_roles(plan):
        agreement.agree(plan, world.user(role), agreement.stamp(plan))
    _db.session.commit()
    return plan


def test_the_people_who_agreed_are_listed_as_the_language_lists_them(app, world, make_client, agreed_plan):
    client = make_client(world.user("designated_teacher"))
    english = html.unescape(client.get(f"/plans/{agreed_plan.id}").text)
    assert ("<bdi>Designated Teacher</bdi> (Designated teacher), <bdi>Parent Carer</bdi> (Parent or carer), "
            "<bdi>Social Worker</bdi> (Social worker)") in english
    arabic = html.unescape(in_(client, "ar").get(f"/plans/{agreed_plan.id}").text)
    with app.test_request_context(), in_language("ar"):
        joined = listing(["<bdi>Designated Teacher</bdi> (الدور: المعلّم المعيَّن)",
                          "<bdi>Parent Carer</bdi> (الدور: الوالد أو مقدّم الرعاية)",
                          "<bdi>Social Worker</bdi> (الدور: الأخصائي الاجتماعي)"])
    assert joined in arabic
    assert "</bdi> (" + "المعلّم المعيَّن" + "), <bdi>" not in arabic   # no Latin comma between the people


def test_a_review_pages_heading_joins_its_type_and_time_as_the_language_does(world, make_client):
    review = reviews.schedule(world.child, world.user("social_worker"), Details(
        "pep_meeting", datetime(2026, 7, 1, 9, tzinfo=timezone.utc), "Ruth Ellison"))
    _db.session.commit()
    client = make_client(world.user("social_worker"))
    for page in ("outcome", "attach"):
        assert "PEP meeting, 1 July 2026, 10:00" in html.unescape(client.get(f"/reviews/{review.id}/{page}").text)
    in_(client, "ar")
    for page in ("outcome", "attach"):
        text = html.unescape(client.get(f"/reviews/{review.id}/{page}").text)
        assert re.search(r"اجتماع PEP، \S", text), page


# --- the built-in templates' words ------------------------------------------------------------------------

FLAGGED = ("grabbing me", "unless I am not safe", "unless I'm in danger", "in the standard way",
           "automatic isolation", "tests boundaries", "'forgets'", "rude words", "blames someone")


def test_the_templates_say_what_the_child_does_without_blame(app):
    with app.app_context():
        templates = plan_templates.all_templates().values()
    words = " ".join(text for template in templates for text in template.words())
    assert [phrase for phrase in FLAGGED if phrase in words] == []
    assert "Touching me without asking first, unless I need keeping safe" in words
    assert "Detentions and isolation are not used for me." in words
