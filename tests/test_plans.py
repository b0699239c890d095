"""Starting a plan, reading it, and editing its sections: one section at a time, nothing lost."""
import html
import re
from io import BytesIO

import pytest
from docx import Document
from sqlalchemy import event, func, select

from conftest import make_plan, professionals_only, sections_of, write_section
from school_plans import plan_templates
from school_plans.extensions import db as _db
from school_plans.models import AuditEvent, Plan, Section
from school_plans.plan_templates import PlanTemplate, TemplateSection
from school_plans.services import agreement, comments, suggestions
from school_plans.services.plans import start_plan

SECRET = "Contact with birth mother on alternate Thursdays"


def errors_in(page: str) -> list[str]:
    found = re.findall(r'class="govuk-error-message"[^>]*>.*?</span>(.*?)</p>', page, re.S)
    return [html.unescape(m.strip()) for m in found]


def edit_url(section) -> str:
    return f"/plans/{section.plan_id}/sections/{section.id}"


@pytest.fixture()
def plan(world):
    return make_plan(world.child, world.user("designated_teacher"))


@pytest.fixture()
def as_role(world, make_client):
    return lambda role: make_client(world.user(role))


def test_designated_teacher_starts_a_plan_with_every_section_of_the_template(world, as_role):
    response = as_role("designated_teacher").post(f"/children/{world.child.id}/plans/new",
                                                   {"template": "attachment-primary"})
    plan = _db.session.scalar(select(Plan))
    assert response.status_code == 302 and response.location.endswith(f"/plans/{plan.id}")
    assert (plan.template_key, plan.template_version, plan.status, plan.version) == ("attachment-primary", 2,
                                                                                      "draft", 1)
    rows = _db.session.scalars(select(Section).where(Section.plan_id == plan.id).order_by(Section.position)).all()
    assert rows[0].key == "about-me" and len(rows) >= 10
    # the child's background is for the core team (parents and carers in it; not all school staff)
    assert {s.key: s.audience for s in rows if s.audience != "everyone"} == {"background": "core_team"}
    assert _db.session.scalar(select(AuditEvent.action).where(AuditEvent.object_type == "plans")) == "plan.start"


def test_starting_without_choosing_a_template_says_what_to_do(world, as_role):
    response = as_role("school_staff").post(f"/children/{world.child.id}/plans/new", {})
    assert response.status_code == 200
    assert errors_in(response.text) == ["Select the template to start from"]
    assert _db.session.scalar(select(Plan)) is None


def test_child_page_lists_plans_and_offers_a_new_one_to_the_school_only(world, plan, as_role):
    for role, offered in [("designated_teacher", True), ("school_staff", True), ("parent_carer", False),
                          ("social_worker", False)]:
        page = as_role(role).get(f"/children/{world.child.id}").text
        assert f'href="/plans/{plan.id}"' in page
        assert ("Start a plan" in page) is offered, role


def test_plan_page_reads_like_the_printed_plan(world, plan, as_role):
    parts = sections_of(plan)
    dt = world.user("designated_teacher")
    write_section(parts["my-adults"], {"rows": [{"name": "Mr Reilly", "role": "key_adult"},
                                                {"name": "Mrs Bell", "role": "backup_adult"}]}, dt)
    write_section(parts["safe-spaces"], {"rows": [{"place": "Nurture room", "use": "chosen"}]}, dt)
    write_section(parts["triggers"], {"rows": [{"trigger": "Loud bells", "helps": "Ear defenders"}]}, dt)
    write_section(parts["developmental-age"], {"rows": [{"area": "emotional", "age": 4.5}]}, dt)
    page = as_role("parent_carer").get(f"/plans/{plan.id}").text
    glance = page[page.index("At a glance"):page.index('id="contents-heading"')]
    for text in ("Mr Reilly", "Mrs Bell", "Nurture room", "Loud bells", "Ear defenders"):
        assert text in glance
    for section in parts.values():
        if section.audience == "everyone":
            assert section.heading.replace("'", "&#39;") in page
    assert "Chosen by the child" in page
    assert "Chronological age on" in page and "4.5" in page


