"""Who may do what: the one permission policy. Deny by default.

Roles belong to a child's network (a Membership), not to the person.
`can()` answers for one object; `visible_*()` scope list queries.
Views ask `child_or_404()` first (no leak of existence), then `can()` (403).
"""
from typing import NamedTuple

from flask import abort, g, has_request_context, request
from sqlalchemy import Boolean, and_, exists, false, inspect, literal, or_, select, union_all
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.base import NO_VALUE

from .extensions import db
from .models import (
    AUDIENCES,
    CORE_TEAM,
    EVERYONE,
    NAMED,
    PROFESSIONALS,
    AgreedVersion,
    Authority,
    AuthorityStaff,
    Child,
    Comment,
    Membership,
    Notification,
    Plan,
    Review,
    ReviewAction,
    School,
    Section,
    SectionRevision,
    Suggestion,
    revision_readers,
    school_designated_teachers,
    section_readers,
    thread_readers,
)

DESIGNATED_TEACHER = "designated_teacher"
PARENT_CARER = "parent_carer"
SCHOOL_ROLES = {DESIGNATED_TEACHER, "school_staff"}
SOCIAL_WORKER = "social_worker"
VIRTUAL_SCHOOL = "virtual_school"
REVIEW_ROLES = {SOCIAL_WORKER, VIRTUAL_SCHOOL}
ROLES = (DESIGNATED_TEACHER, "school_staff", PARENT_CARER, SOCIAL_WORKER, VIRTUAL_SCHOOL)
CORE_ROLES = {DESIGNATED_TEACHER, PARENT_CARER, SOCIAL_WORKER, VIRTUAL_SCHOOL}   # and school staff put in it
STORY_KEEPERS = {DESIGNATED_TEACHER, PARENT_CARER, SOCIAL_WORKER}   # see who knows the child's story
QUALITY_READERS = {DESIGNATED_TEACHER, VIRTUAL_SCHOOL}   # read the virtual school's reviews of a plan's quality
LOOKED_AFTER = "looked_after"   # the care status that puts a child in their authority's virtual school's reach


class Standing(NamedTuple):
    """A person's place in one child's network, as far as audiences need it."""

    user_id: int
    role: str
    core_team: bool = False


def standing_of(membership: Membership) -> Standing:
    return Standing(membership.user_id, membership.role, membership.core_team)


def standing_for(user, child: Child) -> Standing | None:
    """The user's place in the child's network (cached for the request), None outside it."""
    if not getattr(user, "is_authenticated", False) or child is None:
        return None
    cache = g.setdefault("_standings", {})
    key = (user.id, child.id)
    loaded = inspect(child).attrs.memberships.loaded_value
    if key not in cache and loaded is not NO_VALUE and has_request_context() and request.method in ("GET", "HEAD"):
        # a page view changes no network, so the members already loaded with the child are current
        cache[key] = next((standing_of(m) for m in loaded if m.user_id == user.id), None) or _through_authority(
            user, child)
    if key not in cache:
        row = db.session.execute(select(Membership.role, Membership.core_team).where(
            Membership.user_id == user.id, Membership.child_id == child.id)).first()
        cache[key] = Standing(user.id, row.role, row.core_team) if row else _through_authority(user, child)
    return cache[key]


def reached_through_authority(child: Child) -> bool:
    """Is the child in reach of their authority's virtual school without an invitation? A looked-after child
    is; a previously looked-after child is the family's to share (only by invitation). _network() is its SQL."""
    return child.care_status == LOOKED_AFTER and child.responsible_authority_id is not None


def _authority_ids(user) -> frozenset[int]:
    """The authorities on whose virtual school's staff `user` is (asked once per request)."""
    cache = g.setdefault("_authority_ids", {}) if has_request_context() else {}
    if user.id not in cache:
        cache[user.id] = frozenset(db.session.scalars(select(AuthorityStaff.authority_id).where(
            AuthorityStaff.user_id == user.id)))
    return cache[user.id]


