"""The network writes one plan together: comments, suggestions, agreement, notifications."""
import re
from io import BytesIO

import pytest
from docx import Document
from sqlalchemy import func, select

from conftest import make_plan, professionals_only, sections_of, write_section
from school_plans.extensions import db as _db
from school_plans.models import AgreedVersion, AuditEvent, Comment, Notification, OutboxEmail, Suggestion
from school_plans.services import agreement, suggestions
from school_plans.services.plans import save_section


@pytest.fixture()
def plan(world):
    return make_plan(world.child, world.user("designated_teacher"))


def text_section(plan, key="about-me"):
    return sections_of(plan)[key]


def version_in(page: str) -> str:
    return re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)


def audit_actions():
    return list(_db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_anyone_in_the_network_comments_and_replies_and_the_network_is_told(world, plan, make_client):
    section = text_section(plan)
    carer = make_client(world.user("parent_carer"))
    response = carer.post(f"/plans/{plan.id}/sections/{section.id}/comments", {"body": "He loves the bus 🚌"})
    assert response.status_code == 302
    thread = _db.session.scalar(select(Comment))
    assert thread.body == "He loves the bus 🚌" and thread.author_id == world.user("parent_carer").id

    social = make_client(world.user("social_worker"))
    assert social.post(f"/plans/{plan.id}/comments/{thread.id}/replies",
                       {f"reply-{thread.id}-body": "Noted for the review."}).status_code == 302
    page = make_client(world.user("virtual_school")).get(f"/plans/{plan.id}/sections/{section.id}/discussion").text
    assert "He loves the bus 🚌" in page and "Noted for the review." in page

    told = {n.user_id for n in _db.session.scalars(select(Notification).where(Notification.event == "comment"))}
    network = {world.user(r).id for r in ("designated_teacher", "school_staff", "social_worker", "virtual_school")}
    assert told == network  # everyone but the author
    replied = {n.user_id for n in _db.session.scalars(select(Notification).where(Notification.event == "reply"))}
    assert replied == {world.user("parent_carer").id, world.user("designated_teacher").id}
    assert {"comment.add", "comment.reply"} <= set(audit_actions())


def test_an_empty_or_over_long_comment_is_refused_next_to_the_box_keeping_the_words(world, plan, make_client):
    section = text_section(plan)
    client = make_client(world.user("school_staff"))
    response = client.post(f"/plans/{plan.id}/sections/{section.id}/comments", {"body": "   "})
    assert response.status_code == 200 and "Enter your comment" in response.text
    long = "word " * 1200
    response = client.post(f"/plans/{plan.id}/sections/{section.id}/comments", {"body": long})
    assert "Comment must be 5000 characters or fewer" in response.text and "word word" in response.text
    assert _db.session.scalar(select(func.count()).select_from(Comment)) == 0


def test_the_thread_author_or_designated_teacher_resolves_and_it_stays_readable(world, plan, make_client):
    section = text_section(plan)
    staff = make_client(world.user("school_staff"))
    staff.post(f"/plans/{plan.id}/sections/{section.id}/comments", {"body": "Shall we add the lunch plan?"})
    thread = _db.session.scalar(select(Comment))
    assert make_client(world.user("parent_carer")).post(
        f"/plans/{plan.id}/comments/{thread.id}/resolve").status_code == 403
    assert staff.post(f"/plans/{plan.id}/comments/{thread.id}/resolve").status_code == 302
    _db.session.expire_all()
    assert thread.resolved_at is not None
    page = staff.get(f"/plans/{plan.id}/sections/{section.id}/discussion").text
    assert "1 resolved thread" in page and "Shall we add the lunch plan?" in page
    reply = staff.post(f"/plans/{plan.id}/comments/{thread.id}/replies", {f"reply-{thread.id}-body": "One more"})
    assert reply.status_code == 409 and "One more" in reply.text


def test_parents_do_not_see_comments_or_suggestions_on_professionals_only_sections(world, plan, make_client):
    secret = professionals_only(sections_of(plan)["background"])
    make_client(world.user("social_worker")).post(f"/plans/{plan.id}/sections/{secret.id}/comments",
                                                  {"body": "Contact moved to Fridays"})
    thread = _db.session.scalar(select(Comment))
    carer = make_client(world.user("parent_carer"))
    assert carer.get(f"/plans/{plan.id}/sections/{secret.id}/discussion").status_code == 404
    assert carer.post(f"/plans/{plan.id}/comments/{thread.id}/replies",
                      {f"reply-{thread.id}-body": "x"}).status_code == 404
    assert "Contact moved to Fridays" not in carer.get(f"/plans/{plan.id}").text
    assert not _db.session.scalars(select(Notification).where(
        Notification.user_id == world.user("parent_carer").id)).all()
    assert "Contact moved" not in carer.get("/notifications").text


def test_a_parent_suggests_and_the_school_accepts_it_as_a_change_credited_to_the_parent(world, plan, make_client):
    section = text_section(plan)
    write_section(section, {"text": "Sam likes drawing."}, world.user("designated_teacher"))
    carer = make_client(world.user("parent_carer"))
    assert carer.post(f"/plans/{plan.id}/sections/{section.id}", {"version": "2", "text": "x"}).status_code == 403
    form = carer.get(f"/plans/{plan.id}/sections/{section.id}/suggest")
    assert form.status_code == 200 and "Send my suggestion" in form.text
    response = carer.post(f"/plans/{plan.id}/sections/{section.id}/suggest",
                          {"version": version_in(form.text), "text": "Sam likes drawing and dinosaurs.",
                           "note": "He talks about them all the time"})
    assert response.status_code == 302
    suggestion = _db.session.scalar(select(Suggestion))
    _db.session.refresh(section)
    assert section.content["text"] == "Sam likes drawing."  # suggesting changes nothing yet

    teacher = make_client(world.user("designated_teacher"))
    page = teacher.get(f"/plans/{plan.id}/suggestions/{suggestion.id}").text
    assert "<ins class" in page and "dinosaurs" in page and "He talks about them all the time" in page
    assert teacher.post(f"/plans/{plan.id}/suggestions/{suggestion.id}/accept",
                        {"version": version_in(page)}).status_code == 302
    _db.session.expire_all()
    assert section.content["text"] == "Sam likes drawing and dinosaurs."
    assert section.updated_by_id == world.user("parent_carer").id
    assert suggestion.status == "accepted" and suggestion.decided_by_id == world.user("designated_teacher").id
    events = {n.event: n.user_id for n in _db.session.scalars(select(Notification))}
    assert events["suggestion_accepted"] == world.user("parent_carer").id
    assert {"suggestion.create", "suggestion.accepted"} <= set(audit_actions())


UNCHANGED = "Your suggestion is the same as the section now. Change what you would like it to say, then send it."


@pytest.mark.parametrize("key, posted", [
    ("about-me", {"text": "Sam likes drawing.\n"}),                      # as it reads, a line end added
    ("triggers", {"rows-0-trigger": "Loud bells", "rows-1-trigger": ""}),  # as it reads, an empty row added
])
def test_a_suggestion_that_changes_nothing_is_refused_beside_the_form_and_kept(world, plan, make_client, key, posted):
    section = text_section(plan, key)
    stored = {"text": "Sam likes drawing."} if key == "about-me" else {"rows": [{"trigger": "Loud bells"}]}
    write_section(section, stored, world.user("designated_teacher"))
    carer = make_client(world.user("parent_carer"))
    url = f"/plans/{plan.id}/sections/{section.id}/suggest"
    response = carer.post(url, {"version": version_in(carer.get(url).text), **posted, "note": "Just checking"})
    assert response.status_code == 200
    first = "text" if key == "about-me" else "rows-0-trigger"
    summary = re.search(r'class="govuk-error-summary".*?</ul>', response.text, re.S).group(0)
    assert f'href="#{first}"' in summary and UNCHANGED in summary   # the summary links to the form's first box
    assert f'id="{first}-error"' in response.text                    # and the message sits beside it
    assert "Just checking" in response.text                            # nothing typed is lost
    assert response.text.startswith("<!DOCTYPE html>") and "<title>Error: " in response.text
    assert _db.session.scalar(select(func.count(Suggestion.id))) == 0
    assert _db.session.scalar(select(func.count(Notification.id)).where(Notification.event == "suggestion")) == 0
    changed = {**posted, **({"text": "Sam likes drawing and dinosaurs."} if key == "about-me"
                            else {"rows-1-trigger": "Supply teachers"})}
    assert carer.post(url, {"version": str(section.version), **changed}).status_code == 302


def test_a_suggestion_of_no_rows_for_an_empty_table_is_refused_too(world, plan, make_client):
    section = text_section(plan, "triggers")
    url = f"/plans/{plan.id}/sections/{section.id}/suggest"
    response = make_client(world.user("parent_carer")).post(url, {"version": str(section.version)})
    assert response.status_code == 200 and UNCHANGED in response.text
    assert _db.session.scalar(select(func.count(Suggestion.id))) == 0


def test_accepting_a_suggestion_after_the_section_changed_shows_the_conflict_and_applies_nothing(
        world, plan, make_client):
    section = text_section(plan)
    carer = make_client(world.user("parent_carer"))
    carer.post(f"/plans/{plan.id}/sections/{section.id}/suggest", {"version": "1", "text": "From home"})
    suggestion = _db.session.scalar(select(Suggestion))
    teacher = make_client(world.user("designated_teacher"))
    page = teacher.get(f"/plans/{plan.id}/suggestions/{suggestion.id}").text
    write_section(section, {"text": "From school"}, world.user("school_staff"))
    response = teacher.post(f"/plans/{plan.id}/suggestions/{suggestion.id}/accept", {"version": version_in(page)})
    assert response.status_code == 409 and "The section changed while you were looking" in response.text
    _db.session.expire_all()
    assert section.content["text"] == "From school" and suggestion.status == "open"


def test_a_declined_suggestion_needs_a_reason_and_the_parent_sees_it(world, plan, make_client):
    section = sections_of(plan)["triggers"]
    carer = make_client(world.user("parent_carer"))
    carer.post(f"/plans/{plan.id}/sections/{section.id}/suggest",
               {"version": "1", "rows-0-trigger": "Loud hand dryers", "rows-0-signs": "", "rows-0-helps": ""})
    suggestion = _db.session.scalar(select(Suggestion))
    assert suggestion.content["rows"][0]["trigger"] == "Loud hand dryers"
    teacher = make_client(world.user("school_staff"))
    response = teacher.post(f"/plans/{plan.id}/suggestions/{suggestion.id}/decline", {"reason": ""})
    assert "Enter a reason" in response.text
    teacher.post(f"/plans/{plan.id}/suggestions/{suggestion.id}/decline",
                 {"reason": "Already in the sensory section"})
    page = carer.get(f"/plans/{plan.id}/suggestions/{suggestion.id}").text
    assert "Declined" in page and "Already in the sensory section" in page
    assert make_client(world.user("social_worker")).post(
        f"/plans/{plan.id}/suggestions/{suggestion.id}/accept", {"version": "1"}).status_code == 403


def test_sharing_then_required_signers_agreeing_makes_the_version_agreed(world, plan, make_client):
    teacher = make_client(world.user("designated_teacher"))
    assert teacher.post(f"/plans/{plan.id}/share").status_code == 302
    _db.session.refresh(plan)
    assert plan.status == "shared"
    asked = {n.user_id for n in _db.session.scalars(select(Notification).where(Notification.event == "agree_request"))}
    assert asked == {world.user(r).id for r in ("parent_carer", "social_worker")}
    assert make_client(world.user("virtual_school")).post(f"/plans/{plan.id}/agree").status_code == 403

    for role in ("designated_teacher", "parent_carer", "social_worker"):
        client = make_client(world.user(role))
        seen = re.search(r'name="seen"[^>]*value="([^"]+)"', client.get(f"/plans/{plan.id}").text).group(1)
        client.post(f"/plans/{plan.id}/agree", {"seen": seen})
    _db.session.refresh(plan)
    assert plan.status == "agreed"
    agreed = _db.session.scalar(select(AgreedVersion))
    assert agreed.number == 1
    page = teacher.get(f"/plans/{plan.id}/versions/1").text
    assert "Version 1, agreed on" in page and "<bdi>Parent Carer</bdi> (Parent or carer)" in page
    assert {"plan.share", "plan.agree", "plan.agreed"} <= set(audit_actions())
    viewed = _db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "agreed_versions",
                                                         AuditEvent.action == "plan.view"))
    dt_id = world.user("designated_teacher").id
    assert (viewed.object_id, viewed.user_id) == (agreed.id, dt_id)


