"""Comparing two versions of a section: words and rows deleted, inserted, moved; and how it is shown."""
import pytest

from school_plans import sections
from school_plans.compare import Piece, compare_rows, compare_text

COLUMNS = [("trigger", "Trigger"), ("helps", "What helps")]


def text_of(pieces):
    return "".join(piece.text for piece in pieces)


def ops(pieces):
    return [(piece.op, piece.text) for piece in pieces]


def marked(pieces, op):
    """The words of the pieces marked `op` (where a lone space falls, before or after a word, is not fixed)."""
    return [piece.text.strip() for piece in pieces if piece.op == op]


def row(trigger, helps=""):
    return {"trigger": trigger, "helps": helps}


def statuses(change):
    return [(r.status, r.old_index, r.new_index) for r in change.rows]


# --- words -------------------------------------------------------------------------------------

def test_an_inserted_word_is_marked_on_the_right_only():
    change = compare_text("Warn him at the door", "Warn him quietly at the door")
    assert change.changed
    assert ops(change.left) == [("same", "Warn him at the door")]
    assert marked(change.right, "ins") == ["quietly"]
    assert text_of(change.right) == "Warn him quietly at the door"


def test_a_deleted_word_is_marked_on_the_left_only():
    change = compare_text("Sit him near the front", "Sit him near")
    assert ops(change.left) == [("same", "Sit him near"), ("del", " the front")]
    assert ops(change.right) == [("same", "Sit him near")]


def test_replaced_words_are_one_deletion_and_one_insertion_not_split_at_the_space():
    change = compare_text("the cat sat", "a dog sat")
    assert ops(change.left) == [("del", "the cat"), ("same", " sat")]
    assert ops(change.right) == [("ins", "a dog"), ("same", " sat")]


def test_identical_text_is_unchanged_and_whole():
    change = compare_text("Same words.\n\nTwice.", "Same words.\n\nTwice.")
    assert not change.changed
    assert ops(change.left) == ops(change.right) == [("same", "Same words.\n\nTwice.")]


def test_empty_versions_give_no_pieces():
    assert compare_text("", "").left == compare_text("", "").right == []
    added = compare_text("", "New text")
    assert added.left == [] and ops(added.right) == [("ins", "New text")]


@pytest.mark.parametrize("old, new", [
    ("one  two\n\nthree\r\n\tfour ", " one two\nthree\n\n\nfour"),
    ("Line one\nLine two", "Line one\n\nLine two\n"),
    ("", "   \n"),
])
def test_whitespace_and_line_breaks_come_back_exactly(old, new):
    change = compare_text(old, new)
    assert text_of(change.left) == old
    assert text_of(change.right) == new
    assert {p.op for p in change.left} <= {"same", "del"} and {p.op for p in change.right} <= {"same", "ins"}


def test_adjacent_pieces_of_the_same_kind_are_merged():
    change = compare_text("a b c d", "a x y d")
    for pieces in (change.left, change.right):
        assert all(one.op != two.op for one, two in zip(pieces, pieces[1:]))


@pytest.mark.parametrize("old, new", [
    ("He likes 🌈 and 👍🏽 a lot", "He likes 👍🏿 a lot 👨‍👩‍👧"),
    ("مرحبا بك في المدرسة", "مرحبا بكم في المدرسة"),
    ("Mae'n hoffi'r ŵyl a'r tŷ", "Mae'n hoffi'r ŵyl a'r tŷ newydd"),
])
def test_emoji_arabic_and_welsh_round_trip(old, new):
    change = compare_text(old, new)
    assert change.changed
    assert text_of(change.left) == old and text_of(change.right) == new


def test_an_emoji_sequence_is_never_split():
    change = compare_text("Thumbs 👍🏽", "Thumbs 👍🏿")
    assert ops(change.left) == [("same", "Thumbs "), ("del", "👍🏽")]
    assert ops(change.right) == [("same", "Thumbs "), ("ins", "👍🏿")]


