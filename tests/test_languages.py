"""Four languages: each person picks theirs, signed-out pages follow the browser, exports take one of
their own, and the built-in templates' words come through the same catalogues."""
import html
import io
import re
from datetime import date, datetime, timezone
from io import BytesIO
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po
from docx import Document
from docx.oxml.ns import qn
from sqlalchemy import select
from test_network import NEW_PASSWORD, invite, path_of

from conftest import PASSWORD, Client, find_user, make_plan, make_user, migrated_app, sections_of, write_section
from school_plans import demo, plan_templates
from school_plans.extensions import db as _db
from school_plans.i18n import in_language, listing, moment
from school_plans.models import AuditEvent, OutboxEmail, Review, Section
from school_plans.sections.rows import _years
from school_plans.services import notifications

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
LANGUAGES = ("cy", "pl", "ar")
ENGLISH_WORDS = "I like building things and I am proud of my drawings."


def catalogue(lang):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


def translation(lang, msgid) -> str:
    return catalogue(lang)[msgid].string


def page_text(response) -> str:
    """What a page shows and says to assistive technology: its text and its attributes' values."""
    return html.unescape(re.sub(r"<(script|style)\b.*?</\1>", " ", response.text, flags=re.S))


def docx(response) -> Document:
    assert response.status_code == 200, response.status_code
    return Document(BytesIO(response.data))


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def template_heading(key, template="attachment-primary") -> str:
    return plan_templates.get(template).section(key).heading


@pytest.fixture()
def english_plan(world):
    """A plan a designated teacher wrote in English."""
    plan = make_plan(world.child, world.user("designated_teacher"))
    write_section(sections_of(plan)["strengths"], {"text": ENGLISH_WORDS}, world.user("designated_teacher"))
    return plan


# --- choosing a language -------------------------------------------------------------------------------