def test_school_staff_saves_a_text_section(world, plan, as_role):
    section = sections_of(plan)["about-me"]
    response = as_role("school_staff").post(edit_url(section), {"version": "1", "text": "I like dogs 🐶\r\n\r\nأحب"})
    assert response.status_code == 302
    _db.session.refresh(section)
    assert section.content == {"text": "I like dogs 🐶\n\nأحب"}
    assert (section.version, section.updated_by_id) == (2, world.user("school_staff").id)
    page = as_role("parent_carer").get(f"/plans/{plan.id}").text
    assert "I like dogs 🐶" in page and "Last changed by <bdi>School Staff</bdi>" in page


def test_row_buttons_add_move_and_remove_rows_without_saving(world, plan, as_role):
    section = sections_of(plan)["triggers"]
    client = as_role("designated_teacher")
    rows = {"rows-0-trigger": "Loud bells", "rows-1-trigger": "Supply teachers", "version": "1"}
    added = client.post(edit_url(section), {**rows, "action": "add"}).text
    assert 'name="rows-2-trigger"' in added and "Not saved yet" in added
    moved = client.post(edit_url(section), {**rows, "action": "up-1"}).text
    assert moved.index("Supply teachers") < moved.index("Loud bells")
    removed = client.post(edit_url(section), {**rows, "action": "remove-0"}).text
    assert "Loud bells" not in removed and 'name="rows-0-trigger"' in removed
    _db.session.refresh(section)
    assert section.content == {"rows": []} and section.version == 1
    saved = client.post(edit_url(section), {"rows-0-trigger": "Supply teachers", "rows-1-trigger": "",
                                            "version": "1", "action": "save"})
    assert saved.status_code == 302
    _db.session.refresh(section)
    assert section.content == {"rows": [{"trigger": "Supply teachers", "signs": "", "helps": ""}]}


def test_a_mistake_in_a_row_is_shown_next_to_it_and_keeps_everything_typed(world, plan, as_role):
    section = sections_of(plan)["my-adults"]
    response = as_role("designated_teacher").post(edit_url(section), {
        "version": "1", "rows-0-name": "", "rows-0-how_helps": "Sits beside him & hums 🎵",
        "rows-1-name": "Mrs Bell", "rows-1-role": "boss"})
    assert response.status_code == 200
    assert errors_in(response.text) == ["Enter the adult's name", "Select the adult's role in the plan",
                                        "Select the adult's role in the plan"]
    assert "Sits beside him &amp; hums 🎵" in response.text and 'value="Mrs Bell"' in response.text
    assert 'href="#rows-0-name"' in response.text  # the error summary links to the field
    _db.session.refresh(section)
    assert section.version == 1


def test_a_developmental_age_must_be_a_number_of_years(world, plan, as_role):
    section = sections_of(plan)["developmental-age"]
    client = as_role("designated_teacher")
    response = client.post(edit_url(section), {"version": "1", "rows-0-area": "social", "rows-0-age": "four"})
    assert errors_in(response.text) == ["Enter the age as a number of years from 0.5 to 25, like 4 or 5.5"]
    assert 'value="four"' in response.text
    response = client.post(edit_url(section), {"version": "1", "rows-0-area": "social", "rows-0-age": "4,5"})
    assert response.status_code == 302
    _db.session.refresh(section)
    assert section.content["rows"][0]["age"] == 4.5


