"""Changes made at the same moment, with real threads, each its own signed-in browser: nothing is lost.

Runs on the suite's database: a file SQLite database by default, PostgreSQL with TEST_DATABASE_URL
(CI runs both). Each race widens its window by making one step of the read-decide-write slow, so the
requests really overlap instead of happening to run one after the other.
"""
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from test_reviews import agree, review_of

from conftest import Client, make_plan, sections_of, write_section
from school_plans.extensions import db as _db
from school_plans.models import AgreedVersion, AuditEvent, Membership, Review, Signature, Suggestion
from school_plans.policy import signer_roles
from school_plans.services import agreement, network, reviews, suggestions


def when(days: int) -> datetime:
    return (datetime.now(timezone.utc) + timedelta(days=days)).replace(microsecond=0)


def at_once(*requests):
    """Run the callables in threads released together; their results, in order."""
    start, results, errors = threading.Barrier(len(requests)), [None] * len(requests), []

    def run(i, request):
        start.wait()
        try:
            results[i] = request()
        except BaseException as error:  # noqa: B036 - reported by the test's own thread below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, r)) for i, r in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    _db.session.expire_all()
    return results


def slowed(monkeypatch, module, name, seconds=0.3):
    """Make `module.name` pause first: the moment between reading and writing, held open."""
    real = getattr(module, name)

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)


def signed_in(app, user):
    client = Client(app)
    assert client.sign_in(user.email).status_code == 302
    return client


@pytest.fixture()
def plan(world):
    return make_plan(world.child, world.user("designated_teacher"))


def test_three_signers_agreeing_at_once_end_with_exactly_one_agreed_version(app, world, plan, monkeypatch):
    agreement.share(plan, world.user("designated_teacher"))
    _db.session.commit()
    seen, roles = agreement.stamp(plan), signer_roles(plan)
    assert len(roles) == 3
    clients = [signed_in(app, world.user(role)) for role in roles]
    slowed(monkeypatch, agreement, "requirements")
    url = f"/plans/{plan.id}/agree"
    responses = at_once(*[lambda c=c: c.post(url, {"seen": seen}) for c in clients])
    assert [r.status_code for r in responses] == [302, 302, 302]
    assert _db.session.scalar(select(func.count()).select_from(Signature)) == 3
    assert _db.session.scalars(select(AgreedVersion.number)).all() == [1]
    assert _db.session.get(type(plan), plan.id).status == "agreed"


def two_agreed_versions(plan, world):
    first = agree(plan, world)
    write_section(sections_of(plan)["about-me"], {"text": "Changed for version 2"}, world.user("designated_teacher"))
    return first, agree(plan, world)


def test_two_attaching_different_versions_at_once_one_is_saved_and_the_other_keeps_their_choice(
        app, world, plan, monkeypatch):
    first, second = two_agreed_versions(plan, world)
    review = review_of(world, when(days=7))
    people = [signed_in(app, world.user("social_worker")), signed_in(app, world.user("virtual_school"))]
    slowed(monkeypatch, reviews, "_lock")
    url, version, ids = f"/reviews/{review.id}/attach", str(review.version), (first.id, second.id)
    responses = at_once(*[lambda c=c, v=v: c.post(url, {"version": version, "agreed": str(v)})
                          for c, v in zip(people, ids)])
    assert sorted(r.status_code for r in responses) == [302, 409]
    winner, loser = sorted(zip(responses, (first, second)), key=lambda pair: pair[0].status_code)
    assert _db.session.get(Review, review.id).agreed_version_id == winner[1].id
    # The one who lost sees their own choice still ticked, to attach it knowingly.
    assert f'value="{loser[1].id}" checked' in loser[0].text


def test_two_outcomes_recorded_at_once_one_is_saved_and_the_other_keeps_what_was_typed(
        app, world, plan, monkeypatch):
    review = review_of(world, when(days=-1))
    people = [signed_in(app, world.user("social_worker")), signed_in(app, world.user("virtual_school"))]
    slowed(monkeypatch, reviews, "_lock")
    url, words = f"/reviews/{review.id}/outcome", ("Keep the plan as it is", "Meet again in four weeks")
    version = str(review.version)
    responses = at_once(*[lambda c=c, w=w: c.post(url, {"version": version, "outcome": w})
                          for c, w in zip(people, words)])
    assert sorted(r.status_code for r in responses) == [302, 409]
    saved = _db.session.get(Review, review.id).outcome
    lost = next(w for r, w in zip(responses, words) if r.status_code == 409)
    assert saved in words and saved != lost
    assert lost in next(r.text for r in responses if r.status_code == 409)