def test_a_child_not_looked_after_needs_no_social_worker_to_agree(world, plan):
    world.child.care_status = "previously_looked_after"
    _db.session.commit()
    agreement.share(plan, world.user("designated_teacher"))
    for role in ("designated_teacher", "parent_carer"):
        agreement.agree(plan, world.user(role), agreement.stamp(plan))
    assert plan.status == "agreed"


def test_agreeing_to_a_plan_that_changed_since_it_was_read_is_refused(world, plan, make_client):
    agreement.share(plan, world.user("designated_teacher"))
    _db.session.commit()
    carer = make_client(world.user("parent_carer"))
    seen = re.search(r'name="seen"[^>]*value="([^"]+)"', carer.get(f"/plans/{plan.id}").text).group(1)
    write_section(text_section(plan), {"text": "New words"}, world.user("school_staff"))
    response = carer.post(f"/plans/{plan.id}/agree", {"seen": seen}, follow_redirects=True)
    assert "The plan changed since you opened it" in response.text
    assert agreement.signatures(plan) == []


def test_a_change_while_shared_withdraws_the_agreements_given(world, plan):
    dt = world.user("designated_teacher")
    agreement.share(plan, dt)
    agreement.agree(plan, world.user("parent_carer"), agreement.stamp(plan))
    _db.session.commit()
    write_section(text_section(plan), {"text": "Changed after the carer agreed"}, dt)
    assert agreement.signatures(plan) == []
    withdrawn = _db.session.scalar(select(Notification).where(Notification.event == "agreement_withdrawn"))
    assert withdrawn.user_id == world.user("parent_carer").id


