"""The review pack: one Word document, reopened with python-docx, that holds the review, what changed in the
plan since the previous review, and the attached plan version as the reader may read it."""
from dataclasses import dataclass
from datetime import date, datetime, timezone
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from docx.shared import Mm
from sqlalchemy import select

from conftest import make_plan, professionals_only, sections_of, write_section
from school_plans.compare import compare_text
from school_plans.demo import DEMO_PLANS
from school_plans.export import build_plan_docx, build_review_docx, review_file_name
from school_plans.export.review import merged
from school_plans.extensions import db as _db
from school_plans.models import CLA_REVIEW, PEP_MEETING, AuditEvent, Review
from school_plans.plan_reading import read_agreed
from school_plans.review_reading import read_review
from school_plans.services import agreement
from school_plans.services import reviews as service
from school_plans.services.plans import update_details
from school_plans.text import isolate

SIGNERS = ("designated_teacher", "parent_carer", "social_worker")   # child A is looked after
SECRET = "Supervised contact every other Thursday"
SECRET_NOW = "Contact with birth mum is now once a month"
ABOUT_BEFORE = "I love drawing sharks and playing football at break."
ABOUT_AFTER = "I love painting sharks and playing football at break."
TITLE_BEFORE, TITLE_AFTER = "Sam's school support plan", "Sam's classroom support plan"
HELPS_AFTER = "Tell Sam at the door who is teaching, and show the change on the visual timetable."
FIRST_AT = datetime(2026, 3, 3, 10, 30, tzinfo=timezone.utc)
SECOND_AT = datetime(2026, 7, 1, 8, 0, tzinfo=timezone.utc)   # 09:00 on a London clock (summer time)
OUTCOME = "Keep the plan as it is.\n\nLook at the triggers again in the autumn."
BACKGROUND = "Background, for the core team"


# --- reading the documents back -----------------------------------------------------------------

def open_docx(data: bytes):
    return Document(BytesIO(data))


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def headings(doc, level=1) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def struck(paragraphs) -> list[str]:
    return [r.text for p in paragraphs for r in p.runs if r.font.strike]


def underlined(paragraphs) -> list[str]:
    return [r.text for p in paragraphs for r in p.runs if r.underline]


def on_the_clock(app, moment: datetime, pattern="%-d %B %Y, %H:%M") -> str:
    return moment.astimezone(ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])).strftime(pattern)


def pack(review, user=None):
    return open_docx(build_review_docx(read_review(user, review)))


def after_heading(doc, text: str):
    """The paragraphs after the first heading reading `text`."""
    paragraphs = doc.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.style.name.startswith("Heading") and p.text == text)
    return paragraphs[start + 1:]


# --- fixtures, through the services --------------------------------------------------------------

def agree(world, plan) -> None:
    agreement.share(plan, world.user("designated_teacher"))
    _db.session.commit()
    for role in SIGNERS:
        agreement.agree(plan, world.user(role), agreement.stamp(plan))
        _db.session.commit()
    assert plan.status == "agreed"


def schedule(world, kind, at, **details):
    review = service.schedule(world.child, world.user("social_worker"), service.Details(kind, at, **details))
    _db.session.commit()
    return review


def attach(world, review, plan, number):
    service.attach(review, agreement.agreed_version(plan, number), world.user("social_worker"), review.version)
    _db.session.commit()


@dataclass
class Reviews:
    plan: object
    first: Review    # the CLA review with version 1 attached
    second: Review   # the PEP meeting with version 2 attached, an outcome and two actions


