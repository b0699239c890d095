"""What one person reads of a plan: their sections, the "at a glance" box, the child's age.

The plan page and the Word export both start here, so they always show the same thing.
Sections come in one query whatever their number.
"""
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import joinedload

from . import card, policy, sections, text
from .compare import compare_text
from .extensions import db
from .models import EVERYONE, OPEN, AgreedVersion, Child, Comment, Plan, Section, SectionRevision, Suggestion
from .plan_templates import translated

GLANCE = {
    "key_adult": _l("Key adult"),
    "backup_adult": _l("Back-up adult"),
    "safe_space": _l("Safe space"),
    "triggers": _l("Main triggers"),
    "helps": _l("What helps most"),
}
GLANCE_ITEMS = 3  # a card, not the whole plan
STATUS_LABELS = {"draft": _l("Draft"), "shared": _l("Shared for review"), "agreed": _l("Agreed")}


@dataclass
class PlanView:
    """A plan's details as they were agreed (an agreed version), read like a Plan."""

    id: int
    child: Child
    title: str
    version: int
    plan_date: date
    review_date: date | None
    status: str = "agreed"


@dataclass
class SectionView:
    """A section as it was at one of its revisions, read like a Section."""

    id: int
    key: str
    kind: str
    heading: str
    position: int
    audience: str
    content: dict
    version: int
    updated_by: object
    updated_at: datetime

    @classmethod
    def of(cls, revision: SectionRevision, section: Section) -> "SectionView":
        return cls(section.id, section.key, section.kind, revision.heading, section.position, revision.audience,
                   revision.content, revision.number, revision.by, revision.created_at)


@dataclass
class PlanReading:
    plan: Plan | PlanView
    sections: list[Section | SectionView]
    glance: dict            # GLANCE key -> [text, ...] drawn only from `sections`
    context: dict           # what kinds need to show themselves (the child's age on the plan's date)
    agreed: AgreedVersion | None = None      # when reading an agreed version
    signatures: list = field(default_factory=list)
    hidden: list = field(default_factory=list)   # the sections the reader may not read, when asked for

    @property
    def child(self):
        return self.plan.child


def agreed_name(agreed: AgreedVersion, html: bool = False) -> str:
    """An agreed version as it is named beside a review: "Leo's plan, version 2, agreed on 2 November 2026";
    its title isolated (in <bdi> for a page, `html`; between FSI and PDI for Word)."""
    message, title = _("%(title)s, version %(number)s, agreed on %(date)s"), translated(agreed.title)
    when = format_date(agreed.agreed_at, "long")
    if html:
        return text.sentence(message, title=title, number=agreed.number, date=when)
    return message % {"title": text.isolate(title), "number": agreed.number, "date": when}


def age_on(born: date, on: date) -> tuple[int, int]:
    """Whole years and months from `born` to `on`."""
    months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
    months = max(months, 0)
    return months // 12, months % 12


def age_text(born: date, on: date) -> str:
    years, months = age_on(born, on)
    age = _("%(years)s, %(months)s", years=ngettext("%(num)d year", "%(num)d years", years),
            months=ngettext("%(num)d month", "%(num)d months", months))
    return _("Chronological age on %(date)s: %(age)s", date=format_date(on, "long"), age=age)


def context_for(plan: Plan) -> dict:
    """What section kinds need to show themselves for this plan."""
    return {"chronological_age_text": age_text(plan.child.date_of_birth, plan.plan_date)}


def read_plan(user, plan: Plan, with_hidden: bool = False) -> PlanReading:
    """The plan as `user` may read it; `user=None` is the full view (the export command). `with_hidden`: also
    the sections they may not read (with who chose their audience, never their content shown), in the same
    query, for a signer to be told what their agreement does not cover."""
    if user is None:
        query = policy.all_sections(plan).options(joinedload(Section.updated_by))
        return _reading(plan, list(db.session.scalars(query)))
    if not with_hidden:
        query = policy.visible_sections(user, plan).options(joinedload(Section.updated_by))
        return _reading(plan, list(db.session.scalars(query)))
    rows = db.session.execute(policy.all_sections(plan).add_columns(policy.readable_section(user, plan)).options(
        joinedload(Section.updated_by), joinedload(Section.audience_set_by))).all()
    return _reading(plan, [s for s, readable in rows if readable], hidden=[s for s, readable in rows if not readable])


def open_discussion(user, plan: Plan, section_ids) -> tuple[dict[int, int], dict[int, int]]:
    """Per section: the open threads `user` may read and the open suggestions, in one query."""
    threads = policy.visible_threads(user, plan).where(Comment.resolved_at.is_(None)).subquery()
    rows = db.session.execute(union_all(
        select(literal("thread"), threads.c.section_id, func.count()).group_by(threads.c.section_id),
        select(literal("suggestion"), Suggestion.section_id, func.count())
        .where(Suggestion.section_id.in_(list(section_ids)), Suggestion.status == OPEN)
        .group_by(Suggestion.section_id)))
    counts = {"thread": {}, "suggestion": {}}
    for what, section_id, count in rows:
        counts[what][section_id] = count
    return counts["thread"], counts["suggestion"]