def agree_all(plan, world):
    agreement.share(plan, world.user("designated_teacher"))
    for role in ("designated_teacher", "parent_carer", "social_worker"):
        agreement.agree(plan, world.user(role), agreement.stamp(plan))
    _db.session.commit()


def test_an_edit_after_agreement_starts_a_new_draft_and_the_agreed_version_stays_frozen(world, plan, make_client):
    section = text_section(plan)
    write_section(section, {"text": "Agreed words"}, world.user("designated_teacher"))
    agree_all(plan, world)
    write_section(section, {"text": "Newer words"}, world.user("school_staff"))
    _db.session.refresh(plan)
    assert (plan.status, plan.version) == ("draft", 2)
    client = make_client(world.user("parent_carer"))
    frozen = client.get(f"/plans/{plan.id}/versions/1").text
    assert "Agreed words" in frozen and "Newer words" not in frozen
    assert "Newer words" in client.get(f"/plans/{plan.id}").text
    agree_all(plan, world)
    assert "Superseded" in client.get(f"/plans/{plan.id}/versions/1").text
    assert "Superseded" not in client.get(f"/plans/{plan.id}/versions/2").text


def test_saving_unchanged_content_after_agreement_starts_no_new_version(world, plan, make_client):
    section = text_section(plan)
    agree_all(plan, world)
    response = make_client(world.user("designated_teacher")).post(
        f"/plans/{plan.id}/sections/{section.id}", {"version": str(section.version), "text": ""})
    assert response.status_code == 302
    _db.session.refresh(plan)
    assert (plan.status, plan.version) == ("agreed", 1)


