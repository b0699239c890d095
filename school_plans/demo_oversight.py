"""The demo's authority: Northdale's virtual school (its head and an adviser), its schools, and a handful of
fictional children it looks after in every state its dashboard shows, so the dashboard is real on first
sign-in. Dates are relative to the day the demo is loaded. Running it again changes nothing."""
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from sqlalchemy import select, update

from . import plan_templates, policy, terms, times
from .extensions import db
from .models import Authority, AuthorityStaff, Child, Membership, Notification, Section, User
from .services import agreement, plans, quality, reviews

AUTHORITY = "Northdale Council (demo)"
# demo.PEOPLE keys on its virtual school's staff.
STAFF = {"vshead": "head", "virtualschool": "adviser"}


@dataclass
class DemoChild:
    """One of Northdale's other children: `plan` is None (no plan yet), "draft", "shared" (waiting for the
    carer) or "agreed"; `pep_days_ago` when their last PEP meeting was (None: none yet); `quality`: the
    adviser's (verdict, rating, reason) on an agreed plan."""

    name: str
    born: date
    year: int
    school: str       # a key of SCHOOLS
    carer: str        # a demo.PEOPLE key
    in_care_days_ago: int
    joined_school: date
    plan: str | None
    about_me: str = ""
    pep_days_ago: int | None = None
    cla_review_days_ago: int | None = None   # a CLA review that happened with no outcome recorded yet
    quality: tuple | None = None
    template: str = "attachment-primary"
    extra: dict = field(default_factory=dict)


CHILDREN = [
    DemoChild("Ava", date(2018, 3, 9), 3, "riverside", "fostercarer", 900, date(2022, 9, 1), "agreed",
              "I love the class guinea pigs and I'm good at looking after them. Loud bells make my tummy go "
              "funny.", pep_days_ago=0, quality=("meets", "green", "")),
    DemoChild("Noah", date(2012, 7, 21), 9, "hillcrest", "fostercarer", 1500, date(2023, 9, 4), "shared",
              "I'm into football and drawing. I don't like being asked about home in front of people.",
              pep_days_ago=0, template="attachment-secondary"),
    DemoChild("Isla", date(2020, 1, 15), 1, "riverside", "kinshipcarer", 12, date(2024, 9, 2), None),
    DemoChild("Kacper", date(2014, 10, 2), 7, "hillcrest", "kinshipcarer", 1100, date(2025, 9, 3), "draft",
              "I like Minecraft and building things. New places feel big at first.", pep_days_ago=330,
              cla_review_days_ago=15, template="attachment-secondary"),
    DemoChild("Zara", date(2015, 12, 1), 6, "riverside", "fostercarer", 700, date(2021, 9, 1), "agreed",
              "I'm good at singing and I look after my friends. I need to know who is picking me up.",
              pep_days_ago=0,
              quality=("needs_changes", "amber", "The triggers say what happens but not what adults should "
                                                  "do first: add what helps for each one, and name Zara's "
                                                  "back-up adult for Fridays.")),
]


def load(people: dict[str, User], schools: dict[str, object], leo: Child, maya: Child) -> None:
    """`schools`: {"riverside": School, "hillcrest": School}; Leo and Maya are Northdale's too."""
    authority = db.session.scalar(select(Authority).where(Authority.name == AUTHORITY))
    if authority is None:
        authority = Authority(name=AUTHORITY, country="england")
        db.session.add(authority)
        db.session.flush()
    for key, role in STAFF.items():
        if not any(s.user_id == people[key].id for s in authority.staff):
            authority.staff.append(AuthorityStaff(user=people[key], role=role))
    for school in schools.values():
        school.authority_id = authority.id
    leo.responsible_authority_id = maya.responsible_authority_id = authority.id
    leo.came_into_care_on, leo.joined_school_on = leo.came_into_care_on or date(2023, 2, 6), date(2021, 9, 1)
    maya.joined_school_on = date(2024, 9, 4)
    today = times.service_today()
    for item in CHILDREN:
        school = schools[item.school]
        if db.session.scalar(select(Child.id).where(Child.school_id == school.id,
                                                    Child.preferred_name == item.name)) is None:
            _child(item, authority, school, people, today)
    db.session.flush()


def _child(item: DemoChild, authority, school, people, today: date) -> None:
    teacher = school.designated_teachers[0]
    child = Child(school_id=school.id, preferred_name=item.name, date_of_birth=item.born, year_group=item.year,
                  care_status=policy.LOOKED_AFTER, responsible_authority_id=authority.id,
                  came_into_care_on=today - timedelta(days=item.in_care_days_ago), joined_school_on=item.joined_school)
    child.memberships = [Membership(user=teacher, role="designated_teacher"),
                         Membership(user=people[item.carer], role="parent_carer"),
                         Membership(user=people["socialworker"], role="social_worker")]
    db.session.add(child)
    db.session.flush()
    if item.pep_days_ago is not None:
        _pep(child, people["socialworker"], today, item.pep_days_ago)
    if item.cla_review_days_ago is not None:
        reviews.schedule(child, people["socialworker"], reviews.Details(
            "cla_review", times.from_local(_weekday_before(today - timedelta(days=item.cla_review_days_ago)),
                                           time(14)), "Ruth Ellison, Independent Reviewing Officer"))
    if item.plan is None:
        return
    plan = plans.start_plan(child, plan_templates.get(item.template), teacher, today=today)
    about = db.session.scalar(select(Section).where(Section.plan_id == plan.id, Section.key == "about-me"))
    plans.save_section(about, {"text": item.about_me}, about.version, teacher)
    if item.plan == "draft":
        return
    agreement.share(plan, teacher)
    signers = [teacher, people["socialworker"]] + ([people[item.carer]] if item.plan == "agreed" else [])
    for signer in signers:
        agreement.agree(plan, signer, agreement.stamp(plan))
    # Everyone has read what came before; only the virtual school's request for changes is new.
    db.session.execute(update(Notification).where(Notification.child_id == child.id,
                                                  Notification.read_at.is_(None))
                       .values(read_at=Notification.created_at))
    if item.quality:
        verdict, rating, reason = item.quality
        quality.review_plan(plan, people["virtualschool"], verdict, rating, reason)
        db.session.execute(update(Notification).where(Notification.child_id == child.id,
                                                      Notification.read_at.is_(None),
                                                      Notification.event != "quality_needs_changes")
                           .values(read_at=Notification.created_at))


def _pep(child: Child, by: User, today: date, days_ago: int) -> None:
    """A PEP meeting held `days_ago` (0: as early this term as it can be, up to a week ago), outcome recorded."""
    day = _weekday_before(today - timedelta(days=days_ago))
    if days_ago == 0:
        start = terms.term_of(today).start
        day = max(start, _weekday_before(today - timedelta(days=7)))
    review = reviews.schedule(child, by, reviews.Details("pep_meeting", times.from_local(day, time(9, 30))))
    reviews.record_outcome(review, by, "Targets agreed with the child and their carer.", review.version)


def _weekday_before(day: date) -> date:
    """The day itself, or the Friday before it if it falls at a weekend (meetings are on school days)."""
    return day - timedelta(days=day.weekday() - 4) if day.weekday() >= 5 else day

