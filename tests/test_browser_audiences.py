"""In a real browser: the designated teacher makes one section core-team only and another for named people; a
school staff member outside the core team and a carer each see exactly their part; the carer's agreement lists
what is not shown to them; "Who knows my story" says what each could fetch.

Drives Debian's Chromium through Playwright (fixtures from test_browser). Skips when it is missing on a
laptop; fails instead when CI is set.
"""
import pytest
from playwright.sync_api import expect
from test_browser import assert_accessible, browser, live_app, sign_in  # noqa: F401  (fixtures)

from conftest import add_member, make_child, make_plan, make_school, make_user, sections_of, write_section

pytestmark = pytest.mark.browser

WORDS = {"about-me": "Ellie loves sharks.", "strengths": "Ellie is brave at new things.",
         "hard-days": "Contact days with birth family are on Thursdays."}


def a_plan_with_three_sections_written(app):
    with app.app_context():
        school = make_school("Brook Primary")
        people = {key: make_user(name, email=f"{key}@example.org") for key, name in (
            ("dt", "Dana Teacher"), ("staff", "Lee Lunchtime"), ("carer", "Jo Carer"), ("sw", "Sam Social"))}
        child = make_child(school, "Ellie", care_status="looked_after")
        for key, role in (("dt", "designated_teacher"), ("staff", "school_staff"), ("carer", "parent_carer"),
                          ("sw", "social_worker")):
            add_member(child, people[key], role)
        plan = make_plan(child, people["dt"])
        parts = sections_of(plan)
        for key, words in WORDS.items():
            write_section(parts[key], {"text": words}, people["dt"])
        return plan.id, child.id, {key: parts[key].heading for key in WORDS}


def choose_audience(page, heading, audience, named=None):
    page.get_by_role("link", name=f"Edit {heading}").first.click()
    page.get_by_label(audience, exact=True).check()
    if named:
        page.get_by_label(named).check()
    page.locator(".govuk-button-group").get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()


def test_each_person_reads_what_their_audience_allows_and_the_story_page_says_so(
        browser, live_app):  # noqa: F811
    app, base = live_app
    plan_id, child_id, headings = a_plan_with_three_sections_written(app)
    contexts = {key: browser.new_context() for key in ("dt", "staff", "carer")}
    pages = {key: context.new_page() for key, context in contexts.items()}
    for key, page in pages.items():
        sign_in(page, base, f"{key}@example.org")

    teacher = pages["dt"]
    teacher.goto(f"{base}/children/{child_id}/story")
    assert_accessible(teacher, "who knows the child's story")
    teacher.goto(f"{base}/plans/{plan_id}")
    choose_audience(teacher, headings["strengths"], "The child's core team")
    choose_audience(teacher, headings["hard-days"], "Named people only", named="Sam Social (Social worker)")
    teacher.goto(f"{base}/plans/{plan_id}")
    warning = teacher.locator(".govuk-warning-text").inner_text()
    assert "Jo Carer" in warning and headings["hard-days"] in warning
    teacher.get_by_role("button", name="Share for review").click()

    read = {}
    for key in ("staff", "carer"):
        pages[key].goto(f"{base}/plans/{plan_id}")
        read[key] = pages[key].locator("main").inner_text()
    assert WORDS["about-me"] in read["staff"] and WORDS["about-me"] in read["carer"]
    assert WORDS["strengths"] not in read["staff"] and WORDS["strengths"] in read["carer"]
    assert WORDS["hard-days"] not in read["staff"] and WORDS["hard-days"] not in read["carer"]

    carer = pages["carer"]
    expect(carer.get_by_role("heading", name="You are asked to agree this plan")).to_be_visible()
    assert_accessible(carer, "the plan, asked to agree")
    carer.get_by_role("link", name="Go to agreeing the plan").click()
    not_shown = carer.locator("#not-shown").inner_text()
    assert headings["hard-days"] in not_shown and "Dana Teacher decided who reads it" in not_shown
    carer.get_by_role("button", name="I have read what is shown to me and I agree it").click()
    expect(carer.locator(".govuk-notification-banner--success")).to_be_visible()

    teacher.goto(f"{base}/children/{child_id}/story")
    cards = {name: teacher.locator(".govuk-summary-card", has_text=name).inner_text()
             for name in ("Lee Lunchtime", "Jo Carer", "Sam Social")}
    for key, name in (("staff", "Lee Lunchtime"), ("carer", "Jo Carer")):
        for section, words in WORDS.items():
            listed_hidden = headings[section] in cards[name]
            assert listed_hidden == (words not in read[key]), (name, section)
    assert "Not shared with them" in cards["Lee Lunchtime"] and "Knows it" in cards["Jo Carer"]
    assert "Reads every section" in cards["Sam Social"]
    for context in contexts.values():
        context.close()
