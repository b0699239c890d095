"""The oversight dashboard of an authority (for its virtual school) or of a school (for its designated
teachers): counts at the top and one page of rows for the children there that the reader can see.

Two queries, whatever the number of children: the schools to filter by, and one page of rows carrying the
counts (window aggregates over every child: one pass over the children for both). Everything a row shows, is
filtered or sorted by comes from one SQL read of the children with grouped reads of their plans, agreed
versions, quality reviews and reviews (no query per row);
the PEP rules are timescales.PepClock's cut-off days, so the SQL asks what timescales.pep_timescale() does.
The database compares a PEP meeting with the day a clock started in UTC: only a meeting between midnight and
1 a.m. in summer could count on the wrong side of that day.
"""
from dataclasses import dataclass, replace
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, and_, case, func, or_, select, true

from . import policy, text, timescales, times
from .extensions import db
from .models import NEEDS_CHANGES, PEP_MEETING, YEAR_GROUPS, AgreedVersion, Child, Plan, QualityReview, Review, School
from .plan_reading import STATUS_LABELS

PAGE_SIZE = 50
STATUSES = ("agreed", "shared", "draft", "no_plan", "needs_changes")
SORTS = ("name", "school", "year", "review", "pep")
COUNTS = ("children", "agreed", "shared", "no_plan", "pep_overdue", "review_overdue", "needs_changes")
NO_PLAN = "no_plan"
_LARGEST = 2**31 - 1
PLAN_STATUS_LABELS = {**STATUS_LABELS, NO_PLAN: _l("No plan")}
STATUS_FILTER_LABELS = {"agreed": _l("Agreed"), "shared": _l("Shared and waiting for agreement"),
                        "draft": _l("Draft"), NO_PLAN: _l("No plan"), "needs_changes": _l("Quality: needs changes")}
TIMESCALE_LABELS = {timescales.DONE: _l("Done"), timescales.DUE: _l("Due"), timescales.DUE_SOON: _l("Due soon"),
                    timescales.OVERDUE: _l("Overdue")}
TIMESCALE_TAGS = {timescales.DONE: "govuk-tag--green", timescales.DUE: "govuk-tag--blue",
                  timescales.DUE_SOON: "govuk-tag--yellow", timescales.OVERDUE: "govuk-tag--red"}


def _number(value, lowest=1) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if lowest <= number <= _LARGEST else None


@dataclass(frozen=True)
class Filters:
    """What the reader asked for in the query string; anything that makes no sense is ignored."""

    school: int | None = None
    year: int | None = None
    status: str | None = None
    overdue: bool = False       # only children whose PEP or a review is overdue
    q: str = ""                 # part of a preferred name, in any case
    sort: str = "name"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "Filters":
        year = _number(args.get("year"), lowest=min(YEAR_GROUPS))
        return cls(school=_number(args.get("school")), year=year if year in YEAR_GROUPS else None,
                   status=args.get("status") if args.get("status") in STATUSES else None,
                   overdue=args.get("overdue") == "1", q=text.clean_line(args.get("q", ""))[:80].strip(),
                   sort=args.get("sort") if args.get("sort") in SORTS else "name",
                   page=_number(args.get("page")) or 1)

    def args(self, **changes) -> dict:
        """The query string of these filters with `changes`, for links (a sort, a page, the CSV download)."""
        f = replace(self, **changes)
        values = {"school": f.school, "year": f.year, "status": f.status, "overdue": "1" if f.overdue else None,
                  "q": f.q or None, "sort": None if f.sort == "name" else f.sort,
                  "page": f.page if f.page > 1 else None}
        return {key: value for key, value in values.items() if value is not None}


@dataclass
class Row:
    child_id: int
    name: str
    school: str
    year_group: int
    care_status: str | None        # None: the reader may not know it
    plan_id: int | None
    plan_status: str               # draft, shared, agreed or no_plan
    agreed_at: datetime | None     # when the plan was last agreed
    rating: str | None             # the latest quality review's (None: none, or not for this reader)
    verdict: str | None
    next_review: datetime | None
    review: timescales.Timescale | None
    pep: timescales.Timescale | None   # looked-after children only