@pytest.fixture()
def reviews(world) -> Reviews:
    """Version 1 agreed and attached to a CLA review; then the plan's title, "about me", a trigger and the
    professionals-only background change, version 2 is agreed and attached to a PEP meeting."""
    dt, sw = world.user("designated_teacher"), world.user("social_worker")
    plan = make_plan(world.child, dt)
    update_details(plan, dt, TITLE_BEFORE, plan.plan_date, date(2026, 7, 1))
    _db.session.commit()
    content = DEMO_PLANS["Leo"]["sections"]
    written = {"about-me": {"text": ABOUT_BEFORE}, "background": {"text": SECRET}}
    for key, section in sections_of(plan).items():
        if key == "background":
            professionals_only(section)
        write_section(section, written.get(key, content[key]), dt)
    agree(world, plan)
    first = schedule(world, CLA_REVIEW, FIRST_AT, chair="Ms Independent Reviewer")
    attach(world, first, plan, 1)

    update_details(plan, dt, TITLE_AFTER, plan.plan_date, plan.review_date)
    parts = sections_of(plan)
    write_section(parts["about-me"], {"text": ABOUT_AFTER}, dt)
    rows = [dict(row) for row in parts["triggers"].content["rows"]]
    rows[0]["helps"] = HELPS_AFTER
    write_section(parts["triggers"], {"rows": rows}, dt)
    write_section(parts["background"], {"text": SECRET_NOW}, dt)
    agree(world, plan)
    second = schedule(world, PEP_MEETING, SECOND_AT, chair="Mr Virtual Head",
                      member_ids=[world.user("parent_carer").id, dt.id], named=["Dr Ada Outside"])
    attach(world, second, plan, 2)
    service.record_outcome(second, sw, OUTCOME, second.version)
    service.add_action(second, sw, "Update the visual timetable", "Mr Reilly", date(2026, 9, 15))
    done = service.add_action(second, sw, "Give the new class teacher the plan", "Designated teacher", None)
    service.set_done(done, sw, True)
    _db.session.commit()
    return Reviews(plan, first, second)


# --- the pack -------------------------------------------------------------------------------------

def test_the_pack_opens_with_the_reviews_details(app, world, reviews):
    doc = pack(reviews.second)
    agreed = agreement.agreed_version(reviews.plan, 2)
    assert doc.paragraphs[0].style.name == "Title" and doc.paragraphs[0].text == f"PEP meeting for {isolate('Sam')}"
    assert cells(doc.tables[0]) == [
        ["Type of review", "PEP meeting"],
        ["Date and time", on_the_clock(app, SECOND_AT)],
        ["Chair", "Mr Virtual Head"],
        ["Attendees", "\n".join([f"{isolate('Parent Carer')} (Parent or carer)",
                                  f"{isolate('Designated Teacher')} (Designated teacher)", isolate("Dr Ada Outside")])],
        ["Plan version",
         f"{isolate(TITLE_AFTER)}, version 2, agreed on {on_the_clock(app, agreed.agreed_at, '%-d %B %Y')}"],
    ]


def test_the_pack_has_the_outcome_and_the_actions(app, world, reviews):
    doc = pack(reviews.second)
    assert headings(doc)[:3] == ["Outcome", "Actions", "Changes since the last review"]
    outcome = [p.text for p in after_heading(doc, "Outcome")[:2]]
    assert outcome == ["Keep the plan as it is.", "Look at the triggers again in the autumn."]
    done_at = reviews.second.actions[1].done_at
    assert cells(doc.tables[1]) == [
        ["What", "Who", "By when", "Done"],
        ["Update the visual timetable", "Mr Reilly", "15 September 2026", "Open"],
        ["Give the new class teacher the plan", "Designated teacher", "No date",
         on_the_clock(app, done_at, "%-d %B %Y")],
    ]


def test_a_review_without_outcome_actions_or_plan_says_so(world):
    review = schedule(world, "other", FIRST_AT)
    doc = pack(review)
    text = all_text(doc)
    assert "No plan version attached" in cells(doc.tables[0])[-1]
    assert "No outcome recorded yet." in text and "No actions recorded yet." in text
    assert "nothing to compare" in text
    assert "At a glance" not in text and len(doc.tables) == 1


def test_the_first_review_with_a_plan_says_there_is_nothing_before_it(world, reviews):
    doc = pack(reviews.first)
    assert after_heading(doc, "Changes since the last review")[0].text == (
        "This is the first review with a plan version attached.")
    assert headings(doc, 2) == []


