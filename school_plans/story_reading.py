"""Who knows the child's story: for each person in the network, what they can read (the care status and
each section of each plan in use), worked out by the policy's one audience rule."""
from dataclasses import dataclass, field

from sqlalchemy import select

from . import policy
from .extensions import db
from .models import NAMED, Child, Membership, Plan, Section, section_readers


@dataclass
class PlanSections:
    plan: Plan
    sections: list[Section]


@dataclass
class PersonReading:
    membership: Membership   # for someone there through the authority, one made for this page (never saved)
    care_status: bool
    hidden: dict = field(default_factory=dict)   # plan id -> [Section] they cannot read
    through_authority: bool = False


def named_readers_of(section_ids) -> dict[int, frozenset[int]]:
    """Section id -> the user ids named on it, for many sections in one query (none for no sections)."""
    section_ids = list(section_ids)
    if not section_ids:
        return {}
    found: dict[int, set[int]] = {}
    for section_id, user_id in db.session.execute(select(section_readers.c.section_id, section_readers.c.user_id)
                                                  .where(section_readers.c.section_id.in_(section_ids))):
        found.setdefault(section_id, set()).add(user_id)
    return {key: frozenset(value) for key, value in found.items()}


def hidden_from(membership: Membership, sections, named: dict) -> list:
    """The sections (or section views) `membership` cannot read."""
    return [s for s in sections if not policy.member_reads_section(membership, s, named.get(s.id, frozenset()))]


def who_knows(child: Child) -> tuple[list[PlanSections], list[PersonReading]]:
    """The child's plans (in use first, then archived: still read) with their sections, and what each person in
    the network can read: its members, and the virtual school staff of the authority that looks after the child
    (there without an invitation)."""
    plans = list(db.session.scalars(select(Plan).where(Plan.child_id == child.id).order_by(
        Plan.archived_at.is_not(None), Plan.created_at.desc(), Plan.id.desc())))
    by_plan = {plan.id: PlanSections(plan, []) for plan in plans}
    for section in db.session.scalars(select(Section).where(Section.plan_id.in_(list(by_plan)))
                                      .order_by(Section.position)):
        by_plan[section.plan_id].sections.append(section)
    named = named_readers_of(s.id for p in by_plan.values() for s in p.sections)
    staff = [Membership(user_id=s.user_id, user=s.user, role=policy.VIRTUAL_SCHOOL, core_team=False)
             for s in policy.through_authority(child)]
    people = [PersonReading(m, policy.reads_audience(policy.standing_of(m), child.care_status_audience),
                            {p.plan.id: hidden_from(m, p.sections, named) for p in by_plan.values()},
                            m.id is None)
              for m in sorted([*child.memberships, *staff], key=lambda m: m.user.name.casefold())]
    return list(by_plan.values()), people


@dataclass
class UnreadBySigner:
    """A person asked to agree the plan, and the sections they cannot read."""

    membership: Membership
    sections: list


def unread_by_signers(plan: Plan, sections=None) -> list[UnreadBySigner]:
    """Each member who must agree the plan and cannot read some of its sections (`sections`: all of them,
    if already read), so the designated teacher knows before asking."""
    if sections is None:
        sections = list(db.session.scalars(policy.all_sections(plan)))
    named = named_readers_of(s.id for s in sections if s.audience == NAMED)
    roles = policy.signer_roles(plan)
    found = [UnreadBySigner(m, hidden_from(m, sections, named)) for m in plan.child.memberships if m.role in roles]
    return [f for f in found if f.sections]
