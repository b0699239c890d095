"""In a real browser: a foster carer switches the service to Polish and does what they came to do, in Polish;
Arabic pages are right to left and pass the accessibility checks.

Drives Debian's Chromium through Playwright (fixtures from test_browser). Skips when it is missing on a
laptop; fails instead when CI is set.
"""
import re
from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po
from docx import Document
from playwright.sync_api import expect
from test_browser import assert_accessible, browser, live_app, sign_in  # noqa: F401 (fixtures)

from conftest import PASSWORD, add_member, make_child, make_plan, make_school, make_user, sections_of, write_section
from school_plans import plan_templates

pytestmark = pytest.mark.browser
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
BIRTHDAY = date(2016, 4, 1)   # make_child's date of birth
WRITTEN = "He settles best when the same adult meets him at the gate."


def words(lang):
    """English -> the language's words, from the shipped catalogue."""
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return {m.id: m.string for m in read_po(f, locale=lang) if isinstance(m.id, str)}


@pytest.fixture()
def network(live_app):  # noqa: F811 (the fixture imported above)
    app, base = live_app
    with app.app_context():
        school = make_school("Brook Primary")
        teacher = make_user("Dana Teacher", email="dana@example.org")
        carer = make_user("Jo Carer", email="jo@example.org")
        child = make_child(school, "Ellie")
        add_member(child, teacher, "designated_teacher")
        add_member(child, carer, "parent_carer")
        plan = make_plan(child, teacher)
        write_section(sections_of(plan)["strengths"], {"text": WRITTEN}, teacher)
        heading = plan_templates.get("attachment-primary").section("strengths").heading
        return base, plan.id, child.id, heading


def test_a_carer_switches_to_polish_and_comments_and_downloads_in_polish(browser, network, tmp_path):  # noqa: F811
    base, plan_id, child_id, heading = network
    pl = words("pl")
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    sign_in(page, base, "jo@example.org")
    page.get_by_role("link", name="Your account").click()
    page.get_by_label("Polski").check()
    page.get_by_role("button", name="Save language").click()

    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("heading", name=pl["Your account"], exact=True)).to_be_visible()
    expect(page.get_by_text(pl["Your language has been saved. The service, its emails and your downloads now use "
                               "it."])).to_be_visible()
    expect(page.get_by_label("Polski")).to_be_checked()

    page.get_by_role("link", name=pl["Children"], exact=True).click()
    page.get_by_role("link", name="Ellie").click()
    expect(page.get_by_role("heading", name="Ellie")).to_be_visible()
    expect(page.get_by_text(format_date(BIRTHDAY, "long", locale="pl"))).to_be_visible()
    page.goto(f"{base}/plans/{plan_id}")
    section_heading = pl[heading]
    expect(page.get_by_role("heading", name=section_heading)).to_be_visible()
    expect(page.get_by_text(WRITTEN)).to_be_visible()   # what the teacher wrote, as written

    page.locator(f"#section-{section_id(page, section_heading)}").get_by_role(
        "link", name=re.compile("^" + re.escape(pl["Comment"]))).click()
    page.get_by_role("button", name=pl["Add comment"]).click()         # nothing typed: told why, in Polish
    expect(page.locator(".govuk-error-summary")).to_contain_text(pl["Enter your comment"])
    page.get_by_label(pl["Comment"], exact=True).fill("Dziękuję, to prawda: najlepiej, gdy wita go ta sama osoba.")
    page.get_by_role("button", name=pl["Add comment"]).click()
    expect(page.get_by_text("Dziękuję, to prawda")).to_be_visible()

    page.goto(f"{base}/plans/{plan_id}")
    expect(page.get_by_label(pl["Language of the document"])).to_have_value("pl")
    with page.expect_download() as download:
        page.get_by_role("button", name=pl["Download as a Word document"]).click()
    path = tmp_path / "plan.docx"
    download.value.save_as(path)
    doc = Document(path)
    assert section_heading in [p.text for p in doc.paragraphs]
    assert WRITTEN in [p.text for p in doc.paragraphs]
    context.close()


def section_id(page, heading_text) -> str:
    """The id of the plan section whose heading is `heading_text` (from its heading's id)."""
    heading_id = page.get_by_role("heading", name=heading_text).get_attribute("id")
    return heading_id.removeprefix("heading-")


def test_arabic_pages_are_right_to_left_and_accessible(browser, network):  # noqa: F811
    base, plan_id, child_id, _heading = network
    ar = words("ar")
    context = browser.new_context(locale="ar")
    page = context.new_page()
    page.goto(f"{base}/sign-in")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert_accessible(page, "sign-in page in Arabic")
    page.get_by_label(ar["Email address"]).fill("jo@example.org")
    page.get_by_label(ar["Password"]).fill(PASSWORD)
    page.get_by_role("button", name=ar["Sign in"]).click()
    for url in (f"/children/{child_id}", f"/plans/{plan_id}", "/account/password"):
        page.goto(base + url)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        # mirrored: the page's text starts at the right
        assert page.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "rtl"
        assert_accessible(page, f"{url} in Arabic")
    radio = page.get_by_label("العربية").bounding_box()
    label = page.locator("label", has_text="العربية").bounding_box()
    assert radio["x"] > label["x"], "a radio button sits to the right of its label in Arabic"
    context.close()