def _through_authority(user, child: Child) -> Standing | None:
    """The virtual school's standing, without an invitation, for someone on the staff of the authority that
    looks after the child."""
    if reached_through_authority(child) and child.responsible_authority_id in _authority_ids(user):
        return Standing(user.id, VIRTUAL_SCHOOL)
    return None


def through_authority(child: Child) -> list[AuthorityStaff]:
    """Those who stand in the child's network through the authority (its virtual school staff who are not
    members), for "Who knows my story"."""
    if not reached_through_authority(child):
        return []
    members = {m.user_id for m in child.memberships}
    staff = db.session.scalars(select(AuthorityStaff).where(
        AuthorityStaff.authority_id == child.responsible_authority_id))
    return [s for s in staff if s.user_id not in members and s.user.is_active]


def _network(user):
    """standing_for() as SQL: a subquery of (child_id, role, core_team) for each child in whose network `user`
    stands, as a member or through the authority (only where they are not a member)."""
    members = select(Membership.child_id.label("child_id"), Membership.role.label("role"),
                     Membership.core_team.label("core_team")).where(Membership.user_id == user.id)
    through_authority = (
        select(Child.id, literal(VIRTUAL_SCHOOL), literal(False, Boolean))
        .join(AuthorityStaff, AuthorityStaff.authority_id == Child.responsible_authority_id)
        .where(AuthorityStaff.user_id == user.id, Child.care_status == LOOKED_AFTER,
               ~exists().where(Membership.child_id == Child.id, Membership.user_id == user.id)))
    return union_all(members, through_authority).subquery("network")


def role_for(user, child: Child) -> str | None:
    """The user's role in the child's network (cached for the request)."""
    standing = standing_for(user, child)
    return standing.role if standing else None


def in_core_team(standing: Standing | None) -> bool:
    """The child's core team: the designated teacher, the key and back-up adults the designated teacher names,
    parents and carers, the social worker and the virtual school; not the rest of the school staff."""
    return standing is not None and (standing.role in CORE_ROLES or (standing.role == "school_staff"
                                                                      and standing.core_team))


def reads_audience(standing: Standing | None, audience: str, named=frozenset()) -> bool:
    """The one rule for every audience (of a section, a thread, the care status): may someone with this
    standing in the child's network read what is for `audience` (`named`: the user ids picked by name)?"""
    if standing is None:
        return False
    if audience == EVERYONE:
        return True
    if audience == CORE_TEAM:
        return in_core_team(standing)
    if audience == PROFESSIONALS:
        return standing.role != PARENT_CARER
    if audience == NAMED:   # the designated teacher, who chose them, reads it too
        return standing.role == DESIGNATED_TEACHER or standing.user_id in named
    return False


def _audience_clause(standing: Standing | None, audience_column, named_by, owner_id):
    """reads_audience() as SQL over `audience_column`; a NAMED row is read by those whose user id is beside
    `owner_id` in the table of `named_by` (section_readers.c.section_id, thread_readers.c.comment_id)."""
    if standing is None:
        return false()
    fixed = [a for a in AUDIENCES if reads_audience(standing, a)]
    return or_(audience_column.in_(fixed), and_(audience_column == NAMED, exists().where(
        named_by == owner_id, named_by.table.c.user_id == standing.user_id)))


def _section_clause(standing: Standing | None, audience_column=Section.audience):
    return _audience_clause(standing, audience_column, section_readers.c.section_id, Section.id)


def reads_care_status(user, child: Child) -> bool:
    """Who knows about the child's care is the child's to decide, with the designated teacher and family."""
    return reads_audience(standing_for(user, child), child.care_status_audience)


def is_school_designated_teacher(user, school: School | None = None) -> bool:
    query = select(school_designated_teachers.c.school_id).where(
        school_designated_teachers.c.user_id == user.id
    )
    if school is not None:
        query = query.where(school_designated_teachers.c.school_id == school.id)
    return db.session.scalar(query.limit(1)) is not None