@dataclass
class Dashboard:
    filters: Filters
    clock: timescales.PepClock
    counts: dict            # COUNTS -> number, for every child on the dashboard
    schools: list           # (id, name) of the schools the children go to
    matching: int           # children the filters let through
    rows: list[Row]

    @property
    def pages(self) -> int:
        return max(1, -(-self.matching // PAGE_SIZE))


def _facts(user, place, now: datetime, clock: timescales.PepClock):
    """A subquery of one row per child on the dashboard with everything shown, filtered or sorted by."""
    scope = policy.overseen_children(user, place).cte("scope")
    current = (select(Plan.child_id, func.max(Plan.id).label("plan_id"))
               .join(scope, scope.c.child_id == Plan.child_id).where(Plan.archived_at.is_(None))
               .group_by(Plan.child_id).cte("current_plan"))
    agreed = (select(AgreedVersion.plan_id, func.max(AgreedVersion.agreed_at).label("agreed_at"),
                     func.max(AgreedVersion.number).label("number"))
              .join(current, current.c.plan_id == AgreedVersion.plan_id).group_by(AgreedVersion.plan_id)
              .subquery("agreed"))
    latest_quality = (select(QualityReview.plan_id, func.max(QualityReview.id).label("id"))
                      .join(current, current.c.plan_id == QualityReview.plan_id).group_by(QualityReview.plan_id)
                      .subquery("latest_quality"))
    dates = (select(Review.child_id,
                    func.max(case((and_(Review.kind == PEP_MEETING, Review.starts_at < now), Review.starts_at)))
                    .label("last_pep"),
                    func.min(case((Review.starts_at >= now, Review.starts_at))).label("next_review"),
                    func.max(case((and_(Review.starts_at < now, Review.outcome.is_(None)), 1), else_=0))
                    .label("overdue"))
             .join(scope, scope.c.child_id == Review.child_id).group_by(Review.child_id).subquery("review_dates"))
    came, joined = Child.came_into_care_on, Child.joined_school_on
    start = case((came.is_(None), joined), (joined.is_(None), came), (came > joined, came), else_=joined)
    last_pep, knows = dates.c.last_pep, scope.c.knows_care
    pep = case(
        (and_(start.is_not(None), or_(last_pep.is_(None), last_pep < start)),
         case((start < clock.first_overdue_before, timescales.OVERDUE),
              (start < clock.first_soon_before, timescales.DUE_SOON), else_=timescales.DUE)),
        (last_pep >= times.service_start_of(clock.term.start), timescales.DONE),
        (or_(last_pep.is_(None), last_pep < times.service_start_of(clock.previous_term.start)), timescales.OVERDUE),
        else_=timescales.DUE_SOON if clock.term_ending else timescales.DUE)
    # The latest review's verdict, while it is about the version agreed last (a plan agreed again since waits
    # for its next review), for those who read the virtual school's reviews.
    reads_quality = and_(scope.c.reads_quality, QualityReview.plan_version == agreed.c.number)
    return (select(
        Child.id.label("child_id"), Child.preferred_name.label("name"), Child.school_id,
        School.name.label("school_name"), Child.year_group,
        case((knows, Child.care_status)).label("care_status"),
        Plan.id.label("plan_id"), func.coalesce(Plan.status, NO_PLAN).label("plan_status"), agreed.c.agreed_at,
        case((reads_quality, QualityReview.rating)).label("rating"),
        case((reads_quality, QualityReview.verdict)).label("verdict"),
        start.label("clock_start"), case((knows, last_pep)).label("last_pep"),
        case((knows, dates.c.next_review)).label("next_review"),
        case((and_(knows, dates.c.overdue == 1), 1), else_=0).label("review_overdue"),
        case((and_(knows, Child.care_status == policy.LOOKED_AFTER), pep)).label("pep"))
        .select_from(scope).join(Child, Child.id == scope.c.child_id).join(School, School.id == Child.school_id)
        .outerjoin(current, current.c.child_id == Child.id).outerjoin(Plan, Plan.id == current.c.plan_id)
        .outerjoin(agreed, agreed.c.plan_id == Plan.id)
        .outerjoin(latest_quality, latest_quality.c.plan_id == Plan.id)
        .outerjoin(QualityReview, QualityReview.id == latest_quality.c.id)
        .outerjoin(dates, dates.c.child_id == Child.id)).subquery("facts")


def _conditions(facts, filters: Filters) -> list:
    c = facts.c
    found = []
    if filters.school is not None:
        found.append(c.school_id == filters.school)
    if filters.year is not None:
        found.append(c.year_group == filters.year)
    if filters.status == "needs_changes":
        found.append(c.verdict == NEEDS_CHANGES)
    elif filters.status is not None:
        found.append(c.plan_status == filters.status)
    if filters.overdue:
        found.append(or_(c.pep == timescales.OVERDUE, c.review_overdue == 1))
    if filters.q:
        found.append(func.lower(c.name).contains(filters.q.lower(), autoescape=True))
    return found


def _order(facts, sort: str) -> list:
    c = facts.c
    by_name = [func.lower(c.name), c.child_id]
    if sort == "school":
        return [c.school_name, *by_name]
    if sort == "year":
        return [c.year_group, *by_name]
    if sort == "review":   # overdue first, then the soonest; nothing scheduled last
        return [c.review_overdue.desc(), case((c.next_review.is_(None), 1), else_=0), c.next_review, *by_name]
    if sort == "pep":      # the most urgent first
        ranks = {code: rank for rank, code in enumerate(timescales.URGENCY)}
        return [case(ranks, value=c.pep, else_=len(ranks)), *by_name]
    return by_name


def _counted(condition, over=False):
    """How many rows meet `condition`: in the query, or (`over`) beside each row, over all of them."""
    total = func.sum(case((condition, 1), else_=0))
    return (total.over() if over else total).cast(Integer)


def _totals(facts, filters: Filters, over=False) -> dict:
    """COUNTS (over every child on the dashboard) and "matching" (how many the filters let through) as SQL:
    aggregates, or (`over`) window aggregates beside each row."""
    c = facts.c
    conditions = {"agreed": c.plan_status == "agreed", "shared": c.plan_status == "shared",
                  "no_plan": c.plan_status == NO_PLAN, "pep_overdue": c.pep == timescales.OVERDUE,
                  "review_overdue": c.review_overdue == 1, "needs_changes": c.verdict == NEEDS_CHANGES,
                  "matching": and_(true(), *_conditions(facts, filters))}
    children = func.count()
    return {"children": children.over() if over else children,
            **{key: _counted(condition, over) for key, condition in conditions.items()}}


def _with_counts(facts, filters: Filters):
    """The facts with _totals() beside each row: the counts and a page of rows come from one pass over the
    children."""
    totals = _totals(facts, filters, over=True)
    return select(facts, *(value.label(f"n_{key}") for key, value in totals.items())).subquery("counted")


def _schools(user, place) -> list:
    """(id, name) of the schools the dashboard's children go to, for the filter."""
    scope = policy.overseen_children(user, place).subquery("scope")
    return list(db.session.execute(select(School.id, School.name).distinct()
                                   .join(Child, Child.school_id == School.id)
                                   .join(scope, scope.c.child_id == Child.id).order_by(School.name)))


def _page(facts, filters: Filters, page: int, everything: bool):
    counted = _with_counts(facts, filters)
    query = select(counted).where(*_conditions(counted, filters)).order_by(*_order(counted, filters.sort))
    return db.session.execute(query if everything else query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()


def _row(found, clock: timescales.PepClock) -> Row:
    today = clock.today
    next_review = found.next_review
    review = timescales.review_timescale(today, next_review and times.service_today(next_review),
                                         bool(found.review_overdue)) if found.care_status else None
    pep = timescales.pep_timescale(clock, found.clock_start, found.last_pep and times.service_today(found.last_pep)) \
        if found.pep else None
    return Row(found.child_id, found.name, found.school_name, found.year_group, found.care_status, found.plan_id,
               found.plan_status, found.agreed_at, found.rating, found.verdict, next_review, review, pep)


def read(user, place, filters: Filters, now: datetime, everything: bool = False) -> Dashboard:
    """The dashboard of `place` (an Authority or a School) as `user` sees it; `everything`: every row the
    filters let through (the CSV), not one page. Two queries: the schools, then the page with the counts
    beside each row. A page past the last (a link made before the children changed) shows the last page."""
    clock = timescales.PepClock.on(times.service_today(now))
    facts = _facts(user, place, now, clock)
    page = 1 if everything else filters.page
    found = _page(facts, filters, page, everything)
    if not found and page > 1:
        last = -(-_counts_alone(facts, filters)["matching"] // PAGE_SIZE)
        page = max(1, last)
        found = _page(facts, filters, page, everything) if last else []
    counts = {key: getattr(found[0], f"n_{key}") for key in COUNTS} if found else _counts_alone(facts, filters)
    return Dashboard(replace(filters, page=page), clock, counts, _schools(user, place),
                     found[0].n_matching if found else 0, [_row(row, clock) for row in found])


def _counts_alone(facts, filters: Filters) -> dict:
    """COUNTS, and the number the filters let through ("matching"), when no row came back to carry them."""
    totals = _totals(facts, filters)
    row = db.session.execute(select(*totals.values())).one()
    return {key: number or 0 for key, number in zip(totals, row)}