def test_changes_since_the_previous_review_mark_deleted_and_inserted_words(app, world, reviews):
    doc = pack(reviews.second)
    parts = sections_of(reviews.plan)
    assert headings(doc, 2) == ["The plan's details", f"{isolate(parts['about-me'].heading)}: Changed",
                                f"{isolate(parts['triggers'].heading)}: Changed", f"{isolate(BACKGROUND)}: Changed"]
    changes = after_heading(doc, "Changes since the last review")
    assert "CLA review" in changes[0].text and on_the_clock(app, FIRST_AT) in changes[0].text
    assert f"{isolate(TITLE_BEFORE)}, version 1" in changes[0].text
    title = next(p for p in changes if p.text.startswith("Title of the plan: "))
    assert struck([title]) == ["school"] and underlined([title]) == ["classroom"]
    about = next(p for p in changes if "sharks" in p.text)
    assert struck([about]) == ["drawing"] and underlined([about]) == ["painting"]
    assert about.text == "I love drawingpainting sharks and playing football at break."
    table = next(t for t in doc.tables if cells(t)[0] == ["Change", "Previous version", "This version"])
    assert [row[0] for row in cells(table)[1:]] == ["Changed"]
    old, new = table.rows[1].cells[1], table.rows[1].cells[2]
    assert old.paragraphs[0].text.startswith("Situation or trigger: A supply teacher")
    helps = next(p for p in new.paragraphs if p.text.startswith("What helps: "))
    assert "Leo" in struck(old.paragraphs) and "Sam" in underlined([helps])
    assert "".join(r.text for r in helps.runs[1:]) == HELPS_AFTER
    assert not struck(new.paragraphs) and not underlined(old.paragraphs)
    background = after_heading(doc, f"{isolate(BACKGROUND)}: Changed")[0]
    assert "".join(r.text for r in background.runs if not r.underline) == SECRET
    assert "".join(r.text for r in background.runs if not r.font.strike) == SECRET_NOW


def test_a_review_with_the_same_version_as_the_last_has_no_changes(world, reviews):
    third = schedule(world, CLA_REVIEW, datetime(2026, 9, 20, 13, 0, tzinfo=timezone.utc))
    attach(world, third, reviews.plan, 2)
    doc = pack(third)
    changes = after_heading(doc, "Changes since the last review")
    assert "PEP meeting" in changes[0].text
    assert changes[1].text == "No changes to the plan since the last review."
    assert headings(doc, 2) == []


def test_the_pack_ends_with_the_attached_version_exactly_as_the_plan_export_writes_it(world, reviews):
    doc = pack(reviews.second)
    plan_doc = open_docx(build_plan_docx(read_agreed(None, reviews.plan, agreement.agreed_version(reviews.plan, 2),
                                                     agreement.signatures(reviews.plan, 2))))
    parts = sorted(sections_of(reviews.plan).values(), key=lambda s: s.position)
    assert headings(doc)[3:] == [s.heading for s in parts] + ["Who agreed this version"] == headings(plan_doc)
    tail = [p.text for p in doc.paragraphs[-len(plan_doc.paragraphs):]]
    assert tail == [p.text for p in plan_doc.paragraphs]
    assert [cells(t) for t in doc.tables[-len(plan_doc.tables):]] == [cells(t) for t in plan_doc.tables]
    assert [p.text for p in doc.paragraphs if p.style.name == "Title"] == [f"PEP meeting for {isolate('Sam')}",
                                                                           TITLE_AFTER]
    assert ["Version", "2"] in cells(plan_doc.tables[0]) and ABOUT_AFTER in tail


def test_editing_the_plan_after_attaching_never_changes_the_pack(world, reviews):
    before = {review.id: all_text(pack(review)) for review in (reviews.first, reviews.second)}
    write_section(sections_of(reviews.plan)["about-me"], {"text": "Written after the review"},
                  world.user("designated_teacher"))
    agree(world, reviews.plan)
    assert reviews.plan.version == 3
    for review in (reviews.first, reviews.second):
        assert all_text(pack(review)) == before[review.id]
    assert "Written after the review" not in before[reviews.second.id]
    assert ABOUT_AFTER in before[reviews.second.id]


def test_a_parents_pack_has_no_professionals_only_section(world, reviews):
    everything = pack(reviews.second)
    doc = pack(reviews.second, world.user("parent_carer"))
    text = all_text(doc)
    assert SECRET not in text and SECRET_NOW not in text
    assert BACKGROUND not in headings(doc) and not any(BACKGROUND in h for h in headings(doc, 2))
    assert headings(doc) == [h for h in headings(everything) if h != BACKGROUND]
    assert "Supervised" not in text and "birth mum" not in text
    assert ABOUT_AFTER in text and {"drawing", "school"} <= set(struck(doc.paragraphs))


