"""Built-in templates load and validate; `templates check` names the file, section and problem."""
import shutil

import pytest

from conftest import make_app
from school_plans import sections
from school_plans.config import BUILT_IN_TEMPLATES
from school_plans.plan_templates import all_templates, check_directory

GOOD_SECTION = '''
[[sections]]
key = "about-me"
kind = "text"
heading = "About me"
guidance = "In the child's words."
suggestions = ["I like a quiet hello."]
'''


def template_file(body: str, key="tiny") -> str:
    return f'key = "{key}"\nversion = 1\ntitle = "Tiny"\ndescription = "A test template."\nphase = "primary"\n' + body


def test_built_in_templates_cover_primary_and_secondary_with_every_kind():
    found, problems = check_directory(BUILT_IN_TEMPLATES)
    assert problems == []
    assert {t.phase for t in found.values()} >= {"primary", "secondary"}
    for template in found.values():
        assert template.title and template.description and template.version >= 1
        assert {s.kind for s in template.sections} == set(sections.KINDS)
        assert {s.key: s.audience for s in template.sections if s.audience != "everyone"} == {"background": "core_team"}
        for part in template.sections:
            assert part.heading and part.guidance, f"{template.key}/{part.key} needs a heading and guidance"
            assert part.suggestions, f"{template.key}/{part.key} has no suggested entries"


def test_templates_check_passes_on_the_built_in_templates(app):
    result = app.test_cli_runner().invoke(args=["templates", "check"])
    assert result.exit_code == 0, result.output
    assert "ok: attachment-primary" in result.output and "ok: attachment-secondary" in result.output


BROKEN = {
    "bad TOML": ('key = "tiny"\nversion = = 1\n', "broken.toml: not valid TOML"),
    "unknown kind": (template_file(GOOD_SECTION.replace('kind = "text"', 'kind = "poem"')),
                     "broken.toml: section 'about-me': unknown kind 'poem'"),
    "duplicate key": (template_file(GOOD_SECTION + GOOD_SECTION),
                      "broken.toml: section 'about-me': duplicate section key"),
    "missing heading": (template_file(GOOD_SECTION.replace('heading = "About me"\n', "")),
                        "broken.toml: section 'about-me': 'heading' is missing"),
    "suggestion that does not fit its kind": (
        template_file(GOOD_SECTION.replace('kind = "text"', 'kind = "triggers"')),
        "broken.toml: section 'about-me': suggestion 1: each entry must be a table"),
    "row suggestion missing a required field": (
        template_file(GOOD_SECTION.replace('kind = "text"', 'kind = "regulating_adults"').replace(
            'suggestions = ["I like a quiet hello."]', 'suggestions = [{ name = "Class teacher" }]')),
        "broken.toml: section 'about-me': suggestion 1: 'role' is required"),
    "choice outside its list": (
        template_file(GOOD_SECTION.replace('kind = "text"', 'kind = "safe_spaces"').replace(
            'suggestions = ["I like a quiet hello."]', 'suggestions = [{ place = "Library", use = "sometimes" }]')),
        "broken.toml: section 'about-me': suggestion 1: 'use' must be one of timetabled, offered, chosen"),
    "developmental age that is not a number": (
        template_file(GOOD_SECTION.replace('kind = "text"', 'kind = "developmental_age"').replace(
            'suggestions = ["I like a quiet hello."]', 'suggestions = [{ area = "social", age = "six" }]')),
        "broken.toml: section 'about-me': suggestion 1: 'age' must be a number of years"),
    "unknown stage": (
        template_file(GOOD_SECTION.replace('kind = "text"', 'kind = "stress_stages"').replace(
            'suggestions = ["I like a quiet hello."]', 'suggestions = [{ stage = "panic", helps = "Quiet" }]')),
        "broken.toml: section 'about-me': suggestion 1: a stress_stages suggestion needs 'stage'"),
    "kind that is not text": (template_file(GOOD_SECTION.replace('kind = "text"', 'kind = ["text"]')),
                              "broken.toml: section 'about-me': unknown kind ['text']"),
    "stage that is not text": (
        template_file(GOOD_SECTION.replace('kind = "text"', 'kind = "stress_stages"').replace(
            'suggestions = ["I like a quiet hello."]', 'suggestions = [{ stage = ["calm"] }]')),
        "broken.toml: section 'about-me': suggestion 1: a stress_stages suggestion needs 'stage'"),
    "unknown audience": (template_file(GOOD_SECTION + 'audience = "staff"\n'),
                         "broken.toml: section 'about-me': 'audience' must be one of everyone, core_team, "
                         "professionals"),
    "no sections": (template_file(""), "broken.toml: there are no [[sections]]"),
    "missing version": (template_file(GOOD_SECTION).replace("version = 1\n", ""),
                        "broken.toml: 'version' must be a whole number"),
}


@pytest.mark.parametrize("problem", BROKEN)
def test_templates_check_fails_naming_the_file_section_and_problem(app, tmp_path, problem):
    body, message = BROKEN[problem]
    shutil.copy(BUILT_IN_TEMPLATES / "attachment-primary.toml", tmp_path)
    (tmp_path / "broken.toml").write_text(body, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["templates", "check", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert message in result.output
    assert "ok:" not in result.output


def test_two_files_with_the_same_template_key_are_refused(app, tmp_path):
    (tmp_path / "one.toml").write_text(template_file(GOOD_SECTION), encoding="utf-8")
    (tmp_path / "two.toml").write_text(template_file(GOOD_SECTION), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["templates", "check", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "two.toml: template key 'tiny' is already used" in result.output


def test_an_app_with_a_broken_template_refuses_to_start_a_plan_with_the_message(tmp_path):
    (tmp_path / "broken.toml").write_text(template_file(GOOD_SECTION + GOOD_SECTION), encoding="utf-8")
    app = make_app("sqlite://", PLAN_TEMPLATES_DIR=str(tmp_path))
    with app.app_context(), pytest.raises(RuntimeError, match="broken.toml: section 'about-me': duplicate"):
        all_templates()