def _reading(plan, rows, **extra) -> PlanReading:
    glance = {key: [] for key in GLANCE}
    for section in rows:
        for key, items in sections.get(section.kind).glance(section.content).items():
            glance[key].extend(item for item in items if item)
    return PlanReading(plan, rows, {key: items[:GLANCE_ITEMS] for key, items in glance.items()},
                       context_for(plan), **extra)


def agreed_sections(user, plan: Plan, agreed: AgreedVersion) -> list[SectionView]:
    """The sections of an agreed version that `user` may read (None: all), as they were agreed."""
    query = (policy.all_revisions(plan) if user is None else policy.visible_revisions(user, plan))
    rows = db.session.execute(query.where(SectionRevision.id.in_(agreed.revision_ids))
                              .options(joinedload(SectionRevision.by)))
    return [SectionView.of(revision, section) for revision, section in rows]


def read_agreed(user, plan: Plan, agreed: AgreedVersion, signatures: list) -> PlanReading:
    """An agreed version exactly as it was agreed, as `user` may read it."""
    frozen = PlanView(plan.id, plan.child, agreed.title, agreed.number, agreed.plan_date, agreed.review_date)
    return _reading(frozen, agreed_sections(user, plan, agreed), agreed=agreed,
                    signatures=policy.without_care_roles(user, plan.child, signatures))


def current_sections(user, plan: Plan) -> list[SectionView]:
    """The plan's sections now, in the same shape as an agreed version's (to compare them)."""
    rows = db.session.scalars(policy.visible_sections(user, plan).options(joinedload(Section.updated_by)))
    return [SectionView(s.id, s.key, s.kind, s.heading, s.position, s.audience, s.content, s.version,
                        s.updated_by, s.updated_at) for s in rows]


def sections_at(user, plan: Plan, number: int, agreed: AgreedVersion | None) -> list[SectionView]:
    """The sections `user` may read as they were in plan version `number` (the current one, or agreed)."""
    if number == plan.version:
        return current_sections(user, plan)
    return agreed_sections(user, plan, agreed) if agreed is not None else []


def _details(source) -> list[str]:
    """A plan's (or an agreed version's) title and dates, to compare."""
    return [translated(source.title), format_date(source.plan_date, "long"),
            format_date(source.review_date, "long") if source.review_date else ""]


@dataclass
class SectionChange:
    """One section in two versions: "added", "removed", "changed" or "same", with its kind's blocks."""

    section: Section | SectionView
    blocks: list
    status: str

    @property
    def changed(self) -> bool:
        return self.status != "same"


def compare_details(old, new) -> list:
    """The changes to the plan's title and dates (each a TextChange), only those that changed."""
    labels = (_("Title of the plan"), _("Date of the plan"), _("Review date"))
    details = [compare_text(a, b, label) for a, b, label in zip(_details(old), _details(new), labels)]
    return [d for d in details if d.changed]


def compare_sections(old: list, new: list) -> list[SectionChange]:
    """Sections matched by key and kind (so two plans of a child compare too), in the new order, removed ones
    last; a key whose kind differs is one section removed and another added."""
    before, after = ({(s.key, s.kind): s for s in rows} for rows in (old, new))
    parts = []
    for section in [*after.values(), *(s for key, s in before.items() if key not in after)]:
        kind = sections.get(section.kind)
        was, now = before.get((section.key, section.kind)), after.get((section.key, section.kind))
        blocks = kind.compare(was.content if was else kind.empty(), now.content if now else kind.empty())
        status = ("added" if was is None else "removed" if now is None
                  else "changed" if any(b.changed for b in blocks) else "same")
        parts.append(SectionChange(section, blocks, status))
    return parts


def compare_versions(user, plan: Plan, old: int, new: int, agreed: dict) -> tuple[list, list[SectionChange]]:
    """Plan version `old` against `new` (the current one, or agreed: `agreed` maps number -> AgreedVersion)
    as `user` may read them: the changes to the plan's details, and each section's changes."""
    sources = [plan if n == plan.version else agreed[n] for n in (old, new)]
    return compare_details(*sources), compare_sections(
        *(sections_at(user, plan, n, agreed.get(n)) for n in (old, new)))


def compare_agreed(user, old: AgreedVersion, new: AgreedVersion, new_sections=None) -> tuple[list, list[SectionChange]]:
    """Two agreed versions (of one plan, or of two plans of the same child) as `user` may read them;
    `new_sections`: the new one's, when they were read already."""
    if new_sections is None:
        new_sections = agreed_sections(user, new.plan, new)
    return compare_details(old, new), compare_sections(agreed_sections(user, old.plan, old), new_sections)


def read_card(plan: Plan, agreed: AgreedVersion | None = None) -> card.Card:
    """The plan's one-page card (or an agreed version's): from the sections everyone in the network may read
    (and, for an agreed version, could read when it was agreed), whoever asks."""
    if agreed is None:
        return card.build(plan, plan.child, list(db.session.scalars(policy.card_sections(plan))), plan.card_choices)
    rows = db.session.execute(policy.all_revisions(plan).where(
        SectionRevision.id.in_(agreed.revision_ids), Section.audience == EVERYONE,
        SectionRevision.audience == EVERYONE).options(joinedload(SectionRevision.by)))
    frozen = PlanView(plan.id, plan.child, agreed.title, agreed.number, agreed.plan_date, agreed.review_date)
    return card.build(frozen, plan.child, [SectionView.of(r, s) for r, s in rows], agreed.card_choices, agreed)
