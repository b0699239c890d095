"""Starting a plan from a template, saving its sections and details."""
from datetime import date

from sqlalchemy import delete, insert, update

from .. import policy, sections
from ..extensions import db
from ..models import AUDIENCES, NAMED, Child, Plan, Section, User, section_readers
from ..models.types import utcnow
from ..plan_templates import PlanTemplate
from . import agreement, audit, history


class SectionConflict(Exception):
    """Someone else saved the section since this person read it."""


def start_plan(child: Child, template: PlanTemplate, by: User, today: date | None = None) -> Plan:
    """A new draft plan for `child` with every section of `template`, empty."""
    plan = Plan(child_id=child.id, child=child, template_key=template.key, template_version=template.version,
                title=template.title, status="draft", version=1, plan_date=today or date.today(),
                created_by_id=by.id if by else None)
    db.session.add(plan)
    db.session.flush()
    for position, part in enumerate(template.sections):
        section = Section(plan_id=plan.id, plan=plan, key=part.key, kind=part.kind, heading=part.heading,
                          position=position, audience=part.audience, content=sections.get(part.kind).empty(),
                          version=1, updated_by_id=by.id if by else None, updated_at=plan.created_at)
        db.session.add(section)
        db.session.flush()
        history.record(section, by, source="start")
    audit.record("plan.start", user=by, obj=plan, child=child)
    db.session.flush()
    return plan


def _audience_change(section: Section, audience: str | None, named) -> frozenset[int] | None:
    """The named readers `section` gets if (`audience`, `named`) changes who reads it, else None; people
    outside the child's network cannot be named (ValueError)."""
    if audience is None:
        return None
    if audience not in AUDIENCES:
        raise ValueError(audience)
    named = frozenset(named or ()) if audience == NAMED else frozenset()
    members = {m.user_id for m in section.plan.child.memberships}
    if not named <= members:
        raise ValueError("named readers must be in the child's network")
    if audience == section.audience and named == policy.named_readers(section) & members:
        return None   # nobody added or taken off (someone who has left the network is not a change)
    return named


def save_section(section: Section, content: dict, read_version: int | None, by: User,
                 audience: str | None = None, named=None, source: str = "edit", credit: User | None = None,
                 restored_from: int | None = None) -> bool:
    """Store `content` (and `audience`, with the user ids `named` for named people, if given) as a new
    version of the section if nobody saved since `read_version`; else SectionConflict, and nothing is
    written. False if nothing changed.

    The version check and the write are one UPDATE, so two saves at once cannot both win. The change is
    kept in the section's history, credited to `credit` (whose suggestion it was) or else to `by`.
    """
    content = sections.get(section.kind).check(content)
    readers = _audience_change(section, audience, named)
    if read_version == section.version and content == section.content and readers is None:
        return False
    agreement.lock(section.plan)
    now, credit = utcnow(), credit or by
    values = {"content": content, "version": Section.version + 1, "updated_by_id": credit.id if credit else None,
              "updated_at": now, **({"audience": audience, "audience_set_by_id": by.id} if readers is not None
                                    else {})}
    result = db.session.execute(
        update(Section).where(Section.id == section.id, Section.version == read_version).values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.refresh(section)  # so the person sees what was saved meanwhile
        raise SectionConflict()
    if readers is not None:
        db.session.execute(delete(section_readers).where(section_readers.c.section_id == section.id))
        if readers:
            db.session.execute(insert(section_readers), [{"section_id": section.id, "user_id": u} for u in readers])
        audit.record("section.audience", user=by, obj=section, child=section.plan.child)
    db.session.refresh(section)
    agreement.on_change(section.plan, by)
    section.plan.updated_at = now
    history.record(section, credit, source, applied_by=by if credit is not by else None, restored_from=restored_from)
    audit.record("section.save", user=by, obj=section, child=section.plan.child)
    db.session.flush()
    return True


def update_details(plan: Plan, by: User, title: str, plan_date: date, review_date: date | None) -> None:
    if (title, plan_date, review_date) == (plan.title, plan.plan_date, plan.review_date):
        return
    agreement.on_change(plan, by)
    plan.title, plan.plan_date, plan.review_date = title, plan_date, review_date
    audit.record("plan.update", user=by, obj=plan, child=plan.child)
    db.session.flush()


class ArchiveError(ValueError):
    """The plan is already archived, or already in use."""


def set_archived(plan: Plan, by: User, archived: bool) -> None:
    """Archive a plan no longer used (read-only, off the child's list, kept with its history), or bring it back."""
    agreement.lock(plan)
    if (plan.archived_at is not None) == archived:
        raise ArchiveError()
    plan.archived_at, plan.archived_by_id = (utcnow(), by.id) if archived else (None, None)
    audit.record("plan.archive" if archived else "plan.unarchive", user=by, obj=plan, child=plan.child)
    db.session.flush()



def set_card_choices(plan: Plan, choices: dict, by: User) -> None:
    """Which items the one-page card shows where the plan holds more than fit (not the plan's words: no new
    version, no agreement withdrawn)."""
    agreement.lock(plan)
    plan.card_choices = {**(plan.card_choices or {}), **choices}
    audit.record("plan.card_choices", user=by, obj=plan, child=plan.child)
    db.session.flush()
