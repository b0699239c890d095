"""The Word export: reopened with python-docx, it holds the plan as the reader may see it."""
from datetime import datetime
from io import BytesIO

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from conftest import find_user, make_plan, professionals_only, sections_of, write_section
from school_plans import policy, sections
from school_plans.demo import DEMO_PLANS
from school_plans.export import build_plan_docx
from school_plans.export.plan import initials
from school_plans.export.word import Writer
from school_plans.extensions import db as _db
from school_plans.models import Comment
from school_plans.plan_reading import read_agreed, read_plan
from school_plans.services import agreement, comments
from school_plans.text import isolate

SECRET = "Supervised contact every other Thursday"


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def headings(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]


@pytest.fixture()
def filled_plan(world):
    """Child A's plan with the demo's words in every section, the background section professionals-only."""
    plan = make_plan(world.child, world.user("designated_teacher"))
    content = DEMO_PLANS["Leo"]["sections"]
    for key, section in sections_of(plan).items():
        if key == "background":
            professionals_only(section)
        write_section(section, {"text": SECRET} if key == "background" else content[key],
                      world.user("designated_teacher"))
    return plan


def download(client, plan):
    response = client.get(f"/plans/{plan.id}/download")
    assert response.status_code == 200
    return response, Document(BytesIO(response.data))


def test_download_is_a_word_document_named_by_ids_and_never_cached(world, filled_plan, make_client):
    response, _doc = download(make_client(world.user("school_staff")), filled_plan)
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response.headers["Content-Disposition"] == f"attachment; filename=plan-{filled_plan.id}-v1.docx"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Sam" not in response.headers["Content-Disposition"]


def test_every_section_is_a_heading_and_every_row_is_in_a_table(world, filled_plan, make_client):
    _response, doc = download(make_client(world.user("social_worker")), filled_plan)
    parts = sections_of(filled_plan)
    assert headings(doc) == [s.heading for s in sorted(parts.values(), key=lambda s: s.position)]
    text = all_text(doc)
    for key, section in parts.items():
        kind = sections.get(section.kind)
        if kind.has_rows:
            for row in section.content["rows"]:
                for column in kind.columns:
                    assert kind.cell(column, row) in text, f"{key}: {column.key}"
        elif section.kind == "text":
            for paragraph in kind.paragraphs(section.content):
                assert paragraph in text
        else:
            for values in section.content["stages"].values():
                assert all(value in text for value in values.values())
    assert SECRET in text
    assert "Chronological age on" in text


def test_a_parents_export_has_no_professionals_only_section(world, filled_plan, make_client):
    _response, doc = download(make_client(world.user("parent_carer")), filled_plan)
    background = sections_of(filled_plan)["background"]
    assert background.heading not in headings(doc)
    assert SECRET not in all_text(doc)
    assert len(headings(doc)) == len(sections_of(filled_plan)) - 1


def test_the_document_is_a4_marked_and_numbered(world, filled_plan, make_client):
    _response, doc = download(make_client(world.user("designated_teacher")), filled_plan)
    section = doc.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    footer = section.footer._element.xml
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer
    assert f"Plan {filled_plan.id}, version 1" in section.footer.paragraphs[0].text
    lang = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"


def test_title_block_and_at_a_glance_box_open_page_one(world, filled_plan, make_client):
    _response, doc = download(make_client(world.user("designated_teacher")), filled_plan)
    title_block = all_text_of(doc.tables[0])
    for value in ("Sam", "Oak Tree Primary", "Year 4", "Draft", "Date of plan", "Review date"):
        assert value in title_block
    glance = all_text_of(doc.tables[1])
    assert glance.startswith("At a glance")
    assert "Key adult: \u2068Mr Tom Reilly" in glance and "Safe space:" in glance and "Main triggers:" in glance


def all_text_of(table) -> str:
    return "\n".join(cell.text for row in table.rows for cell in row.cells)


def test_list_tables_repeat_their_header_row_and_stages_are_colour_keyed(world, filled_plan, make_client):
    _response, doc = download(make_client(world.user("designated_teacher")), filled_plan)
    lists = doc.tables[2:]
    assert lists and all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in lists)
    stages = next(t for t in lists if t.rows[0].cells[0].text == "Stage")
    fills = [row.cells[0]._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for row in stages.rows[1:]]
    assert [row.cells[0].text for row in stages.rows[1:]] == ["Calm", "Anxious", "Escalating", "Crisis", "Recovery"]
    assert len(set(fills)) == 5