def test_notifications_list_unread_count_and_reading(world, plan, make_client):
    section = text_section(plan)
    make_client(world.user("parent_carer")).post(f"/plans/{plan.id}/sections/{section.id}/comments",
                                                 {"body": "A thought"})
    teacher = make_client(world.user("designated_teacher"))
    page = teacher.get("/notifications").text
    assert "Notifications (1 unread)" in page
    assert "<bdi>Parent Carer</bdi> commented on “<bdi>About me, in my own words</bdi>”" in page
    note = _db.session.scalar(select(Notification).where(Notification.user_id == world.user("designated_teacher").id))
    opened = teacher.post(f"/notifications/{note.id}/open")
    assert opened.status_code == 302 and f"/sections/{section.id}/discussion" in opened.location
    assert "Notifications (1 unread)" not in teacher.get("/notifications").text
    other = make_client(world.user("school_staff"))
    assert other.post(f"/notifications/{note.id}/open").status_code == 404  # not theirs
    assert other.post("/notifications/read").status_code == 302
    assert _db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.read_at.is_(None))) == 2  # the others', untouched... until they read them


def test_emails_say_only_that_something_happened(world, plan, make_client):
    world.child.legal_name = "Samuel Example-Name"
    _db.session.commit()
    section = text_section(plan)
    make_client(world.user("parent_carer")).post(f"/plans/{plan.id}/sections/{section.id}/comments",
                                                 {"body": "Private words about Sam"})
    assert _db.session.scalars(select(OutboxEmail)).all() == []   # news waits for each person's daily digest
    from school_plans.services import notifications
    notifications.send_digests()
    emails = _db.session.scalars(select(OutboxEmail)).all()
    assert {e.to_address for e in emails} >= {"designated_teacher@example.org", "social_worker@example.org"}
    assert all("1 new comment" in e.body for e in emails)
    for email in emails:
        text = email.subject + email.body
        assert "Private words" not in text and "Samuel" not in text and "Sam" not in text.replace("Some", "")
        assert "/notifications" in email.body and "About me" not in text


