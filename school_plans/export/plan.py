"""The plan as a Word document, built from what one reader may see (plan_reading.read_plan)."""
from flask_babel import format_date
from flask_babel import gettext as _

from .. import sections
from ..labels import year_group_label
from ..plan_reading import GLANCE, STATUS_LABELS, PlanReading
from .word import Writer

MARKING = "OFFICIAL-SENSITIVE"


def file_name(plan) -> str:
    """Named by ids only: never the child's name."""
    return f"plan-{plan.id}-v{plan.version}.docx"


def build_plan_docx(reading: PlanReading, language: str = "en-GB") -> bytes:
    plan, child = reading.plan, reading.child
    status = str(STATUS_LABELS.get(plan.status, plan.status))
    writer = Writer(language)
    writer.header(MARKING)
    writer.footer(_("Plan %(id)s, version %(version)s. Page %(page)s of %(pages)s", id=plan.id,
                    version=plan.version, page="{page}", pages="{pages}"))
    writer.properties(title=_("School support plan %(id)s, version %(version)s", id=plan.id, version=plan.version),
                      subject=_("School support plan"), identifier=file_name(plan).removesuffix(".docx"),
                      status=status, version=str(plan.version))
    writer.title(plan.title)
    writer.label_table([
        (_("Child"), child.preferred_name),
        (_("School"), child.school.name),
        (_("Year group"), str(year_group_label(child.year_group))),
        (_("Plan"), plan.title),
        (_("Status"), status),
        (_("Version"), str(plan.version)),
        (_("Date of plan"), format_date(plan.plan_date, "long")),
        (_("Review date"), format_date(plan.review_date, "long") if plan.review_date else _("Not set")),
    ])
    writer.box(_("At a glance"), [(str(label), reading.glance[key]) for key, label in GLANCE.items()],
               empty=_("Not written yet"))
    for section in reading.sections:
        writer.heading(section.heading)
        if section.professionals_only:
            writer.paragraph(_("Professionals only: not shared with parents and carers."), italic=True)
        kind = sections.get(section.kind)
        if kind.is_empty(section.content):
            writer.paragraph(_("Nothing written yet."), italic=True)
        else:
            if intro := kind.intro(reading.context):
                writer.paragraph(intro, bold=True)
            kind.write_docx(writer, section.content, reading.context)
    return writer.to_bytes()