def test_properties_hold_no_library_defaults_and_no_names(world, filled_plan, make_client):
    _response, doc = download(make_client(world.user("designated_teacher")), filled_plan)
    props = doc.core_properties
    assert props.author == props.last_modified_by == "school-plans"
    assert props.comments == "" and "python-docx" not in (props.title + props.subject + props.comments)
    assert props.created.year == datetime.now().year and props.language == "en-GB"
    assert props.identifier == f"plan-{filled_plan.id}-v1"
    names = [world.child.preferred_name] + [u.name for u in world.people.values()]
    values = " ".join(str(getattr(props, a)) for a in ("author", "category", "comments", "content_status",
                                                       "identifier", "keywords", "last_modified_by",
                                                       "subject", "title", "version"))
    assert not any(name in values for name in names)


def test_anything_that_can_be_saved_can_be_exported(world, make_client):
    plan = make_plan(world.child, world.user("designated_teacher"))
    section = sections_of(plan)["about-me"]
    typed = "Bell\x07 rings\x0bnew line\x1b 🙂 أحب المدرسة \ufffe end"
    response = make_client(world.user("school_staff")).post(
        f"/plans/{plan.id}/sections/{section.id}", {"version": "1", "text": typed})
    assert response.status_code == 302
    _response, doc = download(make_client(world.user("parent_carer")), plan)
    assert "Bell rings\nnew line 🙂 أحب المدرسة  end" in all_text(doc)


def test_the_writer_cleans_text_again_on_the_way_into_word():
    writer = Writer("en-GB")
    writer.paragraph("A\x00B\x01C\ud800D")
    writer.table(["Head\x02"], [["Cell\x03"]])
    doc = Document(BytesIO(writer.to_bytes()))
    assert "ABCD" in all_text(doc) and "Cell" in all_text(doc)


def test_spaces_around_written_text_survive_the_document_and_bold_is_bold():
    writer = Writer("en-GB")
    writer.paragraph("  indented and trailing  ", bold=True)
    writer.table(["Head"], [[" kept "]])
    doc = Document(BytesIO(writer.to_bytes()))
    run = doc.paragraphs[0].runs[0]
    assert (run.text, run.bold) == ("  indented and trailing  ", True)
    assert doc.tables[0].rows[1].cells[0].text == " kept "


def test_each_document_starts_blank_whatever_was_written_in_the_one_before():
    first = Writer("ar")
    first.paragraph("Only in the first")
    first.to_bytes()
    second = Document(BytesIO(Writer("en-GB").to_bytes()))
    assert "Only in the first" not in all_text(second)
    assert second.sections[0]._sectPr.find(qn("w:bidi")) is None   # the first was right to left, not this one
    assert second.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang")).get(qn("w:val")) == "en-GB"


def test_export_plan_command_writes_the_full_plan_or_exactly_one_persons_view(app, world, filled_plan, tmp_path):
    runner = app.test_cli_runner()
    full, parents = tmp_path / "full.docx", tmp_path / "parent.docx"
    result = runner.invoke(args=["export-plan", str(filled_plan.id), "--out", str(full)])
    assert result.exit_code == 0, result.output
    assert SECRET in all_text(Document(full))
    result = runner.invoke(args=["export-plan", str(filled_plan.id), "--out", str(parents),
                                 "--as-user", "parent_carer@example.org"])
    assert result.exit_code == 0, result.output
    assert SECRET not in all_text(Document(parents))
    assert headings(Document(parents)) == headings(Document(full))[:-2] + headings(Document(full))[-1:]


@pytest.mark.parametrize("args, message", [
    (["--as-user", "other@example.org"], "may not read plan"),
    (["--as-user", "nobody@example.org"], "No account with the email address"),
])
def test_export_plan_command_refuses_people_outside_the_network(app, world, filled_plan, tmp_path, args, message):
    out = tmp_path / "x.docx"
    result = app.test_cli_runner().invoke(args=["export-plan", str(filled_plan.id), "--out", str(out), *args])
    assert result.exit_code != 0 and message in result.output
    assert not out.exists()


