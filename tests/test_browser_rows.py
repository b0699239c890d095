"""In a real browser: after "Add a trigger" or "Move up" the page opens at the row changed, with the cursor in
its first field.

Drives Debian's Chromium through Playwright (fixtures from test_browser). Skips when it is missing on a
laptop; fails instead when CI is set.
"""
import pytest
from playwright.sync_api import expect
from test_browser import browser, live_app, sign_in  # noqa: F401  (fixtures)

from conftest import add_member, make_child, make_plan, make_school, make_user, sections_of

pytestmark = pytest.mark.browser


def test_add_a_row_brings_the_cursor_to_the_new_rows_first_field(browser, live_app):  # noqa: F811
    app, base = live_app
    with app.app_context():
        teacher = make_user("Dana Teacher", email="dana@example.org")
        child = make_child(make_school("Brook Primary"), "Ellie")
        add_member(child, teacher, "designated_teacher")
        triggers = sections_of(make_plan(child, teacher))["triggers"]
        url = f"{base}/plans/{triggers.plan_id}/sections/{triggers.id}"

    page = browser.new_context(viewport={"width": 1000, "height": 700}).new_page()
    sign_in(page, base, "dana@example.org")
    page.goto(url)
    page.get_by_role("textbox", name="Situation or trigger").fill("Loud bells")
    for _ in range(3):
        page.get_by_role("button", name="Add a trigger").click()
    expect(page.locator("#rows-3-trigger")).to_be_focused()
    assert page.url == f"{url}#rows-3-trigger"
    assert 0 < page.locator("legend", has_text="Trigger 4").bounding_box()["y"] < 700   # its legend is on screen
    assert page.evaluate("window.scrollY") > 0
    assert page.locator("#rows-0-trigger").input_value() == "Loud bells"
    page.get_by_role("button", name="Move up Trigger 4").click()
    expect(page.locator("#rows-2-trigger")).to_be_focused()
    assert page.url == f"{url}#rows-2-trigger"
