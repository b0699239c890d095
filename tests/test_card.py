"""The one-page card: only what everyone in the network may read, the key adult, safe space, triggers, what
helps and what to avoid, one side of A4 in Word in every language, and the designated teacher's choice of rows."""
import html
import re
import shutil
import subprocess
from io import BytesIO

import pytest
from docx import Document
from sqlalchemy import select
from test_audiences import docx_text

from conftest import make_plan, sections_of, skip_or_fail, write_section
from school_plans.demo import DEMO_PLANS
from school_plans.extensions import db as _db
from school_plans.models import AuditEvent
from school_plans.services import agreement
from school_plans.services.plans import save_section
from school_plans.text import without_bidi_controls

ROLES = ("designated_teacher", "school_staff", "parent_carer", "social_worker", "virtual_school")
CARD_SECTIONS = ("my-adults", "safe-spaces", "triggers", "stress-stages", "hard-days")


@pytest.fixture()
def plan(world):
    """Sam's plan with Leo's demo words in every section."""
    plan = make_plan(world.child, world.user("designated_teacher"))
    content = DEMO_PLANS["Leo"]["sections"]
    for key, section in sections_of(plan).items():
        write_section(section, content[key], world.user("designated_teacher"))
    return plan


def card_words(client, plan) -> tuple[str, str]:
    page = client.get(f"/plans/{plan.id}/card")
    download = client.get(f"/plans/{plan.id}/card/download")
    assert page.status_code == 200 and download.status_code == 200
    return page.text, docx_text(download.data)


@pytest.mark.parametrize("audience", ["core_team", "professionals", "named"])
def test_the_card_never_holds_a_section_not_everyone_may_read(world, plan, make_client, audience):
    """Each section the card draws on, planted with a canary and given `audience`: nobody's card holds it."""
    teacher = world.user("designated_teacher")
    parts = sections_of(plan)
    canaries = {}
    for key in CARD_SECTIONS:
        section = parts[key]
        content = section.content
        canary = f"CANARY{key.replace('-', '').upper()}X"
        if "rows" in content:
            rows = [dict(r) for r in content["rows"]]
            for column in ("name", "place", "trigger", "helps"):
                if column in rows[0]:
                    rows[0][column] = canary
            content = {"rows": rows}
        elif "stages" in content:
            content = {"stages": {k: {**v, "helps": canary, "avoid": canary} for k, v in content["stages"].items()}}
        else:
            content = {"text": canary}
        save_section(section, content, section.version, teacher, audience=audience,
                     named={world.user("social_worker").id} if audience == "named" else None)
        canaries[key] = canary
    _db.session.commit()
    for role in ROLES:
        page, download = card_words(make_client(world.user(role)), plan)
        for key, canary in canaries.items():
            assert canary not in page and canary not in download, (role, key)


def test_the_card_holds_the_key_adult_safe_space_triggers_what_to_avoid_and_who_to_call(world, plan, make_client):
    demo = DEMO_PLANS["Leo"]["sections"]
    key_adult = next(r for r in demo["my-adults"]["rows"] if r["role"] == "key_adult")
    page, _download = card_words(make_client(world.user("school_staff")), plan)
    document = Document(BytesIO(make_client(world.user("school_staff")).get(f"/plans/{plan.id}/card/download").data))
    words = "\n".join(p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs)
    assert key_adult["name"] in words and "How to reach them now" in words
    assert demo["safe-spaces"]["rows"][0]["place"] in words
    for row in demo["triggers"]["rows"][:3]:
        assert row["trigger"] in words
    assert demo["stress-stages"]["stages"]["escalating"]["avoid"][:40] in words
    assert "If things go wrong: who to call" in words
    assert "OFFICIAL-SENSITIVE" in document.sections[0].header.paragraphs[0].text
    assert key_adult["name"] in page and "What to avoid" in page
    assert ".," not in without_bidi_controls(words) and ".," not in page
    assert _db.session.scalar(select(AuditEvent).where(AuditEvent.action == "card.export")) is not None


def test_the_plan_box_in_word_lists_each_point_on_its_own_line(world, plan, make_client):
    """No sentences run together (".,") in the plan's "at a glance" box."""
    document = Document(BytesIO(make_client(world.user("school_staff")).get(f"/plans/{plan.id}/download").data))
    box = without_bidi_controls(document.tables[1].rows[0].cells[0].text)
    helps = [r["helps"] for r in DEMO_PLANS["Leo"]["sections"]["triggers"]["rows"][:3]]
    assert all(f"• {h}" in box for h in helps) and ".," not in box