def test_a_thread_begun_among_professionals_stays_theirs_when_the_section_opens_to_everyone(
        world, plan, make_client):
    secret = professionals_only(sections_of(plan)["background"])
    make_client(world.user("social_worker")).post(f"/plans/{plan.id}/sections/{secret.id}/comments",
                                                  {"body": "Contact moved to Fridays"})
    thread = _db.session.scalar(select(Comment))
    save_section(secret, {"text": "A summary everyone may read"}, secret.version,
                 world.user("designated_teacher"), audience="everyone")
    _db.session.commit()
    carer = make_client(world.user("parent_carer"))
    page = carer.get(f"/plans/{plan.id}/sections/{secret.id}/discussion")
    assert page.status_code == 200 and "Contact moved to Fridays" not in page.text
    assert carer.post(f"/plans/{plan.id}/comments/{thread.id}/replies",
                      {f"reply-{thread.id}-body": "x"}).status_code == 404
    assert "open comment" not in carer.get(f"/plans/{plan.id}").text.split(f'id="section-{secret.id}"')[1]
    download = Document(BytesIO(carer.get(f"/plans/{plan.id}/download?comments=1").data))
    assert download.comments is not None and len(download.comments) == 0
    staff = Document(BytesIO(make_client(world.user("school_staff")).get(
        f"/plans/{plan.id}/download?comments=1").data))
    assert [c.text for c in staff.comments] == ["Contact moved to Fridays"]


def test_accepting_a_suggestion_written_against_an_older_version_needs_a_confirmation(world, plan, make_client):
    section = text_section(plan)
    suggestion_of_v1 = {"version": "1", "text": "From home"}
    make_client(world.user("parent_carer")).post(f"/plans/{plan.id}/sections/{section.id}/suggest", suggestion_of_v1)
    write_section(section, {"text": "Added by school later"}, world.user("school_staff"))
    suggestion = _db.session.scalar(select(Suggestion))
    teacher = make_client(world.user("designated_teacher"))
    url = f"/plans/{plan.id}/suggestions/{suggestion.id}/accept"
    response = teacher.post(url, {"version": "2"})
    assert response.status_code == 200 and "Confirm that accepting it may undo the later changes" in response.text
    _db.session.refresh(section)
    assert section.content["text"] == "Added by school later"
    assert teacher.post(url, {"version": "2", "replace_later": "1"}).status_code == 302
    _db.session.expire_all()
    assert section.content["text"] == "From home" and suggestion.status == "accepted"


def test_a_suggestion_declined_meanwhile_cannot_also_be_accepted(world, plan, make_client):
    section = text_section(plan)
    make_client(world.user("parent_carer")).post(f"/plans/{plan.id}/sections/{section.id}/suggest",
                                                 {"version": "1", "text": "From home"})
    suggestion = _db.session.scalar(select(Suggestion))
    stale = _db.session.get(Suggestion, suggestion.id)  # read as open by the accepting request...
    with _db.engine.begin() as other:  # ...then declined by someone else before it writes
        other.execute(Suggestion.__table__.update().values(status="declined", reason="Not now"))
    assert stale.status == "open"
    with pytest.raises(suggestions.SuggestionClosed):
        suggestions.accept(stale, world.user("designated_teacher"), section.version)
    _db.session.rollback()
    assert _db.session.get(Suggestion, suggestion.id).status == "declined"


def test_a_social_worker_does_not_agree_for_a_child_who_is_not_looked_after(world, plan, make_client):
    world.child.care_status = "kinship"
    _db.session.commit()
    agreement.share(plan, world.user("designated_teacher"))
    _db.session.commit()
    asked = {n.user_id for n in _db.session.scalars(select(Notification).where(Notification.event == "agree_request"))}
    assert asked == {world.user("parent_carer").id}
    assert make_client(world.user("social_worker")).post(f"/plans/{plan.id}/agree").status_code == 403
