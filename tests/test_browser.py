"""In a real browser: a designated teacher adds a child and invites a parent, who joins.

Drives Debian's Chromium through Playwright. Skips when it is missing on a laptop;
fails instead when CI is set.
"""
import re
import shutil
import threading

import pytest
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from conftest import PASSWORD, add_member, make_child, make_school, make_user, migrated_app, skip_or_fail

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not shutil.which(CHROMIUM):
        skip_or_fail(f"Chromium is not installed at {CHROMIUM}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def live_app(tmp_path):
    with migrated_app(f"sqlite:///{tmp_path}/browser.db", SERVER_NAME=None) as app:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield app, f"http://127.0.0.1:{server.server_port}"
        server.shutdown()
        thread.join()


def sign_in_speaking(browser, base, email, locale):
    """A page signed in as `email` in a browser set to `locale` (the fields found by their ids: their labels
    are in that language); close its context when done."""
    page = browser.new_context(locale=locale).new_page()
    page.goto(f"{base}/sign-in")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    return page


def sign_in(page, base, email, password=PASSWORD):
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_designated_teacher_invites_a_parent_who_sees_only_that_child(browser, live_app):
    app, base = live_app
    with app.app_context():
        school = make_school("Brook Primary")
        teacher = make_user("Dana Teacher", email="dana@example.org")
        school.designated_teachers.append(teacher)
        other = make_child(school, "Robin")
        add_member(other, teacher, "designated_teacher")
        other_id = other.id

    teacher_context = browser.new_context()
    page = teacher_context.new_page()
    sign_in(page, base, "dana@example.org")
    expect(page.get_by_role("heading", name="Your children")).to_be_visible()
    page.get_by_role("button", name="Add a child").click()
    page.get_by_label("Preferred name").fill("Ellie")
    born = page.get_by_role("group", name="Date of birth")
    born.get_by_label("Day").fill("12")
    born.get_by_label("Month").fill("6")
    born.get_by_label("Year", exact=True).fill("2017")
    page.get_by_label("Year group").select_option(label="Year 4")
    page.get_by_label("Looked after", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Ellie")).to_be_visible()
    page.get_by_role("button", name="Invite someone").click()
    page.get_by_label("Email address").fill("jo.carer@example.org")
    page.get_by_label("Parent or carer").check()
    page.get_by_role("button", name="Create invitation").click()
    link = page.get_by_label("Invitation link").input_value()
    assert re.fullmatch(rf"{re.escape(base)}/invitations/[\w-]+", link)

    parent_context = browser.new_context()
    parent = parent_context.new_page()
    parent.goto(link)
    parent.get_by_label("Your full name").fill("Jo Carer")
    parent.get_by_label("New password", exact=True).fill("our family walks on sundays")
    parent.get_by_label("Confirm new password").fill("our family walks on sundays")
    parent.get_by_role("button", name="Create account and join").click()
    expect(parent.get_by_role("heading", name="Ellie")).to_be_visible()
    parent.get_by_role("link", name="Children", exact=True).click()
    expect(parent.get_by_role("heading", name="Your children")).to_be_visible()
    children = parent.locator("table").inner_text()
    assert "Ellie" in children and "Robin" not in children
    parent.goto(f"{base}/children/{other_id}")
    expect(parent.get_by_role("heading", name="Page not found")).to_be_visible()

    # The teacher sees the parent in the network.
    page.reload()
    page.goto(f"{base}/children/")
    page.get_by_role("link", name="Ellie").click()
    expect(page.get_by_role("rowheader", name="Jo Carer")).to_be_visible()
    parent_context.close()
    teacher_context.close()


def test_browser_asking_for_welsh_gets_the_sign_in_page_in_welsh(browser, live_app):
    _app, base = live_app
    context = browser.new_context(locale="cy-GB")
    page = context.new_page()
    page.goto(f"{base}/sign-in")
    assert page.locator("html").get_attribute("lang") == "cy"
    expect(page.get_by_role("heading", name="Mewngofnodi")).to_be_visible()
    expect(page.get_by_label("Cyfrinair")).to_be_visible()
    context.close()


A11Y_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_accessible(page, what):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": A11Y_TAGS}})
    problems = [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]
    assert not problems, f"{what}: {problems}"


def test_pages_pass_axe_accessibility_checks(browser, live_app):
    app, base = live_app
    with app.app_context():
        school = make_school("Brook Primary")
        teacher = make_user("Dana Teacher", email="dana@example.org")
        make_user("Site Admin", email="admin@example.org", admin=True)
        school.designated_teachers.append(teacher)
        child = make_child(school, "Robin")
        add_member(child, teacher, "designated_teacher")
        child_id, school_id = child.id, school.id

    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/sign-in")
    assert_accessible(page, "sign-in")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page, "sign-in with errors")
    sign_in(page, base, "dana@example.org")
    expect(page.get_by_role("heading", name="Your children")).to_be_visible()
    for path in ("/children/", f"/children/{child_id}", "/children/new", f"/children/{child_id}/network/invite",
                 "/account/password"):
        page.goto(base + path)
        assert_accessible(page, path)
    page.goto(f"{base}/children/new")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page, "add a child with errors")
    context.close()

    admin = browser.new_context()
    page = admin.new_page()
    sign_in(page, base, "admin@example.org")
    expect(page.get_by_role("heading", name="Accounts")).to_be_visible()   # a site admin in no network
    for path in ("/admin/", "/admin/accounts/new", "/admin/schools", f"/admin/schools/{school_id}"):
        page.goto(base + path)
        assert_accessible(page, path)
    admin.close()


