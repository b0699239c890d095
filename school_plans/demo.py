"""Fictional, non-identifying demo data. Running it again changes nothing."""
import tomllib
from datetime import date, time, timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from . import demo_oversight, passwords, plan_templates, policy, sections, times
from .extensions import db
from .models import (
    AgreedVersion,
    Child,
    Comment,
    Membership,
    Notification,
    Plan,
    Review,
    School,
    Section,
    Suggestion,
    User,
)
from .models.types import utcnow
from .services import accounts, agreement, comments, plans, reviews, suggestions

DEMO_PASSWORD = "plans-demo-2026"
DOMAIN = "demo.school-plans.example.org"

# email local part, name, site admin
PEOPLE = [
    ("dt", "Amira Shah", False),   # Riverside's designated teacher
    ("hillcrest-dt", "Grace Adeyemi", False),   # Hillcrest's
    ("staff", "Tom Reilly", False),
    ("lunch", "Dev Patel", False),   # Riverside's lunchtime supervisor: in Leo's network, not his core team
    ("carer", "Jo Hughes", False),
    ("socialworker", "Priya Nair", False),
    ("virtualschool", "Helen Ward", False),   # an adviser at Northdale's virtual school (demo_oversight.py)
    ("vshead", "Nadia Rahman", False),   # Northdale's Virtual School Head
    ("fostercarer", "Sunita Rao", False),   # foster carer of two of Northdale's other children
    ("kinshipcarer", "Mark Evans", False),   # a family member fostering two others
    ("admin", "Sam Okafor", True),
    ("adopter", "Chris Lowe", False),
]

PLAN_DATE = date(2026, 9, 14)
# Each demo child's plan, by preferred name: data/demo_plans/<name>.toml
DEMO_PLANS = {data["child"]: data for data in (
    tomllib.loads(path.read_text(encoding="utf-8"))
    for path in sorted((Path(__file__).parent / "data" / "demo_plans").glob("*.toml")))}

SCHOOL = "Riverside Primary School (demo)"
OTHER_SCHOOL = "Hillcrest Academy (demo)"

# Each school's designated teacher (a key of PEOPLE): they add its children and start their plans.
DESIGNATED_TEACHERS = {SCHOOL: "dt", OTHER_SCHOOL: "hillcrest-dt"}

# preferred name, legal name, date of birth, year group, care status, school, {person: role}; school staff
# named in CORE_TEAM are the child's key or back-up adult. Maya's adopter has said the virtual school may be in
# her network (her status is the family's to share).
# (English year groups by age on 1 September: Leo is 9 then, Year 5 on PLAN_DATE; Maya 12, Year 8)
CHILDREN = [
    ("Leo", None, date(2017, 5, 14), 5, "looked_after", SCHOOL, {
        "dt": "designated_teacher", "staff": "school_staff", "lunch": "school_staff", "carer": "parent_carer",
        "socialworker": "social_worker", "virtualschool": "virtual_school"}),
    ("Maya", None, date(2013, 11, 2), 8, "previously_looked_after", OTHER_SCHOOL, {
        "hillcrest-dt": "designated_teacher", "adopter": "parent_carer", "virtualschool": "virtual_school"}),
]
CORE_TEAM = {"Leo": {"staff"}}
# Each child's wishes about who knows their story, in their words.
WISHES = {
    "Leo": "I'm happy for Mr Reilly and Mrs Bell to know I live with Jo. Please don't tell supply teachers.",
    "Maya": "My form tutor and Ms Adeyemi can know I'm adopted. I want to tell my friends myself, when I'm ready.",
}


def email(key: str) -> str:
    return f"{key}@{DOMAIN}"


def _person(key: str, name: str, is_admin: bool) -> User:
    user = accounts.find_by_email(email(key))
    if user is None:
        user = accounts.create_user(email(key), name, DEMO_PASSWORD, is_admin=is_admin)
    return user


def _school(name: str) -> School:
    school = db.session.scalar(select(School).where(School.name == name))
    if school is None:
        school = School(name=name)
        db.session.add(school)
        db.session.flush()
    return school