def test_a_stale_save_answers_409_with_both_versions_and_loses_neither(world, plan, as_role):
    section = sections_of(plan)["strengths"]
    staff, teacher = as_role("school_staff"), as_role("designated_teacher")
    assert staff.post(edit_url(section), {"version": "1", "text": "Kind to younger children"}).status_code == 302
    response = teacher.post(edit_url(section), {"version": "1", "text": "Brilliant at drawing"})
    assert response.status_code == 409
    page = response.text
    assert "Someone else saved this section" in page
    assert "Kind to younger children" in page and "Brilliant at drawing" in page
    assert page.index("The saved version") < page.index("Kind to younger children") < page.index("Your version")
    _db.session.refresh(section)
    assert section.content == {"text": "Kind to younger children"}
    # Saving again from the conflict page keeps the teacher's words, knowingly.
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    assert version == "2"
    again = teacher.post(edit_url(section), {"version": version, "text": "Brilliant at drawing. Kind to others."})
    assert again.status_code == 302
    _db.session.refresh(section)
    assert section.content == {"text": "Brilliant at drawing. Kind to others."} and section.version == 3


@pytest.mark.parametrize("version", ["", "abc", "0", "99"])
def test_a_missing_or_wrong_version_is_a_conflict_never_an_overwrite(world, plan, as_role, version):
    section = sections_of(plan)["strengths"]
    write_section(section, {"text": "Saved words"}, world.user("school_staff"))
    response = as_role("designated_teacher").post(edit_url(section), {"version": version, "text": "Mine"})
    assert response.status_code == 409
    _db.session.refresh(section)
    assert section.content == {"text": "Saved words"}


def test_template_suggestions_are_added_in_one_action_and_not_saved_until_save(world, plan, as_role):
    section = sections_of(plan)["triggers"]
    client = as_role("designated_teacher")
    page = client.get(edit_url(section)).text
    offered = re.findall(r'name="suggestion" type="checkbox" value="(\d+)" checked', page)
    assert len(offered) >= 3
    response = client.post(edit_url(section), {"version": "1", "rows-0-trigger": "My own trigger",
                                               "action": "suggest", "suggestion": offered})
    suggestions = plan_templates.get("attachment-primary").section("triggers").suggestions
    assert "My own trigger" in response.text
    for suggestion in suggestions:
        assert suggestion["trigger"].replace("'", "&#39;") in response.text
    _db.session.refresh(section)
    assert section.version == 1
    nothing = client.post(edit_url(section), {"version": "1", "action": "suggest"})
    assert "Select at least one suggestion to add." in nothing.text


def test_designated_teacher_makes_a_section_professionals_only(world, plan, as_role):
    section = sections_of(plan)["hard-days"]
    write_section(section, {"text": SECRET}, world.user("designated_teacher"))
    assert SECRET in as_role("parent_carer").get(f"/plans/{plan.id}").text
    response = as_role("designated_teacher").post(edit_url(section), {"version": "2", "text": SECRET,
                                                                      "audience": "professionals"})
    assert response.status_code == 302
    _db.session.refresh(section)
    assert section.audience == "professionals"
    assert SECRET not in as_role("parent_carer").get(f"/plans/{plan.id}").text
    assert SECRET in as_role("social_worker").get(f"/plans/{plan.id}").text
    assert _db.session.scalar(select(AuditEvent).where(AuditEvent.action == "section.audience")) is not None


def test_school_staff_cannot_change_who_reads_a_section(world, plan, as_role):
    section = professionals_only(sections_of(plan)["background"])
    client = as_role("school_staff")
    assert 'name="audience"' not in client.get(edit_url(section)).text
    client.post(edit_url(section), {"version": "1", "text": "Notes", "audience": "everyone"})
    _db.session.refresh(section)
    assert section.audience == "professionals" and section.content == {"text": "Notes"}


