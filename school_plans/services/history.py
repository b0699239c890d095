"""Every change to a section is kept as that section's content; an old one can be restored."""
from sqlalchemy import func, select

from ..extensions import db
from ..models import Section, SectionRevision, User


class NoSuchRevision(LookupError):
    pass


def record(section: Section, credit: User | None, source: str = "edit", applied_by: User | None = None,
           restored_from: int | None = None) -> SectionRevision:
    """Keep the section as it now is (after a save) as its revision `section.version`."""
    revision = SectionRevision(
        section_id=section.id, plan_id=section.plan_id, number=section.version, plan_version=section.plan.version,
        heading=section.heading, audience=section.audience, content=section.content, source=source,
        by_id=credit.id if credit else None, applied_by_id=applied_by.id if applied_by else None,
        restored_from=restored_from, created_at=section.updated_at,
    )
    db.session.add(revision)
    return revision


def revision(section: Section, number: int) -> SectionRevision:
    found = db.session.scalar(select(SectionRevision).where(
        SectionRevision.section_id == section.id, SectionRevision.number == number))
    if found is None:
        raise NoSuchRevision(number)
    return found


def latest_revision_ids(plan_id: int) -> list[int]:
    """The revision each section of the plan is at now (revisions are only ever appended)."""
    return list(db.session.scalars(
        select(func.max(SectionRevision.id)).where(SectionRevision.plan_id == plan_id)
        .group_by(SectionRevision.section_id)
    ))


def restore(section: Section, number: int, read_version: int | None, by: User) -> bool:
    """Save revision `number`'s content as a new change (nothing is overwritten); False if it is the same
    as now. SectionConflict if the section changed since `read_version`."""
    from .plans import save_section  # plans records its changes here: import at call time

    return save_section(section, revision(section, number).content, read_version, by, source="restore",
                        restored_from=number)