def test_export_plan_command_says_when_there_is_no_such_plan(app, db, tmp_path):
    result = app.test_cli_runner().invoke(args=["export-plan", "999", "--out", str(tmp_path / "x.docx")])
    assert result.exit_code != 0 and "No plan 999" in result.output


def test_exports_are_audited(world, filled_plan, make_client):
    from sqlalchemy import select

    from school_plans.models import AuditEvent
    download(make_client(world.user("virtual_school")), filled_plan)
    event = _db.session.scalar(select(AuditEvent).where(AuditEvent.action == "plan.export"))
    assert (event.user_id, event.object_id) == (find_user("virtual_school@example.org").id, filled_plan.id)


def test_arabic_text_is_written_right_to_left(world, make_client):
    plan = make_plan(world.child, world.user("designated_teacher"))
    parts = sections_of(plan)
    write_section(parts["about-me"], {"text": "أحب كرة القدم\n\nI like maths."}, world.user("designated_teacher"))
    write_section(parts["triggers"], {"rows": [{"trigger": "صوت عالٍ"}]}, world.user("designated_teacher"))
    _response, doc = download(make_client(world.user("parent_carer")), plan)
    arabic = next(p for p in doc.paragraphs if p.text == "أحب كرة القدم")
    english = next(p for p in doc.paragraphs if p.text == "I like maths.")
    assert arabic._p.pPr.find(qn("w:bidi")) is not None and arabic.runs[0]._r.rPr.find(qn("w:rtl")) is not None
    assert english._p.pPr is None or english._p.pPr.find(qn("w:bidi")) is None
    cell = next(c for t in doc.tables for r in t.rows for c in r.cells if c.text == "صوت عالٍ")
    assert cell.paragraphs[0]._p.pPr.find(qn("w:bidi")) is not None


def test_no_library_leftovers_in_the_package(world, filled_plan, make_client):
    import zipfile
    response, _doc = download(make_client(world.user("designated_teacher")), filled_plan)
    package = zipfile.ZipFile(BytesIO(response.data))
    assert not any("thumbnail" in name for name in package.namelist())
    app_xml = package.read("docProps/app.xml").decode()
    assert "<Application>school-plans</Application>" in app_xml and "Microsoft" not in app_xml


def test_export_plan_command_says_when_it_cannot_write_the_file(app, world, filled_plan, tmp_path):
    out = tmp_path / "no such folder" / "x.docx"
    result = app.test_cli_runner().invoke(args=["export-plan", str(filled_plan.id), "--out", str(out)])
    assert result.exit_code != 0 and "Could not write" in result.output and "Traceback" not in result.output


# --- comments ------------------------------------------------------------------------

def comments_of(doc) -> dict:
    """The Word comments by their first paragraph's text."""
    return {c.paragraphs[0].text: c for c in doc.comments}


def export(reading, **kwargs):
    return Document(BytesIO(build_plan_docx(reading, **kwargs)))


def open_threads(reading):
    """Every open thread on the reading's sections (the export itself leaves out any it must not show)."""
    return comments.for_export(None, reading)


def threads_on(plan, *keys):
    parts = sections_of(plan)
    ids = [parts[key].id for key in keys] if keys else [s.id for s in parts.values()]
    return comments.threads(policy.visible_threads(None, plan).where(Comment.section_id.in_(ids)))


def anchored_heading(doc, comment) -> str:
    """The text of the paragraph in which the comment's range starts."""
    for paragraph in doc.paragraphs:
        for start in paragraph._p.iter(qn("w:commentRangeStart")):
            if start.get(qn("w:id")) == str(comment.comment_id):
                return paragraph.text
    raise AssertionError("comment not anchored")


@pytest.fixture()
def discussed_plan(world, filled_plan):
    """Open threads on "about me" (with a reply) and on the professionals-only background; one resolved thread."""
    parts = sections_of(filled_plan)
    thread = comments.add_comment(parts["about-me"], world.user("school_staff"), "Add football?\nHe loves it.")
    comments.reply(thread, world.user("parent_carer"), "Yes please")
    comments.add_comment(parts["background"], world.user("social_worker"), "Contact is changing")
    done = comments.add_comment(parts["triggers"], world.user("school_staff"), "Already sorted")
    comments.resolve(done, world.user("designated_teacher"))
    _db.session.commit()
    return filled_plan


