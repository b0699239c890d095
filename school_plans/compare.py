"""Two versions of a section's content side by side (pure): words deleted or inserted, rows added, moved..."""
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class Piece:
    """A run of text: "same" in both versions, "del" (only in the old) or "ins" (only in the new)."""

    op: str
    text: str


@dataclass
class TextChange:
    """The old text as same+del pieces (`left`) and the new as same+ins pieces (`right`)."""

    left: list[Piece]
    right: list[Piece]
    label: object = None
    kind = "text"

    @property
    def changed(self) -> bool:
        return any(piece.op != "same" for piece in self.left + self.right)


@dataclass
class RowChange:
    """One row: "same", "added", "removed", "changed" or "moved"; positions are 1-based."""

    status: str
    old: dict | None
    new: dict | None
    cells: dict   # column key -> TextChange
    old_index: int | None
    new_index: int | None


@dataclass
class RowsChange:
    """A table's rows, old and new, in the order they are best read (the new order)."""

    columns: list   # (key, label)
    rows: list[RowChange]
    kind = "rows"

    @property
    def changed(self) -> bool:
        return any(row.status != "same" for row in self.rows)


def _tokens(text: str) -> list[str]:
    """Words, spaces and runs of other characters (an emoji stays whole); a mark or joiner stays with its letter."""
    tokens, last = [], None
    for char in text:
        kind = "s" if char.isspace() else "w" if char.isalnum() or char == "_" else "p"
        if last in ("w", "p") and (unicodedata.category(char).startswith("M") or char in "\u200c\u200d"):
            kind = last
        if kind == last:
            tokens[-1] += char
        else:
            tokens.append(char)
            last = kind
    return tokens


def _add(pieces: list[Piece], op: str, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].op == op:
        pieces[-1] = Piece(op, pieces[-1].text + text)
    else:
        pieces.append(Piece(op, text))


MAX_WORK = 40_000   # tokens × tokens for one word-by-word comparison: quadratic at worst, so bounded


def _opcodes(a: list[str], b: list[str]) -> list | None:
    """Opcodes for a and b; what is the same at both ends is set aside first (a small edit to a long text
    is quick). None if the rest is too big to compare finely."""
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a_mid, b_mid = a[head:len(a) - tail], b[head:len(b) - tail]
    if len(a_mid) * len(b_mid) > MAX_WORK:
        return None
    middle = SequenceMatcher(None, a_mid, b_mid, autojunk=False).get_opcodes()
    opcodes = [("equal", 0, head, 0, head)] if head else []
    opcodes += [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in middle]
    return opcodes + ([("equal", len(a) - tail, len(a), len(b) - tail, len(b))] if tail else [])


def _lines(text: str) -> list[str]:
    return [line for line in re.split(r"(?<=\n)", text) if line]


def compare_text(old: str, new: str, label=None) -> TextChange:
    """Word by word (line by line, or whole, when a long text changed a lot): joining `left` gives `old`
    back exactly, joining `right` gives `new`."""
    a, b = _tokens(old), _tokens(new)
    opcodes = _opcodes(a, b)
    if opcodes is None:
        a, b = _lines(old), _lines(new)
        opcodes = _opcodes(a, b) or [("replace", 0, len(a), 0, len(b))]
    left, right = [], []
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        same = "".join(a[i1:i2])
        # A lone space between two changes reads better as part of one change ("the cat" -> "a dog").
        if tag == "equal" and 0 < n < len(opcodes) - 1 and same.isspace() and "\n" not in same:
            tag = "replace"
        if tag == "equal":
            _add(left, "same", same)
            _add(right, "same", same)
        else:
            _add(left, "del", "".join(a[i1:i2]))
            _add(right, "ins", "".join(b[j1:j2]))
    return TextChange(left, right, label)


def _likeness(old: tuple, new: tuple, old_words: Counter, new_words: Counter) -> float:
    """How alike two rows are: filled cells in common, then words; 0 if not alike enough to pair."""
    shared = sum(1 for a, b in zip(old, new) if a and a == b)
    total = old_words.total() + new_words.total()
    words = 2 * (old_words & new_words).total() / total if total else 0
    return shared + words if shared or words >= 0.6 else 0


def _pair(old: list[tuple], new: list[tuple]) -> dict[int, int]:
    """Old row -> new row, within one block of differences: same first cell first, then the most alike."""
    pairs, free = {}, list(range(len(new)))
    old_words, new_words = ([Counter(re.findall(r"\w+", " ".join(row))) for row in rows] for rows in (old, new))
    for i, row in enumerate(old):
        match = next((j for j in free if row[0] and new[j][0] == row[0]), None)
        if match is not None:
            pairs[i] = match
            free.remove(match)
    for i, row in enumerate(old):
        if i in pairs or not free:
            continue
        likeness = {j: _likeness(row, new[j], old_words[i], new_words[j]) for j in free}
        best = max(free, key=likeness.get)
        if likeness[best]:
            pairs[i] = best
            free.remove(best)
    return pairs


def compare_rows(columns, old_rows: list[dict], new_rows: list[dict]) -> RowsChange:
    """Rows (dicts of display strings) in the new order, with removed rows where they used to be."""
    keys = [key for key, _label in columns]
    old_t = [tuple(row.get(key) or "" for key in keys) for row in old_rows]
    new_t = [tuple(row.get(key) or "" for key in keys) for row in new_rows]

    def change(status, i=None, j=None):
        old = old_t[i] if i is not None else ("",) * len(keys)
        new = new_t[j] if j is not None else ("",) * len(keys)
        return RowChange(status, None if i is None else old_rows[i], None if j is None else new_rows[j],
                         {key: compare_text(old[k], new[k]) for k, key in enumerate(keys)},
                         None if i is None else i + 1, None if j is None else j + 1)

    rows = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_t, new_t, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [change("same", i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        pairs = {i1 + i: j1 + j for i, j in _pair(old_t[i1:i2], new_t[j1:j2]).items()}
        by_new = {j: i for i, j in pairs.items()}
        placed = [((j, 0), change("changed", by_new[j], j) if j in by_new else change("added", j=j))
                  for j in range(j1, j2)]
        for i in range(i1, i2):
            if i not in pairs:   # after the rows that came before it in the old version
                anchor = max((pairs[p] for p in pairs if p < i), default=j1 - 1)
                placed.append(((anchor, 1), change("removed", i=i)))
        rows += [row for _position, row in sorted(placed, key=lambda item: item[0])]

    # A row taken out in one place and put back in another is said once: moved as it was, or changed.
    for status, alike in (("moved", lambda a, b: a == b), ("changed", lambda a, b: a[0] and a[0] == b[0])):
        for removed in [row for row in rows if row.status == "removed"]:
            i = removed.old_index - 1
            k = next((k for k, row in enumerate(rows)
                      if row.status == "added" and alike(old_t[i], new_t[row.new_index - 1])), None)
            if k is not None:
                rows[k] = change(status, i, rows[k].new_index - 1)
                rows = [row for row in rows if row is not removed]
    return RowsChange(list(columns), rows)
