"""Words a reader in each language reads as meant: year groups."""
import html

import pytest

from school_plans.extensions import db as _db
from school_plans.i18n import in_language
from school_plans.labels import year_group_label


def in_(client, lang):
    assert client.post("/account/language", {"language": lang}).status_code == 302
    return client


# --- year groups ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("lang", "year_5"), [("en", "Year 5"), ("cy", "Blwyddyn 5"), ("pl", "Klasa 5 (Year 5)"),
                                              ("ar", "الصف 5 (Year 5)")])
def test_a_year_group_is_named_in_each_language(app, lang, year_5):
    with app.test_request_context(), in_language(lang):
        assert str(year_group_label(5)) == year_5


def test_the_year_group_options_and_the_child_list_are_polish_in_polish(world, make_client):
    world.child.year_group = 5
    _db.session.commit()
    client = in_(make_client(world.user("designated_teacher")), "pl")
    options = html.unescape(client.get("/children/new").text)
    assert "Klasa 4 (Year 4)" in options and ">Year 4<" not in options
    assert "Klasa 5 (Year 5)" in html.unescape(client.get("/children/").text)