def test_an_arabic_word_with_a_changed_vowel_mark_changes_as_a_whole_word():
    change = compare_text("قَلَم جديد", "قُلَم جديد")
    assert ops(change.left) == [("del", "قَلَم"), ("same", " جديد")]
    assert ops(change.right) == [("ins", "قُلَم"), ("same", " جديد")]


def test_a_label_is_kept():
    assert compare_text("a", "b", label="Calm: What helps").label == "Calm: What helps"


# --- rows --------------------------------------------------------------------------------------

def test_identical_rows_are_unchanged():
    rows = [row("Supply teacher", "Warn him"), row("Noise")]
    change = compare_rows(COLUMNS, rows, [dict(r) for r in rows])
    assert not change.changed
    assert statuses(change) == [("same", 1, 1), ("same", 2, 2)]
    assert change.columns == COLUMNS


def test_an_added_row_has_only_a_right_side():
    change = compare_rows(COLUMNS, [row("Noise")], [row("Noise"), row("Lining up", "Go first")])
    assert change.changed
    assert statuses(change) == [("same", 1, 1), ("added", None, 2)]
    added = change.rows[1]
    assert added.old is None and added.new == row("Lining up", "Go first")
    assert added.cells["trigger"].left == [] and ops(added.cells["trigger"].right) == [("ins", "Lining up")]
    assert set(added.cells) == {"trigger", "helps"}


def test_a_removed_row_has_only_a_left_side_and_stays_where_it_was():
    change = compare_rows(COLUMNS, [row("Noise"), row("Lining up"), row("Assembly")], [row("Noise"), row("Assembly")])
    assert statuses(change) == [("same", 1, 1), ("removed", 2, None), ("same", 3, 2)]
    removed = change.rows[1]
    assert removed.new is None and removed.cells["trigger"].right == []
    assert ops(removed.cells["trigger"].left) == [("del", "Lining up")]


def test_a_removed_row_among_edited_rows_stays_between_the_rows_around_it():
    old = [row("Noise", "Ear defenders"), row("Lining up"), row("Assembly", "Sit at the end")]
    new = [row("Noise", "Ear defenders, a quiet corner"), row("Assembly", "Sit at the end, near Mr Reilly")]
    change = compare_rows(COLUMNS, old, new)
    assert statuses(change) == [("changed", 1, 1), ("removed", 2, None), ("changed", 3, 2)]


def test_a_reordered_row_is_reported_once_as_moved():
    old = [row("Noise", "Ear defenders"), row("Lining up"), row("Assembly")]
    new = [row("Lining up"), row("Assembly"), row("Noise", "Ear defenders")]
    change = compare_rows(COLUMNS, old, new)
    assert change.changed
    assert statuses(change) == [("same", 2, 1), ("same", 3, 2), ("moved", 1, 3)]
    moved = change.rows[2]
    assert moved.old == moved.new == row("Noise", "Ear defenders")
    assert not any(cell.changed for cell in moved.cells.values())


def test_swapped_rows_are_one_move_not_an_addition_and_a_removal():
    change = compare_rows(COLUMNS, [row("A"), row("B")], [row("B"), row("A")])
    assert [r.status for r in change.rows].count("moved") == 1
    assert {r.status for r in change.rows} == {"same", "moved"}
    assert len(change.rows) == 2


def test_an_edited_row_is_changed_with_its_words_marked():
    old = [row("Noise", "Ear defenders"), row("Supply teacher", "Warn him at the door")]
    new = [row("Noise", "Ear defenders"), row("Supply teacher", "Warn him quietly at the door")]
    change = compare_rows(COLUMNS, old, new)
    assert statuses(change) == [("same", 1, 1), ("changed", 2, 2)]
    cells = change.rows[1].cells
    assert not cells["trigger"].changed
    assert marked(cells["helps"].right, "ins") == ["quietly"]


def test_an_edit_to_the_first_cell_pairs_by_the_rest_of_the_row():
    change = compare_rows(COLUMNS, [row("Supply teachr", "Warn him")], [row("Supply teacher", "Warn him")])
    assert statuses(change) == [("changed", 1, 1)]