def test_cancelling_while_an_outcome_is_recorded_never_loses_the_outcome(app, world, monkeypatch):
    review = review_of(world, when(days=-1))
    person = signed_in(app, world.user("social_worker"))
    other = signed_in(app, world.user("virtual_school"))
    slowed(monkeypatch, reviews.audit, "record", seconds=0.2)
    review_id, version = review.id, str(review.version)
    _cancelled, recorded = at_once(
        lambda: person.post(f"/reviews/{review_id}/cancel", {}),
        lambda: other.post(f"/reviews/{review_id}/outcome", {"version": version, "outcome": "Agreed to meet again"}))
    kept = _db.session.get(Review, review_id)
    # Either the review was cancelled before any outcome (which is then refused: 409, or 404 once it is gone,
    # with what was typed shown), or it keeps the outcome that was saved: never an outcome reported saved and
    # then cancelled away.
    if recorded.status_code == 302:
        assert kept is not None and kept.outcome == "Agreed to meet again"
    else:
        assert kept is None and recorded.status_code in (404, 409) and "Agreed to meet again" in recorded.text


def test_accepting_and_declining_a_suggestion_at_once_one_wins_and_the_other_sees_the_conflict(
        app, world, plan, monkeypatch):
    section = sections_of(plan)["about-me"]
    teacher, staff = world.user("designated_teacher"), world.user("school_staff")
    accepting, declining = signed_in(app, teacher), signed_in(app, staff)
    slowed(monkeypatch, suggestions.notifications, "notify", seconds=0.05)
    outcomes = []
    for attempt in range(20):
        suggestion = suggestions.propose(section, world.user("parent_carer"), {"text": f"From home {attempt}"},
                                         section.version)
        _db.session.commit()
        version, reason = section.version, f"Not this term ({attempt})"
        url = f"/plans/{plan.id}/suggestions/{suggestion.id}"
        accepted, declined = at_once(lambda: accepting.post(f"{url}/accept", {"version": version}),
                                     lambda: declining.post(f"{url}/decline", {"reason": reason}))
        status = _db.session.scalar(select(Suggestion.status).where(Suggestion.id == suggestion.id))
        outcomes.append(status)
        if status == "accepted":
            assert (accepted.status_code, declined.status_code) == (302, 409)
            assert reason in declined.text  # what they typed is still in the form
        else:
            assert status == "declined"
            assert (accepted.status_code, declined.status_code) == (409, 302)
        _db.session.refresh(section)
    assert set(outcomes) <= {"accepted", "declined"} and len(outcomes) == 20


def test_two_designated_teachers_removing_each_other_at_once_leave_one(app, world, monkeypatch):
    first = world.memberships["designated_teacher"]
    second_teacher = world.user("school_staff")
    second = world.memberships["school_staff"]
    second.role = "designated_teacher"
    _db.session.commit()
    clients = [signed_in(app, world.user("designated_teacher")), signed_in(app, second_teacher)]
    slowed(monkeypatch, network.audit, "record", seconds=0.2)
    child_id, first_id, second_id = world.child.id, first.id, second.id
    at_once(lambda: clients[0].post(f"/children/{child_id}/network/{second_id}/remove", {}),
            lambda: clients[1].post(f"/children/{child_id}/network/{first_id}/remove", {}))
    left = _db.session.scalars(select(Membership.role).where(Membership.child_id == child_id,
                                                             Membership.role == "designated_teacher")).all()
    assert left == ["designated_teacher"]


def test_sharing_twice_at_once_shares_once(app, world, plan, monkeypatch):
    teacher = world.user("designated_teacher")
    clients = [signed_in(app, teacher), signed_in(app, teacher)]
    slowed(monkeypatch, agreement.audit, "record", seconds=0.2)
    url = f"/plans/{plan.id}/share"
    at_once(*[lambda c=c: c.post(url, {}) for c in clients])
    shared = _db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "plan.share"))
    assert shared == 1


