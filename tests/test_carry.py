"""A form refused because the session idled out comes back after signing in, and saves on one press."""
import html
import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import update
from wtforms import BooleanField, HiddenField, RadioField, SelectField
from wtforms import Form as WTForm
from wtforms.fields.core import UnboundField

from conftest import PASSWORD, make_plan, sections_of
from school_plans import carry
from school_plans.extensions import db as _db
from school_plans.models import UserSession
from school_plans.models.types import utcnow

TEMPLATES = Path(carry.__file__).parent / "templates"


def idle_out(app) -> None:
    """Every open session was last used longer ago than SESSION_IDLE_TIMEOUT."""
    long_ago = utcnow() - app.config["SESSION_IDLE_TIMEOUT"] - timedelta(minutes=1)
    _db.session.execute(update(UserSession).values(last_seen_at=long_ago))
    _db.session.commit()


def form_fields(page: str, action: str) -> dict:
    """The hidden inputs of the form posting to `action`, as the browser would send them."""
    form = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', page, re.S).group(0)
    inputs = [dict(re.findall(r'(\w+)="([^"]*)"', tag)) for tag in re.findall(r"<input[^>]*>", form)]
    return {html.unescape(i["name"]): html.unescape(i.get("value", "")) for i in inputs if i.get("type") == "hidden"}


def shown_back(page: str) -> list[str]:
    return [html.unescape(v) for v in re.findall(r'<div class="govuk-inset-text app-preserve">(.*?)</div>', page, re.S)]


def test_after_an_idle_out_signing_in_and_one_send_again_saves_the_section(app, world, make_client):
    staff = world.user("school_staff")
    section = sections_of(make_plan(world.child, world.user("designated_teacher")))["about-me"]
    url = f"/plans/{section.plan_id}/sections/{section.id}"
    browser = make_client(staff)
    idle_out(app)

    refused = browser.post(url, {"version": "1", "action": "save", "text": "Written over a long lunch 🌳"})
    assert refused.status_code == 401 and "You were signed out before your changes were sent" in refused.text
    sign_in = form_fields(refused.text, "/sign-in")
    resubmit = browser.post("/sign-in", {**sign_in, "email": staff.email, "password": PASSWORD}, csrf=False)
    assert resubmit.status_code == 200 and "Send again" in resubmit.text
    assert shown_back(resubmit.text) == ["Written over a long lunch 🌳"]   # not "1" (version) or "save"

    sent = browser.post(url, form_fields(resubmit.text, url), csrf=False)   # pressed once, its own token
    assert sent.status_code == 302
    _db.session.refresh(section)
    assert section.content == {"text": "Written over a long lunch 🌳"} and section.version == 2


def test_the_resubmit_page_shows_typed_text_and_keeps_every_field(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    fields = {"version": "3", "action": "save", "audience": "everyone", "rows-0-role": "key_adult",
              "rows-0-name": "Ms Okafor", "calm-looks_like": "Humming", "date_of_birth-day": "12"}
    page = dt.post(f"/children/{world.child.id}/edit", fields, csrf=False).text
    assert shown_back(page) == ["Ms Okafor", "Humming", "12"]
    assert form_fields(page, f"/children/{world.child.id}/edit") | {"csrf_token": ""} == {**fields, "csrf_token": ""}


def _not_typed_in_forms() -> set[str]:
    """Hidden and choice fields of every form class (the app is made, so every module is imported)."""
    names, seen, todo = set(), set(), [WTForm]
    while todo:
        cls = todo.pop()
        seen.add(cls)
        todo.extend(set(cls.__subclasses__()) - seen)
        for name, unbound in vars(cls).items():
            if isinstance(unbound, UnboundField) and issubclass(
                    unbound.field_class, (HiddenField, RadioField, SelectField, BooleanField)):
                names.add(name)
    return names - {"csrf_token"}


def _not_typed_in_templates() -> set[str]:
    names = set()
    for path in TEMPLATES.rglob("*.html"):
        source = path.read_text()
        names.update(re.findall(r'<input type="hidden" name="([\w.]+)"', source))
        names.update(re.findall(r'<button[^>]*\bname="([\w.]+)"', source))
        names.update(re.findall(r'<input[^>]*\bname="([\w.]+)"[^>]*type="(?:checkbox|radio)"', source))
        names.update(re.findall(r'<input[^>]*type="(?:checkbox|radio)"[^>]*\bname="([\w.]+)"', source))
        names.update(re.findall(r'<select[^>]*\bname="([\w.]+)"', source))
    return names - {"csrf_token"}


def test_every_hidden_input_button_and_choice_is_named_as_not_typed(app):
    missing = (_not_typed_in_forms() | _not_typed_in_templates()) - carry.NOT_TYPED
    assert not missing, f"add these to carry.NOT_TYPED: {sorted(missing)}"