def _in_network(user, child) -> bool:
    return isinstance(child, Child) and role_for(user, child) is not None


def _designated_teacher(user, child) -> bool:
    return isinstance(child, Child) and role_for(user, child) == DESIGNATED_TEACHER


def _child_of(obj) -> Child | None:
    """The child itself, or the child a plan, section, comment, suggestion, review or action is about (the
    network is attached to the child)."""
    if isinstance(obj, Child):
        return obj
    if isinstance(obj, ReviewAction):
        obj = obj.review
    if isinstance(obj, Review):
        return obj.child
    if isinstance(obj, (Comment, Suggestion)):
        obj = obj.section
    if isinstance(obj, Section):
        obj = obj.plan
    if isinstance(obj, Plan):
        return obj.child
    return None


def _reader(user, obj) -> bool:
    """Anyone in the network of the child `obj` is about (each reads the sections their audience allows,
    which the visible_* scopes decide)."""
    return _in_network(user, _child_of(obj))


def visible_members(user, child: Child) -> list[Membership]:
    """The network as `user` sees it: a social worker or the virtual school in it would tell someone who may
    not know the child's care status that the child is or was in care, so they see the others only."""
    if reads_care_status(user, child):
        return list(child.memberships)
    return [m for m in child.memberships if m.role not in REVIEW_ROLES]


def without_care_roles(user, child: Child, items) -> list:
    """`items` with a `role` (signatures, what an agreement needs), leaving out the social worker and the
    virtual school for someone who may not know the care status: a looked-after child's plan needs its social
    worker's agreement, which would tell them (`user` None: the full view)."""
    if user is None or reads_care_status(user, child):
        return list(items)
    return [item for item in items if item.role not in REVIEW_ROLES]


def _care_status_reader(user, obj) -> bool:
    """Reviews are about the child's care (PEP, CLA review): for those who may know the care status."""
    child = _child_of(obj)
    return child is not None and reads_care_status(user, child)


def _story_keeper(user, child) -> bool:
    return isinstance(child, Child) and role_for(user, child) in STORY_KEEPERS


def _care_status_chooser(user, child) -> bool:
    """The designated teacher, with the parent or carer, decides who knows the child's care status."""
    return isinstance(child, Child) and role_for(user, child) in (DESIGNATED_TEACHER, PARENT_CARER)


def _photo_chooser(user, child) -> bool:
    """A photo of the child on the card is there only if the family chooses: a parent or carer adds it."""
    return isinstance(child, Child) and role_for(user, child) == PARENT_CARER


def _virtual_school_chooser(user, child) -> bool:
    """A previously looked-after child's status is the family's to share: the parent or carer decides."""
    return (isinstance(child, Child) and child.care_status == "previously_looked_after"
            and role_for(user, child) == PARENT_CARER)


def _school_author(user, obj) -> bool:
    """The school's adults write the plan: the designated teacher and school staff."""
    child = _child_of(obj)
    return child is not None and role_for(user, child) in SCHOOL_ROLES


def _section_author(user, section) -> bool:
    """The school's adults edit the sections they can read (section_or_404 finds only those)."""
    return isinstance(section, Section) and _school_author(user, section)


def _section_owner(user, section) -> bool:
    return isinstance(section, Section) and _designated_teacher(user, section.plan.child)


def _plan_owner(user, plan) -> bool:
    return isinstance(plan, Plan) and _designated_teacher(user, plan.child)


def signer_roles(plan: Plan) -> list[str]:
    """Who agrees a plan: the designated teacher, a parent or carer, and the social worker when the child
    is looked after."""
    roles = [DESIGNATED_TEACHER, PARENT_CARER]
    if plan.child.care_status == "looked_after":
        roles.append(SOCIAL_WORKER)
    return roles


def _signer(user, plan) -> bool:
    return isinstance(plan, Plan) and role_for(user, plan.child) in signer_roles(plan)