def test_a_review_changed_by_two_people_at_once_keeps_one_change_and_refuses_the_other(app, world, monkeypatch):
    review = review_of(world, when(days=7))
    people = [signed_in(app, world.user("social_worker")), signed_in(app, world.user("virtual_school"))]
    slowed(monkeypatch, reviews, "_lock")
    url, version = f"/reviews/{review.id}/edit", review.version
    form = {"kind": "pep_meeting", "day-day": "1", "day-month": "7", "day-year": "2027", "time": "10:00",
            "named": "", "version": str(version)}
    responses = at_once(*[lambda c=c, chair=chair: c.post(url, {**form, "chair": chair})
                          for c, chair in zip(people, ("Ruth Ellison", "Sam Okafor"))])
    assert sorted(r.status_code for r in responses) == [302, 409]
    assert _db.session.get(Review, review.id).version == version + 1


TEXT_SECTIONS = ("about-me", "strengths", "strategies", "transitions", "home-school-link", "hard-days",
                 "background", "review")


def test_eight_people_viewing_while_eight_save_never_make_a_save_fail(app, world, plan):
    """Each saver saves their own section three times while eight others read the plan page over and over."""
    parts = sections_of(plan)
    dt, carer = world.user("designated_teacher"), world.user("parent_carer")
    savers = [(signed_in(app, dt), parts[key].id, parts[key].version, key) for key in TEXT_SECTIONS]
    viewers = [signed_in(app, dt if i % 2 else carer) for i in range(8)]
    url, saving, lock = f"/plans/{plan.id}", [len(savers)], threading.Lock()

    def save(client, section_id, version, key):
        try:
            return [client.post(f"{url}/sections/{section_id}", {
                "version": str(version + n), "text": f"{key} saved {n + 1}"}).status_code for n in range(3)]
        finally:
            with lock:
                saving[0] -= 1

    def view(client):
        statuses = []
        while saving[0] or not statuses:
            statuses.append(client.get(url).status_code)
        return statuses

    views_before = _db.session.scalar(select(func.count()).where(AuditEvent.action == "plan.view"))
    results = at_once(*[lambda saver=saver: save(*saver) for saver in savers], *[lambda c=c: view(c) for c in viewers])
    saves, views = results[:len(savers)], results[len(savers):]
    assert saves == [[302, 302, 302]] * 8
    assert all(status == 200 for statuses in views for status in statuses)
    for key in TEXT_SECTIONS:
        assert _db.session.get(type(parts[key]), parts[key].id).content == {"text": f"{key} saved 3"}
    viewed = sum(len(statuses) for statuses in views)
    assert viewed >= 8
    assert _db.session.scalar(select(func.count()).where(AuditEvent.action == "plan.view")) - views_before == viewed


def test_a_plan_page_is_served_while_someone_holds_the_write_lock_and_its_view_is_audited_after(app, world, plan):
    """The lock a save holds (SQLite's one write lock; on PostgreSQL, a lock that stops rows going into the audit
    table) does not hold the page up: it is served while the lock is held, and its audit row follows."""
    client, url = signed_in(app, world.user("designated_teacher")), f"/plans/{plan.id}"
    before = _db.session.scalar(select(func.count()).where(AuditEvent.action == "plan.view"))
    _db.session.rollback()
    served = []
    with _db.engine.connect() as holder:
        if holder.dialect.name == "sqlite":
            holder.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            holder.begin()
            holder.exec_driver_sql("LOCK TABLE audit_events IN SHARE MODE")
        reader = threading.Thread(target=lambda: served.append(client.raw.get(url).status_code))
        reader.start()
        reader.join(timeout=60)
        assert served == [200], "the page waited for the lock"
        holder.rollback()
    assert app.extensions["read_audit"].wait(timeout=30)
    assert _db.session.scalar(select(func.count()).where(AuditEvent.action == "plan.view")) == before + 1


