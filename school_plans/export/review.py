"""The review pack as one Word document, built from what one reader may read of the review
(review_reading.read_review): the review's details, outcome and actions, what changed in the plan since
the previous review, and the attached plan version in full, exactly as the plan export writes it."""
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..compare import Piece, TextChange
from ..i18n import moment
from ..labels import REVIEW_KIND_LABELS, ROLE_LABELS
from ..plan_reading import agreed_name
from ..plan_templates import translated
from ..review_reading import ReviewReading
from ..text import isolate
from .plan import MARKING, write_plan
from .word import Writer


def review_file_name(review) -> str:
    """Named by ids only: never the child's name."""
    return f"review-{review.id}.docx"


def _kind(review) -> str:
    return str(REVIEW_KIND_LABELS.get(review.kind, review.kind))


def _attendees(review) -> str:
    """Network members as "Name (Role)", people named as typed; one a line."""
    roles = {m.user_id: m.role for m in review.child.memberships}
    names = []
    for attendee in review.attendees:
        if attendee.user is None:
            names.append(isolate(attendee.name) if attendee.name else _("Former member"))
        elif attendee.user_id in roles:
            role = ROLE_LABELS.get(roles[attendee.user_id], roles[attendee.user_id])
            names.append(_("%(name)s (%(role)s)", name=isolate(attendee.user.name), role=str(role)))
        else:   # no longer in the child's network
            names.append(isolate(attendee.user.name))
    return "\n".join(names) or _("None recorded")


def _details(writer: Writer, reading: ReviewReading) -> None:
    review = reading.review
    writer.title(_("%(kind)s for %(name)s", kind=_kind(review), name=isolate(review.child.preferred_name)))
    agreed = review.agreed_version
    writer.label_table([
        (_("Type of review"), _kind(review)),
        (_("Date and time"), moment(review.starts_at)),
        (_("Chair"), review.chair or _("Not recorded")),
        (ngettext("Attendee", "Attendees", len(review.attendees)), _attendees(review)),
        (_("Plan version"), agreed_name(agreed) if agreed else _("No plan version attached")),
    ])


def _outcome(writer: Writer, review) -> None:
    writer.heading(_("Outcome"))
    parts = [part for part in (review.outcome or "").split("\n\n") if part.strip()]
    if not parts:
        writer.paragraph(_("No outcome recorded yet."), italic=True)
    for part in parts:
        writer.paragraph(part.strip("\n"))


def _actions(writer: Writer, review) -> None:
    writer.heading(_("Actions"))
    if not review.actions:
        writer.paragraph(_("No actions recorded yet."), italic=True)
        return
    writer.table([_("What"), _("Who"), _("By when"), _("Done")], [
        [action.description, action.owner_name,
         format_date(action.due_date, "long") if action.due_date else _("No date"),
         format_date(action.done_at, "long") if action.done_at else _("Open")]
        for action in review.actions], weights=[4, 2, 2, 2])


def merged(change: TextChange) -> list[Piece]:
    """Both sides of a text change as one text: what stayed, and at each change what was deleted followed
    by what was inserted in its place (as Word shows tracked changes)."""
    same, marks = "".join(piece.text for piece in change.left if piece.op == "same"), {}
    for side in (change.left, change.right):   # each change found by where it falls in the text that stayed
        at = 0
        for piece in side:
            if piece.op == "same":
                at += len(piece.text)
            else:
                marks.setdefault(at, []).append(piece)
    pieces, start = [], 0
    for at in sorted(marks):
        pieces += [Piece("same", same[start:at])] if at > start else []
        pieces += marks[at]
        start = at
    return pieces + ([Piece("same", same[start:])] if start < len(same) else [])


STATUS = {"added": _l("Added"), "removed": _l("Removed"), "changed": _l("Changed"), "moved": _l("Moved")}


def _row_status(row) -> str:
    status = str(STATUS[row.status])
    if row.status in ("moved", "changed") and row.old_index != row.new_index:
        status += "\n" + _("Was row %(old)d, now row %(new)d", old=row.old_index, new=row.new_index)
    return status


def _block(writer: Writer, block) -> None:
    """One changed block of a section: a table of rows, or a text with its changes marked."""
    if block.kind == "rows":
        def lines(row, side):
            pieces = {key: getattr(row.cells[key], side) for key, _label in block.columns}
            return [(str(label), pieces[key]) for key, label in block.columns if pieces[key]]
        writer.marked_table([_("Change"), _("Previous version"), _("This version")],
                            [[_row_status(row), lines(row, "left"), lines(row, "right")]
                             for row in block.rows if row.status != "same"],
                            weights=[1, 3, 3], empty=_("Nothing written"))
    else:
        writer.marked(merged(block), lead=_("%(label)s: ", label=block.label) if block.label else None)


def _changes(writer: Writer, reading: ReviewReading) -> None:
    writer.heading(_("Changes since the last review"))
    if reading.plan is None:
        writer.paragraph(_("No plan version is attached to this review, so there is nothing to compare."))
        return
    if reading.previous is None:
        writer.paragraph(_("This is the first review with a plan version attached."))
        return
    previous = reading.previous
    writer.paragraph(_("Compared with the previous review (%(kind)s, %(date)s) and the plan version attached to it: "
                       "%(version)s.", kind=_kind(previous), date=moment(previous.starts_at),
                       version=agreed_name(previous.agreed_version)))
    if not reading.details and not reading.changed:
        writer.paragraph(_("No changes to the plan since the last review."), italic=True)
        return
    if reading.details:
        writer.heading(_("The plan's details"), level=2)
        for change in reading.details:
            writer.marked(merged(change), lead=_("%(label)s: ", label=change.label))
    for part in reading.changed:
        writer.heading(_("%(heading)s: %(status)s", heading=isolate(translated(part.section.heading)),
                         status=str(STATUS[part.status])), level=2)
        blocks = [block for block in part.blocks if block.changed]
        if not blocks:
            writer.paragraph(_("Nothing written."), italic=True)
        for block in blocks:
            _block(writer, block)


def build_review_docx(reading: ReviewReading, language: str = "en-GB") -> bytes:
    """The review pack as a .docx: everything in it is what `reading`'s reader may read."""
    review = reading.review
    writer = Writer(language)
    writer.header(MARKING)
    writer.footer(_("Review %(id)s. Page %(page)s of %(pages)s", id=review.id, page="{page}", pages="{pages}"))
    writer.properties(title=_("Review pack %(id)s", id=review.id), subject=_("Review pack"),
                      identifier=review_file_name(review).removesuffix(".docx"),
                      status=_("Outcome recorded") if review.outcome else _("No outcome yet"),
                      version=str(review.version))
    _details(writer, reading)
    _outcome(writer, review)
    _actions(writer, review)
    _changes(writer, reading)
    if reading.plan is not None:
        writer.page_break()
        write_plan(writer, reading.plan)
    return writer.to_bytes()
