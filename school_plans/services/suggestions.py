"""Changes parents and carers suggest to a section, and what the school decides about them."""
from sqlalchemy import select, update

from .. import sections
from ..extensions import db
from ..models import ACCEPTED, DECLINED, OPEN, WITHDRAWN, Section, Suggestion, User
from ..models.types import utcnow
from ..policy import SCHOOL_ROLES
from . import agreement, audit, notifications
from .plans import save_section


class SuggestionClosed(ValueError):
    """The suggestion was already accepted, declined or withdrawn."""


class NothingChanged(ValueError):
    """The suggested content is what the section already says: there is nothing to decide."""


def propose(section: Section, by: User, content: dict, read_version: int | None, note: str = "") -> Suggestion:
    """A suggested new content for `section`, against the version the person read."""
    kind = sections.get(section.kind)
    if kind.check(content) == kind.check(section.content):
        raise NothingChanged()
    suggestion = Suggestion(plan_id=section.plan_id, section_id=section.id, section=section, author_id=by.id,
                            author=by, base_version=read_version or section.version,
                            content=kind.check(content), note=note, status=OPEN,
                            created_at=utcnow())
    db.session.add(suggestion)
    db.session.flush()
    audit.record("suggestion.create", user=by, obj=suggestion, child=section.plan.child)
    deciders = notifications.members(section.plan, SCHOOL_ROLES, section=section)
    notifications.notify("suggestion", section.plan, by, deciders, section=section, target_id=suggestion.id)
    return suggestion


def _close(suggestion: Suggestion, status: str, by: User, reason: str = "") -> None:
    """Decide an open suggestion: one UPDATE that only an open one matches, so two decisions cannot both win.
    The plan is locked first, as every change to a plan does (agreement.lock), so no two wait on each other."""
    agreement.lock(suggestion.section.plan)
    closed = db.session.execute(
        update(Suggestion).where(Suggestion.id == suggestion.id, Suggestion.status == OPEN)
        .values(status=status, reason=reason, decided_by_id=by.id, decided_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(suggestion)
    if not closed:
        raise SuggestionClosed()
    audit.record(f"suggestion.{status}", user=by, obj=suggestion, child=suggestion.section.plan.child)
    notifications.done(suggestion.section.plan, ("suggestion",), target_id=suggestion.id)   # nobody's to decide now
    db.session.flush()


def accept(suggestion: Suggestion, by: User, read_version: int | None) -> None:
    """Apply the suggestion as a change credited to its author, if the section is still as `by` saw it
    (else SectionConflict, and nothing is written). SuggestionClosed if someone decided it meanwhile:
    the caller must then not commit the change."""
    if not suggestion.is_open:
        raise SuggestionClosed()
    section = suggestion.section
    save_section(section, suggestion.content, read_version, by, source="suggestion", credit=suggestion.author)
    _close(suggestion, ACCEPTED, by)
    notifications.notify("suggestion_accepted", section.plan, by, [suggestion.author] if suggestion.author else [],
                         section=section, target_id=suggestion.id)


def decline(suggestion: Suggestion, by: User, reason: str) -> None:
    _close(suggestion, DECLINED, by, reason)
    section = suggestion.section
    notifications.notify("suggestion_declined", section.plan, by, [suggestion.author] if suggestion.author else [],
                         section=section, target_id=suggestion.id)


def withdraw(suggestion: Suggestion, by: User) -> None:
    _close(suggestion, WITHDRAWN, by)


def of_section(section: Section) -> list[Suggestion]:
    """A section's suggestions, newest first."""
    return list(db.session.scalars(select(Suggestion).where(Suggestion.section_id == section.id)
                                   .order_by(Suggestion.id.desc())))
