"""Audiences that follow the child's need to know: a canary planted in a section of each audience is found by
exactly the people that audience admits, on every page and in every download; threads keep the audience they
began with; a plan from before the audiences reads the same to every role after the migration."""
import re
import zipfile
from datetime import datetime, timedelta, timezone
from io import BytesIO

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from markupsafe import escape
from sqlalchemy import select

from conftest import add_member, make_child, make_plan, make_school, make_user, migrated_app, sections_of
from school_plans import policy
from school_plans.extensions import db as _db
from school_plans.models import Comment, Section
from school_plans.services import agreement, comments, reviews
from school_plans.services.plans import save_section

ROLES = ("designated_teacher", "school_staff", "core_staff", "parent_carer", "social_worker", "virtual_school")
# Who each audience admits, written out rather than asked of the policy (the social worker is the named one).
READERS = {
    "everyone": set(ROLES),
    "core_team": {"designated_teacher", "core_staff", "parent_carer", "social_worker", "virtual_school"},
    "professionals": {"designated_teacher", "school_staff", "core_staff", "social_worker", "virtual_school"},
    "named": {"designated_teacher", "social_worker"},
}
SECTIONS = {"everyone": "about-me", "core_team": "strengths", "professionals": "strategies", "named": "hard-days"}


def canary(audience: str) -> str:
    return f"CANARY{audience.upper().replace('_', '')}X"


def thread_canary(audience: str) -> str:
    return f"THREAD{audience.upper().replace('_', '')}X"


def docx_text(data: bytes) -> str:
    """Every word of a .docx, comments included."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        xml = " ".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                       if name.startswith("word/") and name.endswith(".xml"))
    return re.sub(r"<[^>]+>", "", xml)


@pytest.fixture()
def canaries(db):
    """Sam's network, one person per role (and a school staff member in the core team), and a plan with a
    canary in a section of each audience, a thread on each, agreed as version 1 and attached to a review,
    then changed so version 2 differs in each section."""
    child = make_child(make_school(), "Sam")
    people = {role: make_user(role.replace("_", " ").title(), email=f"{role}@example.org") for role in ROLES}
    for role, user in people.items():
        membership = add_member(child, user, "school_staff" if role == "core_staff" else role)
        membership.core_team = role == "core_staff"
    _db.session.commit()
    teacher = people["designated_teacher"]
    plan = make_plan(child, teacher)
    by_key = sections_of(plan)
    for audience, key in SECTIONS.items():
        section = by_key[key]
        save_section(section, {"text": f"Words for {canary(audience)}"}, section.version, teacher,
                     audience=audience, named={people["social_worker"].id} if audience == "named" else None)
        comments.add_comment(section, teacher, f"A question for {thread_canary(audience)}")
    _db.session.commit()
    agreement.share(plan, teacher)
    for role in policy.signer_roles(plan):
        agreement.agree(plan, people[role], agreement.stamp(plan))
    review = reviews.schedule(child, people["social_worker"], reviews.Details(
        kind="cla_review", starts_at=datetime.now(timezone.utc) + timedelta(days=7), chair="Pat IRO",
        member_ids=[], named=[]))
    reviews.attach(review, agreement.agreed_version(plan, 1), people["social_worker"], review.version)
    for audience, key in SECTIONS.items():
        section = _db.session.get(Section, by_key[key].id)
        save_section(section, {"text": f"Words for {canary(audience)}, changed"}, section.version, teacher)
    _db.session.commit()
    return plan, review, people, {a: by_key[k] for a, k in SECTIONS.items()}


def pages(plan, review, sections):
    """Every page and download that shows a plan's sections: (url, what it shows of them: "words", "docx" or
    "headings", is about the child's care)."""
    found = [(f"/plans/{plan.id}", "words", False), (f"/plans/{plan.id}/download?comments=1", "docx", False),
             (f"/plans/{plan.id}/history", "headings", False), (f"/plans/{plan.id}/versions/1", "words", False),
             (f"/plans/{plan.id}/versions/1/download?comments=1", "docx", False),
             (f"/plans/{plan.id}/compare?old=1&new=2", "words", False),
             (f"/reviews/{review.id}", "words", True), (f"/reviews/{review.id}/download", "docx", True)]
    for section in sections.values():
        base = f"/plans/{plan.id}/sections/{section.id}"
        found += [(f"{base}/discussion", "words", False), (f"{base}/history", "headings", False),
                  (f"{base}/compare?old=2&new=3", "words", False)]
    return found


