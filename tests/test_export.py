"""The Word export: reopened with python-docx, it holds the plan as the reader may see it."""
from datetime import datetime
from io import BytesIO

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from conftest import find_user, make_plan, sections_of, write_section
from school_plans import sections
from school_plans.demo import DEMO_PLANS
from school_plans.export.word import Writer
from school_plans.extensions import db as _db

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
    assert "Key adult: Mr Tom Reilly" in glance and "Safe space:" in glance and "Main triggers:" in glance


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
