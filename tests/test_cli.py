"""Flask commands: demo data and creating users."""
from datetime import date

import pytest
from sqlalchemy import func, select

from conftest import find_user
from school_plans import demo, policy, sections, times
from school_plans.demo import DEMO_PASSWORD, PEOPLE, email
from school_plans.extensions import db as _db
from school_plans.models import (
    OPEN,
    PROFESSIONALS,
    AgreedVersion,
    Child,
    Comment,
    Membership,
    Notification,
    Plan,
    School,
    Section,
    SectionRevision,
    Suggestion,
    User,
)
from school_plans.services import agreement, comments
from school_plans.services.notifications import unread_count

COMMANDS = ["demo", "create-user", "templates", "templates check", "export-plan", "export-review", "send-mail",
            "backup"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(app, command):
    result = app.test_cli_runner().invoke(args=[*command.split(), "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def counts():
    return {model.__name__: _db.session.scalar(select(func.count()).select_from(model))
            for model in (User, School, Child, Membership, Plan, Section)}


def test_demo_is_idempotent_and_gives_an_account_per_role(app, make_client, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    first = counts()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert counts() == first
    roles = {m.role for m in _db.session.scalars(select(Membership))}
    assert roles == {"designated_teacher", "school_staff", "parent_carer", "social_worker", "virtual_school"}
    for key, _name, is_admin in PEOPLE:
        client = make_client()
        assert client.sign_in(email(key), DEMO_PASSWORD).status_code == 302
        assert client.get("/admin/").status_code == (200 if is_admin else 403)


def test_demo_gives_each_demo_child_a_plan_with_every_section_written(app, db):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    plans = demo_plans()
    assert {plan.template_key for plan in plans.values()} == {"attachment-primary", "attachment-secondary"}
    for name, plan in plans.items():
        written = _db.session.scalars(select(Section).where(Section.plan_id == plan.id)).all()
        assert len(written) >= 10
        for section in written:
            assert not sections.get(section.kind).is_empty(section.content), f"{name}: {section.key} is empty"
        assert plan.review_date is not None


def demo_plans() -> dict:
    """The plans of the demo's children written in full (data/demo_plans): Leo's and Maya's; Northdale's other
    children (demo_oversight.py) have short plans, there for the virtual school's dashboard."""
    return {plan.child.preferred_name: plan for plan in _db.session.scalars(select(Plan))
            if plan.child.preferred_name in demo.DEMO_PLANS}


def co_authoring_counts():
    return {model.__name__: _db.session.scalar(select(func.count()).select_from(model))
            for model in (Comment, Suggestion, AgreedVersion, SectionRevision)}


def test_demo_plans_carry_comment_threads_with_replies(app, db):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    for plan in demo_plans().values():
        threads = comments.threads(policy.visible_threads(None, plan))
        assert len(threads) >= 2 and all(t.replies for t in threads), plan.child.preferred_name
        assert any(t.resolved for t in threads), plan.child.preferred_name
    # Parents and carers never see professionals-only sections, so they never comment there.
    roles = {(m.child_id, m.user_id): m.role for m in _db.session.scalars(select(Membership))}
    for comment in _db.session.scalars(select(Comment).join(Section).where(Section.audience == PROFESSIONALS)):
        assert roles[(comment.section.plan.child_id, comment.author_id)] != "parent_carer"


def test_demo_has_one_open_suggestion_from_the_parent_or_carer(app, db):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    waiting = _db.session.scalars(select(Suggestion).where(Suggestion.status == OPEN)).all()
    assert len(waiting) == 1
    assert waiting[0].author.email == email("carer") and waiting[0].note
    decided = _db.session.scalars(select(Suggestion).where(Suggestion.status != OPEN)).all()
    assert {s.status for s in decided} == {"accepted", "declined"}
    assert all(s.reason for s in decided if s.status == "declined")
    accepted = next(s for s in decided if s.status == "accepted")
    credited = _db.session.scalar(select(SectionRevision).where(
        SectionRevision.section_id == accepted.section_id, SectionRevision.source == "suggestion"))
    assert credited.by_id == accepted.author_id


def test_demo_leo_plan_was_agreed_and_has_a_newer_draft(app, db):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    leo = _db.session.scalar(select(Plan).join(Child).where(Child.preferred_name == "Leo"))
    assert (leo.status, leo.version) == ("draft", 3)
    assert [v.number for v in agreement.agreed_versions(leo)] == [2, 1]
    assert {s.role for s in agreement.signatures(leo, 2)} == set(policy.signer_roles(leo))
    agreed = agreement.agreed_version(leo, 2)
    frozen = {r.section_id: r.content for r in _db.session.scalars(
        select(SectionRevision).where(SectionRevision.id.in_(agreed.revision_ids)))}
    now = {s.id: s.content for s in _db.session.scalars(select(Section).where(Section.plan_id == leo.id))}
    assert set(frozen) == set(now)
    assert [key for key in now if now[key] != frozen[key]]


def test_demo_twice_adds_no_more_co_authoring(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    first = co_authoring_counts()
    assert all(first.values())
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert co_authoring_counts() == first


def test_create_user_reads_password_from_stdin(app, make_client, db):
    result = app.test_cli_runner().invoke(args=["create-user", "--email", "Cli@Example.org", "--name", "Cli Person",
                                                "--admin"], input="a sturdy passphrase\n")
    assert result.exit_code == 0, result.output
    user = _db.session.scalar(select(User).where(User.email == "cli@example.org"))
    assert user.is_admin and user.name == "Cli Person"
    assert "a sturdy passphrase" not in result.output
    assert make_client().sign_in("cli@example.org", "a sturdy passphrase").status_code == 302


def test_create_user_refuses_weak_password_and_duplicates(app, db):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["create-user", "--email", "a@example.org", "--name", "A"], input="password1234\n")
    assert weak.exit_code != 0 and "too common" in weak.output
    runner.invoke(args=["create-user", "--email", "a@example.org", "--name", "A"], input="a sturdy passphrase\n")
    again = runner.invoke(args=["create-user", "--email", "a@example.org", "--name", "A"],
                          input="a sturdy passphrase\n")
    assert again.exit_code != 0 and "already exists" in again.output


def test_create_user_has_no_password_option(app):
    result = app.test_cli_runner().invoke(args=["create-user", "--help"])
    assert "--password" not in result.output


@pytest.mark.parametrize("email, name, message", [
    ("not an email", "Someone", "correct format"),
    ("ok@example.org", "", "Enter their full name"),
    ("ok@example.org", "N" * 121, "120 characters or fewer"),
])
def test_create_user_checks_email_and_name_like_the_web_form(app, db, email, name, message):
    result = app.test_cli_runner().invoke(args=["create-user", "--email", email, "--name", name],
                                          input="a sturdy passphrase\n")
    assert result.exit_code != 0 and message in result.output
    assert _db.session.scalar(select(func.count()).select_from(User)) == 0


def test_create_user_cleans_control_characters_from_the_name(app, db):
    app.test_cli_runner().invoke(args=["create-user", "--email", "c@example.org", "--name", "Cli\x01 Person"],
                                 input="a sturdy passphrase\n")
    assert _db.session.scalar(select(User.name)) == "Cli Person"


def test_demo_reads_as_a_trainer_would_use_it(app, make_client, db):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    leo = _db.session.scalar(select(Child).where(Child.preferred_name == "Leo"))
    on_1_september = date(demo.PLAN_DATE.year, 9, 1)
    age = on_1_september.year - leo.date_of_birth.year - (
        (on_1_september.month, on_1_september.day) < (leo.date_of_birth.month, leo.date_of_birth.day))
    assert (leo.year_group, age) == (5, 9)   # Year 5: aged 9 on 1 September of the school year
    teachers = {school.name: [u.email for u in school.designated_teachers]
                for school in _db.session.scalars(select(School))}
    assert teachers == {demo.SCHOOL: [email("dt")], demo.OTHER_SCHOOL: [email("hillcrest-dt")]}
    for key, _name, _admin in PEOPLE:   # Amira: and Zara's plan, which the virtual school asks her to change
        assert unread_count(find_user(email(key))) <= (3 if key == "dt" else 2), key
    leo_and_maya = [plan.id for plan in demo_plans().values()]
    agreed = _db.session.scalars(select(Notification).where(Notification.event == "agreed",
                                                            Notification.plan_id.in_(leo_and_maya))).all()
    assert {times.local(n.created_at).date() for n in agreed} == {date(2026, 9, 21), date(2026, 11, 2)}
    assert make_client().sign_in(email("admin"), DEMO_PASSWORD).location == "/admin/"


def test_the_demo_shows_whose_story_is_whose(app, make_client, db):
    """Maya's adopter reads her background (who holds parental responsibility, who knows she is adopted); Leo's
    lunchtime supervisor sees Leo as a pupil with a plan, without his care status or background."""
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    plans = {plan.child.preferred_name: plan for plan in _db.session.scalars(select(Plan))}
    adopter = make_client()
    adopter.sign_in(email("adopter"), DEMO_PASSWORD)
    maya = plans["Maya"]
    background = _db.session.scalar(select(Section).where(Section.plan_id == maya.id, Section.key == "background"))
    assert background.audience == "core_team"
    assert background.content["text"].split("\n")[0][:40] in adopter.get(f"/plans/{maya.id}").text
    lunch = make_client()
    lunch.sign_in(email("lunch"), DEMO_PASSWORD)
    leo = plans["Leo"]
    page = lunch.get(f"/children/{leo.child.id}").text
    assert "Looked after" not in page and f"/plans/{leo.id}" in page
    assert "Background, for the core team" not in lunch.get(f"/plans/{leo.id}").text
    staff = make_client()
    staff.sign_in(email("staff"), DEMO_PASSWORD)
    assert "Background, for the core team" in staff.get(f"/plans/{leo.id}").text