@pytest.mark.parametrize("role", ROLES)
def test_each_audience_is_read_by_exactly_the_people_it_admits_everywhere(role, canaries, make_client):
    plan, review, people, sections = canaries
    client = make_client(people[role])
    for url, shows, about_care in pages(plan, review, sections):
        response = client.get(url)
        if about_care and role == "school_staff":   # Sam's care status is for the core team
            assert response.status_code == 404, url
            continue
        section_page = "/sections/" in url
        audience_of_page = next((a for a, s in sections.items() if f"/sections/{s.id}/" in url), None)
        if section_page and role not in READERS[audience_of_page]:
            assert response.status_code == 404, url
            continue
        assert response.status_code == 200, url
        body = docx_text(response.data) if shows == "docx" else response.text
        for audience in READERS:
            if section_page and audience != audience_of_page:
                continue
            expected = role in READERS[audience]
            found = escape(sections[audience].heading) if shows == "headings" else canary(audience)
            assert (found in body) == expected, (url, audience)
            if "discussion" in url or "comments=1" in url:
                assert (thread_canary(audience) in body) == expected, (url, audience)


@pytest.mark.parametrize("role", ROLES)
def test_notifications_name_only_sections_the_person_reads(role, canaries, make_client):
    plan, review, people, sections = canaries
    if role == "designated_teacher":
        return   # wrote every comment: told of none
    page = make_client(people[role]).get("/notifications").text
    for audience, section in sections.items():
        assert (escape(section.heading) in page) == (role in READERS[audience]), audience


@pytest.mark.parametrize("role", ["parent_carer", "school_staff", "social_worker"])
def test_the_export_command_as_a_user_holds_what_they_read(role, canaries, app, tmp_path):
    plan, review, people, sections = canaries
    out = tmp_path / "plan.docx"
    result = app.test_cli_runner().invoke(args=["export-plan", str(plan.id), "--out", str(out), "--as-user",
                                                people[role].email, "--with-comments"])
    assert result.exit_code == 0, result.output
    words = docx_text(out.read_bytes())
    for audience in READERS:
        assert (canary(audience) in words) == (role in READERS[audience]), audience


def test_a_thread_keeps_the_audience_it_began_with(canaries, make_client):
    """Named people added later, or a section opened to everyone, never show an earlier thread to someone new."""
    plan, review, people, sections = canaries
    teacher = people["designated_teacher"]
    named, core = (_db.session.get(Section, sections[a].id) for a in ("named", "core_team"))
    save_section(named, named.content, named.version, teacher, audience="named",
                 named={people["social_worker"].id, people["virtual_school"].id})
    save_section(core, core.content, core.version, teacher, audience="everyone")
    _db.session.commit()
    virtual_school = make_client(people["virtual_school"]).get(f"/plans/{plan.id}/sections/{named.id}/discussion")
    assert virtual_school.status_code == 200 and canary("named") in virtual_school.text
    assert thread_canary("named") not in virtual_school.text
    staff = make_client(people["school_staff"]).get(f"/plans/{plan.id}/sections/{core.id}/discussion")
    assert staff.status_code == 200 and thread_canary("core_team") not in staff.text
    thread = _db.session.scalar(select(Comment).where(Comment.section_id == core.id))
    assert make_client(people["school_staff"]).get(
        f"/plans/{plan.id}/comments/{thread.id}/replies").status_code in (404, 405)


def test_naming_someone_outside_the_network_is_refused_and_nothing_is_written(canaries):
    plan, review, people, sections = canaries
    section = _db.session.get(Section, sections["everyone"].id)
    outsider = make_user("Out Sider", email="outsider@example.org")
    _db.session.commit()
    with pytest.raises(ValueError):
        save_section(section, section.content, section.version, people["designated_teacher"], audience="named",
                     named={outsider.id})
    _db.session.rollback()
    assert _db.session.get(Section, section.id).audience == "everyone"