def test_every_language_is_shipped_and_offered(app, world, make_client):
    assert set(app.config["LANGUAGES"]) == {"en", *LANGUAGES}
    assert {p.parts[-3] for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")} == set(LANGUAGES)
    page = make_client(world.user("parent_carer")).get("/account/password").text
    for code, name in (("en", "English"), ("cy", "Cymraeg"), ("pl", "Polski"), ("ar", "العربية")):
        assert re.search(rf'value="{code}"[^>]*>\s*<label[^>]*lang="{code}"[^>]*>{name}</label>', page), code


def test_a_person_chooses_polish_and_every_page_after_is_in_polish(world, make_client):
    parent = world.user("parent_carer")
    client = make_client(parent)
    response = client.post("/account/language", {"language": "pl"})
    assert response.status_code == 302
    assert find_user(parent.email).language == "pl"
    page = client.get("/account/password", headers={"Accept-Language": "en-GB"})
    assert '<html lang="pl" dir="ltr"' in page.text
    assert translation("pl", "Your account") in page.text
    assert html.escape(translation(
        "pl", "Your language has been saved. The service, its emails and your downloads now use it."),
        quote=False) in page.text
    assert _db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.language")) is not None
    # it persists: a new session on another device is in Polish too
    assert '<html lang="pl"' in make_client(parent).get("/children/", headers={"Accept-Language": "en"}).text


def test_a_language_that_is_not_offered_is_refused_beside_the_field(world, make_client):
    parent = world.user("parent_carer")
    client = make_client(parent)
    response = client.post("/account/language", {"language": "de"})
    assert response.status_code == 200
    assert "Select the language to use the service in" in response.text
    assert 'id="language-error"' in response.text
    assert find_user(parent.email).language is None


def test_signed_out_pages_follow_the_browser(client):
    for header, lang, word in (("pl-PL,pl;q=0.9", "pl", "Zaloguj się"), ("ar", "ar", "تسجيل الدخول"),
                               ("cy", "cy", "Mewngofnodi"), ("fr-FR", "en-GB", "Sign in")):
        page = client.get("/sign-in", headers={"Accept-Language": header}).text
        assert f'<html lang="{lang}"' in page, header
        assert word in page, header


def test_arabic_pages_are_right_to_left_with_the_mirrored_stylesheet(world, make_client):
    client = make_client(world.user("parent_carer"))
    client.post("/account/language", {"language": "ar"})
    for url in ("/children/", f"/children/{world.child.id}", "/account/password", "/reviews"):
        page = client.get(url).text
        assert '<html lang="ar" dir="rtl"' in page, url
        assert "css/app.rtl.css" in page and "css/app.css" not in page, url
    english = make_client(world.user("designated_teacher")).get("/children/").text
    assert 'dir="ltr"' in english and "css/app.css" in english and "app.rtl.css" not in english


# --- no English left on the main pages ------------------------------------------------------------------

def _interface_strings() -> set[str]:
    """English interface strings worth looking for: whole phrases (three words or more) without
    placeholders, not the templates' words (the demo's plans are written in them, in English)."""
    with open(TRANSLATIONS / "messages.pot", "rb") as f:
        pot = read_po(f)
    return {m.id for m in pot if isinstance(m.id, str) and m.id.count(" ") >= 2 and "%(" not in m.id
            and not any(c.startswith("plan template") for c in m.auto_comments)}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_main_pages_show_no_english_interface_words(app, db, lang):
    demo.load()
    _db.session.commit()
    review = _db.session.scalars(select(Review).where(Review.agreed_version_id.is_not(None))
                                 .order_by(Review.starts_at)).first()   # Leo's PEP meeting
    plan_id, child_id = review.agreed_version.plan_id, review.child_id
    school_id = review.child.school_id
    section_id = _db.session.scalar(select(Section.id).where(Section.plan_id == plan_id, Section.key == "triggers"))
    client = Client(app)
    pages = {"/sign-in": client.get("/sign-in", headers={"Accept-Language": lang})}
    assert client.sign_in(demo.email("dt"), demo.DEMO_PASSWORD).status_code == 302
    assert client.post("/account/language", {"language": lang}).status_code == 302
    for url in ("/children/", f"/children/{child_id}", f"/plans/{plan_id}", f"/plans/{plan_id}/sections/{section_id}",
                f"/plans/{plan_id}/history", "/reviews", f"/reviews/{review.id}", "/notifications",
                "/account/password", f"/plans/{plan_id}/quality", f"/schools/{school_id}/dashboard"):
        pages[url] = client.get(url)
    english = _interface_strings()
    translated = {m.id: m.string for m in catalogue(lang) if isinstance(m.id, str)}
    for url, response in pages.items():
        assert response.status_code == 200, url
        text = page_text(response)
        left = sorted(s for s in english if s in text and translated.get(s) != s)
        assert not left, (url, left)
    # the built-in template's words are translated on the plan page too
    assert translation(lang, template_heading("triggers")) in page_text(pages[f"/plans/{plan_id}"])


# --- the built-in templates' words ----------------------------------------------------------------------

def test_the_section_form_gives_guidance_and_suggestions_in_the_readers_language(world, make_client):
    teacher = world.user("designated_teacher")
    plan = make_plan(world.child, teacher)
    section = sections_of(plan)["about-me"]
    client = make_client(teacher)
    client.post("/account/language", {"language": "pl"})
    part = plan_templates.get("attachment-primary").section("about-me")
    page = page_text(client.get(f"/plans/{plan.id}/sections/{section.id}"))
    assert translation("pl", part.guidance) in page and part.guidance not in page
    assert translation("pl", part.suggestions[0]) in page
    added = client.post(f"/plans/{plan.id}/sections/{section.id}",
                        {"version": section.version, "action": "suggest", "suggestion": "0", "text": ""})
    assert translation("pl", part.suggestions[0]) in html.unescape(added.text)


def test_the_extractor_gives_every_word_of_a_template_and_no_codes():
    path = ROOT / "plan_templates" / "attachment-primary.toml"
    found = [message for _line, _func, message, _comments in plan_templates.extract_messages(
        io.BytesIO(path.read_bytes()), {}, [], {})]
    template = plan_templates.load_file(path)
    assert template.title in found and template.description in found
    assert all(part.heading in found for part in template.sections)
    adults = template.section("my-adults").suggestions[0]
    assert adults["how_helps"] in found and adults["name"] in found
    assert not {"key_adult", "backup_adult", "emotional", "timetabled", "calm"} & set(found)
    with open(TRANSLATIONS / "messages.pot", "rb") as f:
        pot = {m.id for m in read_po(f)}
    assert set(found) <= pot


def test_only_the_apps_own_words_are_translated(app, world):
    with app.test_request_context(headers={"Accept-Language": "pl"}):
        heading = template_heading("strengths")
        assert plan_templates.translated(heading) == translation("pl", heading) != heading
        assert plan_templates.translated("Plan") == "Plan"   # an interface word typed as a title stays


# --- exports in a language of their own -----------------------------------------------------------------

def test_a_polish_export_of_an_english_plan_has_polish_words_and_the_english_people_wrote(world, make_client,
                                                                                          english_plan):
    client = make_client(world.user("designated_teacher"))
    page = client.get(f"/plans/{english_plan.id}").text
    assert re.search(r'<option value="en" lang="en" selected>English</option>', page)
    doc = docx(client.get(f"/plans/{english_plan.id}/download?language=pl"))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert translation("pl", template_heading("strengths")) in headings
    assert template_heading("strengths") not in headings
    text = all_text(doc)
    assert ENGLISH_WORDS in text
    assert translation("pl", "Child") in text and translation("pl", "Date of plan") in text
    assert format_date(english_plan.plan_date, "long", locale="pl") in text
    assert doc.core_properties.language == "pl"
    # the teacher's own pages stay in English
    assert "<html lang=\"en-GB\"" in client.get(f"/plans/{english_plan.id}").text


def test_an_arabic_export_is_right_to_left(world, make_client, english_plan):
    doc = docx(make_client(world.user("parent_carer")).get(f"/plans/{english_plan.id}/download?language=ar"))
    heading = next(p for p in doc.paragraphs if p.text == translation("ar", template_heading("strengths")))
    assert heading._p.pPr.find(qn("w:bidi")) is not None
    assert all(run._r.rPr.find(qn("w:rtl")) is not None for run in heading.runs)
    assert all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in doc.tables)
    assert doc.sections[0]._sectPr.find(qn("w:bidi")) is not None
    label = doc.tables[0].rows[0].cells[0].paragraphs[0]
    assert label.text == translation("ar", "Child") and label._p.pPr.find(qn("w:bidi")) is not None
    english = next(p for p in doc.paragraphs if p.text == ENGLISH_WORDS)   # as written: left to right
    assert english._p.pPr is None or english._p.pPr.find(qn("w:bidi")) is None


