"""In a real browser on a phone 320 CSS px wide (WCAG 1.4.10 Reflow): no page with a table or a list of
choices scrolls sideways, in English or in Arabic, and giving a control in the network table the focus
does not slide the Arabic page.

Drives Debian's Chromium through Playwright (fixtures from test_browser). Skips when it is missing on a
laptop; fails instead when CI is set.
"""
import pytest
from sqlalchemy import func, select
from test_browser import browser, live_app  # noqa: F401 (fixtures)

from conftest import add_member, make_user
from school_plans import demo
from school_plans.extensions import db
from school_plans.models import AgreedVersion, Child, Plan, ReviewAction, Section, SectionRevision
from school_plans.services import network

pytestmark = pytest.mark.browser
WIDTH = 320
LONG_NAME = "Alexandra Montgomery-Whitfield Okonkwo"
LONG_EMAIL = "independent.reviewing.officer.for.leo@children-services.example.org"


@pytest.fixture()
def demo_site(live_app):  # noqa: F811 (the fixture imported above)
    """The demo, with one more adult with a long name in Leo's network and an invitation to a long address."""
    app, base = live_app
    with app.app_context():
        demo.load()
        db.session.commit()
        leo = db.session.scalar(select(Child).where(Child.preferred_name == "Leo"))
        add_member(leo, make_user(LONG_NAME, email="long.name@example.org"), "virtual_school")
        teacher = next(m.user for m in leo.memberships if m.role == "designated_teacher")
        network.invite(leo, LONG_EMAIL, "social_worker", teacher, lambda token: token)
        db.session.commit()
        plan = db.session.scalar(select(Plan).where(Plan.child_id == leo.id))
        agreed = sorted(db.session.scalars(select(AgreedVersion.number).where(AgreedVersion.plan_id == plan.id)))
        assert len(agreed) >= 2, "the demo plan should have been agreed more than once"
        changed = (select(Section.id).join(SectionRevision, SectionRevision.section_id == Section.id)
                   .where(Section.plan_id == plan.id).group_by(Section.id, Section.kind, Section.position)
                   .having(func.count(SectionRevision.id) >= 2))
        table = db.session.scalar(changed.order_by(Section.kind == "text", Section.position))   # a table first
        assert db.session.get(Section, table).kind != "text", "a table section of the demo plan has changed"
        review = db.session.scalar(select(ReviewAction.review_id).order_by(ReviewAction.id))   # one with actions
        p = f"/plans/{plan.id}"
        pages = {
            "children list": "/children/",
            "child page": f"/children/{leo.id}",
            "plan page": p,
            "plan history": f"{p}/history",
            "agreed version": f"{p}/versions/{agreed[0]}",
            "compare versions": f"{p}/compare?old={agreed[0]}&new={agreed[-1]}",
            "section history": f"{p}/sections/{table}/history",
            "section compare": f"{p}/sections/{table}/compare?old=1&new=2",
            "table section's page": f"{p}/sections/{table}",
            "reviews list": "/reviews",
            "review page": f"/reviews/{review}",
            "notifications": "/notifications",
        }
        return base, leo.id, pages


def phone(browser, base, locale, who):  # noqa: F811
    """A page on a phone, signed in as the demo's `who` (by the fields' names: the labels are in `locale`)."""
    context = browser.new_context(locale=locale, viewport={"width": WIDTH, "height": 640})
    page = context.new_page()
    page.goto(f"{base}/sign-in")
    page.locator("input[name=email]").fill(demo.email(who))
    page.locator("input[name=password]").fill(demo.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/sign-in" not in page.url, f"{who} could not sign in ({locale})"
    return context, page


def scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def too_wide(page, base, path, what, locale):
    """Why the page at `path` does not fit the phone, or None when it does."""
    response = page.goto(base + path)
    assert response.ok, f"{what} ({locale}): {path} answered {response.status}"
    width = scroll_width(page)
    return f"{what} ({locale}) is {width} px wide at {WIDTH} px: it scrolls sideways" if width > WIDTH else None


@pytest.mark.parametrize("locale", ["en-GB", "ar"])
def test_every_page_with_a_table_fits_a_phone_320_px_wide(browser, demo_site, locale):  # noqa: F811
    base, _child_id, pages = demo_site
    context, page = phone(browser, base, locale, "dt")
    failures = [too_wide(page, base, path, what, locale) for what, path in pages.items()]
    context.close()

    context, page = phone(browser, base, locale, "admin")   # a site admin's pages
    failures += [too_wide(page, base, path, what, locale)
                 for what, path in {"admin accounts": "/admin/", "admin schools": "/admin/schools"}.items()]
    context.close()
    failures = [failure for failure in failures if failure]
    assert not failures, "\n".join(failures)


def test_focusing_the_network_table_s_controls_does_not_slide_the_arabic_child_page(browser, demo_site):  # noqa: F811
    base, child_id, _pages = demo_site
    context, page = phone(browser, base, "ar", "dt")
    page.goto(f"{base}/children/{child_id}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    controls = page.locator("#network ~ table").first.locator("a, button, select")
    assert controls.count() >= 3 * 6, "every adult's role list, Change role button and Remove link"
    slid = []
    for i in range(controls.count()):
        control = controls.nth(i)
        control.focus()
        what = control.get_attribute("id") or control.inner_text().strip()
        x, width = page.evaluate("[window.scrollX, document.documentElement.scrollWidth]")
        if x != 0 or width > WIDTH:
            slid.append(f"with {what!r} focused the page is scrolled {x} px sideways and is {width} px wide")
    assert not slid, "\n".join(slid)
    context.close()


def test_on_a_desktop_the_tables_stay_tables(browser, demo_site):  # noqa: F811
    base, _child_id, pages = demo_site
    context, page = phone(browser, base, "en-GB", "dt")
    page.set_viewport_size({"width": 1024, "height": 768})
    for what in ("children list", "child page", "plan history", "reviews list"):
        page.goto(base + pages[what])
        shown = page.evaluate("""() => [...document.querySelectorAll('main table')].map(table => [
            getComputedStyle(table.tHead).clip, getComputedStyle(table.tHead).position,
            [...table.querySelectorAll('tr')].every(tr => getComputedStyle(tr).display === 'table-row')])""")
        assert shown, f"no table on the {what}"
        assert all(clip == "auto" and position == "static" and rows for clip, position, rows in shown), (what, shown)
    context.close()