def test_professionals_only_text_is_in_nothing_a_parent_can_fetch(world, plan, as_role):
    parts = sections_of(plan)
    professionals_only(parts["background"])
    dt = world.user("designated_teacher")
    write_section(parts["background"], {"text": SECRET}, dt)
    parts["triggers"].audience = "professionals"
    _db.session.commit()
    write_section(parts["triggers"], {"rows": [{"trigger": "Secret trigger", "helps": "Secret help"}]}, dt)
    parent = as_role("parent_carer")
    urls = ["/", "/children/", f"/children/{world.child.id}", f"/plans/{plan.id}", f"/plans/{plan.id}/details",
            f"/plans/{plan.id}/download"] + [edit_url(s) for s in parts.values()]
    fetched = []
    for url in urls:
        response = parent.get(url, follow_redirects=True)
        body = response.data
        if url.endswith("/download"):
            doc = Document(BytesIO(body))
            body = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows
                                                                 for c in r.cells]).encode()
        fetched.append((url, response.status_code))
        for secret in (SECRET, "Secret trigger", "Secret help", parts["background"].heading):
            assert secret.encode() not in body, f"{secret!r} leaked in {url}"
    assert (edit_url(parts["background"]), 404) in fetched and (f"/plans/{plan.id}", 200) in fetched
    # ...while the professionals read it all.
    page = as_role("virtual_school").get(f"/plans/{plan.id}").text
    assert SECRET in page and "Secret trigger" in page


def test_a_section_of_another_plan_is_not_found(world, plan, as_role):
    other = make_plan(world.child, world.user("designated_teacher"), "attachment-secondary")
    section = sections_of(other)["about-me"]
    assert as_role("designated_teacher").get(f"/plans/{plan.id}/sections/{section.id}").status_code == 404


def test_plan_details_check_their_dates_and_keep_what_was_typed(world, plan, as_role):
    client = as_role("designated_teacher")
    response = client.post(f"/plans/{plan.id}/details", {
        "title": "", "plan_date-day": "1", "plan_date-month": "9", "plan_date-year": "2026",
        "review_date-day": "1", "review_date-month": "8", "review_date-year": "2026"})
    assert errors_in(response.text) == ["Enter a title for the plan",
                                        "Review date must be on or after the date of the plan"]
    assert 'value="8"' in response.text
    far = client.post(f"/plans/{plan.id}/details", {
        "title": "Sam's plan", "plan_date-day": "1", "plan_date-month": "9", "plan_date-year": "2026",
        "review_date-day": "1", "review_date-month": "9", "review_date-year": "9999"})
    assert errors_in(far.text) == ["Review date must be within 3 years of the date of the plan"]
    ok = client.post(f"/plans/{plan.id}/details", {
        "title": "Sam's plan", "plan_date-day": "1", "plan_date-month": "9", "plan_date-year": "2026",
        "review_date-day": "1", "review_date-month": "3", "review_date-year": "2027"})
    assert ok.status_code == 302
    _db.session.refresh(plan)
    assert (plan.title, str(plan.review_date)) == ("Sam's plan", "2027-03-01")


# --- the same number of queries whatever the size of the plan ---------------------------------

ROW_CONTENT = {
    "text": {"text": "A paragraph.\n\nAnother."},
    "triggers": {"rows": [{"trigger": "Bells", "signs": "Hands on ears", "helps": "Warning"}] * 3},
    "regulating_adults": {"rows": [{"name": "Mr Reilly", "role": "key_adult"}] * 3},
    "safe_spaces": {"rows": [{"place": "Library", "use": "offered"}] * 3},
    "developmental_age": {"rows": [{"area": "social", "age": 6}] * 3},
    "stress_stages": {"stages": {"calm": {"looks_like": "Chatty", "helps": "Jobs", "avoid": "Praise"}}},
}


def plan_with(world, n: int):
    kinds = list(ROW_CONTENT)
    template = PlanTemplate("size-test", 1, "Size test", "Sections to count queries.", "all", tuple(
        TemplateSection(f"s{i}", kinds[i % len(kinds)], f"Section {i}", "", "everyone", ()) for i in range(n)))
    dt = world.user("designated_teacher")
    plan = start_plan(world.child, template, dt)
    _db.session.commit()
    for section in sections_of(plan).values():
        write_section(section, ROW_CONTENT[section.kind], dt)
    return plan


def queries_for(client, url) -> int:
    count = [0]

    def counter(*args):
        count[0] += 1

    event.listen(_db.engine, "before_cursor_execute", counter)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(_db.engine, "before_cursor_execute", counter)
    return count[0]