def test_open_threads_become_word_comments_on_their_sections_heading(world, discussed_plan):
    reading = read_plan(world.user("designated_teacher"), discussed_plan)
    doc = export(reading, threads=open_threads(reading))
    found = comments_of(doc)
    assert set(found) == {"Add football?\nHe loves it.", "Contact is changing"}
    about = found["Add football?\nHe loves it."]
    assert (about.author, about.initials) == ("School Staff", "SS")
    assert about.text == f"Add football?\nHe loves it.\n{isolate('Parent Carer')}: {isolate('Yes please')}"
    written = threads_on(discussed_plan, "about-me")[0].first.created_at
    assert about.timestamp == written.replace(microsecond=0)
    assert anchored_heading(doc, about) == sections_of(discussed_plan)["about-me"].heading
    assert anchored_heading(doc, found["Contact is changing"]) == sections_of(discussed_plan)["background"].heading
    assert "Already sorted" not in "\n".join(c.text for c in doc.comments)


def test_without_threads_the_export_has_no_comments(world, discussed_plan):
    assert len(export(read_plan(world.user("designated_teacher"), discussed_plan)).comments) == 0


def test_a_parents_export_has_no_comment_on_a_professionals_only_section(world, discussed_plan):
    reading = read_plan(world.user("parent_carer"), discussed_plan)
    assert set(comments_of(export(reading, threads=open_threads(reading)))) == {"Add football?\nHe loves it."}
    everything = [t for t in threads_on(discussed_plan) if not t.resolved]
    assert set(comments_of(export(reading, threads=everything))) == {"Add football?\nHe loves it."}


def test_a_comment_from_a_deleted_account_is_from_a_former_member(world, discussed_plan):
    first = threads_on(discussed_plan, "about-me")[0].first
    first.author_id, first.author = None, None
    _db.session.commit()
    reading = read_plan(world.user("designated_teacher"), discussed_plan)
    about = comments_of(export(reading, threads=open_threads(reading)))["Add football?\nHe loves it."]
    assert (about.author, about.initials) == ("Former member", "FM")


@pytest.mark.parametrize("name, expected", [
    ("Ms A Shah", "MAS"), ("Mary Jane van Dyke", "MJV"), ("łukasz żak", "ŁŻ"), ("أحمد علي", "أع"),
    ("Zhāng Wěi", "ZW"), ("'Ana' O'Neil", "AO"), ("Sam", "S"),
])
def test_initials_are_the_first_letters_of_up_to_three_words(name, expected):
    assert initials(name) == expected


def test_the_writer_cleans_comments_on_their_way_into_word():
    writer = Writer("en-GB")
    heading = writer.heading("Heading")
    writer.comment(heading, "A\x00B\x0bC", "N\x01ame", "N\x02", more=["R\x03eply"])
    comment = next(iter(Document(BytesIO(writer.to_bytes())).comments))
    assert (comment.author, comment.initials, comment.text) == ("Name", "N", "AB\nC\nReply")


# --- agreement -----------------------------------------------------------------------

SIGNERS = ("designated_teacher", "parent_carer", "social_worker")  # child A is looked after


@pytest.fixture()
def agreed_plan(world, filled_plan):
    """The filled plan, shared and agreed by all three required signers (version 1)."""
    assert world.child.care_status == "looked_after"
    agreement.share(filled_plan, world.user("designated_teacher"))
    _db.session.commit()
    for role in SIGNERS:
        agreement.agree(filled_plan, world.user(role), agreement.stamp(filled_plan))
        _db.session.commit()
    assert filled_plan.status == "agreed"
    return filled_plan


def agreed_reading(plan, number=1, user=None):
    return read_agreed(user, plan, agreement.agreed_version(plan, number), agreement.signatures(plan, number))


def test_an_agreed_version_says_who_agreed_it_and_when(world, agreed_plan):
    from flask_babel import format_date, format_datetime

    doc = export(agreed_reading(agreed_plan))
    signed = agreement.signatures(agreed_plan, 1)
    title_block = all_text_of(doc.tables[0])
    when = format_date(agreement.agreed_version(agreed_plan, 1).agreed_at, "long")
    assert "Status\nAgreed" in title_block
    assert (f"Version 1, agreed on {when} by {isolate('Designated Teacher')} (Designated teacher), "
            f"{isolate('Parent Carer')} (Parent or carer), {isolate('Social Worker')} (Social worker)") in title_block
    assert headings(doc)[-1] == "Who agreed this version"
    table = doc.tables[-1]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Name", "Role", "Date agreed"],
        *[[world.user(role).name, label, format_datetime(s.agreed_at, "d MMMM yyyy, HH:mm")]
          for role, label, s in zip(SIGNERS, ("Designated teacher", "Parent or carer", "Social worker"), signed)],
    ]


