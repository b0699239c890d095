"""A page's title (what a screen reader announces first, and the browser tab) says which child and which
section or person the page is about, and starts with "Error:" when its form has errors."""
import re

import pytest

from conftest import make_plan, sections_of


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.text, re.S).group(1)


@pytest.fixture()
def plan(world):
    return make_plan(world.child, world.user("designated_teacher"))


def test_plan_pages_name_the_child_and_section_pages_the_section_too(world, plan, make_client):
    teacher = make_client(world.user("designated_teacher"))
    section = sections_of(plan)["about-me"]
    assert title(teacher.get(f"/plans/{plan.id}/details")) == "Plan details – Sam – School support plans"
    assert title(teacher.get(f"/plans/{plan.id}/history")).endswith(" – Sam – School support plans")
    assert title(teacher.get(f"/plans/{plan.id}/sections/{section.id}")) == (
        "Edit: About me, in my own words – Sam – School support plans")
    carer = make_client(world.user("parent_carer"))
    assert title(carer.get(f"/plans/{plan.id}/sections/{section.id}/suggest")) == (
        "Suggest a change: About me, in my own words – Sam – School support plans")


def test_network_pages_name_the_person_and_the_child(world, make_client):
    teacher = make_client(world.user("designated_teacher"))
    carer = world.memberships["parent_carer"]
    page = teacher.get(f"/children/{world.child.id}/network/{carer.id}/remove")
    assert title(page) == "Remove Parent Carer from Sam's network – School support plans"
    page = teacher.get(f"/children/{world.child.id}/network/invite")
    assert title(page) == "Invite someone to Sam's network – School support plans"


def test_an_admin_page_about_a_person_names_them(world, make_client):
    admin = make_client(world.user("admin"))
    page = admin.get(f"/admin/accounts/{world.user('parent_carer').id}")
    assert title(page) == "Edit account – Parent Carer – School support plans"


def test_a_page_whose_form_has_errors_starts_with_error(world, plan, make_client):
    teacher = make_client(world.user("designated_teacher"))
    page = teacher.post(f"/plans/{plan.id}/details", {"title": "", "plan_date-day": "31", "plan_date-month": "2",
                                                      "plan_date-year": "2026"})
    assert page.status_code == 200 and title(page) == "Error: Plan details – Sam – School support plans"
    assert title(teacher.get(f"/plans/{plan.id}/details")) == "Plan details – Sam – School support plans"
    assert title(make_client().post("/sign-in", {"email": "", "password": ""})) == (
        "Error: Sign in – School support plans")


def test_the_account_pages_error_summary_lists_the_password_boxes_in_page_order(world, make_client):
    page = make_client(world.user("parent_carer")).post("/account/password", {}).text
    summary = re.search(r'class="govuk-error-summary".*?</ul>', page, re.S).group(0)
    assert re.findall(r'href="#([\w-]+)"', summary) == ["current_password", "password", "password_confirm"]


def test_words_someone_wrote_cannot_put_error_in_the_title(world, plan, make_client):
    from conftest import write_section

    write_section(sections_of(plan)["about-me"], {"text": 'class="govuk-error-summary" is a phrase'},
                  world.user("designated_teacher"))
    page = make_client(world.user("parent_carer")).get(f"/plans/{plan.id}")
    assert not title(page).startswith("Error:")