def test_the_pack_is_a4_marked_numbered_and_names_nobody_in_its_properties(world, reviews):
    doc = pack(reviews.second)
    section = doc.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert section.footer.paragraphs[0].text.startswith(f"Review {reviews.second.id}. Page ")
    footer = section.footer._element.xml
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer
    props = doc.core_properties
    assert props.author == props.last_modified_by == "school-plans"
    assert props.identifier == f"review-{reviews.second.id}" and props.language == "en-GB"
    names = [world.child.preferred_name, "Virtual Head", "Ada Outside", "Reilly"] + [
        u.name for u in world.people.values()]
    values = " ".join(str(getattr(props, a)) for a in ("author", "category", "comments", "content_status",
                                                       "identifier", "keywords", "last_modified_by",
                                                       "subject", "title", "version"))
    assert not any(name in values for name in names)


def test_the_file_is_named_by_the_reviews_id_only(world, reviews):
    assert review_file_name(reviews.second) == f"review-{reviews.second.id}.docx"
    assert world.child.preferred_name not in review_file_name(reviews.second)


@pytest.mark.parametrize("old, new", [
    ("the cat sat", "the dog sat"), ("one two", "one new two"), ("one new two", "one two"), ("", "all new"),
    ("all gone", ""), ("a b c d", "x b y d z"), ("same", "same"),
])
def test_merged_pieces_read_as_the_old_text_without_insertions_and_the_new_without_deletions(old, new):
    pieces = merged(compare_text(old, new))
    assert "".join(p.text for p in pieces if p.op != "ins") == old
    assert "".join(p.text for p in pieces if p.op != "del") == new


# --- the export-review command --------------------------------------------------------------------

def run_export(app, review_id, out, *args):
    return app.test_cli_runner().invoke(args=["export-review", str(review_id), "--out", str(out), *args])


def test_export_review_command_has_help(app):
    result = app.test_cli_runner().invoke(args=["export-review", "--help"])
    assert result.exit_code == 0 and "--as-user" in result.output


def test_export_review_command_writes_the_pack_and_records_it(app, world, reviews, tmp_path):
    out = tmp_path / "pack.docx"
    result = run_export(app, reviews.second.id, out)
    assert result.exit_code == 0, result.output
    doc = Document(out)
    assert SECRET_NOW in all_text(doc) and "Update the visual timetable" in all_text(doc)
    events = _db.session.scalars(select(AuditEvent).where(AuditEvent.action == "review.export")).all()
    assert [(e.user_id, e.object_type, e.object_id, e.child_id) for e in events] == [
        (None, "reviews", reviews.second.id, world.child.id)]


def test_export_review_command_as_a_parent_holds_only_what_they_may_read(app, world, reviews, tmp_path):
    out = tmp_path / "parent.docx"
    result = run_export(app, reviews.second.id, out, "--as-user", "parent_carer@example.org")
    assert result.exit_code == 0, result.output
    doc = Document(out)
    assert SECRET not in all_text(doc) and SECRET_NOW not in all_text(doc)
    assert BACKGROUND not in headings(doc) and ABOUT_AFTER in all_text(doc)
    event = _db.session.scalar(select(AuditEvent).where(AuditEvent.action == "review.export"))
    assert (event.user_id, event.object_id) == (world.user("parent_carer").id, reviews.second.id)


@pytest.mark.parametrize("review_id, args, message", [
    (None, ["--as-user", "other@example.org"], "may not read review"),
    (None, ["--as-user", "admin@example.org"], "may not read review"),
    (None, ["--as-user", "nobody@example.org"], "No account with the email address nobody@example.org"),
    (999999, [], "No review 999999"),
])
def test_export_review_command_refuses_and_says_why(app, world, reviews, tmp_path, review_id, args, message):
    out = tmp_path / "x.docx"
    result = run_export(app, review_id or reviews.second.id, out, *args)
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
    assert not out.exists()
    assert _db.session.scalar(select(AuditEvent).where(AuditEvent.action == "review.export")) is None


def test_export_review_command_says_when_it_cannot_write_the_file(app, world, reviews, tmp_path):
    result = run_export(app, reviews.second.id, tmp_path / "no such folder" / "x.docx")
    assert result.exit_code != 0 and "Could not write" in result.output and "Traceback" not in result.output