def test_read_audit_rows_that_cannot_be_written_do_not_stop_the_next_ones(app, world, plan, monkeypatch, caplog):
    client, writer = signed_in(app, world.user("designated_teacher")), app.extensions["read_audit"]
    before = _db.session.scalar(select(func.count()).where(AuditEvent.action == "plan.view"))
    monkeypatch.setattr(writer, "_write", lambda rows: 1 / 0)
    assert client.get(f"/plans/{plan.id}").status_code == 200
    assert "1 read audit rows could not be written: ZeroDivisionError" in caplog.text
    monkeypatch.undo()
    assert client.get(f"/plans/{plan.id}").status_code == 200
    assert _db.session.scalar(select(func.count()).where(AuditEvent.action == "plan.view")) == before + 1


def test_a_family_saying_no_to_the_virtual_school_while_it_is_invited_leaves_no_way_in(app, world, monkeypatch):
    """Previously looked-after: the carer says no while the designated teacher invites the virtual school.
    Whichever goes first, nobody from the virtual school is in the network or holds an open invitation."""
    from school_plans.models import Invitation
    from school_plans.services import story
    child = world.child
    child.care_status, child.virtual_school_welcome = "previously_looked_after", True
    _db.session.commit()
    teacher, carer = signed_in(app, world.user("designated_teacher")), signed_in(app, world.user("parent_carer"))
    slowed(monkeypatch, network, "new_token", seconds=0.3)   # the invitation, after the check, before writing
    slowed(monkeypatch, story.audit, "record", seconds=0.1)
    child_id = child.id
    invited, refused = at_once(
        lambda: teacher.post(f"/children/{child_id}/network/invite", {"email": "vs2@example.org",
                                                                    "role": "virtual_school"}),
        lambda: carer.post(f"/children/{child_id}/story/virtual-school", {"welcome": "no"}))
    assert invited.status_code == 200 and refused.status_code == 302
    open_links = _db.session.scalars(select(Invitation).where(
        Invitation.child_id == child_id, Invitation.role == "virtual_school", Invitation.revoked_at.is_(None),
        Invitation.accepted_at.is_(None))).all()
    members = _db.session.scalars(select(Membership.role).where(Membership.child_id == child_id)).all()
    assert open_links == [] and "virtual_school" not in members


def test_two_people_saving_the_childs_wishes_at_once_keep_one_and_show_the_other_theirs(app, world, monkeypatch):
    from school_plans.models import Child
    from school_plans.services import story
    carer, worker = signed_in(app, world.user("parent_carer")), signed_in(app, world.user("social_worker"))
    slowed(monkeypatch, story.audit, "record", seconds=0.2)
    url, seen = f"/children/{world.child.id}/story/wishes", story.wishes_seen("")
    first, second = at_once(lambda: carer.post(url, {"wishes": "Only my key adult.", "seen": seen}),
                            lambda: worker.post(url, {"wishes": "Everyone in my class.", "seen": seen}))
    assert sorted([first.status_code, second.status_code]) == [302, 409]
    lost = first if first.status_code == 409 else second
    kept = _db.session.scalar(select(Child.story_wishes).where(Child.id == world.child.id))
    assert kept in ("Only my key adult.", "Everyone in my class.") and kept not in lost.text.split("<textarea")[1]


def test_the_virtual_school_accepting_while_the_family_says_no_does_not_get_in(app, world, monkeypatch):
    from conftest import make_user
    from school_plans.models import Invitation
    from school_plans.models.types import utcnow
    from school_plans.services import story
    from school_plans.tokens import new_token
    child = world.child
    child.care_status, child.virtual_school_welcome = "previously_looked_after", True
    adviser = make_user("New Adviser", email="adviser@example.org")
    token, token_hash = new_token()
    _db.session.add(Invitation(child_id=child.id, email=adviser.email, role="virtual_school", token_hash=token_hash,
                               invited_by_id=world.user("designated_teacher").id,
                               expires_at=utcnow() + timedelta(days=7)))
    _db.session.commit()
    joining, carer = signed_in(app, adviser), signed_in(app, world.user("parent_carer"))
    slowed(monkeypatch, network, "add_member", seconds=0.3)
    slowed(monkeypatch, story.network, "keep_virtual_school_out", seconds=0.1)
    child_id, adviser_id = child.id, adviser.id
    at_once(lambda: joining.post(f"/invitations/{token}", {}),
            lambda: carer.post(f"/children/{child_id}/story/virtual-school", {"welcome": "no"}))
    members = _db.session.scalars(select(Membership.user_id).where(Membership.child_id == child_id)).all()
    assert adviser_id not in members