def test_the_section_form_offers_each_audience_and_asks_who_for_named_people(canaries, make_client):
    plan, review, people, sections = canaries
    client = make_client(people["designated_teacher"])
    section = sections["everyone"]
    url = f"/plans/{plan.id}/sections/{section.id}"
    page = client.get(url).text
    for value in ("everyone", "core_team", "professionals", "named"):
        assert f'value="{value}"' in page
    response = client.post(url, {"version": str(_db.session.get(Section, section.id).version),
                                 "text": "Kept as typed", "audience": "named"})
    assert response.status_code == 200
    assert "Select who can read this section, or choose another audience" in response.text
    assert "Kept as typed" in response.text
    assert _db.session.get(Section, section.id).audience == "everyone"


def test_a_change_of_audience_is_audited_and_in_the_history(canaries, make_client):
    plan, review, people, sections = canaries
    from school_plans.models import AuditEvent, SectionRevision
    section = sections["core_team"]
    events = _db.session.scalars(select(AuditEvent).where(AuditEvent.action == "section.audience",
                                                          AuditEvent.object_id == section.id)).all()
    assert len(events) == 1
    audiences = [r.audience for r in _db.session.scalars(select(SectionRevision).where(
        SectionRevision.section_id == section.id).order_by(SectionRevision.number))]
    assert audiences[0] == "everyone" and "core_team" in audiences
    history = make_client(people["designated_teacher"]).get(f"/plans/{plan.id}/sections/{section.id}/history").text
    assert "Who can read it changed to: The child's core team" in history


OLD_REVISION = "b7869ff210ca"   # the last before audiences


def test_a_plan_made_before_the_migration_reads_the_same_to_every_role(tmp_path):
    """Sections written as "everyone" and "professionals" before the migration: after it, each role reads
    exactly what it read before (parents and carers everything but professionals-only, everyone else all)."""
    with migrated_app("sqlite:///" + str(tmp_path / "old.db")) as app, app.app_context():
        downgrade(revision=OLD_REVISION)
        tables = sa.MetaData()
        tables.reflect(_db.engine)
        t = tables.tables
        now = datetime(2026, 11, 1)   # stored as naive UTC
        with _db.engine.begin() as conn:
            conn.execute(t["schools"].insert(), [{"id": 1, "name": "Old School", "created_at": now}])
            conn.execute(t["children"].insert(), [{"id": 1, "school_id": 1, "preferred_name": "Old",
                                                   "date_of_birth": datetime(2017, 1, 1).date(), "year_group": 4,
                                                   "care_status": "looked_after", "created_at": now,
                                                   "updated_at": now}])
            roles = ("designated_teacher", "school_staff", "parent_carer", "social_worker", "virtual_school")
            for n, role in enumerate(roles, 1):
                conn.execute(t["users"].insert(), [{"id": n, "email": f"{role}@example.org", "name": role,
                                                    "password_hash": "x", "is_admin": False, "language": "en",
                                                    "created_at": now}])
                conn.execute(t["memberships"].insert(), [{"child_id": 1, "user_id": n, "role": role,
                                                          "created_at": now}])
            conn.execute(t["plans"].insert(), [{"id": 1, "child_id": 1, "template_key": "attachment-primary",
                                                "template_version": 1, "title": "Old plan", "status": "draft",
                                                "version": 1, "plan_date": now.date(), "created_at": now,
                                                "updated_at": now}])
            for n, audience in enumerate(("everyone", "professionals", "everyone"), 1):
                conn.execute(t["sections"].insert(), [{"id": n, "plan_id": 1, "key": f"s{n}", "kind": "text",
                                                       "heading": f"Heading {n}", "position": n,
                                                       "audience": audience, "content": {"text": f"t{n}"},
                                                       "version": 1, "updated_at": now}])
        upgrade()
        from school_plans.models import Plan, User
        plan = _db.session.get(Plan, 1)
        with app.test_request_context():
            for user in _db.session.scalars(select(User)):
                read = [s.id for s in _db.session.scalars(policy.visible_sections(user, plan))]
                assert read == ([1, 3] if user.email.startswith("parent_carer") else [1, 2, 3]), user.email
        assert _db.session.get(Plan, 1).child.care_status_audience == "core_team"


