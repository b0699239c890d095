"""Every change to a section is kept as that section's content; an old one can be restored."""
from sqlalchemy import func, insert, select, tuple_

from .. import policy
from ..extensions import db
from ..models import NAMED, Section, SectionRevision, User, revision_readers


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
    if section.audience == NAMED:   # its readers are those named now, whoever is named later
        db.session.flush()
        named = policy.named_readers(section)
        if named:
            db.session.execute(insert(revision_readers), [{"revision_id": revision.id, "user_id": u} for u in named])
    return revision


def revision(section: Section, number: int) -> SectionRevision:
    found = db.session.scalar(select(SectionRevision).where(
        SectionRevision.section_id == section.id, SectionRevision.number == number))
    if found is None:
        raise NoSuchRevision(number)
    return found


def latest_revision_ids(plan_id: int, section_ids=None) -> list[int]:
    """The revision each section of the plan (or each of `section_ids`, a list or a select of ids) is at now
    (revisions are only ever appended)."""
    query = select(func.max(SectionRevision.id)).where(SectionRevision.plan_id == plan_id)
    if section_ids is not None:
        query = query.where(SectionRevision.section_id.in_(section_ids))
    return sorted(db.session.scalars(query.group_by(SectionRevision.section_id)))


def restore(section: Section, number: int, read_version: int | None, by: User) -> bool:
    """Save revision `number`'s content as a new change (nothing is overwritten); False if it is the same
    as now. SectionConflict if the section changed since `read_version`."""
    from .plans import save_section  # plans records its changes here: import at call time

    return save_section(section, revision(section, number).content, read_version, by, source="restore",
                        restored_from=number)


def audience_changes(revisions) -> set[int]:
    """The ids of those of `revisions` that changed who may read their section (from the one before)."""
    later = [r for r in revisions if r.number > 1]
    if not later:
        return set()
    before = {(section_id, number): audience for section_id, number, audience in db.session.execute(
        select(SectionRevision.section_id, SectionRevision.number, SectionRevision.audience).where(
            tuple_(SectionRevision.section_id, SectionRevision.number).in_(
                [(r.section_id, r.number - 1) for r in later])))}
    return {r.id for r in later if before.get((r.section_id, r.number - 1), r.audience) != r.audience}