def _suggester(user, section) -> bool:
    """Parents and carers suggest changes instead of editing."""
    return isinstance(section, Section) and role_for(user, section.plan.child) == PARENT_CARER


def _resolver(user, comment) -> bool:
    """The designated teacher, or whoever started the thread."""
    return isinstance(comment, Comment) and comment.thread_id is None and (
        comment.author_id == user.id or _designated_teacher(user, _child_of(comment)))


def _suggestion_author(user, suggestion) -> bool:
    return isinstance(suggestion, Suggestion) and suggestion.author_id == user.id and _in_network(
        user, _child_of(suggestion))


def _review_manager(user, obj) -> bool:
    """Social workers and the virtual school schedule reviews, attach plans and record what was decided."""
    child = _child_of(obj)
    return child is not None and role_for(user, child) in REVIEW_ROLES


def _action_doer(user, action) -> bool:
    """Who may mark an action done (or not done after all): those who manage reviews, and its owner while they
    may see the child's reviews."""
    return isinstance(action, ReviewAction) and (_review_manager(user, action) or (
        action.owner_id is not None and action.owner_id == getattr(user, "id", None)
        and _care_status_reader(user, action)))


def _may_add_child(user, school) -> bool:
    return (school is None or isinstance(school, School)) and is_school_designated_teacher(user, school)


def _authority_staff(user, authority) -> bool:
    """The virtual school's staff oversee the children of their authority (None: of any authority)."""
    if authority is not None and not isinstance(authority, Authority):
        return False
    query = select(AuthorityStaff.id).where(AuthorityStaff.user_id == user.id)
    if authority is not None:
        query = query.where(AuthorityStaff.authority_id == authority.id)
    return db.session.scalar(query.limit(1)) is not None


def _admin(user, obj) -> bool:
    return user.is_admin


def _plan_of(obj) -> Plan | None:
    if isinstance(obj, (Comment, Suggestion)):
        obj = obj.section
    if isinstance(obj, Section):
        obj = obj.plan
    return obj if isinstance(obj, Plan) else None


def _in_use(rule):
    """`rule`, on a plan that is in use: an archived plan (and all in it) is read-only for everyone."""
    def allowed(user, obj) -> bool:
        plan = _plan_of(obj)
        return (plan is None or plan.archived_at is None) and rule(user, obj)
    return allowed


def _archived_plan_owner(user, plan) -> bool:
    return isinstance(plan, Plan) and plan.archived_at is not None and _plan_owner(user, plan)


def _quality_reader(user, plan) -> bool:
    """The virtual school's review of a plan's quality is advice to the designated teacher, who owns the plan
    and makes the changes, and the virtual school's own record. School staff, the social worker and the family
    read the plan that results, not an adviser's rating of the school's work (the virtual school brings it to
    the child's PEP meeting when it matters there)."""
    return isinstance(plan, Plan) and role_for(user, plan.child) in QUALITY_READERS


def _quality_reviewer(user, plan) -> bool:
    """The virtual school standing for the child (a member, or staff of the authority that looks after them)
    reviews what was agreed: only a plan with an agreed version."""
    return isinstance(plan, Plan) and role_for(user, plan.child) == VIRTUAL_SCHOOL and db.session.scalar(
        select(AgreedVersion.id).where(AgreedVersion.plan_id == plan.id).limit(1)) is not None