def load() -> None:
    assert not passwords.problems(DEMO_PASSWORD)
    people = {key: _person(key, name, admin) for key, name, admin in PEOPLE}
    schools = {name: _school(name) for name in (SCHOOL, OTHER_SCHOOL)}
    for name, school in schools.items():
        teacher = people[DESIGNATED_TEACHERS[name]]
        if teacher not in school.designated_teachers:
            school.designated_teachers.append(teacher)
    children = {}
    for preferred, legal, born, year, status, school_name, network in CHILDREN:
        school = schools[school_name]
        teacher = people[DESIGNATED_TEACHERS[school_name]]
        child = db.session.scalar(select(Child).where(Child.school_id == school.id, Child.preferred_name == preferred))
        if child is None:
            child = Child(school_id=school.id, preferred_name=preferred, legal_name=legal,
                          date_of_birth=born, year_group=year, care_status=status,
                          virtual_school_welcome="virtual_school" in network.values(),
                          story_wishes=WISHES.get(preferred, ""))
            db.session.add(child)
            db.session.flush()
        members = {m.user_id for m in child.memberships}
        for key, role in network.items():
            if people[key].id not in members:
                child.memberships.append(Membership(user=people[key], role=role,
                                                    core_team=key in CORE_TEAM.get(preferred, ())))
        plan = _plan(child, teacher)
        _coauthor(plan, DEMO_PLANS[preferred], people)
        _reviews(child, plan, DEMO_PLANS[preferred], people)
        children[preferred] = child
    demo_oversight.load(people, {"riverside": schools[SCHOOL], "hillcrest": schools[OTHER_SCHOOL]},
                        children["Leo"], children["Maya"])
    db.session.flush()


def _plan(child: Child, author: User) -> Plan:
    """The child's plan from its built-in template, every section written (once)."""
    plan = db.session.scalar(select(Plan).where(Plan.child_id == child.id).order_by(Plan.id).limit(1))
    if plan is not None:
        return plan
    demo = DEMO_PLANS[child.preferred_name]
    plan = plans.start_plan(child, plan_templates.get(demo["template"]), author, today=PLAN_DATE)
    plans.update_details(plan, author, demo["title"], PLAN_DATE, PLAN_DATE + timedelta(weeks=26))
    for section in db.session.scalars(select(Section).where(Section.plan_id == plan.id)):
        if section.key in demo["sections"]:  # a test checks that every section has demo words
            plans.save_section(section, demo["sections"][section.key], section.version, author)
    return plan


def _coauthor(plan: Plan, demo: dict, people: dict[str, User]) -> None:
    """The network at work on the plan, as its data file tells it (once: not if anyone has commented,
    suggested or agreed anything yet): suggestions the school decided on, comment threads, each agreement
    round (shared, agreed by every required signer, then changes that start the next version), and
    suggestions still open."""
    if plan.status != agreement.DRAFT or plan.version != 1 or any(
            db.session.scalar(select(model.id).where(model.plan_id == plan.id).limit(1)) is not None
            for model in (Comment, Suggestion, AgreedVersion)):
        return
    by_key = {s.key: s for s in db.session.scalars(select(Section).where(Section.plan_id == plan.id))}
    waiting = [item for item in demo.get("suggestions", []) if "decision" not in item]
    for item in demo.get("suggestions", []):
        if "decision" in item:
            _suggest(by_key[item["section"]], item, people)
    for thread in demo.get("threads", []):
        first = comments.add_comment(by_key[thread["section"]], people[thread["by"]], thread["body"])
        for answer in thread.get("replies", []):
            comments.reply(first, people[answer["by"]], answer["body"])
        if "resolved_by" in thread:
            comments.resolve(first, people[thread["resolved_by"]])
    for round_ in demo.get("agreements", []):
        _agree(plan, round_, people)
        for edit in round_.get("then", []):
            section = by_key[edit["section"]]
            plans.save_section(section, _edited(section, edit), section.version, people[edit["by"]])
    # Everyone has read what came before; only the suggestions still open are new.
    db.session.execute(update(Notification).where(Notification.plan_id == plan.id, Notification.read_at.is_(None))
                       .values(read_at=Notification.created_at))
    for item in waiting:
        _suggest(by_key[item["section"]], item, people)


def _notified_so_far() -> int:
    return db.session.scalar(select(func.max(Notification.id))) or 0


def _date_notifications(after: int, until: int, at) -> None:
    """Date the notifications made between those two ids `at` (when their event happened in the story)."""
    db.session.execute(update(Notification).where(Notification.id > after, Notification.id <= until)
                       .values(created_at=at))


def _agree(plan: Plan, round_: dict, people: dict[str, User]) -> None:
    """Share the plan's draft and have every required signer agree it, dated the round's `agreed_on` day
    (one signature an hour from 10:00 on the local clock; the version is agreed with the last one), and
    its notifications too: shared at 9:00, agreed with the last signature."""
    before = _notified_so_far()
    agreement.share(plan, people[round_["shared_by"]])
    shared = _notified_so_far()
    signers = {}
    for membership in plan.child.memberships:
        signers.setdefault(membership.role, membership.user)
    for role in policy.signer_roles(plan):   # the child's care status says who must agree
        agreement.agree(plan, signers[role], agreement.stamp(plan))
    start = times.from_local(round_["agreed_on"], time(10))
    signed = agreement.signatures(plan, plan.version)
    for hour, signature in enumerate(signed):
        signature.agreed_at = start + timedelta(hours=hour)
    agreement.agreed_version(plan, plan.version).agreed_at = signed[-1].agreed_at
    db.session.flush()
    _date_notifications(before, shared, start - timedelta(hours=1))
    _date_notifications(shared, _notified_so_far(), signed[-1].agreed_at)


