"""In a real browser: the one-page card passes axe in all four languages, and printed it is the card alone
(no header, navigation, buttons or forms) on one side of A4.

Drives Debian's Chromium through Playwright (fixtures from test_browser). Skips when it is missing on a
laptop; fails instead when CI is set.
"""
import re

import pytest
from test_browser import assert_accessible, browser, live_app, sign_in, sign_in_speaking  # noqa: F401  (fixtures)

from conftest import add_member, make_child, make_plan, make_school, make_user, sections_of, write_section
from school_plans.demo import DEMO_PLANS

pytestmark = pytest.mark.browser


def a_written_plan(app):
    with app.app_context():
        school = make_school("Brook Primary")
        teacher = make_user("Dana Teacher", email="dt@example.org")
        staff = make_user("Lee Supply", email="lee@example.org")
        child = make_child(school, "Ellie")
        add_member(child, teacher, "designated_teacher")
        add_member(child, staff, "school_staff")
        plan = make_plan(child, teacher)
        for key, section in sections_of(plan).items():
            write_section(section, DEMO_PLANS["Leo"]["sections"][key], teacher)
        return plan.id


@pytest.mark.parametrize("locale", ["en-GB", "cy", "pl", "ar"])
def test_the_card_page_passes_axe_in_each_language(browser, live_app, locale):  # noqa: F811
    app, base = live_app
    plan_id = a_written_plan(app)
    for email in ("lee@example.org", "dt@example.org"):   # the designated teacher also has the chooser
        page = sign_in_speaking(browser, base, email, locale)
        page.goto(f"{base}/plans/{plan_id}/card")
        assert page.locator("html").get_attribute("lang") == locale
        assert_accessible(page, f"the card in {locale} as {email}")
        page.context.close()


def test_the_printed_card_is_the_card_alone_on_one_page(browser, live_app):  # noqa: F811
    app, base = live_app
    plan_id = a_written_plan(app)
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, base, "dt@example.org")
    page.goto(f"{base}/plans/{plan_id}/card")
    page.emulate_media(media="print")
    for hidden in (".govuk-template__header", ".govuk-service-navigation", ".govuk-template__footer",
                   ".govuk-back-link", "form", ".govuk-button"):
        elements = page.locator(hidden).all()
        assert elements, f"{hidden} is on the page (so hiding it is checked)"
        for element in elements:
            assert not element.is_visible(), hidden
    assert page.locator(".app-card").is_visible()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    context.close()