def pages_of(data: bytes, tmp_path, name: str) -> int:
    if not shutil.which("soffice"):
        skip_or_fail("LibreOffice (soffice) is not installed")
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    return len(re.findall(rb"/Type\s*/Page(?!s)", (tmp_path / f"{name}.pdf").read_bytes()))


def test_the_demo_childrens_cards_are_one_page_in_every_language(app, make_client, db, tmp_path):
    from school_plans.models import Plan
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    from school_plans.demo import DEMO_PASSWORD, email
    teachers = {"Leo": "dt", "Maya": "hillcrest-dt"}   # the plans written in full (Northdale's others are short)
    for plan in _db.session.scalars(select(Plan)):
        if plan.child.preferred_name not in teachers:
            continue
        client = make_client()
        client.sign_in(email(teachers[plan.child.preferred_name]), DEMO_PASSWORD)
        for language in ("en", "cy", "pl", "ar"):
            data = client.get(f"/plans/{plan.id}/card/download?language={language}").data
            assert pages_of(data, tmp_path, f"{plan.id}-{language}") == 1, (plan.child.preferred_name, language)


def overfill(plan, teacher):
    """Far more than a card holds: 30 long rows in each table, 12 hard days, long distress stages."""
    long = "Long words that keep going " * 40
    parts = sections_of(plan)
    fills = {"my-adults": {"name": "Adult {n}", "role": "key_adult", "available": long, "how_helps": long,
                           "contact": long},
             "safe-spaces": {"place": "Place {n}", "use": "offered", "who": long, "what": long},
             "triggers": {"trigger": "Trigger {n} " + long, "signs": long, "helps": "Help {n} " + long}}
    for key, row in fills.items():
        write_section(parts[key], {"rows": [{k: v.replace("{n}", str(n)) for k, v in row.items()}
                                            for n in range(30)]}, teacher)
    write_section(parts["hard-days"], {"text": "\n\n".join(f"Day {n}: {long}" for n in range(12))}, teacher)
    write_section(parts["stress-stages"], {"stages": {k: {"looks_like": long, "helps": long, "avoid": f"Avoid {k} "
                                                          + long} for k in parts["stress-stages"].content["stages"]}},
                  teacher)


def test_a_plan_with_far_more_than_fits_still_gives_one_page_saying_what_was_left_out(world, plan, make_client,
                                                                                   tmp_path):
    overfill(plan, world.user("designated_teacher"))
    client = make_client(world.user("school_staff"))
    for language in ("en", "ar"):
        data = client.get(f"/plans/{plan.id}/card/download?language={language}").data
        assert "More in the full plan" in docx_text(data) or language != "en"
        assert pages_of(data, tmp_path, f"full-{language}") == 1, language
    assert "More in the full plan: 28 more adults" in client.get(f"/plans/{plan.id}/card").text


def choice(words: str) -> str:
    from school_plans import card
    return card.item_id(card.Item(words, []))


def test_the_designated_teacher_chooses_what_the_card_shows(world, plan, make_client):
    teacher = make_client(world.user("designated_teacher"))
    page = teacher.get(f"/plans/{plan.id}/card").text
    assert "Choose what the card shows" in page
    demo = DEMO_PLANS["Leo"]["sections"]
    last = demo["triggers"]["rows"][-1]   # not on the card: its early signs tell it apart in the chooser
    assert f"Early signs: {last['signs']}" in html.unescape(page)
    triggers = [r["trigger"] for r in demo["triggers"]["rows"]]
    rest = {"safe_spaces": choice(demo["safe-spaces"]["rows"][1]["place"]),
            "helps": choice(demo["triggers"]["rows"][0]["helps"]),
            "avoid": choice(demo["stress-stages"]["stages"]["calm"]["avoid"]),
            "hard_days": choice(demo["hard-days"]["text"].split("\n\n")[0])}
    too_many = teacher.post(f"/plans/{plan.id}/card", {"triggers": [choice(t) for t in triggers[:4]], **rest})
    assert too_many.status_code == 400 and "Choose at most 3" in too_many.text
    stale = teacher.post(f"/plans/{plan.id}/card", {"triggers": choice("A row nobody wrote"), **rest})
    assert stale.status_code == 400 and "The plan changed while you were choosing" in stale.text
    chosen = teacher.post(f"/plans/{plan.id}/card", {"triggers": choice(triggers[-1]), **rest})
    assert chosen.status_code == 302
    card = make_client(world.user("school_staff")).get(f"/plans/{plan.id}/card").text
    assert triggers[-1] in card and triggers[0] in card   # the chosen one, then the first ones to fill the room
    assert triggers[2] not in card   # three fit: the chosen and the first two
    staff = make_client(world.user("school_staff"))
    assert "Choose what the card shows" not in card
    assert staff.post(f"/plans/{plan.id}/card", {"triggers": choice(triggers[0])}).status_code == 403


