"""Forms keep your place: a row button brings the page back to the first field of the row it changed (the
browser puts the cursor there: test_browser_rows.py), and a long table form offers Save near its rows too."""
import html
import re

import pytest

from conftest import make_plan, sections_of

ROWS = {"rows-0-trigger": "Loud bells", "rows-1-trigger": "Supply teachers", "rows-2-trigger": "Lining up",
        "version": "1"}


def edit_url(section) -> str:
    return f"/plans/{section.plan_id}/sections/{section.id}"


def button_target(page: str, action: str) -> str:
    """Where the button with `action` sends the form (its formaction), or None."""
    button = re.search(rf'<button[^>]*value="{re.escape(action)}"[^>]*>', page).group(0)
    target = re.search(r'formaction="([^"]*)"', button)
    return target.group(1) if target else None


def field_text(page: str, fragment: str) -> str:
    """What the field that `fragment` (#rows-2-trigger) names holds."""
    return html.unescape(re.search(rf'<textarea[^>]*id="{fragment[1:]}"[^>]*>(.*?)</textarea>', page, re.S).group(1))


@pytest.fixture()
def triggers(world):
    return sections_of(make_plan(world.child, world.user("designated_teacher")))["triggers"]


@pytest.fixture()
def dt(world, make_client):
    return make_client(world.user("designated_teacher"))


@pytest.mark.parametrize("action, there", [("add", ""), ("up-2", "Lining up"), ("up-1", "Supply teachers"),
                                           ("down-0", "Loud bells"), ("remove-1", "Lining up"),
                                           ("remove-2", "Supply teachers"), ("remove-0", "Supply teachers")])
def test_each_row_button_brings_the_page_back_to_the_first_field_of_the_row_it_changed(triggers, dt, action, there):
    before = dt.post(edit_url(triggers), {**ROWS, "action": "down-2"}).text   # a button that changes nothing
    fragment = button_target(before, action)
    after = dt.post(edit_url(triggers), {**ROWS, "action": action}).text
    assert re.fullmatch(r"#rows-\d-trigger", fragment) and field_text(after, fragment) == there


def test_removing_the_only_row_comes_back_to_the_empty_row_left_in_its_place(triggers, dt):
    rows = {"rows-0-trigger": "Loud bells", "version": "1"}
    fragment = button_target(dt.post(edit_url(triggers), {**rows, "action": "down-0"}).text, "remove-0")
    after = dt.post(edit_url(triggers), {**rows, "action": "remove-0"}).text
    assert fragment == "#rows-0-trigger" and field_text(after, fragment) == ""


def test_saving_goes_back_to_the_top_so_a_mistake_shows_the_error_summary(triggers, dt):
    """The form's own action has no fragment: after "Add a row" (at .../sections/1#rows-3-trigger), Save with a
    mistake shows the page from the top, not from the row."""
    page = dt.post(edit_url(triggers), {"rows-0-trigger": "", "rows-0-signs": "Quiet", "version": "1",
                                        "action": "save"}).text
    assert "Enter the situation or trigger" in page
    assert f'<form method="post" action="{edit_url(triggers)}" novalidate>' in page
    assert button_target(page, "save") is None


def saves(page: str) -> int:
    return len(re.findall(r'<button type="submit" name="action" value="save" class="govuk-button"', page))


def test_a_long_table_offers_save_above_its_rows_too(triggers, dt):
    short = dt.post(edit_url(triggers), {**ROWS, "action": "add"}).text
    assert saves(short) == 1
    long = dt.post(edit_url(triggers), {**{f"rows-{i}-trigger": f"Trigger {i}" for i in range(6)}, "version": "1",
                                        "action": "add"}).text
    assert saves(long) == 2 and long.index('value="save" class="govuk-button"') < long.index('id="rows-0-trigger"')


def test_the_distress_stages_grid_offers_save_above_its_stages(world, dt):
    stages = sections_of(make_plan(world.child, world.user("designated_teacher")))["stress-stages"]
    page = dt.get(edit_url(stages)).text
    assert saves(page) == 2 and page.index('value="save" class="govuk-button"') < page.index('id="calm-looks_like"')


def test_a_parent_suggesting_a_change_gets_the_same_row_links_and_their_own_save_label(world, triggers, make_client):
    parent = make_client(world.user("parent_carer"))
    rows = {f"rows-{i}-trigger": f"Trigger {i}" for i in range(6)}
    page = parent.post(edit_url(triggers) + "/suggest", {**rows, "version": "1", "action": "add"}).text
    assert button_target(page, "add") == "#rows-7-trigger" and 'id="rows-6-trigger"' in page
    assert page.count('data-module="govuk-button">Send my suggestion</button>') == 2