def test_a_comment_on_a_section_for_named_people_is_emailed_only_to_them(canaries, make_client):
    """Emails say only that something happened, and go only to those who may read the section."""
    from school_plans.models import OutboxEmail
    from school_plans.services import notifications
    plan, review, people, sections = canaries
    notifications.send_digests()   # the fixture's own news, out of the way
    _db.session.commit()
    before = {e.id for e in _db.session.scalars(select(OutboxEmail))}
    section = sections["named"]
    make_client(people["social_worker"]).post(f"/plans/{plan.id}/sections/{section.id}/comments",
                                              {"body": "Shall we meet?"})
    notifications.send_digests()   # news goes in each person's daily digest
    told = {e.to_address for e in _db.session.scalars(select(OutboxEmail)) if e.id not in before}
    assert told == {people["designated_teacher"].email}


def test_a_version_written_for_named_people_stays_theirs_whoever_is_named_later(canaries, make_client):
    """Named on a section later, someone reads it from then on, not what was written for others before; opened
    to everyone later, those named before still read what they were named for."""
    plan, review, people, sections = canaries
    teacher, section = people["designated_teacher"], _db.session.get(Section, sections["named"].id)
    early = section.version   # written for the social worker only ("changed" in the fixture)
    save_section(section, {"text": "Now for the carer too"}, section.version, teacher, audience="named",
                 named={people["social_worker"].id, people["parent_carer"].id})
    _db.session.commit()
    carer = make_client(people["parent_carer"])
    base = f"/plans/{plan.id}/sections/{section.id}"
    assert "Now for the carer too" in carer.get(f"/plans/{plan.id}").text
    assert carer.get(f"{base}/compare?old={early}&new={section.version}").status_code == 404
    assert canary("named") not in carer.get(f"/plans/{plan.id}/compare?old=1&new=2").text
    save_section(section, section.content, section.version, teacher, audience="everyone")
    _db.session.commit()
    worker = make_client(people["social_worker"]).get(f"/plans/{plan.id}/versions/1").text
    assert canary("named") in worker


def test_someone_who_left_the_network_is_not_a_change_to_who_reads_a_section(canaries, make_client):
    """Saving a named section unchanged after a named person left starts no new version."""
    from school_plans.services import network
    plan, review, people, sections = canaries
    teacher, section = people["designated_teacher"], _db.session.get(Section, sections["named"].id)
    save_section(section, section.content, section.version, teacher, audience="named",
                 named={people["social_worker"].id, people["virtual_school"].id})
    _db.session.commit()
    network.remove(next(m for m in plan.child.memberships if m.user_id == people["virtual_school"].id), teacher)
    _db.session.commit()
    version = _db.session.get(Section, section.id).version
    client = make_client(teacher)
    form = client.get(f"/plans/{plan.id}/sections/{section.id}").text
    assert f'value="{people["social_worker"].id}" checked' in form
    text = _db.session.get(Section, section.id).content["text"]
    client.post(f"/plans/{plan.id}/sections/{section.id}", {"version": str(version), "text": text,
                                                           "audience": "named",
                                                           "named": str(people["social_worker"].id)})
    assert _db.session.get(Section, section.id).version == version
    assert people["virtual_school"].id not in policy.named_readers(_db.session.get(Section, section.id))


def test_a_reply_is_told_only_to_those_the_thread_began_for(canaries):
    """Someone in a core-team thread, then taken out of the core team, is told of no more replies, even once the
    section is opened to everyone: the thread stays the core team's."""
    from school_plans.models import Membership, Notification
    plan, review, people, sections = canaries
    teacher, section = people["designated_teacher"], _db.session.get(Section, sections["core_team"].id)
    thread = _db.session.scalar(select(Comment).where(Comment.section_id == section.id))
    comments.reply(thread, people["core_staff"], "I can help")
    _db.session.scalar(select(Membership).where(Membership.user_id == people["core_staff"].id)).core_team = False
    save_section(section, section.content, section.version, teacher, audience="everyone")
    _db.session.commit()
    comments.reply(thread, people["social_worker"], "Agreed")
    _db.session.commit()
    told = {n.user_id for n in _db.session.scalars(select(Notification).where(
        Notification.event == "reply", Notification.target_id == thread.id, Notification.actor_id ==
        people["social_worker"].id))}
    assert people["core_staff"].id not in told and teacher.id in told