def test_rows_with_nothing_in_common_are_a_removal_and_an_addition():
    change = compare_rows(COLUMNS, [row("Noise", "Ear defenders")], [row("Lining up", "Go first")])
    assert sorted(r.status for r in change.rows) == ["added", "removed"]


def test_a_row_moved_and_edited_is_changed_at_its_new_place():
    old = [row("Noise", "Ear defenders"), row("Lining up"), row("Assembly")]
    new = [row("Lining up"), row("Assembly"), row("Noise", "Ear defenders and a quiet corner")]
    change = compare_rows(COLUMNS, old, new)
    assert statuses(change) == [("same", 2, 1), ("same", 3, 2), ("changed", 1, 3)]


def test_added_removed_moved_and_edited_rows_together():
    old = [row("A", "one"), row("B", "two"), row("C", "three"), row("D", "four")]
    new = [row("D", "four"), row("A", "one"), row("C", "three and more"), row("E", "five")]
    change = compare_rows(COLUMNS, old, new)
    assert statuses(change) == [("moved", 4, 1), ("same", 1, 2), ("removed", 2, None), ("changed", 3, 3),
                                ("added", None, 4)]
    for r in change.rows:   # every cell's sides give back that version's text
        for key, _label in COLUMNS:
            assert text_of(r.cells[key].left) == (r.old or {}).get(key, "")
            assert text_of(r.cells[key].right) == (r.new or {}).get(key, "")


def test_no_rows_in_either_version_is_unchanged():
    change = compare_rows(COLUMNS, [], [])
    assert change.rows == [] and not change.changed


# --- each kind ---------------------------------------------------------------------------------

def test_text_kind_compares_its_text(app):
    with app.app_context():
        [block] = sections.get("text").compare({"text": "I like football."}, {"text": "I like drawing."})
    assert ops(block.right) == [("same", "I like "), ("ins", "drawing"), ("same", ".")]


def test_table_kinds_compare_what_is_shown_choice_labels_and_formatted_years(app):
    kind = sections.get("developmental_age")
    old = kind.check({"rows": [{"area": "social", "age": 4, "meaning": "Needs help to share"}]})
    new = kind.check({"rows": [{"area": "social", "age": 5.5, "meaning": "Needs help to share"},
                               {"area": "sensory", "age": 3}]})
    with app.test_request_context():
        [block] = kind.compare(old, new)
        assert [(key, str(label)) for key, label in block.columns] == [
            ("area", "Area"), ("age", "Developmental age (years)"), ("meaning", "What this means in class")]
    assert statuses(block) == [("changed", 1, 1), ("added", None, 2)]
    assert block.rows[0].new == {"area": "Social", "age": "5.5", "meaning": "Needs help to share"}
    assert ops(block.rows[0].cells["age"].left) == [("del", "4")]
    assert block.rows[1].new["age"] == "3" and block.rows[1].new["meaning"] == ""


def test_regulating_adults_compare_with_role_labels(app):
    kind = sections.get("regulating_adults")
    old = kind.check({"rows": [{"name": "Mr Reilly", "role": "key_adult"}]})
    new = kind.check({"rows": [{"name": "Mr Reilly", "role": "backup_adult"}]})
    with app.test_request_context():
        [block] = kind.compare(old, new)
    cell = block.rows[0].cells["role"]
    assert (text_of(cell.left), text_of(cell.right)) == ("Key adult", "Back-up adult")


def test_stress_stages_compare_every_stage_and_field_in_order_with_labels(app):
    kind = sections.get("stress_stages")
    old = kind.empty()
    new = kind.empty()
    new["stages"]["crisis"]["helps"] = "Mr Reilly stays close"
    with app.test_request_context():
        blocks = kind.compare(old, new)
    assert len(blocks) == 15
    assert blocks[0].label == "Calm: What it looks like"
    assert blocks[-1].label == "Recovery: What to avoid"
    changed = [b for b in blocks if b.changed]
    assert [b.label for b in changed] == ["Crisis: What helps, and who does it"]
    assert ops(changed[0].right) == [("ins", "Mr Reilly stays close")]