def _edited(section: Section, edit: dict) -> dict:
    """The section's content after `edit`: something added at the end (`add`: a paragraph, a row...), or
    some fields of one row changed (`row`, counted from 1, and `change`: {field: new words})."""
    if "add" in edit:
        return _added(section, edit["add"])
    rows = section.content.get("rows")
    if rows is None or not 1 <= edit.get("row", 0) <= len(rows) or not isinstance(edit.get("change"), dict):
        raise sections.ContentError(f"demo edit of {section.key}: give 'add', or a table's 'row' and 'change'")
    changed = [dict(row) for row in rows]
    changed[edit["row"] - 1].update(edit["change"])
    return {**section.content, "rows": changed}


def _weekday(day: date) -> date:
    """The day itself, or the Monday after it if it falls at a weekend (meetings are on school days)."""
    return day + timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day


def _added(section: Section, addition) -> dict:
    """The section's content with `addition` (a paragraph, a row...) added at the end."""
    kind = sections.get(section.kind)
    return kind.add_suggestions(section.content, [kind.check_suggestion(addition, section.key)])


def _suggest(section: Section, item: dict, people: dict[str, User]) -> None:
    """A parent or carer's suggestion, and the school's decision on it if the data gives one."""
    suggestion = suggestions.propose(section, people[item["by"]], _added(section, item["add"]), section.version,
                                     item["note"])
    if item.get("decision") == "accepted":
        suggestions.accept(suggestion, people[item["decided_by"]], section.version)
    elif item.get("decision") == "declined":
        suggestions.decline(suggestion, people[item["decided_by"]], item["reason"])


def _reviews(child: Child, plan: Plan, demo: dict, people: dict[str, User]) -> None:
    """The child's reviews, as the data file tells them (once: not if the child has any review yet, nor if
    a version they attach was never agreed, as in a database loaded by an older demo)."""
    items = demo.get("reviews", [])
    if not items or db.session.scalar(select(Review.id).where(Review.child_id == child.id).limit(1)) is not None:
        return
    versions = {item["version"]: agreement.agreed_version(plan, item["version"]) for item in items
                if "version" in item}
    if None in versions.values():
        return
    for item in items:
        by = people[item["by"]]
        if not policy.can(by, "review.manage", child):
            raise ValueError(f"demo review: {item['by']} may not manage {child.preferred_name}'s reviews")
        day = item["date"] if "date" in item else _weekday(date.today() + timedelta(weeks=item["in_weeks"]))
        review = reviews.schedule(child, by, reviews.Details(
            item["kind"], times.from_local(day, item["time"]), item.get("chair", ""),
            [people[key].id for key in item.get("attendees", [])], item.get("named", [])))
        if "version" in item:
            reviews.attach(review, versions[item["version"]], by, review.version)
        if "outcome" in item:
            reviews.record_outcome(review, by, item["outcome"].strip("\n"), review.version)
        for entry in item.get("actions", []):
            owner = people[entry["owner"]] if "owner" in entry else entry["who"]
            action = reviews.add_action(review, by, entry["what"], owner, entry.get("by_when"))
            if "done_on" in entry:
                reviews.set_done(action, by, True)
        _backdate(review, item)


def _backdate(review: Review, item: dict) -> None:
    """A past review dated as it happened: scheduled three weeks before, the plan version attached the day
    before, the outcome recorded (and the actions added, their owners told) two hours after it started, each
    action done on its `done_on` day at 16:00."""
    if review.starts_at >= utcnow():
        return
    review.created_at = review.starts_at - timedelta(weeks=3)
    if review.attached_at is not None:
        review.attached_at = review.starts_at - timedelta(days=1)
    if review.outcome_at is not None:
        review.outcome_at = review.starts_at + timedelta(hours=2)
    for action, entry in zip(review.actions, item.get("actions", []), strict=True):
        action.created_at = review.starts_at + timedelta(hours=2)
        db.session.execute(update(Notification).where(Notification.review_id == review.id,
                                                      Notification.target_id == action.id)
                           .values(created_at=action.created_at))
        if "done_on" in entry:
            action.done_at = times.from_local(entry["done_on"], time(16))
    db.session.flush()
