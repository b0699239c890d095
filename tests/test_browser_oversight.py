"""In a real browser: the virtual school adviser finds a child whose PEP is overdue on the authority's dashboard,
asks for changes to the child's agreed plan, and the designated teacher finds it under "Needs you"; the
dashboard passes axe in all four languages.

Drives Debian's Chromium through Playwright (fixtures from test_browser). Skips when it is missing on a
laptop; fails instead when CI is set.
"""
from datetime import time, timedelta

import pytest
from playwright.sync_api import expect
from test_browser import assert_accessible, browser, live_app, sign_in, sign_in_speaking  # noqa: F401  (fixtures)

from conftest import add_member, make_authority, make_child, make_plan, make_school, make_user

pytestmark = pytest.mark.browser
REASON = "Add what helps for each trigger, and who covers on Fridays."


def northdale(app):
    """Brook Primary (in Northdale) with Ellie, looked after by Northdale: her plan agreed, her last PEP
    meeting eleven months ago (overdue), and Finn, whose PEP was held this week. Returns the authority's id."""
    from school_plans import times
    from school_plans.extensions import db
    from school_plans.policy import signer_roles
    from school_plans.services import agreement, reviews

    with app.app_context():
        adviser = make_user("Helen Ward", email="helen@example.org")
        authority = make_authority("Northdale Council", [adviser])
        school = make_school("Brook Primary")
        school.authority_id = authority.id
        people = {role: make_user(name, email=email) for role, name, email in (
            ("designated_teacher", "Dana Teacher", "dana@example.org"),
            ("parent_carer", "Jo Carer", "jo@example.org"),
            ("social_worker", "Priya Social", "priya@example.org"))}
        school.designated_teachers.append(people["designated_teacher"])
        today = times.service_today()
        for name, pep_days_ago in (("Ellie", 330), ("Finn", 0)):
            child = make_child(school, name, responsible_authority_id=authority.id,
                               came_into_care_on=today - timedelta(days=900))
            for role, user in people.items():
                add_member(child, user, role)
            plan = make_plan(child, people["designated_teacher"])
            agreement.share(plan, people["designated_teacher"])
            for role in signer_roles(plan):
                agreement.agree(plan, people[role], agreement.stamp(plan))
            held = reviews.schedule(child, people["social_worker"], reviews.Details(
                "pep_meeting", times.from_local(today - timedelta(days=pep_days_ago), time(0, 5))))
            reviews.record_outcome(held, people["social_worker"], "Targets agreed.", held.version)
        db.session.commit()
        return authority.id


def test_the_adviser_asks_for_changes_to_a_plan_of_a_child_whose_pep_is_overdue(browser, live_app):  # noqa: F811
    app, base = live_app
    authority_id = northdale(app)
    page = browser.new_context().new_page()
    sign_in(page, base, "helen@example.org")
    page.get_by_role("link", name="Dashboard").click()
    expect(page).to_have_url(f"{base}/authorities/{authority_id}/dashboard")
    page.get_by_label("Only children with a PEP or review overdue").check()
    page.get_by_role("button", name="Apply filters").click()
    table = page.locator("table")
    expect(table.get_by_role("link", name="Ellie")).to_be_visible()
    expect(table.get_by_role("link", name="Finn")).to_have_count(0)
    table.get_by_role("link", name="Ellie").click()
    page.get_by_role("link", name="Attachment support plan (primary school)").click()
    page.get_by_role("link", name="Review this plan's quality").click()
    page.get_by_role("button", name="Save the review").click()   # nothing chosen: told beside each question
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("Needs changes").check()
    page.get_by_label("Amber: some things to improve").check()
    page.get_by_role("button", name="Save the review").click()   # no reason: asked for one, choices kept
    expect(page.get_by_label("Needs changes")).to_be_checked()
    page.get_by_label("Reason").fill(REASON)
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_text("Review saved. The designated teacher has been told.")).to_be_visible()

    teacher = browser.new_context().new_page()
    sign_in(teacher, base, "dana@example.org")
    teacher.goto(f"{base}/notifications")
    needs_you = teacher.locator("#needs-you + ul")
    expect(needs_you).to_contain_text("Helen Ward from the virtual school asks for changes to the agreed plan")
    needs_you.get_by_role("button").first.click()
    expect(teacher.get_by_text(REASON)).to_be_visible()


@pytest.mark.parametrize("locale", ["en-GB", "cy", "pl", "ar"])
def test_the_dashboard_passes_axe_in_each_language(browser, live_app, locale):  # noqa: F811
    app, base = live_app
    authority_id = northdale(app)
    page = sign_in_speaking(browser, base, "helen@example.org", locale)
    page.goto(f"{base}/authorities/{authority_id}/dashboard?overdue=1")
    assert page.locator("html").get_attribute("lang") == locale
    assert_accessible(page, f"the dashboard in {locale}")
    page.context.close()