FOOTBALL = "I love football ⚽ and my friend says مرحبا بك"


def test_designated_teacher_starts_a_plan_writes_it_and_downloads_it_as_word(browser, live_app, tmp_path):
    from docx import Document

    app, base = live_app
    with app.app_context():
        school = make_school("Brook Primary")
        teacher = make_user("Dana Teacher", email="dana@example.org")
        child = make_child(school, "Ellie")
        add_member(child, teacher, "designated_teacher")
        child_id = child.id

    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    sign_in(page, base, "dana@example.org")
    page.goto(f"{base}/children/{child_id}")
    page.get_by_role("button", name="Start a plan").click()
    assert_accessible(page, "start a plan")
    page.get_by_label("Attachment support plan (primary school)").check()
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_text("Plan started.")).to_be_visible()
    assert_accessible(page, "plan page")

    page.get_by_role("link", name="Edit About me, in my own words").click()
    assert_accessible(page, "text section form")
    page.get_by_label("About me, in my own words").fill(FOOTBALL)
    page.locator(".govuk-button-group").get_by_role("button", name="Save").click()
    expect(page.get_by_text(FOOTBALL)).to_be_visible()

    # A table section: two triggers, the second added with a button, then moved up; no JavaScript needed.
    page.get_by_role("link", name="Edit What makes things hard, and what helps").click()
    page.get_by_role("group", name="Trigger 1").get_by_label("Situation or trigger").fill("Loud assemblies")
    page.get_by_role("button", name="Add a trigger").click()
    expect(page.get_by_role("group", name="Trigger 2")).to_be_visible()
    page.get_by_role("group", name="Trigger 2").get_by_label("Situation or trigger").fill("Supply teachers 🙁")
    page.get_by_role("button", name="Move up Trigger 2").click()
    expect(page.get_by_role("group", name="Trigger 1").get_by_label("Situation or trigger")).to_have_value(
        "Supply teachers 🙁")
    assert_accessible(page, "table section form")
    page.locator(".govuk-button-group").get_by_role("button", name="Save").click()
    expect(page.get_by_role("rowheader", name="Supply teachers 🙁")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download as a Word document").click()
    download = download_info.value
    assert re.fullmatch(r"plan-\d+-v1\.docx", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    document = Document(path)
    text = "\n".join([p.text for p in document.paragraphs] +
                     [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert FOOTBALL in text
    assert text.index("Supply teachers 🙁") < text.index("Loud assemblies")

    page.get_by_role("link", name="Edit When I'm finding things hard").click()
    expect(page.get_by_role("group", name="Crisis")).to_be_visible()
    assert_accessible(page, "distress stages form")
    context.close()


ABOUT_ME = "I like drawing and my dog Biscuit."
ADDED = "Football at lunchtime helps me calm down."
PARENT_COMMENT = "Could we say more about what helps at home time?"
DT_REPLY = "Yes: I will add the home-time routine before we agree it."


def agree_plan(page, base, plan_id):
    """Open the plan and agree it, as the signed-in person."""
    page.goto(f"{base}/plans/{plan_id}")
    page.get_by_role("button", name="I have read this plan and I agree it").click()
    expect(page.get_by_text("You agreed the plan.")).to_be_visible()


def test_network_comments_suggests_decides_agrees_and_downloads_with_word_comments(browser, live_app, tmp_path):
    from docx import Document

    from conftest import make_plan, sections_of, write_section
    from school_plans.extensions import db

    app, base = live_app
    with app.app_context():
        school = make_school("Brook Primary")
        teacher = make_user("Dana Teacher", email="dana@example.org")
        school.designated_teachers.append(teacher)
        db.session.commit()
        parent = make_user("Jo Carer", email="jo@example.org")
        social_worker = make_user("Priya Social", email="priya@example.org")
        child = make_child(school, "Ellie")  # looked after: the social worker must agree too
        for user, role in ((teacher, "designated_teacher"), (parent, "parent_carer"),
                           (social_worker, "social_worker")):
            add_member(child, user, role)
        plan = make_plan(child, teacher, "attachment-primary")
        about = sections_of(plan)["about-me"]
        write_section(about, {"text": ABOUT_ME}, teacher)  # save_section(..., section.version, teacher) + commit
        plan_id, section_id = plan.id, about.id
    plan_url, heading = f"{base}/plans/{plan_id}", "About me, in my own words"

    # 2. The designated teacher shares the draft for review.
    dt_context = browser.new_context(accept_downloads=True)
    dt = dt_context.new_page()
    sign_in(dt, base, "dana@example.org")
    expect(dt.get_by_role("heading", name="Your children")).to_be_visible()
    dt.goto(plan_url)
    dt.get_by_role("button", name="Share for review").click()
    expect(dt.get_by_text("Plan shared for review.")).to_be_visible()
    expect(dt.locator("h1 .govuk-tag")).to_have_text("Shared for review")

    # 3. The parent comments on "About me", then suggests a change to it.
    parent_context = browser.new_context()
    carer = parent_context.new_page()
    sign_in(carer, base, "jo@example.org")
    expect(carer.get_by_role("heading", name="Your children")).to_be_visible()
    carer.goto(plan_url)
    carer.locator(f"#section-{section_id}").get_by_role("link", name=f"Comment on {heading}", exact=True).click()
    expect(carer.get_by_role("heading", level=1)).to_have_text(heading)
    carer.get_by_label("Comment", exact=True).fill(PARENT_COMMENT)
    carer.get_by_role("button", name="Add comment").click()
    expect(carer.get_by_text("Comment added.")).to_be_visible()
    expect(carer.locator("article.app-thread").get_by_text(PARENT_COMMENT)).to_be_visible()

    carer.get_by_role("link", name="Suggest a change to this section").click()
    box = carer.get_by_label(heading, exact=True)
    expect(box).to_have_value(ABOUT_ME)
    box.press("ControlOrMeta+End")
    box.press_sequentially(" " + ADDED)
    expect(box).to_have_value(f"{ABOUT_ME} {ADDED}")
    carer.get_by_label("Why are you suggesting this? (optional)").fill("It is what works best for Ellie.")
    carer.get_by_role("button", name="Send my suggestion").click()
    expect(carer.get_by_text("Suggestion sent.")).to_be_visible()
    expect(carer.get_by_text("Waiting for a decision")).to_be_visible()
    assert_accessible(carer, "suggestion page (parent)")

    # 4. The designated teacher is told, sees the change marked, accepts it, and replies to the comment.
    dt.goto(plan_url)
    dt.get_by_role("link", name="Notifications (2 unread)").click()
    expect(dt.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    expect(dt.get_by_text("suggested a change")).to_be_visible()
    assert_accessible(dt, "notifications page")
    dt.get_by_role("button", name=re.compile("suggested a change")).click()
    expect(dt.get_by_role("heading", level=1)).to_have_text(f"Suggested change to “{heading}”")
    expect(dt.locator("ins", has_text=ADDED)).to_be_visible()
    expect(dt.get_by_text("It is what works best for Ellie.")).to_be_visible()
    assert_accessible(dt, "suggestion page (designated teacher)")
    dt.get_by_role("button", name="Accept and apply it").click()
    expect(dt.get_by_text("Suggestion accepted and applied")).to_be_visible()
    section = dt.locator(f"#section-{section_id}")
    expect(section).to_contain_text(f"{ABOUT_ME} {ADDED}")

    section.get_by_role("link", name=f"1 open comment on {heading}", exact=True).click()
    thread = dt.locator("article.app-thread", has_text=PARENT_COMMENT)
    thread.get_by_label("Reply", exact=True).fill(DT_REPLY)
    thread.get_by_role("button", name="Reply", exact=True).click()
    expect(dt.locator("article.app-thread", has_text=PARENT_COMMENT).get_by_text(DT_REPLY)).to_be_visible()
    assert_accessible(dt, "discussion page")

    # 5. The three required signers agree; the last one makes version 1 agreed.
    agree_plan(dt, base, plan_id)
    expect(dt.locator("h1 .govuk-tag")).to_have_text("Shared for review")
    agree_plan(carer, base, plan_id)
    parent_context.close()
    sw_context = browser.new_context()
    sw = sw_context.new_page()
    sign_in(sw, base, "priya@example.org")
    expect(sw.get_by_role("heading", name="Your children")).to_be_visible()
    agree_plan(sw, base, plan_id)
    expect(sw.get_by_text("Everyone needed has agreed: version 1 is agreed.")).to_be_visible()
    expect(sw.locator("h1 .govuk-tag")).to_have_text("Agreed")
    expect(sw.get_by_text("Version 1, agreed on")).to_be_visible()
    sw_context.close()

    # 6. The agreed version as Word, with the open comment thread as a native Word comment.
    dt.goto(plan_url)
    expect(dt.locator("h1 .govuk-tag")).to_have_text("Agreed")
    dt.get_by_role("link", name="Read or download version 1 as agreed").click()
    expect(dt.get_by_text(ADDED)).to_be_visible()
    dt.get_by_label("Include open comments (as Word comments)").check()
    with dt.expect_download() as download_info:
        dt.get_by_role("button", name="Download as a Word document").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    document = Document(path)
    notes = [c for c in document.comments if PARENT_COMMENT in c.text]
    assert len(notes) == 1, [(c.author, c.text) for c in document.comments]
    assert notes[0].author == "Jo Carer"
    assert DT_REPLY in notes[0].text
    signers = [[cell.text for cell in row.cells] for row in document.tables[-1].rows]
    assert signers[0] == ["Name", "Role", "Date agreed"], signers
    assert {(row[0], row[1]) for row in signers[1:]} == {
        ("Dana Teacher", "Designated teacher"), ("Jo Carer", "Parent or carer"), ("Priya Social", "Social worker")}
    dt_context.close()