_RULES = {
    "child.view": _in_network,
    "child.edit": _designated_teacher,
    "network.view": _in_network,
    "network.manage": _designated_teacher,
    "child.create": _may_add_child,
    "plan.start": _school_author,         # obj: the child
    "plan.export": _reader,
    "plan.card": _reader,                 # the one-page card: only what everyone in the network may read
    "plan.card_choose": _in_use(_plan_owner),     # which rows it shows when there are more than fit
    "plan.edit": _in_use(_school_author),          # the plan's details
    "plan.archive": _in_use(_plan_owner),          # no longer used: read-only, off the child's list
    "plan.unarchive": _archived_plan_owner,        # back into use
    "section.edit": _in_use(_section_author),
    "section.audience": _in_use(_section_owner),   # who may read it: one of the AUDIENCES
    "section.restore": _in_use(_section_owner),    # an earlier version, as a new change
    "history.view": _reader,
    "comment.add": _in_use(_reader),          # obj: the section (or the thread, to reply)
    "comment.resolve": _in_use(_resolver),
    "suggestion.propose": _in_use(_suggester),
    "suggestion.decide": _in_use(_school_author),  # accept or decline
    "suggestion.withdraw": _in_use(_suggestion_author),
    "plan.share": _in_use(_plan_owner),
    "plan.agree": _in_use(_signer),
    "plan.quality_view": _quality_reader,          # the virtual school's reviews of its quality
    "plan.quality_review": _in_use(_quality_reviewer),
    "review.view": _care_status_reader,        # obj: the child, a review or an action
    "review.manage": _review_manager,     # schedule, change, attach a plan version, outcome and actions
    "review.action_done": _action_doer,   # obj: the action
    "review.export": _care_status_reader,
    "story.view": _story_keeper,              # who knows the child's story, and the child's wishes
    "story.wishes": _story_keeper,
    "story.care_status": _care_status_chooser,    # who reads the care status
    "story.core_team": _designated_teacher,       # which school staff are the key and back-up adults
    "story.virtual_school": _virtual_school_chooser,
    "child.photo": _photo_chooser,                # the photo on the one-page card: the family's to add
    "oversight.authority": _authority_staff,    # the dashboard of an authority's children (None: any)
    "oversight.school": _may_add_child,         # the dashboard of a school's children: its designated teachers
    "admin.manage": _admin,
}


def can(user, action: str, obj=None) -> bool:
    """May `user` do `action` on `obj`? Unknown actions and anonymous users: no."""
    rule = _RULES.get(action)
    if rule is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return rule(user, obj)


def require(user, action: str, obj=None) -> None:
    """Abort with 403 unless `can()`; for actions on objects the user can already see."""
    if not can(user, action, obj):
        abort(403)


def _member_reads_clause(audience_column, member=Membership):
    """reads_audience() as SQL for the member in the query's Membership row (or `member`: _network()'s
    columns), whichever child: each role, in the core team or not, with the audiences (but named people) it
    reads."""
    return or_(*(and_(member.role == role, member.core_team == core, audience_column.in_(
        [a for a in AUDIENCES if reads_audience(Standing(0, role, core), a)]))
        for role in ROLES for core in (False, True)))


def visible_children(user, care_status: bool = False):
    """A select() of the children in whose network `user` stands (as a member, or through the authority; none
    for anyone else); `care_status`: only those whose care status they may know."""
    if not getattr(user, "is_authenticated", False):
        return select(Child).where(false())
    network = _network(user)
    query = select(Child).join(network, network.c.child_id == Child.id)
    return query.where(_member_reads_clause(Child.care_status_audience, network.c)) if care_status else query


def overseen_children(user, place: Authority | School):
    """The children on `place`'s dashboard that `user` can see (an authority's: those it is responsible for; a
    school's: those in it), as a select() of child_id, knows_care (reads_care_status()) and reads_quality (the
    virtual school's quality reviews: the designated teacher and the virtual school)."""
    network = _network(user)
    by_place = (Child.responsible_authority_id if isinstance(place, Authority) else Child.school_id) == place.id
    return (select(Child.id.label("child_id"),
                   _member_reads_clause(Child.care_status_audience, network.c).label("knows_care"),
                   network.c.role.in_(QUALITY_READERS).label("reads_quality"))
            .join(network, network.c.child_id == Child.id).where(by_place))


