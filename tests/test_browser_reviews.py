"""In a real browser: a social worker schedules a PEP meeting, attaches the agreed plan version, records two
actions and downloads the review pack, which holds the changes since the last review and the actions.

Drives Debian's Chromium through Playwright (fixtures from test_browser). Skips when it is missing on a
laptop; fails instead when CI is set.
"""
from datetime import datetime, timezone

import pytest
from playwright.sync_api import expect
from test_browser import assert_accessible, browser, live_app, sign_in  # noqa: F401  (fixtures)

from conftest import add_member, make_child, make_plan, make_school, make_user, sections_of, write_section

pytestmark = pytest.mark.browser

BEFORE = "Ellie likes drawing sharks."
AFTER = "Ellie likes drawing whales and reading about the sea."
# (what, who): the first for someone outside Ellie's network (typed), the second for her carer (chosen).
ACTIONS = [("Book Ellie into the Thursday nurture group", "Tom Reilly (key adult)"),
           ("Share the new targets with home", "Jo Carer")]


def agreed_versions_and_a_first_review(app):
    """Ellie (looked after) has a plan agreed as version 1, attached to a CLA review, then changed and agreed
    again as version 2. Returns the child's id."""
    from school_plans.extensions import db
    from school_plans.policy import signer_roles
    from school_plans.services import agreement, reviews

    with app.app_context():
        school = make_school("Brook Primary")
        people = {role: make_user(name, email=email) for role, name, email in (
            ("designated_teacher", "Dana Teacher", "dana@example.org"),
            ("parent_carer", "Jo Carer", "jo@example.org"),
            ("social_worker", "Priya Social", "priya@example.org"))}
        child = make_child(school, "Ellie")
        for role, user in people.items():
            add_member(child, user, role)
        plan = make_plan(child, people["designated_teacher"], "attachment-primary")

        def agree():
            agreement.share(plan, people["designated_teacher"])
            for role in signer_roles(plan):
                agreement.agree(plan, people[role], agreement.stamp(plan))
            db.session.commit()
            return agreement.agreed_version(plan, plan.version)

        write_section(sections_of(plan)["about-me"], {"text": BEFORE}, people["designated_teacher"])
        first = agree()
        review = reviews.schedule(child, people["social_worker"], reviews.Details(
            "cla_review", datetime(2026, 9, 24, 13, tzinfo=timezone.utc), "Ruth Ellison"))
        reviews.attach(review, first, people["social_worker"], review.version)
        db.session.commit()
        write_section(sections_of(plan)["about-me"], {"text": AFTER}, people["designated_teacher"])
        agree()
        return child.id


def test_social_worker_schedules_a_pep_attaches_the_agreed_version_records_actions_and_downloads_the_pack(
        browser, live_app, tmp_path):  # noqa: F811
    from docx import Document

    app, base = live_app
    child_id = agreed_versions_and_a_first_review(app)
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    sign_in(page, base, "priya@example.org")
    page.goto(f"{base}/children/{child_id}")
    page.get_by_role("button", name="Schedule a review").click()
    assert_accessible(page, "schedule a review")
    page.get_by_label("PEP meeting").check()
    page.get_by_label("Day").fill("20")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year", exact=True).fill("2027")
    page.get_by_label("Time").fill("9:30")
    page.get_by_label("Jo Carer (Parent or carer)").check()
    page.get_by_label("Anyone else coming (optional)").fill("Ruth Ellison, Independent Reviewing Officer")
    page.get_by_role("button", name="Schedule the review").click()
    expect(page.get_by_text("Review scheduled.")).to_be_visible()
    expect(page.get_by_role("heading", name="PEP meeting: 20 January 2027, 09:30")).to_be_visible()

    page.get_by_role("button", name="Attach a plan version").click()
    assert_accessible(page, "attach a plan version")
    page.get_by_label("version 2", exact=False).check()
    page.get_by_role("button", name="Attach this version").click()
    expect(page.get_by_text("Plan version attached.")).to_be_visible()
    changes = page.locator("#changes")
    expect(changes.locator("del").first).to_contain_text("sharks")
    expect(changes.locator("ins").first).to_contain_text("whales")

    (typed_what, typed_who), (chosen_what, chosen_who) = ACTIONS
    page.get_by_label("What", exact=True).fill(typed_what)
    page.get_by_label("Or someone outside the network", exact=True).fill(typed_who)
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Action added.")).to_be_visible()
    page.get_by_label("What", exact=True).fill(chosen_what)
    page.get_by_label("Who", exact=True).select_option(label=f"{chosen_who} (Parent or carer)")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Action added.")).to_be_visible()
    actions = page.locator("#actions table")
    for what, who in ACTIONS:
        expect(actions).to_contain_text(what)
        expect(actions).to_contain_text(who)
    assert_accessible(page, "the review page")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the review pack (Word)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("review-") and "Ellie" not in download.suggested_filename
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    words = "\n".join([p.text for p in document.paragraphs] + cells)
    for what, who in ACTIONS:
        assert what in cells and who in cells
    struck = [run.text for p in document.paragraphs for run in p.runs if run.font.strike]
    underlined = [run.text for p in document.paragraphs for run in p.runs if run.font.underline]
    assert any("sharks" in text for text in struck), struck
    assert any("whales" in text for text in underlined), underlined
    assert "Changes since the last review" in words and AFTER in words   # and the attached version itself
    context.close()

    parent = browser.new_context().new_page()
    sign_in(parent, base, "jo@example.org")
    parent.goto(f"{base}/children/{child_id}")
    expect(parent.get_by_text("2 open actions from reviews")).to_be_visible()
    parent.goto(f"{base}/notifications")
    expect(parent.locator("#needs-you + ul")).to_contain_text("Priya Social gave you an action from a review")
    expect(parent.get_by_role("button", name="Schedule a review")).to_have_count(0)