@pytest.mark.parametrize("page", ["", "/download"])
def test_plan_page_and_export_run_the_same_queries_for_3_or_30_sections(world, as_role, page):
    small, large = plan_with(world, 3), plan_with(world, 30)
    client = as_role("school_staff")
    client.get("/children/")  # sign-in housekeeping done before counting
    assert queries_for(client, f"/plans/{small.id}{page}") == queries_for(client, f"/plans/{large.id}{page}")


PLAN_PAGE_QUERIES = 8   # the issue "Speed": session, plan with its network, sections, audit, versions,
#                         signatures, open threads and suggestions, unread notifications


def test_the_plan_page_runs_at_most_8_queries_however_much_the_plan_holds(world, as_role):
    from test_reviews import agree

    small, large = plan_with(world, 3), plan_with(world, 30)
    carer, teacher = world.user("parent_carer"), world.user("designated_teacher")
    agree(large, world)
    some = [section for key, section in sorted(sections_of(large).items()) if section.kind != "stress_stages"][:5]
    for section in some:   # threads, replies, suggestions, a new version
        thread = comments.add_comment(section, carer, "A thought")
        comments.reply(thread, teacher, "Thank you")
        suggestions.propose(section, carer, {"rows": []} if section.kind != "text" else {"text": "Else"},
                            section.version)
    _db.session.commit()
    write_section(sections_of(large)["s0"], {"text": "Changed after it was agreed"}, teacher)
    client = as_role("designated_teacher")
    client.get("/children/")
    counts = {queries_for(client, f"/plans/{plan.id}") for plan in (small, large)}
    assert counts == {min(counts)} and min(counts) <= PLAN_PAGE_QUERIES, counts


def test_an_absurd_version_is_a_conflict_not_an_error(world, plan, as_role):
    section = sections_of(plan)["strengths"]
    for version in ("2147483648", "9" * 30, "-1"):
        response = as_role("designated_teacher").post(edit_url(section), {"version": version, "text": "Mine"})
        assert response.status_code == 409 and "Mine" in response.text


def test_a_table_is_limited_to_100_rows_with_a_message_and_nothing_dropped(world, plan, as_role):
    section = sections_of(plan)["triggers"]
    client = as_role("designated_teacher")
    full = {f"rows-{i}-trigger": f"Trigger number {i}" for i in range(100)}
    response = client.post(edit_url(section), {**full, "version": "1", "action": "add"})
    assert response.status_code == 200
    assert "A table can have up to 100 rows." in response.text and 'name="rows-100-trigger"' not in response.text
    too_many = {**full, "rows-100-trigger": "One too many"}
    response = client.post(edit_url(section), {**too_many, "version": "1"})
    assert response.status_code == 200
    assert errors_in(response.text) == ["A table can have up to 100 rows. Remove some before adding more."]
    assert "One too many" in response.text
    _db.session.refresh(section)
    assert section.version == 1
    assert client.post(edit_url(section), {**full, "version": "1"}).status_code == 302


def test_a_wrong_audience_is_in_the_error_summary_and_keeps_the_text(world, plan, as_role):
    section = sections_of(plan)["strengths"]
    response = as_role("designated_teacher").post(edit_url(section), {"version": "1", "text": "Kind",
                                                                      "audience": "the world"})
    assert response.status_code == 200
    assert 'href="#audience-0"' in response.text and ">Kind</textarea>" in response.text


def test_suggestions_of_a_template_section_of_another_kind_are_not_offered(world, plan, as_role):
    section = sections_of(plan)["strengths"]
    section.kind, section.content = "triggers", {"rows": []}   # as if the template changed the kind
    _db.session.commit()
    page = as_role("designated_teacher").get(edit_url(section))
    assert page.status_code == 200 and 'name="suggestion"' not in page.text


