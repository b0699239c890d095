"""In a real browser, on the demo: every page has unique ids, every form field is found by its label,
and every link in an error summary takes the cursor to its field.

Each demo person walks every page their links lead to; then every form that has boxes to type in is
sent with them emptied, and each error-summary link is followed. Drives Debian's Chromium through
Playwright (fixtures from test_browser); skips when it is missing on a laptop, fails when CI is set.
"""
from urllib.parse import urlsplit

import pytest
from test_browser import browser, live_app, sign_in  # noqa: F401 (fixtures)

from school_plans.demo import DEMO_PASSWORD, email
from school_plans.demo import load as load_demo
from school_plans.extensions import db as _db

pytestmark = pytest.mark.browser
PEOPLE = ["dt", "carer", "socialworker", "virtualschool", "admin"]
NOT_WALKED = ("/sign-out", "/download", ".docx", ".csv")   # leave, or a file rather than a page
MAX_PAGES = 120   # a person's walk; the demo has fewer

PAGE_FACTS = r"""() => {
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  const fields = [...document.querySelectorAll('input:not([type=hidden]), textarea, select')];
  return {
    duplicates: [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))],
    fields: fields.map(e => ({
      id: e.id,
      label: e.labels && e.labels.length ? e.labels[0].textContent.replace(/\s+/g, ' ') : null})),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
  };
}"""


@pytest.fixture()
def demo(live_app):  # noqa: F811 (the fixture imported above)
    app, base = live_app
    with app.app_context():
        load_demo()
        _db.session.commit()
    return base


def walk(page, base):
    """Every page of the app reachable by links from the home page, signed in as the page's person."""
    seen, queue, pages = set(), [base + "/"], []
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0).split("#")[0]
        parts = urlsplit(url)
        if url in seen or parts.netloc != urlsplit(base).netloc or any(s in parts.path for s in NOT_WALKED):
            continue
        seen.add(url)
        response = page.goto(url)
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        facts = page.evaluate(PAGE_FACTS)
        pages.append((url, facts))
        queue.extend(facts["links"])
    return pages


def unfindable_fields(page, facts) -> list:
    """The fields on the page that `get_by_label` with their label's text does not find."""
    missing = []
    for field in facts["fields"]:
        found = field["label"] and page.get_by_label(field["label"].strip(), exact=True).evaluate_all(
            "(elements, id) => elements.some(e => e.id === id)", field["id"])
        if not found:
            missing.append(field)
    return missing


@pytest.mark.parametrize("person", PEOPLE)
def test_every_page_has_unique_ids_and_every_field_is_found_by_its_label(browser, demo, person):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, demo, email(person), DEMO_PASSWORD)
    pages = walk(page, demo)
    assert len(pages) > 5, f"{person} reached only {[url for url, _ in pages]}"
    problems = {}
    for url, facts in pages:
        page.goto(url)
        missing = unfindable_fields(page, facts)
        if facts["duplicates"] or missing:
            problems[url] = {"duplicate ids": facts["duplicates"], "fields not found by label": missing}
    context.close()
    assert not problems, problems


def forms_with_boxes(page) -> int:
    """How many of the page's forms have something to type in (and so something to leave empty)."""
    return page.evaluate("""() => [...document.querySelectorAll('main form')]
        .filter(f => f.querySelector('input[type=text], input[type=email], input[type=password], textarea'))
        .length""")


def send_emptied(page, index: int) -> None:
    """Empty every box of the page's `index`th such form and press its main (last) button."""
    form = page.locator("main form").filter(
        has=page.locator("input[type=text], input[type=email], input[type=password], textarea")).nth(index)
    for box in form.locator("input[type=text], input[type=email], input[type=password], textarea").all():
        if box.is_visible():
            box.fill("")
    form.locator("button[type=submit]:not([tabindex='-1'])").last.click()
    page.wait_for_load_state()


def follow_error_links(page) -> list:
    """Follow each link of the page's error summary: (link, target, what has the cursor) where it is not
    that field."""
    wrong = []
    for link in page.locator(".govuk-error-summary a[href^='#']").all():
        target = link.get_attribute("href")[1:]
        link.click()
        focused = page.evaluate("() => [document.activeElement.id, document.activeElement.tagName]")
        if focused[0] != target or focused[1] not in ("INPUT", "TEXTAREA", "SELECT"):
            wrong.append((link.inner_text(), target, focused))
    return wrong


@pytest.mark.parametrize("person", ["dt", "carer", "admin"])
def test_every_error_summary_link_takes_the_cursor_to_its_field(browser, demo, person):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{demo}/sign-in")
    send_emptied(page, 0)
    problems = {"/sign-in": follow_error_links(page)}
    summaries = 1
    sign_in(page, demo, email(person), DEMO_PASSWORD)
    for url, facts in walk(page, demo):
        page.goto(url)
        for index in range(forms_with_boxes(page)):
            page.goto(url)
            send_emptied(page, index)
            summaries += page.locator(".govuk-error-summary").count() > 0
            problems[url] = problems.get(url, []) + follow_error_links(page)
    context.close()
    assert summaries > 5, "too few forms showed an error summary to tell"
    assert not {url: wrong for url, wrong in problems.items() if wrong}, problems