def test_an_unknown_language_gives_the_readers_own(world, make_client, english_plan):
    doc = docx(make_client(world.user("designated_teacher")).get(f"/plans/{english_plan.id}/download?language=xx"))
    assert template_heading("strengths") in [p.text for p in doc.paragraphs]


def test_export_commands_take_a_locale(app, world, english_plan, tmp_path):
    runner = app.test_cli_runner()
    out = tmp_path / "plan.docx"
    result = runner.invoke(args=["export-plan", str(english_plan.id), "--out", str(out), "--locale", "pl"])
    assert result.exit_code == 0, result.output
    doc = Document(out)
    assert translation("pl", template_heading("strengths")) in [p.text for p in doc.paragraphs]
    assert ENGLISH_WORDS in all_text(doc)
    result = runner.invoke(args=["export-plan", str(english_plan.id), "--out", str(out), "--locale", "de"])
    assert result.exit_code == 2 and "--locale" in result.output


def test_the_review_pack_comes_in_the_language_asked_for(app, db, tmp_path):
    demo.load()
    _db.session.commit()
    review = _db.session.scalars(select(Review).where(Review.outcome.is_not(None))).first()
    client = Client(app)
    client.sign_in(demo.email("socialworker"), demo.DEMO_PASSWORD)
    doc = docx(client.get(f"/reviews/{review.id}/download?language=pl"))
    text = all_text(doc)
    assert translation("pl", "Type of review") in text and translation("pl", "Outcome") in text
    assert review.outcome.split("\n")[0] in text
    out = tmp_path / "review.docx"
    result = app.test_cli_runner().invoke(args=["export-review", str(review.id), "--out", str(out), "--locale", "ar"])
    assert result.exit_code == 0, result.output
    pack = Document(out)
    outcome = next(p for p in pack.paragraphs if p.text == translation("ar", "Outcome"))
    assert outcome._p.pPr.find(qn("w:bidi")) is not None
    # a sentence the app builds around an English title reads right to left; what people wrote
    # in English, in "changes since the last review", stays left to right
    version_cell = next(row.cells[1] for row in pack.tables[0].rows
                        if row.cells[0].text == translation("ar", "Plan version"))
    assert version_cell.paragraphs[0]._p.pPr.find(qn("w:bidi")) is not None
    english = [p for p in pack.paragraphs if p.text and not re.search(r"[\u0600-\u06ff]", p.text)
               and p.style.name == "Normal"]
    assert english and all(p._p.pPr is None or p._p.pPr.find(qn("w:bidi")) is None for p in english)


def test_languages_offered_come_from_the_apps_settings(tmp_path):
    with migrated_app(f"sqlite:///{tmp_path}/two-languages.db", LANGUAGES={"en": "en_GB", "cy": "cy"}) as app:
        with app.app_context():
            make_user("Wyn Jones", email="wyn@example.org")
        client = Client(app)
        client.sign_in("wyn@example.org", PASSWORD)
        page = client.get("/account/password").text
        assert 'value="cy"' in page and 'value="ar"' not in page
        response = client.post("/account/language", {"language": "ar"})   # not offered here
        assert response.status_code == 200 and "Select the language to use the service in" in response.text
        result = app.test_cli_runner().invoke(args=["export-plan", "1", "--out", str(tmp_path / "x.docx"),
                                                    "--locale", "ar"])
        assert result.exit_code == 2 and "'ar' is not one of en, cy" in result.output