def test_two_digest_runs_at_once_send_each_person_one_digest(app, world, plan, monkeypatch):
    from school_plans.models import OutboxEmail
    from school_plans.services import comments, notifications
    for body in ("One", "Two"):
        comments.add_comment(sections_of(plan)["about-me"], world.user("parent_carer"), body)
    _db.session.commit()
    slowed(monkeypatch, notifications, "_queue", seconds=0.2)   # between claiming and writing the email

    def run():
        with app.app_context():
            written = notifications.send_digests()
            _db.session.commit()
            return written

    first, second = at_once(run, run)
    addresses = _db.session.scalars(select(OutboxEmail.to_address)).all()
    assert first + second == len(addresses) and len(addresses) == len(set(addresses)) > 0


def test_two_reminder_runs_at_once_tell_each_owner_once(app, world, monkeypatch):
    from school_plans import times
    from school_plans.models import Notification, OutboxEmail
    from school_plans.services import notifications
    review = review_of(world, when(days=-7))
    for role in ("parent_carer", "designated_teacher"):
        reviews.add_action(review, world.user("social_worker"), "Send the targets home", world.user(role),
                           times.service_today() + timedelta(days=1))
    _db.session.commit()
    slowed(monkeypatch, notifications, "notify", seconds=0.2)   # between claiming the action and telling

    def run():
        with app.app_context():
            told = notifications.remind_due_actions(notifications.REMIND_DAYS_BEFORE)
            _db.session.commit()
            return told

    first, second = at_once(run, run)
    due = _db.session.scalars(select(Notification.user_id).where(Notification.event == "review_action_due")).all()
    assert first + second == 2 and sorted(due) == sorted(world.user(r).id for r in ("parent_carer",
                                                                                      "designated_teacher"))
    subjects = _db.session.scalars(select(OutboxEmail.subject)).all()
    assert subjects.count("School support plans: your action from a review is due") == 2


def test_asking_for_changes_while_the_plan_is_agreed_again_leaves_needs_you_true_to_the_latest_version(
        app, world, plan, monkeypatch):
    """The adviser asks for changes to version 1 while the social worker's agreement makes version 2: the
    request waits in "Needs you" only if it is about the version agreed last (it was made after it)."""
    from school_plans.models import Notification, QualityReview
    from school_plans.services import audit, quality
    agree(plan, world)
    write_section(sections_of(plan)["about-me"], {"text": "Changed for version 2"}, world.user("designated_teacher"))
    agreement.share(plan, world.user("designated_teacher"))
    for role in ("designated_teacher", "parent_carer"):
        agreement.agree(plan, world.user(role), agreement.stamp(plan))
    _db.session.commit()
    seen, plan_id = agreement.stamp(plan), plan.id
    social, adviser = signed_in(app, world.user("social_worker")), signed_in(app, world.user("virtual_school"))
    slowed(monkeypatch, agreement, "requirements")   # between the agreement's reads and its writes
    class SlowAudit:   # between the version the review is of and telling the designated teacher
        @staticmethod
        def record(*args, **kwargs):
            time.sleep(0.6)
            return audit.record(*args, **kwargs)

    monkeypatch.setattr(quality, "audit", SlowAudit)
    responses = at_once(lambda: social.post(f"/plans/{plan_id}/agree", {"seen": seen}),
                        lambda: adviser.post(f"/plans/{plan_id}/quality", {
                            "verdict": "needs_changes", "rating": "red", "reason": "Name the back-up adult",
                            "version": "1"}))
    # The adviser read version 1: saved if it came first, else shown again to review version 2 (409).
    assert responses[0].status_code == 302 and responses[1].status_code in (302, 409)
    latest_agreed = max(_db.session.scalars(select(AgreedVersion.number).where(AgreedVersion.plan_id == plan_id)))
    review = _db.session.scalar(select(QualityReview))
    waiting = _db.session.scalars(select(Notification).where(Notification.event == "quality_needs_changes",
                                                             Notification.read_at.is_(None))).all()
    assert latest_agreed == 2
    if review is None:   # the agreement came first: the adviser was shown version 2 to review (409)
        assert responses[1].status_code == 409 and not waiting
    else:
        assert bool(waiting) == (review.plan_version == latest_agreed)
