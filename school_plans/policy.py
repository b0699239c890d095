"""Who may do what: the one permission policy. Deny by default.

Roles belong to a child's network (a Membership), not to the person.
`can()` answers for one object; `visible_*()` scope list queries.
Views ask `child_or_404()` first (no leak of existence), then `can()` (403).
"""
from flask import abort, g, has_request_context, request
from sqlalchemy import false, inspect, or_, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.base import NO_VALUE

from .extensions import db
from .models import (
    EVERYONE,
    AgreedVersion,
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
    school_designated_teachers,
)

DESIGNATED_TEACHER = "designated_teacher"
PARENT_CARER = "parent_carer"
SCHOOL_ROLES = {DESIGNATED_TEACHER, "school_staff"}
PROFESSIONAL_ROLES = SCHOOL_ROLES | {"social_worker", "virtual_school"}
SOCIAL_WORKER = "social_worker"
REVIEW_ROLES = {SOCIAL_WORKER, "virtual_school"}


def role_for(user, child: Child) -> str | None:
    """The user's role in the child's network (cached for the request)."""
    if not getattr(user, "is_authenticated", False) or child is None:
        return None
    cache = g.setdefault("_roles", {})
    key = (user.id, child.id)
    loaded = inspect(child).attrs.memberships.loaded_value
    if key not in cache and loaded is not NO_VALUE and has_request_context() and request.method in ("GET", "HEAD"):
        # a page view changes no network, so the members already loaded with the child are current
        cache[key] = next((m.role for m in loaded if m.user_id == user.id), None)
    if key not in cache:
        cache[key] = db.session.scalar(
            select(Membership.role).where(Membership.user_id == user.id, Membership.child_id == child.id)
        )
    return cache[key]


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
    """Anyone in the network of the child `obj` is about (parents and carers without professionals-only
    sections, which the visible_* scopes leave out)."""
    return _in_network(user, _child_of(obj))


def _reads_professional_sections(user, child: Child) -> bool:
    """Parents and carers never get professionals-only sections; everyone else in the network does."""
    return role_for(user, child) in PROFESSIONAL_ROLES


def _school_author(user, obj) -> bool:
    """The school's adults write the plan: the designated teacher and school staff."""
    child = _child_of(obj)
    return child is not None and role_for(user, child) in SCHOOL_ROLES


def _section_author(user, section) -> bool:
    """The school's adults edit the sections they can read (all of them, as professionals)."""
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


def _may_add_child(user, school) -> bool:
    return (school is None or isinstance(school, School)) and is_school_designated_teacher(user, school)


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


_RULES = {
    "child.view": _in_network,
    "child.edit": _designated_teacher,
    "network.view": _in_network,
    "network.manage": _designated_teacher,
    "child.create": _may_add_child,
    "plan.start": _school_author,         # obj: the child
    "plan.export": _reader,
    "plan.edit": _in_use(_school_author),          # the plan's details
    "plan.archive": _in_use(_plan_owner),          # no longer used: read-only, off the child's list
    "plan.unarchive": _archived_plan_owner,        # back into use
    "section.edit": _in_use(_section_author),
    "section.audience": _in_use(_section_owner),   # who may read it: everyone, or professionals only
    "section.restore": _in_use(_section_owner),    # an earlier version, as a new change
    "history.view": _reader,
    "comment.add": _in_use(_reader),          # obj: the section (or the thread, to reply)
    "comment.resolve": _in_use(_resolver),
    "suggestion.propose": _in_use(_suggester),
    "suggestion.decide": _in_use(_school_author),  # accept or decline
    "suggestion.withdraw": _in_use(_suggestion_author),
    "plan.share": _in_use(_plan_owner),
    "plan.agree": _in_use(_signer),
    "review.view": _reader,        # obj: the child, a review or an action
    "review.manage": _review_manager,     # schedule, change, attach a plan version, outcome and actions
    "review.export": _reader,
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


def visible_children(user):
    """A select() of the children whose network `user` is in (none for anyone else)."""
    if not getattr(user, "is_authenticated", False):
        return select(Child).where(false())
    return select(Child).join(Membership).where(Membership.user_id == user.id)


def child_or_404(user, child_id: int) -> Child:
    child = db.session.scalar(visible_children(user).where(Child.id == child_id))
    if child is None:
        abort(404)
    return child


def visible_plans(user):
    """A select() of the plans of the children whose network `user` is in."""
    if not getattr(user, "is_authenticated", False):
        return select(Plan).where(false())
    return select(Plan).join(Membership, Membership.child_id == Plan.child_id).where(Membership.user_id == user.id)


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
    """A select() of the reviews of the children whose network `user` is in."""
    if not getattr(user, "is_authenticated", False):
        return select(Review).where(false())
    return select(Review).join(Membership, Membership.child_id == Review.child_id).where(
        Membership.user_id == user.id)


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
    """A select() of the plan's sections `user` may read, in order: parents and carers do not
    get professionals-only sections, anywhere."""
    query = all_sections(plan)
    if not _reads_professional_sections(user, plan.child):
        query = query.where(Section.audience == EVERYONE)
    return query


def all_revisions(plan: Plan):
    """A select() of (revision, section) for every revision of the plan's sections, in section order."""
    return (select(SectionRevision, Section).join(Section, Section.id == SectionRevision.section_id)
            .where(SectionRevision.plan_id == plan.id).order_by(Section.position, SectionRevision.number))


def visible_revisions(user, plan: Plan):
    """all_revisions() that `user` may read: parents and carers get no revision that was, or whose
    section now is, for professionals only."""
    query = all_revisions(plan)
    if not _reads_professional_sections(user, plan.child):
        query = query.where(Section.audience == EVERYONE, SectionRevision.audience == EVERYONE)
    return query


def section_or_404(user, plan: Plan, section_id: int) -> Section:
    section = db.session.scalar(visible_sections(user, plan).where(Section.id == section_id))
    if section is None:
        abort(404)
    return section


def visible_threads(user, plan):
    """A select() of the first comments of the threads on a plan (or an agreed version of it) that `user`
    (None: everyone) may read: on sections they may read, and for parents and carers never a thread
    begun among professionals."""
    query = (select(Comment).join(Section, Section.id == Comment.section_id)
             .where(Comment.plan_id == plan.id, Comment.thread_id.is_(None)))
    if user is not None and not _reads_professional_sections(user, plan.child):
        query = query.where(Section.audience == EVERYONE, Comment.audience == EVERYONE)
    return query


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
    they are in, and not about sections now for professionals only, for parents and carers."""
    return (select(Notification).join(Plan, Plan.id == Notification.plan_id)
            .join(Membership, (Membership.child_id == Plan.child_id) & (Membership.user_id == Notification.user_id))
            .outerjoin(Section, Section.id == Notification.section_id)
            .where(Notification.user_id == user.id,
                   or_(Notification.section_id.is_(None), Section.audience == EVERYONE,
                       Membership.role != PARENT_CARER)))


def schools_for_new_child(user) -> list[School]:
    """Schools where `user` may add a child."""
    return list(db.session.scalars(
        select(School).join(school_designated_teachers).where(
            school_designated_teachers.c.user_id == user.id).order_by(School.name)
    ))