def dashboards(user) -> list[Authority | School]:
    """The dashboards `user` may open: their authorities', then the schools where they are designated teacher."""
    authorities = db.session.scalars(select(Authority).join(AuthorityStaff).where(
        AuthorityStaff.user_id == user.id).order_by(Authority.name))
    return [*authorities, *schools_for_new_child(user)]


def oversees(user_id_column):
    """Whether the user in `user_id_column` has a dashboard, as SQL (for the header, read with the session)."""
    return or_(exists().where(AuthorityStaff.user_id == user_id_column),
               exists().where(school_designated_teachers.c.user_id == user_id_column))


def child_or_404(user, child_id: int) -> Child:
    child = db.session.scalar(visible_children(user).where(Child.id == child_id))
    if child is None:
        abort(404)
    return child


def visible_plans(user):
    """A select() of the plans of the children in whose network `user` stands."""
    if not getattr(user, "is_authenticated", False):
        return select(Plan).where(false())
    network = _network(user)
    return select(Plan).join(network, network.c.child_id == Plan.child_id)


def plans_of(user, child: Child, archived: bool = False):
    """The child's plans `user` may read, in use (or archived), newest first."""
    archived_at = Plan.archived_at.is_not(None) if archived else Plan.archived_at.is_(None)
    return list(db.session.scalars(visible_plans(user).where(Plan.child_id == child.id, archived_at)
                                   .order_by(Plan.created_at.desc(), Plan.id.desc())))


def plan_or_404(user, plan_id: int) -> Plan:
    query = visible_plans(user).where(Plan.id == plan_id).options(joinedload(Plan.child).joinedload(Child.memberships))
    plan = db.session.execute(query).unique().scalar_one_or_none()   # the child's network in the same query
    if plan is None:
        abort(404)
    return plan


def visible_reviews(user):
    """A select() of the reviews of the children whose network `user` is in and whose care status they may
    know (reviews are about the child's care)."""
    if not getattr(user, "is_authenticated", False):
        return select(Review).where(false())
    network = _network(user)
    return (select(Review).join(network, network.c.child_id == Review.child_id)
            .join(Child, Child.id == Review.child_id)
            .where(_member_reads_clause(Child.care_status_audience, network.c)))


def review_or_404(user, review_id: int) -> Review:
    query = visible_reviews(user).where(Review.id == review_id).options(
        joinedload(Review.child).joinedload(Child.memberships),   # the child's network in the same query
        joinedload(Review.agreed_version).joinedload(AgreedVersion.plan).lazyload(Plan.child))   # the same child
    review = db.session.execute(query).unique().scalar_one_or_none()
    if review is None:
        abort(404)
    return review


def action_or_404(review: Review, action_id: int) -> ReviewAction:
    """An action of `review` (one of another review is not found)."""
    action = next((a for a in review.actions if a.id == action_id), None)
    if action is None:
        abort(404)
    return action


def all_sections(plan: Plan):
    """A select() of every section of the plan, in order: the full view (the export command)."""
    return select(Section).where(Section.plan_id == plan.id).order_by(Section.position)


def visible_sections(user, plan: Plan):
    """A select() of the plan's sections `user` may read, in order: those whose audience admits them,
    on every page and in every download."""
    return all_sections(plan).where(_section_clause(standing_for(user, plan.child)))


def readable_section(user, plan: Plan):
    """visible_sections()'s test as a column: whether `user` may read each section of all_sections()."""
    return _section_clause(standing_for(user, plan.child)).label("readable")


def named_readers(section) -> frozenset[int]:
    """The user ids picked by name for `section` (empty unless its audience is NAMED)."""
    if section.audience != NAMED:
        return frozenset()
    return frozenset(db.session.scalars(select(section_readers.c.user_id).where(
        section_readers.c.section_id == section.id)))


def thread_named_readers(thread: Comment) -> frozenset[int]:
    """The user ids a thread begun for named people is for (empty for any other thread)."""
    if thread.audience != NAMED:
        return frozenset()
    return frozenset(db.session.scalars(select(thread_readers.c.user_id).where(
        thread_readers.c.comment_id == thread.id)))


