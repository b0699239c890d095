"""The one-page card as a Word document: one side of A4, OFFICIAL-SENSITIVE, in the reader's language."""
from docx.shared import Mm, Pt
from flask_babel import gettext as _

from .. import card as cards
from ..sections.stress_stages import COLOURS
from ..text import isolate
from .plan import MARKING
from .word import Writer

LEFT, RIGHT = ("adults", "safe_spaces"), ("triggers", "helps", "avoid")


def file_name(card) -> str:
    """Named by ids only: never the child's name."""
    return f"card-{card.plan.id}-v{card.plan.version}.docx"


def _group(writer, cell, group, items, first=False) -> None:
    writer.in_cell(cell, str(cards.GROUPS[group]), bold=True, size=Pt(11), first=first)
    if not items:
        writer.in_cell(cell, _("Not written yet"))
    for item in items:
        for line in item.lines:
            if line.label is None or not line.label:
                writer.in_cell(cell, isolate(line.value), bold=line.label is None)
            else:
                writer.in_cell(cell, isolate(line.value), label=str(line.label))


def build_card_docx(card, language: str = "en-GB", photo: bytes | None = None) -> bytes:
    """The card; `photo`: the JPEG the family added, beside the child's name (as high as the name and the line
    under it, so the card still fits one page)."""
    writer = Writer(language)
    writer.compact(Mm(12), Pt(9))
    writer.header(MARKING)
    writer.footer(_("Plan %(id)s, version %(version)s: the one-page card", id=card.plan.id,
                    version=card.plan.version))
    writer.properties(title=_("One-page card, plan %(id)s", id=card.plan.id), subject=_("One-page card"),
                      identifier=file_name(card).removesuffix(".docx"), status="", version=str(card.plan.version))
    head, *beside = writer.cells([5, 1] if photo else [1])
    writer.in_cell(head, _("%(name)s: what to know today", name=isolate(card.child.preferred_name)), bold=True,
                   size=Pt(15), first=True)
    writer.in_cell(head, cards.subtitle(card))
    if photo:
        writer.picture(beside[0], photo, Mm(15), _("Photo of %(name)s", name=card.child.preferred_name))
    left, right = writer.cells([1, 1])
    for n, group in enumerate(LEFT):
        _group(writer, left, group, card.groups[group], first=n == 0)
    writer.in_cell(left, _("If things go wrong: who to call"), bold=True, size=Pt(11))
    for item in card.groups["adults"]:
        who, reach = cards.help_line(item)
        if reach:
            writer.in_cell(left, isolate(reach), label=who)
        else:
            writer.in_cell(left, who)
    writer.in_cell(left, _("Or the school office: ask for the designated teacher."))
    for n, group in enumerate(RIGHT):
        _group(writer, right, group, card.groups[group], first=n == 0)
    if card.stages:
        strip = writer.cells([1] * len(card.stages), fills=[COLOURS[code] for code, _label, _helps in card.stages])
        for cell, (_code, label, helps) in zip(strip, card.stages):
            writer.in_cell(cell, str(label), bold=True, first=True)
            writer.in_cell(cell, isolate(helps))
    days = writer.cells([1])[0]
    _group(writer, days, "hard_days", card.groups["hard_days"], first=True)
    if line := cards.left_out_line(card):
        writer.in_cell(days, line, bold=True)
    return writer.to_bytes()