def test_an_archived_plan_is_read_only_off_the_childs_list_and_kept(world, plan, as_role):
    teacher = as_role("designated_teacher")
    question = teacher.get(f"/plans/{plan.id}/archive")
    assert question.status_code == 200 and "Archive the plan" in question.text
    assert _db.session.get(Plan, plan.id).archived_at is None  # asking changed nothing
    assert teacher.post(f"/plans/{plan.id}/archive").status_code == 302
    child_page = teacher.get(f"/children/{world.child.id}").text
    listed, archived = child_page.split("Archived plans (1)")
    assert f"/plans/{plan.id}\"" not in listed and f"/plans/{plan.id}\"" in archived
    assert "There is no plan in use for <bdi>Sam</bdi>." in listed
    section = sections_of(plan)["about-me"]
    for role in ("designated_teacher", "school_staff"):
        client = as_role(role)
        assert client.post(f"/plans/{plan.id}/sections/{section.id}", {"version": "1", "text": "x"}).status_code == 403
        assert client.post(f"/plans/{plan.id}/sections/{section.id}/comments", {"body": "x"}).status_code == 403
    assert teacher.post(f"/plans/{plan.id}/share").status_code == 403
    assert as_role("parent_carer").post(f"/plans/{plan.id}/sections/{section.id}/suggest",
                                        {"version": "1", "text": "x"}).status_code == 403
    page = as_role("parent_carer").get(f"/plans/{plan.id}")
    assert page.status_code == 200 and "It can be read and downloaded, but not changed." in page.text
    assert "Bring it back into use" not in page.text  # only the designated teacher may
    assert as_role("parent_carer").get(f"/plans/{plan.id}/download").status_code == 200
    assert teacher.get(f"/plans/{plan.id}/history").status_code == 200
    assert teacher.post(f"/plans/{plan.id}/unarchive").status_code == 302
    assert teacher.post(f"/plans/{plan.id}/sections/{section.id}", {"version": "1", "text": "x"}).status_code == 302
    actions = _db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("plan.%archive"))).all()
    assert actions == ["plan.archive", "plan.unarchive"]


def test_starting_a_second_plan_while_one_is_in_use_warns_and_asks(world, plan, as_role):
    teacher = as_role("designated_teacher")
    url = f"/children/{world.child.id}/plans/new"
    assert "<bdi>Sam</bdi> already has 1 plan in use" in teacher.get(url).text
    refused = teacher.post(url, {"template": "attachment-secondary"})
    assert refused.status_code == 200
    assert "Confirm that you want another plan, or go back and change the one in use" in refused.text
    assert 'value="attachment-secondary" checked' in refused.text  # the choice is kept
    assert _db.session.scalar(select(func.count()).select_from(Plan)) == 1
    assert teacher.post(url, {"template": "attachment-secondary", "another": "y"}).status_code == 302
    assert _db.session.scalar(select(func.count()).select_from(Plan)) == 2


def test_with_only_archived_plans_a_new_plan_starts_without_asking(world, plan, as_role):
    teacher = as_role("designated_teacher")
    teacher.post(f"/plans/{plan.id}/archive")
    url = f"/children/{world.child.id}/plans/new"
    assert "already has 1 plan in use" not in teacher.get(url).text
    assert teacher.post(url, {"template": "attachment-primary"}).status_code == 302


def test_a_signer_asked_to_agree_gets_the_plan_page_in_at_most_8_queries(world, as_role):
    """The carer asked to agree a shared plan, with sections not shown to them listed: still within budget,
    however many sections are hidden."""
    counts = set()
    for n in (3, 30):
        plan = plan_with(world, n)
        for section in list(sections_of(plan).values())[: n // 3]:
            professionals_only(section)
        agreement.share(plan, world.user("designated_teacher"))
        _db.session.commit()
        client = as_role("parent_carer")
        client.get("/children/")
        assert "not shown to you" in client.get(f"/plans/{plan.id}").text
        counts.add(queries_for(client, f"/plans/{plan.id}"))
    assert counts == {min(counts)} and min(counts) <= PLAN_PAGE_QUERIES, counts