def test_a_choice_never_leaves_room_empty_when_the_plan_changes(world, plan, make_client):
    teacher = world.user("designated_teacher")
    from school_plans.services.plans import set_card_choices
    set_card_choices(plan, {"triggers": ["Trigger 4"]}, teacher)
    write_section(sections_of(plan)["triggers"], {"rows": [{"trigger": f"Trigger {n}", "signs": "", "helps": ""}
                                                           for n in (2, 3, 4)]}, teacher)
    card = make_client(world.user("school_staff")).get(f"/plans/{plan.id}/card").text
    assert all(f"Trigger {n}" in card for n in (2, 3, 4)) and "more thing that can make things hard" not in card


def test_each_agreed_version_has_its_card(world, plan, make_client):
    agreement.share(plan, world.user("designated_teacher"))
    for role in ("designated_teacher", "parent_carer", "social_worker"):
        agreement.agree(plan, world.user(role), agreement.stamp(plan))
    _db.session.commit()
    section = sections_of(plan)["safe-spaces"]
    write_section(section, {"rows": [{"place": "A brand new den", "use": "offered", "who": "", "what": ""}]},
                  world.user("designated_teacher"))
    client = make_client(world.user("school_staff"))
    agreed = client.get(f"/plans/{plan.id}/versions/1/card").text
    assert "A brand new den" not in agreed and "agreed on" in agreed
    assert "A brand new den" in client.get(f"/plans/{plan.id}/card").text
    assert "A brand new den" not in docx_text(client.get(f"/plans/{plan.id}/versions/1/card/download").data)
    assert client.get(f"/plans/{plan.id}/versions/9/card").status_code == 404


def test_an_agreed_versions_card_keeps_the_rows_chosen_when_it_was_agreed(world, plan, make_client):
    from school_plans.services.plans import set_card_choices
    teacher = world.user("designated_teacher")
    triggers = [r["trigger"] for r in DEMO_PLANS["Leo"]["sections"]["triggers"]["rows"]]
    set_card_choices(plan, {"triggers": [triggers[-1]]}, teacher)
    agreement.share(plan, teacher)
    for role in ("designated_teacher", "parent_carer", "social_worker"):
        agreement.agree(plan, world.user(role), agreement.stamp(plan))
    set_card_choices(plan, {"triggers": [triggers[2]]}, teacher)
    _db.session.commit()
    client = make_client(world.user("school_staff"))
    agreed, now = client.get(f"/plans/{plan.id}/versions/1/card").text, client.get(f"/plans/{plan.id}/card").text
    assert triggers[-1] in agreed and triggers[2] not in agreed
    assert triggers[2] in now and triggers[-1] not in now


def test_every_word_document_the_app_writes_opens_in_word_without_a_repair(world, plan, make_client, tmp_path):
    """The plan, an agreed version with comments, a review pack and the card pass openxml-audit with no errors
    (python-docx's stylesWithEffects part, which disagrees with styles.xml, is left out)."""
    import json
    import sys
    from datetime import datetime, timedelta, timezone

    from school_plans.services import comments, reviews
    teacher = world.user("designated_teacher")
    comments.add_comment(sections_of(plan)["about-me"], teacher, "Shall we add football?")
    agreement.share(plan, teacher)
    for role in ("designated_teacher", "parent_carer", "social_worker"):
        agreement.agree(plan, world.user(role), agreement.stamp(plan))
    review = reviews.schedule(world.child, world.user("social_worker"), reviews.Details(
        kind="cla_review", starts_at=datetime.now(timezone.utc) + timedelta(days=3), chair="Pat IRO"))
    reviews.attach(review, agreement.agreed_version(plan, 1), world.user("social_worker"), review.version)
    _db.session.commit()
    client = make_client(world.user("social_worker"))
    for name, url in (("plan", f"/plans/{plan.id}/download"),
                      ("agreed", f"/plans/{plan.id}/versions/1/download?comments=1"),
                      ("review", f"/reviews/{review.id}/download"), ("card", f"/plans/{plan.id}/card/download"),
                      ("card-ar", f"/plans/{plan.id}/card/download?language=ar")):
        path = tmp_path / f"{name}.docx"
        path.write_bytes(client.get(url).data)
        out = subprocess.run([sys.executable, "-m", "openxml_audit", "-o", "json", str(path)], capture_output=True,
                             text=True, timeout=120)
        found = json.loads(out.stdout)[0]
        assert found["valid"] and not found["errors"], (name, found["errors"])
        assert found["verdict"]["prediction"] == "opens-clean", (name, found["verdict"])
