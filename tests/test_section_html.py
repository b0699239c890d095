"""Sections' content rendered once per section version, language and audience (section_html.py): a copy is
never served to a reader who may not see it, and a save shows on the next load, in every language."""
import pytest
from markupsafe import Markup
from test_languages import translation as translated

from conftest import make_plan, sections_of, write_section
from school_plans.extensions import db as _db
from school_plans.section_html import SectionHtml


def translation(lang, msgid) -> str:
    return msgid if lang == "en" else translated(lang, msgid)

SECRET = "Contact with birth mother on alternate Thursdays"


@pytest.fixture()
def plan(world):
    return make_plan(world.child, world.user("designated_teacher"))


def copies(app) -> SectionHtml:
    return app.extensions["section_html"]


def test_a_carer_reading_after_the_designated_teacher_gets_no_professionals_only_text(app, world, plan,
                                                                                      make_client):
    parts = sections_of(plan)
    dt = world.user("designated_teacher")
    parts["triggers"].audience = "professionals"
    _db.session.commit()
    write_section(parts["triggers"], {"rows": [{"trigger": SECRET, "signs": "", "helps": "Secret help"}]}, dt)
    write_section(parts["about-me"], {"text": "Sam likes drawing."}, dt)
    teacher, carer = make_client(dt), make_client(world.user("parent_carer"))

    kept = len(copies(app))
    assert SECRET in teacher.get(f"/plans/{plan.id}").text
    assert len(copies(app)) > kept, "the teacher's reading kept no copies"
    for _ in range(2):   # the second time from the copies the teacher's and the carer's own first reading left
        page = carer.get(f"/plans/{plan.id}").text
        assert "Sam likes drawing." in page
        assert SECRET not in page and "Secret help" not in page
    assert SECRET in teacher.get(f"/plans/{plan.id}").text


@pytest.mark.parametrize("lang", ["en", "cy", "pl", "ar"])
def test_a_saved_section_shows_its_new_text_on_the_next_load_in_each_language(world, plan, make_client, lang):
    client = make_client(world.user("designated_teacher"))
    assert client.post("/account/language", {"language": lang}).status_code == 302
    section = sections_of(plan)["triggers"]
    write_section(section, {"rows": [{"trigger": "Loud hand dryers", "signs": "", "helps": ""}]},
                  world.user("designated_teacher"))
    assert "Loud hand dryers" in client.get(f"/plans/{plan.id}").text

    response = client.post(f"/plans/{plan.id}/sections/{section.id}",
                           {"version": str(section.version), "rows-0-trigger": "The bell at break",
                            "rows-0-signs": "", "rows-0-helps": "", "action": "save"})
    assert response.status_code == 302
    page = client.get(f"/plans/{plan.id}").text
    assert "The bell at break" in page and "Loud hand dryers" not in page
    assert translation(lang, "Situation or trigger") in page


def test_each_language_reads_its_own_copy_of_the_same_section_version(world, plan, make_client):
    section = sections_of(plan)["triggers"]
    write_section(section, {"rows": [{"trigger": "Loud hand dryers", "signs": "", "helps": ""}]},
                  world.user("designated_teacher"))
    client = make_client(world.user("designated_teacher"))
    english, welsh = translation("en", "Situation or trigger"), translation("cy", "Situation or trigger")
    assert english != welsh
    assert english in client.get(f"/plans/{plan.id}").text
    client.post("/account/language", {"language": "cy"})
    page = client.get(f"/plans/{plan.id}").text
    assert welsh in page and f">{english}<" not in page


def test_the_kept_copies_are_bounded_dropping_the_least_recently_read():
    kept = SectionHtml(size=2)
    kept.put("a", Markup("A"))
    kept.put("b", Markup("B"))
    assert kept.get("a") == "A"      # now "b" is the least recently read
    kept.put("c", Markup("C"))
    assert (kept.get("a"), kept.get("b"), kept.get("c"), len(kept)) == ("A", None, "C", 2)
