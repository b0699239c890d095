"""The catalogues stay complete: the .pot matches the code, every shipped language is fully translated."""
import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from conftest import make_app
from school_plans.i18n import compile_catalogues

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
SHIPPED = sorted(p.parts[-3] for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def read(path):
    with open(path, "rb") as f:
        return read_po(f)


def test_pot_is_up_to_date_with_the_code():
    with open(ROOT / "babel.cfg") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = {msg if isinstance(msg, str) else msg[0]
             for _file, _line, msg, _comments, _context in extract_from_dir(
                 ROOT, method_map, options_map, keywords=KEYWORDS)}
    in_pot = {m.id if isinstance(m.id, str) else m.id[0] for m in read(TRANSLATIONS / "messages.pot") if m.id}
    assert found - in_pot == set(), "run the extract step in the README: strings missing from messages.pot"
    assert in_pot - found == set(), "messages.pot has strings the code no longer uses"


def test_the_app_refuses_to_start_without_a_languages_catalogue(database_url):
    languages = {"en": "en_GB", "cy": "cy", "fr": "fr"}   # French is offered but has no catalogue
    with pytest.raises(RuntimeError, match="compiled catalogues missing for: fr"):
        make_app(database_url, LANGUAGES=languages)


def test_compiled_catalogues_are_made_from_the_po_files(tmp_path):
    po = tmp_path / "pl" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_bytes((TRANSLATIONS / "pl" / "LC_MESSAGES" / "messages.po").read_bytes())
    assert compile_catalogues(tmp_path) == [po.with_suffix(".mo")]
    with open(po.with_suffix(".mo"), "rb") as f:
        assert gettext.GNUTranslations(f).gettext("Sign in") == read(po)["Sign in"].string
    assert compile_catalogues(tmp_path) == []   # up to date: nothing written again


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_message_is_translated_and_none_fuzzy(lang):
    catalogue = read(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")
    pot_ids = {m.id for m in read(TRANSLATIONS / "messages.pot") if m.id}
    assert pot_ids <= {m.id for m in catalogue if m.id}, f"{lang}: run the update step"
    untranslated = [m.id for m in catalogue if m.id and not all(
        (m.string if isinstance(m.string, tuple) else (m.string,)))]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    copied = [m.id for m in catalogue if m.id and isinstance(m.id, str) and m.string == m.id
              and len(m.id) > 12]
    assert not untranslated and not fuzzy and not copied, (untranslated, fuzzy, copied)


@pytest.mark.parametrize("lang", SHIPPED)
def test_placeholders_match_the_source(lang):
    catalogue = read(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")
    for message in catalogue:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(set(PLACEHOLDER.findall(sources[-1])))
        for target in targets:
            assert sorted(set(PLACEHOLDER.findall(target))) == wanted, (lang, message.id, target)


@pytest.mark.parametrize("lang", SHIPPED)
def test_plural_forms_follow_the_language_rules(lang):
    catalogue = read(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po")
    rule = get_plural(lang)
    assert catalogue.num_plurals == rule.num_plurals
    chosen, expected = gettext.c2py(catalogue.plural_expr), gettext.c2py(rule.plural_expr)
    assert [chosen(n) for n in range(300)] == [expected(n) for n in range(300)], "Plural-Forms formula"
    for message in catalogue:
        if message.id and isinstance(message.id, tuple):
            assert len(message.string) == rule.num_plurals, message.id


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_translation_formats_as_its_source_does(lang):
    """Babel's own checks: a stray % or a placeholder of another type would fail at run time."""
    assert [(message.id, [str(e) for e in errors]) for message, errors in read(
        TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").check()] == []