def test_a_drafts_export_has_no_agreement(world, filled_plan):
    doc = export(read_plan(None, filled_plan))
    assert "Who agreed this version" not in headings(doc)
    assert "Agreement" not in all_text_of(doc.tables[0]) and "Date agreed" not in all_text(doc)


def test_an_edit_after_agreement_leaves_the_agreed_versions_export_as_agreed(world, agreed_plan):
    about = sections_of(agreed_plan)["about-me"]
    agreed_text = about.content["text"].split("\n\n")[0]
    write_section(about, {"text": "Changed after agreement"}, world.user("designated_teacher"))
    assert (agreed_plan.status, agreed_plan.version) == ("draft", 2)
    doc = export(agreed_reading(agreed_plan))
    assert agreed_text in all_text(doc) and "Changed after agreement" not in all_text(doc)
    assert "Status\nAgreed\nVersion\n1" in all_text_of(doc.tables[0])
    assert doc.core_properties.identifier == f"plan-{agreed_plan.id}-v1"


# --- the export-plan command -----------------------------------------------------------

def run_export(app, plan, out, *args):
    return app.test_cli_runner().invoke(args=["export-plan", str(plan.id), "--out", str(out), *args])


def test_export_plan_command_adds_open_comments_on_what_the_person_may_read(app, world, discussed_plan, tmp_path):
    out = tmp_path / "plan.docx"
    assert run_export(app, discussed_plan, out).exit_code == 0
    assert len(Document(out).comments) == 0
    result = run_export(app, discussed_plan, out, "--with-comments")
    assert result.exit_code == 0, result.output
    assert set(comments_of(Document(out))) == {"Add football?\nHe loves it.", "Contact is changing"}
    result = run_export(app, discussed_plan, out, "--with-comments", "--as-user", "parent_carer@example.org")
    assert result.exit_code == 0, result.output
    assert set(comments_of(Document(out))) == {"Add football?\nHe loves it."}


def test_export_plan_command_exports_an_agreed_version_as_agreed(app, world, agreed_plan, tmp_path):
    comments.add_comment(sections_of(agreed_plan)["background"], world.user("social_worker"), "Contact is changing")
    write_section(sections_of(agreed_plan)["about-me"], {"text": "Changed after agreement"},
                  world.user("designated_teacher"))
    out = tmp_path / "v1.docx"
    result = run_export(app, agreed_plan, out, "--version", "1")
    assert result.exit_code == 0, result.output
    doc = Document(out)
    assert "Changed after agreement" not in all_text(doc) and SECRET in all_text(doc)
    assert headings(doc)[-1] == "Who agreed this version" and len(doc.comments) == 0
    result = run_export(app, agreed_plan, out, "--version", "1", "--with-comments",
                        "--as-user", "parent_carer@example.org")
    assert result.exit_code == 0, result.output
    doc = Document(out)
    assert SECRET not in all_text(doc) and len(doc.comments) == 0
    assert [c.text for c in doc.tables[-1].columns[0].cells] == ["Name", *(world.user(r).name for r in SIGNERS)]
    result = run_export(app, agreed_plan, out, "--version", "1", "--with-comments")
    assert result.exit_code == 0 and len(Document(out).comments) == 0  # written after the agreement
    assert run_export(app, agreed_plan, out, "--with-comments").exit_code == 0
    assert set(comments_of(Document(out))) == {"Contact is changing"}  # the new draft has it


def test_export_plan_command_says_when_there_is_no_such_agreed_version(app, world, agreed_plan, tmp_path):
    out = tmp_path / "v2.docx"
    result = run_export(app, agreed_plan, out, "--version", "2")
    assert result.exit_code != 0 and f"Plan {agreed_plan.id} has no agreed version 2" in result.output
    assert "Traceback" not in result.output and not out.exists()