def test_a_kind_without_compare_says_so():
    with pytest.raises(NotImplementedError):
        sections.Kind().compare({}, {})


# --- showing -----------------------------------------------------------------------------------

RENDER = ('{% from "history/_compare.html" import compare_blocks %}'
          '{{ compare_blocks(blocks, "Version 1", "Version 2") }}')


def render(app, blocks):
    with app.test_request_context():
        return app.jinja_env.from_string(RENDER).render(blocks=blocks)


def test_text_is_shown_side_by_side_with_deletions_and_insertions_marked(app):
    html = render(app, [compare_text("Warn him at the door", "Warn him at the door, quietly <script>x</script>")])
    assert html.index("Version 1") < html.index("Version 2")
    assert '<span class="govuk-visually-hidden">inserted: </span>, quietly &lt;script&gt;x&lt;/script&gt;</ins>' in html
    assert "<script>" not in html
    assert "<del" not in html   # nothing was deleted


def test_deletions_are_shown_in_del_and_unchanged_blocks_say_no_change(app):
    html = render(app, [compare_text("a <b>bold</b> move", "a move"), compare_text("same", "same", label="Calm")])
    assert '<span class="govuk-visually-hidden">deleted: </span>&lt;b&gt;bold&lt;/b&gt; </del>' in html
    assert "<b>" not in html
    assert "Calm" in html and "No change" in html


def test_rows_are_shown_with_a_status_tag_each(app):
    old = [row("Noise", "Ear defenders"), row("<img src=x onerror=alert(1)>")]
    new = [row("Noise", "Ear defenders, a quiet corner"), row("Lining up")]
    html = render(app, [compare_rows(COLUMNS, old, new)])
    assert 'govuk-tag govuk-tag--yellow">Changed' in html
    assert 'govuk-tag govuk-tag--red">Removed' in html
    assert 'govuk-tag govuk-tag--green">Added' in html
    assert "<img" not in html and "&lt;img src=x" in html
    assert "Was row" not in html   # no row changed its place
    assert "<ins" in html and "<del" in html


def test_a_moved_row_says_where_it_was(app):
    html = render(app, [compare_rows(COLUMNS, [row("A"), row("B")], [row("B"), row("A")])])
    assert 'govuk-tag">Moved' in html and html.count("Was row") == 1


def test_pieces_are_rendered_without_added_whitespace(app):
    html = render(app, [compare_text("one\ntwo", "one\nthree")])
    assert 'one\n<del class="app-compare__del"><span class="govuk-visually-hidden">deleted: </span>two</del></div>' \
        in html


def test_a_long_text_rewritten_throughout_is_compared_by_line_and_still_gives_both_texts_back():
    old = "a " * 5000 + "\nsame last line"
    new = "b " * 5000 + "\nsame last line"
    change = compare_text(old, new)
    assert "".join(p.text for p in change.left) == old and "".join(p.text for p in change.right) == new
    assert [p.op for p in change.left] == ["del", "same"] and change.right[-1] == Piece("same", "same last line")


def test_sections_of_two_plans_match_by_key_and_kind():
    from types import SimpleNamespace

    from school_plans.plan_reading import compare_sections

    def section(key, kind, content):
        return SimpleNamespace(key=key, kind=kind, content=content, heading=key, id=key)

    old = [section("about-me", "text", {"text": "Likes sharks"}), section("people", "text", {"text": "Tom"})]
    new = [section("about-me", "text", {"text": "Likes whales"}),
           section("people", "regulating_adults", {"rows": []})]
    parts = {(p.section.key, p.section.kind): p.status for p in compare_sections(old, new)}
    assert parts == {("about-me", "text"): "changed", ("people", "regulating_adults"): "added",
                     ("people", "text"): "removed"}