def test_someone_who_joins_in_polish_gets_polish_from_then_on(world, make_client):
    link = invite(make_client(world.user("designated_teacher")), world.child)
    newcomer = make_client()
    polish = {"Accept-Language": "pl"}
    assert '<html lang="pl"' in newcomer.get(path_of(link), headers=polish).text
    newcomer.post(path_of(link), {"name": "Ania Nowak", "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
                  headers=polish)
    assert find_user("new.carer@example.org").language == "pl"


def test_a_language_no_longer_offered_falls_back_to_the_default(app, world, english_plan):
    carer = world.user("parent_carer")
    carer.language = "fr"   # chosen when French was offered
    _db.session.commit()
    with app.test_request_context():
        notifications.notify("agree_request", english_plan, world.user("designated_teacher"), [carer])
        _db.session.commit()
    subject = _db.session.scalar(select(OutboxEmail)).subject
    assert subject == "School support plans: a plan is waiting for your agreement"


# --- emails ----------------------------------------------------------------------------------------------

def test_an_email_is_in_its_readers_language_whoever_caused_it(app, world, english_plan):
    carer = world.user("parent_carer")
    carer.language = "pl"
    _db.session.commit()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        notifications.notify("agree_request", english_plan, world.user("designated_teacher"),
                             [carer, world.user("social_worker")])
        _db.session.commit()
    emails = {e.to_address: e for e in _db.session.scalars(select(OutboxEmail))}
    subject = "School support plans: a plan is waiting for your agreement"
    assert emails[carer.email].subject == translation("pl", subject)
    assert emails[world.user("social_worker").email].subject == subject


def test_dates_are_formatted_for_the_language(world, make_client):
    client = make_client(world.user("parent_carer"))
    client.post("/account/language", {"language": "pl"})
    page = page_text(client.get(f"/children/{world.child.id}"))
    assert format_date(date(2016, 4, 1), "long", locale="pl") in page


def test_saving_a_plans_details_in_polish_keeps_the_templates_title_for_everyone(world, make_client, english_plan):
    client = make_client(world.user("designated_teacher"))
    client.post("/account/language", {"language": "pl"})
    template_title = plan_templates.get("attachment-primary").title
    form = client.get(f"/plans/{english_plan.id}/details").text
    assert f'value="{html.escape(translation("pl", template_title))}"' in form
    response = client.post(f"/plans/{english_plan.id}/details", {
        "title": translation("pl", template_title), "plan_date-day": "14", "plan_date-month": "9",
        "plan_date-year": "2026"})
    assert response.status_code == 302
    _db.session.refresh(english_plan)
    assert english_plan.title == template_title   # still shown in each reader's language
    english = make_client(world.user("parent_carer")).get(f"/plans/{english_plan.id}").text
    assert html.escape(template_title) in english


@pytest.mark.parametrize("typed", ["5.5", "5,5", "٥٫٥"])
def test_a_developmental_age_can_be_typed_as_each_language_writes_it(typed):
    assert _years(typed) == 5.5


def test_moments_and_lists_are_written_as_each_language_writes_them(app):
    when = datetime(2027, 3, 3, 14, 5, tzinfo=timezone.utc)   # 14:05 in London too (before the clocks change)
    with app.test_request_context():
        with in_language("en"):
            assert moment(when) == "3 March 2027, 14:05" and listing(["Jo", "Priya"]) == "Jo, Priya"
        with in_language("ar"):
            assert moment(when) == "3 مارس 2027، 14:05" and listing(["Jo", "Priya"]) == "Jo وPriya"  # CLDR: و
        with in_language("pl"):
            assert moment(when) == "3 marca 2027 14:05"


def test_a_page_speaks_its_language_again_after_a_block_in_another_language(app):
    """The pages' _() keeps one translations object per request: `in_language` (an email to someone who reads
    Polish, written while a Welsh reader's page is made) must not leave the page in Polish, or the other way."""
    from flask import render_template_string

    from school_plans import i18n

    words = "{{ _('Sign in') }} / {{ ngettext('%(num)d month', '%(num)d months', 2) }}"
    with app.test_request_context("/", headers={"Accept-Language": "cy"}):
        assert render_template_string(words).startswith("Mewngofnodi / ")
        with i18n.in_language("pl"):
            assert render_template_string(words) == "Zaloguj się / 2 miesiące"
        assert render_template_string(words).startswith("Mewngofnodi / ")
