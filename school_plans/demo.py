"""Fictional, non-identifying demo data. Running it again changes nothing."""
import tomllib
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from . import passwords, plan_templates, policy, sections
from .extensions import db
from .models import AgreedVersion, Child, Comment, Membership, Plan, School, Section, Suggestion, User
from .services import accounts, agreement, comments, plans, suggestions

DEMO_PASSWORD = "plans-demo-2026"
DOMAIN = "demo.school-plans.example.org"

# email local part, name, site admin
PEOPLE = [
    ("dt", "Amira Shah", False),
    ("staff", "Tom Reilly", False),
    ("carer", "Jo Hughes", False),
    ("socialworker", "Priya Nair", False),
    ("virtualschool", "Helen Ward", False),
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

# preferred name, legal name, date of birth, year group, care status, school, {person: role}
CHILDREN = [
    ("Leo", None, date(2016, 5, 14), 5, "looked_after", SCHOOL, {
        "dt": "designated_teacher", "staff": "school_staff", "carer": "parent_carer",
        "socialworker": "social_worker", "virtualschool": "virtual_school"}),
    ("Maya", None, date(2013, 11, 2), 8, "previously_looked_after", OTHER_SCHOOL, {
        "dt": "designated_teacher", "adopter": "parent_carer", "virtualschool": "virtual_school"}),
]


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
    for school in schools.values():
        if people["dt"] not in school.designated_teachers:
            school.designated_teachers.append(people["dt"])
    for preferred, legal, born, year, status, school_name, network in CHILDREN:
        school = schools[school_name]
        child = db.session.scalar(select(Child).where(
            Child.school_id == school.id, Child.preferred_name == preferred, Child.date_of_birth == born))
        if child is None:
            child = Child(school_id=school.id, preferred_name=preferred, legal_name=legal,
                          date_of_birth=born, year_group=year, care_status=status)
            db.session.add(child)
            db.session.flush()
        members = {m.user_id for m in child.memberships}
        for key, role in network.items():
            if people[key].id not in members:
                child.memberships.append(Membership(user=people[key], role=role))
        _coauthor(_plan(child, people["dt"]), DEMO_PLANS[preferred], people)
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
    suggested or agreed anything yet): suggestions the school decided on, comment threads, sharing and
    agreeing by every required signer then a change that starts the next version, and suggestions still open."""
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
    if "agreement" in demo:
        agreement.share(plan, people[demo["agreement"]["shared_by"]])
        signers = {}
        for membership in plan.child.memberships:
            signers.setdefault(membership.role, membership.user)
        for role in policy.signer_roles(plan):   # the child's care status says who must agree
            agreement.agree(plan, signers[role], agreement.stamp(plan))
        for edit in demo["agreement"].get("then", []):
            section = by_key[edit["section"]]
            plans.save_section(section, _added(section, edit["add"]), section.version, people[edit["by"]])
    for item in waiting:
        _suggest(by_key[item["section"]], item, people)


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
