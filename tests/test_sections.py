"""Section kinds: what content each accepts, and how rows are added, moved and removed."""
import pytest

from school_plans import sections
from school_plans.sections import ContentError

TRIGGER = {"trigger": "A supply teacher", "signs": "Asks what happens next", "helps": "Warn him at the door"}


def test_every_kind_is_registered_with_its_module():
    assert set(sections.KINDS) == {"text", "triggers", "regulating_adults", "safe_spaces", "developmental_age",
                                   "stress_stages"}


@pytest.mark.parametrize("name", sorted(sections.KINDS))
def test_empty_content_checks_and_is_empty(name):
    kind = sections.get(name)
    assert kind.check(kind.empty()) == kind.empty()
    assert kind.is_empty(kind.empty())


def test_check_strips_what_no_document_can_hold_and_keeps_emoji_and_arabic():
    checked = sections.get("text").check({"text": "Hi\x00 there\x0bnext line 🌈 مرحبا"})
    assert checked == {"text": "Hi there\nnext line 🌈 مرحبا"}


@pytest.mark.parametrize("name, content, problem", [
    ("text", {"text": 3}, "text content"),
    ("triggers", {"rows": [{"signs": "Quiet"}]}, "'trigger' is required"),
    ("triggers", {"rows": [{**TRIGGER, "colour": "red"}]}, "unknown field(s) colour"),
    ("regulating_adults", {"rows": [{"name": "Ms Cole", "role": "boss"}]}, "'role' must be one of"),
    ("developmental_age", {"rows": [{"area": "social", "age": 40}]}, "from 0.5 to 25"),
    ("stress_stages", {"stages": {"panic": {}}}, "keyed by calm"),
])
def test_content_that_does_not_fit_its_kind_is_refused(name, content, problem):
    with pytest.raises(ContentError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        sections.get(name).check(content)


def test_rows_are_added_moved_and_removed():
    kind = sections.get("triggers")
    a, b, c = ({"trigger": x, "signs": "", "helps": ""} for x in "abc")
    draft = {"rows": [a, b, c]}
    assert kind.apply("add", draft)["rows"] == [a, b, c, {}]
    assert kind.apply("up-2", draft)["rows"] == [a, c, b]
    assert kind.apply("down-0", draft)["rows"] == [b, a, c]
    assert kind.apply("up-0", draft)["rows"] == [a, b, c]      # already first: unchanged
    assert kind.apply("down-2", draft)["rows"] == [a, b, c]    # already last: unchanged
    assert kind.apply("remove-1", draft)["rows"] == [a, c]
    assert kind.apply("remove-9", draft) is None
    assert kind.apply("explode", draft) is None


def test_suggestions_are_added_once_and_blank_rows_give_way():
    kind = sections.get("triggers")
    draft = {"rows": [{"trigger": "", "signs": "", "helps": ""}]}
    once = kind.add_suggestions(draft, [TRIGGER])
    assert once["rows"] == [TRIGGER]
    assert kind.add_suggestions(once, [TRIGGER])["rows"] == [TRIGGER]


def test_text_suggestions_become_paragraphs_after_what_was_written():
    kind = sections.get("text")
    result = kind.add_suggestions({"text": "I like football."}, ["I like drawing.", "I like football."])
    assert result == {"text": "I like football.\n\nI like drawing."}


def test_stage_suggestions_join_what_is_written_for_that_stage():
    kind = sections.get("stress_stages")
    draft = kind.empty()
    draft["stages"]["calm"]["helps"] = "A quiet hello"
    result = kind.add_suggestions(draft, [{"stage": "calm", "helps": "Jobs to do", "looks_like": "Chatty"}])
    assert result["stages"]["calm"] == {"looks_like": "Chatty", "helps": "A quiet hello\nJobs to do", "avoid": ""}
    assert result["stages"]["crisis"] == {"looks_like": "", "helps": "", "avoid": ""}


def test_regulating_adults_give_the_key_and_back_up_adult_at_a_glance():
    kind = sections.get("regulating_adults")
    content = kind.check({"rows": [
        {"name": "Mr Reilly", "role": "key_adult", "contact": "Radio channel 2"},
        {"name": "Mrs Bell", "role": "backup_adult"},
        {"name": "Ms Cole", "role": "other"},
    ]})
    assert kind.glance(content) == {"key_adult": ["Mr Reilly – Radio channel 2"], "backup_adult": ["Mrs Bell"]}


def test_developmental_age_is_stored_as_years():
    kind = sections.get("developmental_age")
    assert kind.check({"rows": [{"area": "emotional", "age": 4}]})["rows"][0]["age"] == 4.0