def member_reads_section(membership: Membership, section, named=None) -> bool:
    """May this member of the child's network read `section`? (`named`: its named_readers(), if known)."""
    return reads_audience(standing_of(membership), section.audience,
                          named_readers(section) if named is None else named)


def card_sections(plan: Plan):
    """A select() of the sections the one-page card draws on: only those everyone in the network may read
    (whoever reads the card)."""
    return all_sections(plan).where(Section.audience == EVERYONE)


def all_revisions(plan: Plan):
    """A select() of (revision, section) for every revision of the plan's sections, in section order."""
    return (select(SectionRevision, Section).join(Section, Section.id == SectionRevision.section_id)
            .where(SectionRevision.plan_id == plan.id).order_by(Section.position, SectionRevision.number))


def visible_revisions(user, plan: Plan):
    """all_revisions() that `user` may read: the section's audience now, and the revision's when it was
    written (for named people, those named then), must both admit them."""
    standing = standing_for(user, plan.child)
    return all_revisions(plan).where(_section_clause(standing), _audience_clause(
        standing, SectionRevision.audience, revision_readers.c.revision_id, SectionRevision.id))


def section_or_404(user, plan: Plan, section_id: int) -> Section:
    section = db.session.scalar(visible_sections(user, plan).where(Section.id == section_id))
    if section is None:
        abort(404)
    return section


def visible_threads(user, plan):
    """A select() of the first comments of the threads on a plan (or an agreed version of it) that `user`
    (None: everyone) may read: on sections they may read now, and begun for an audience that admits them
    (for named people, those named when the thread began)."""
    query = (select(Comment).join(Section, Section.id == Comment.section_id)
             .where(Comment.plan_id == plan.id, Comment.thread_id.is_(None)))
    if user is None:
        return query
    standing = standing_for(user, plan.child)
    return query.where(_section_clause(standing),
                       _audience_clause(standing, Comment.audience, thread_readers.c.comment_id, Comment.id))


def thread_or_404(user, plan: Plan, comment_id: int) -> Comment:
    thread = db.session.scalar(visible_threads(user, plan).where(Comment.id == comment_id))
    if thread is None:
        abort(404)
    return thread


def suggestion_or_404(user, plan: Plan, suggestion_id: int) -> Suggestion:
    """A suggestion on a section of `plan` that `user` may read."""
    readable = visible_sections(user, plan).with_only_columns(Section.id)
    suggestion = db.session.scalar(select(Suggestion).where(
        Suggestion.id == suggestion_id, Suggestion.plan_id == plan.id, Suggestion.section_id.in_(readable)))
    if suggestion is None:
        abort(404)
    return suggestion


def visible_notifications(user):
    """A select() of the user's notifications that are still theirs to see: about children whose network
    they are in, about sections whose audience admits them now, and about reviews while they may know the
    child's care status."""
    return (select(Notification)
            .join(Membership, (Membership.child_id == Notification.child_id)
                  & (Membership.user_id == Notification.user_id))
            .join(Child, Child.id == Notification.child_id)
            .outerjoin(Section, Section.id == Notification.section_id)
            .where(Notification.user_id == user.id,
                   or_(Notification.section_id.is_(None), _member_reads_section_clause()),
                   or_(Notification.review_id.is_(None), _member_reads_clause(Child.care_status_audience))))


def _member_reads_section_clause():
    return or_(_member_reads_clause(Section.audience), and_(Section.audience == NAMED, exists().where(
        section_readers.c.section_id == Section.id, section_readers.c.user_id == Membership.user_id)))


def schools_for_new_child(user) -> list[School]:
    """Schools where `user` may add a child."""
    return list(db.session.scalars(
        select(School).join(school_designated_teachers).where(
            school_designated_teachers.c.user_id == user.id).order_by(School.name)
    ))
