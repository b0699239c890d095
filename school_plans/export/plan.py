"""The plan as a Word document, built from what one reader may see (plan_reading.read_plan or read_agreed).

A name or title inside a sentence the app builds is isolated (text.isolate), so it cannot reorder the
sentence; one that fills its paragraph or cell on its own (a heading, the title block) has nothing to reorder.
"""
from flask_babel import format_date
from flask_babel import gettext as _

from .. import audiences, sections
from ..i18n import listing, moment
from ..labels import ROLE_LABELS, year_group_label
from ..plan_reading import GLANCE, STATUS_LABELS, PlanReading
from ..plan_templates import translated
from ..text import isolate
from .word import Writer

MARKING = "OFFICIAL-SENSITIVE"


def file_name(plan) -> str:
    """Named by ids only: never the child's name."""
    return f"plan-{plan.id}-v{plan.version}.docx"


def initials(name: str) -> str:
    """The first letter of each of the name's first three words (any script), upper-cased."""
    firsts = (next((c for c in word if c.isalnum()), "") for word in name.split())
    return "".join(c for c in firsts if c)[:3].upper()


def _name(user) -> str:
    return user.name if user is not None else _("Former member")


def _role(code: str) -> str:
    return str(ROLE_LABELS.get(code, code))


def _status(plan) -> str:
    return str(STATUS_LABELS.get(plan.status, plan.status))


def _agreement(reading: PlanReading) -> str:
    signers = listing(_("%(name)s (%(role)s)", name=isolate(_name(s.user)), role=_role(s.role))
                      for s in reading.signatures)
    return _("Version %(version)s, agreed on %(date)s by %(signers)s", version=reading.agreed.number,
             date=format_date(reading.agreed.agreed_at, "long"), signers=signers)


def _comment(writer: Writer, heading, thread) -> None:
    """A thread as one Word comment on the section's heading: the first comment, then each reply."""
    author = _name(thread.first.author)
    replies = [_("%(name)s: %(text)s", name=isolate(_name(r.author)), text=isolate(r.body)) for r in thread.replies]
    writer.comment(heading, thread.first.body, author, initials(author), more=replies, when=thread.first.created_at)


def build_plan_docx(reading: PlanReading, language: str = "en-GB", threads=None) -> bytes:
    """The reading as a .docx; `threads` (comments.Thread) become Word comments on their sections' headings."""
    plan = reading.plan
    writer = Writer(language)
    writer.header(MARKING)
    writer.footer(_("Plan %(id)s, version %(version)s. Page %(page)s of %(pages)s", id=plan.id,
                    version=plan.version, page="{page}", pages="{pages}"))
    writer.properties(title=_("School support plan %(id)s, version %(version)s", id=plan.id, version=plan.version),
                      subject=_("School support plan"), identifier=file_name(plan).removesuffix(".docx"),
                      status=_status(plan), version=str(plan.version))
    write_plan(writer, reading, threads)
    return writer.to_bytes()


def write_plan(writer: Writer, reading: PlanReading, threads=None) -> None:
    """The plan itself (title block, "at a glance" box, sections, who agreed): the body of the plan export,
    and of the review pack's copy of the attached version."""
    plan, child = reading.plan, reading.child
    writer.title(translated(plan.title))
    writer.label_table([
        (_("Child"), child.preferred_name),
        (_("School"), child.school.name),
        (_("Year group"), str(year_group_label(child.year_group))),
        (_("Plan"), translated(plan.title)),
        (_("Status"), _status(plan)),
        (_("Version"), str(plan.version)),
        *([(_("Agreement"), _agreement(reading))] if reading.agreed else []),
        (_("Date of plan"), format_date(plan.plan_date, "long")),
        (_("Review date"), format_date(plan.review_date, "long") if plan.review_date else _("Not set")),
    ])
    writer.box(_("At a glance"), [(str(label), reading.glance[key]) for key, label in GLANCE.items()],
               empty=_("Not written yet"))
    headings = {}
    for section in reading.sections:
        headings[section.id] = writer.heading(translated(section.heading))
        if section.audience in audiences.NOTES:
            writer.paragraph(str(audiences.NOTES[section.audience]), italic=True)
        kind = sections.get(section.kind)
        if kind.is_empty(section.content):
            writer.paragraph(_("Nothing written yet."), italic=True)
        else:
            if intro := kind.intro(reading.context):
                writer.paragraph(intro, bold=True)
            kind.write_docx(writer, section.content, reading.context)
    for thread in threads or ():
        if thread.first.section_id in headings:  # never a thread on a section this reader does not get
            _comment(writer, headings[thread.first.section_id], thread)
    if reading.agreed:
        writer.heading(_("Who agreed this version"))
        writer.table([_("Name"), _("Role"), _("Date agreed")],
                     [[_name(s.user), _role(s.role), moment(s.agreed_at)]
                      for s in reading.signatures], weights=[3, 2, 2])
