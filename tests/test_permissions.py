"""Every endpoint, tried by every kind of person: the status, and no change when refused.

The route inventory test fails when an endpoint has no case here.
"""
from dataclasses import dataclass
from io import BytesIO
from datetime import timedelta
from typing import Callable

import pytest
from sqlalchemy import select

from school_plans.extensions import db as _db
from school_plans.models import Comment, Invitation
from school_plans.models.types import utcnow
from school_plans.services.story import wishes_seen
from school_plans.tokens import new_token

ROLES = ("anonymous", "designated_teacher", "school_staff", "parent_carer", "social_worker",
         "virtual_school", "other_network", "admin")
NETWORK = ("designated_teacher", "school_staff", "parent_carer", "social_worker", "virtual_school")


@dataclass
class Case:
    endpoint: str
    method: str
    url: Callable
    expect: dict  # role -> status; "*" for the rest
    data: Callable = lambda w: {}
    setup: Callable = lambda w: None

    def status_for(self, role):
        return self.expect.get(role, self.expect.get("*"))


def statuses(default, **by_role):
    return {"*": default, **by_role}


def open_invitation(w):
    token, token_hash = new_token()
    invitation = Invitation(child_id=w.child.id, email="new.person@example.org", role="school_staff",
                            token_hash=token_hash, invited_by_id=w.user("designated_teacher").id,
                            expires_at=utcnow() + timedelta(days=7))
    _db.session.add(invitation)
    _db.session.commit()
    return invitation


def invitation_link(w):
    """A real invitation for someone not yet in any network."""
    token, token_hash = new_token()
    _db.session.add(Invitation(child_id=w.child.id, email="newcomer@example.org", role="parent_carer",
                               token_hash=token_hash, invited_by_id=w.user("designated_teacher").id,
                               expires_at=utcnow() + timedelta(days=7)))
    _db.session.commit()
    return f"/invitations/{token}"


def password_link(w):
    """A real password link for the parent's account (a bearer link: whoever holds it may use it)."""
    from school_plans.services import accounts
    with _db.session.no_autoflush:
        token = accounts.issue_password_link(w.user("parent_carer"), w.user("admin"))
    _db.session.commit()
    return f"/password/{token}"


NEW_PASSWORD_FIELDS = {"password": "a brand new password", "password_confirm": "a brand new password"}


def child_fields(**extra):
    return {"preferred_name": "Kai", "date_of_birth-day": "3", "date_of_birth-month": "9",
            "date_of_birth-year": "2017", "year_group": "3", "care_status": "kinship", **extra}


HIDDEN = {"other_network": 404, "admin": 404}
ANON_POST = 401  # a signed-out POST shows the sign-in page, keeping what was typed


def plan_of(w):
    """Child A's plan from the primary template (made once per test)."""
    if not hasattr(w, "plan"):
        from school_plans import plan_templates
        from school_plans.services.plans import start_plan
        w.plan = start_plan(w.child, plan_templates.get("attachment-primary"), w.user("designated_teacher"))
        _db.session.commit()
    return w.plan


def section_url(w, audience="everyone"):
    from school_plans.models import Section
    plan = plan_of(w)
    section = _db.session.scalar(select(Section).where(Section.plan_id == plan.id, Section.kind == "text",
                                                       Section.audience == audience).limit(1))
    return f"/plans/{plan.id}/sections/{section.id}"


def audience_section_url(w, audience):
    """A text section of child A's plan made for `audience` (for named people: the social worker)."""
    from school_plans.services.plans import save_section
    section = section_of(w, "home-school-link")
    named = {w.user("social_worker").id} if audience == "named" else None
    save_section(section, section.content, section.version, w.user("designated_teacher"), audience=audience,
                 named=named)
    _db.session.commit()
    return f"/plans/{plan_of(w).id}/sections/{section.id}"


def previously_looked_after(w):
    """Child A as previously looked after: the family decides about the virtual school."""
    w.child.care_status = "previously_looked_after"
    _db.session.commit()
    return f"/children/{w.child.id}/story/virtual-school"


def section_of(w, key="about-me"):
    from school_plans.models import Section
    plan = plan_of(w)
    return _db.session.scalar(select(Section).where(Section.plan_id == plan.id, Section.key == key))


def thread_url(w, action):
    """A comment thread started by school staff on child A's plan."""
    from school_plans.services import comments
    thread = comments.add_comment(section_of(w), w.user("school_staff"), "How is lunchtime going?")
    _db.session.commit()
    return f"/plans/{plan_of(w).id}/comments/{thread.id}/{action}"


def suggestion_url(w, action=""):
    """An open suggestion from the parent on child A's plan."""
    from school_plans.services import suggestions
    section = section_of(w)
    suggestion = suggestions.propose(section, w.user("parent_carer"), {"text": "Loves trains"}, section.version)
    _db.session.commit()
    return f"/plans/{plan_of(w).id}/suggestions/{suggestion.id}" + (f"/{action}" if action else "")


def agreed_plan(w):
    """Child A's plan, agreed as version 1 by its required signers."""
    from school_plans.services import agreement
    plan = plan_of(w)
    if plan.status != "agreed":
        agreement.share(plan, w.user("designated_teacher"))
        for role in ("designated_teacher", "parent_carer", "social_worker"):
            agreement.agree(plan, w.user(role), agreement.stamp(plan))
        _db.session.commit()
    return plan


def card_choice(words):
    from school_plans import card
    return card.item_id(card.Item(words, []))


def crowded_plan(w):
    """Child A's plan with more triggers than the one-page card holds (the designated teacher chooses)."""
    from school_plans.services.plans import save_section
    plan = plan_of(w)
    section = section_of(w, "triggers")
    rows = [{"trigger": f"Trigger {n}", "signs": "", "helps": ""} for n in range(5)]
    save_section(section, {"rows": rows}, section.version, w.user("designated_teacher"))
    _db.session.commit()
    return plan


def archived_plan(w):
    """Child A's plan, archived by its designated teacher."""
    from school_plans.services.plans import set_archived
    plan = plan_of(w)
    if plan.archived_at is None:
        set_archived(plan, w.user("designated_teacher"), True)
        _db.session.commit()
    return plan


def restore_url(w):
    """Restoring version 1 of a section now at version 2."""
    from school_plans.services.plans import save_section
    section = section_of(w)
    save_section(section, {"text": "Second thoughts"}, section.version, w.user("designated_teacher"))
    _db.session.commit()
    return f"/plans/{plan_of(w).id}/sections/{section.id}/revisions/1/restore"


def own_notification(w):
    """A notification for the designated teacher (a comment from the parent)."""
    from school_plans.models import Notification
    from school_plans.services import comments
    comments.add_comment(section_of(w), w.user("parent_carer"), "A thought from home")
    _db.session.commit()
    note = _db.session.scalar(select(Notification).where(Notification.user_id == w.user("designated_teacher").id))
    return f"/notifications/{note.id}/open"


def small_photo() -> bytes:
    from PIL import Image
    out = BytesIO()
    Image.new("RGB", (40, 60), (90, 140, 200)).save(out, "JPEG")
    return out.getvalue()


def photo_url(w, action=""):
    """Child A's card photo, added by the family (once per test)."""
    from school_plans.services import photos
    if not hasattr(w, "photo"):
        w.photo = photos.set_photo(w.child, w.user("parent_carer"), small_photo())
        _db.session.commit()
    return f"/children/{w.child.id}/photo{action}"


def authority_of(w):
    """Northdale Council, with an adviser on its virtual school's staff (made once per test)."""
    if not hasattr(w, "authority"):
        from conftest import make_authority, make_user
        w.authority = make_authority("Northdale Council", [make_user("Helen Ward", email="helen@example.org")])
    return w.authority


def review_of(w):
    """A PEP meeting for child A, scheduled by its social worker (made once per test)."""
    if not hasattr(w, "review"):
        from datetime import datetime, timezone

        from school_plans.services import reviews
        w.review = reviews.schedule(w.child, w.user("social_worker"), reviews.Details(
            "pep_meeting", datetime(2026, 10, 1, 9, tzinfo=timezone.utc)))
        _db.session.commit()
    return w.review


def review_action_url(w, action, owner="Tom"):
    """An action from child A's review, for someone named (`owner`), or for a member (a role)."""
    from school_plans.services import reviews
    if owner in w.people:
        owner = w.user(owner)
    item = reviews.add_action(review_of(w), w.user("social_worker"), "Book the nurture group", owner, None)
    _db.session.commit()
    return f"/reviews/{review_of(w).id}/actions/{item.id}/{action}"


def attach_url(w):
    """Attaching child A's agreed version 1 (agreed before the request) to its review."""
    agreed_plan(w)
    return f"/reviews/{review_of(w).id}/attach"


def attach_data(w):
    from school_plans.services import agreement
    return {"agreed": str(agreement.agreed_version(plan_of(w), 1).id)}


def looking_after(w):
    """An authority looking after child A, with the virtual school's member on its staff."""
    from conftest import make_authority
    authority = make_authority("Eastmoor Council", [w.user("virtual_school")])
    w.child.responsible_authority_id = authority.id
    _db.session.commit()
    return authority


REVIEW_FIELDS = {"kind": "cla_review", "day-day": "1", "day-month": "10", "day-year": "2026", "time": "10:00",
                 "chair": "Ruth Ellison", "named": ""}
REVIEWERS = ("social_worker", "virtual_school")
STORY_KEEPERS = ("designated_teacher", "parent_carer", "social_worker")


def network_post(endpoint, url, data=lambda w: {}, ok=302):
    """Something everyone in child A's network may do."""
    return Case(endpoint, "POST", url, {"*": ok, "anonymous": ANON_POST, **HIDDEN}, data)


def only(endpoint, method, url, ok, roles, data=lambda w: {}):
    """An action on child A that only `roles` in its network may take."""
    expect = {"*": 403, "anonymous": 302 if method == "GET" else ANON_POST, **HIDDEN, **dict.fromkeys(roles, ok)}
    return Case(endpoint, method, url, expect, data)


def author_case(endpoint, method, url, ok, data=lambda w: {}):
    """Writing the plan: the school's adults (designated teacher and school staff) only."""
    expect = {"*": 403, "anonymous": 302 if method == "GET" else ANON_POST,
              "designated_teacher": ok, "school_staff": ok, **HIDDEN}
    return Case(endpoint, method, url, expect, data)


def reader_case(endpoint, url, hidden=None):
    return Case(endpoint, "GET", url, {"*": 200, "anonymous": 302, **HIDDEN, **(hidden or {})})


# Reviews are about the child's care: school staff outside the core team do not know it (Sam's care status is
# for the core team), so a review does not exist for them.
NOT_TOLD = {"school_staff": 404}


def review_case(endpoint, method, url, ok, data=lambda w: {}):
    return Case(endpoint, method, url, {**only(endpoint, method, url, ok, REVIEWERS).expect, **NOT_TOLD}, data)


def dt_case(endpoint, method, url, ok, data=lambda w: {}):
    """An action on child A only its designated teacher may take."""
    expect = {"*": 403, "anonymous": 302 if method == "GET" else ANON_POST,
              "designated_teacher": ok, **HIDDEN}
    return Case(endpoint, method, url, expect, data)


def admin_case(endpoint, method, url, ok, data=lambda w: {}):
    expect = {"*": 403, "anonymous": 302 if method == "GET" else ANON_POST, "admin": ok}
    return Case(endpoint, method, url, expect, data)


CASES = [
    Case("auth.home", "GET", lambda w: "/", statuses(302)),
    Case("auth.sign_in", "GET", lambda w: "/sign-in", statuses(200)),
    Case("auth.sign_in", "POST", lambda w: "/sign-in", statuses(200),
         data=lambda w: {"email": "nobody@example.org", "password": "wrong password here"}),
    Case("auth.sign_out", "POST", lambda w: "/sign-out", statuses(302)),
    Case("auth.change_password", "GET", lambda w: "/account/password", statuses(200, anonymous=302)),
    Case("auth.change_password", "POST", lambda w: "/account/password", statuses(200, anonymous=ANON_POST),
         data=lambda w: {"current_password": "not my password at all", "password": "a brand new password",
                         "password_confirm": "a brand new password"}),
    Case("auth.time_zone", "POST", lambda w: "/account/time-zone", statuses(302, anonymous=ANON_POST),
         data=lambda w: {"time_zone": "Europe/Dublin"}),
    Case("auth.language", "POST", lambda w: "/account/language", statuses(302, anonymous=ANON_POST),
         data=lambda w: {"language": "en"}),
    Case("auth.information_emails", "POST", lambda w: "/account/emails", statuses(302, anonymous=ANON_POST),
         data=lambda w: {"how": "none"}),
    Case("auth.set_password", "GET", lambda w: "/password/not-a-real-token", statuses(404)),
    Case("auth.set_password", "POST", lambda w: "/password/not-a-real-token", statuses(404),
         data=lambda w: {"password": "a brand new password", "password_confirm": "a brand new password"}),
    Case("auth.accept_invitation", "GET", lambda w: "/invitations/not-a-real-token", statuses(404)),
    Case("auth.accept_invitation", "POST", lambda w: "/invitations/not-a-real-token", statuses(404),
         data=lambda w: {"name": "Someone", "password": "a brand new password",
                         "password_confirm": "a brand new password"}),
    # Real links: a newcomer may use an invitation; anyone signed in as somebody else may not.
    Case("auth.accept_invitation", "GET", invitation_link, statuses(403, anonymous=200)),
    Case("auth.accept_invitation", "POST", invitation_link, statuses(403, anonymous=302),
         data=lambda w: {"name": "New Comer", **NEW_PASSWORD_FIELDS}),
    Case("auth.set_password", "GET", password_link, statuses(200)),
    Case("auth.set_password", "POST", password_link, statuses(302), data=lambda w: NEW_PASSWORD_FIELDS),
    Case("children.index", "GET", lambda w: "/children/", statuses(200, anonymous=302)),
    Case("children.new", "GET", lambda w: "/children/new",
         {"*": 403, "anonymous": 302, "designated_teacher": 200}),
    Case("children.new", "POST", lambda w: "/children/new",
         {"*": 403, "anonymous": ANON_POST, "designated_teacher": 302}, data=lambda w: child_fields()),
    Case("children.show", "GET", lambda w: f"/children/{w.child.id}",
         {"*": 200, "anonymous": 302, **HIDDEN}),
    dt_case("children.edit", "GET", lambda w: f"/children/{w.child.id}/edit", 200),
    dt_case("children.edit", "POST", lambda w: f"/children/{w.child.id}/edit", 302, data=lambda w: child_fields()),
    dt_case("children.invite", "GET", lambda w: f"/children/{w.child.id}/network/invite", 200),
    dt_case("children.invite", "POST", lambda w: f"/children/{w.child.id}/network/invite", 200,
            data=lambda w: {"email": "new.adult@example.org", "role": "parent_carer"}),
    dt_case("children.change_role", "POST",
            lambda w: f"/children/{w.child.id}/network/{w.memberships['school_staff'].id}/role", 302,
            data=lambda w: {"role": "virtual_school"}),
    dt_case("children.remove_member", "GET",
            lambda w: f"/children/{w.child.id}/network/{w.memberships['school_staff'].id}/remove", 200),
    dt_case("children.remove_member", "POST",
            lambda w: f"/children/{w.child.id}/network/{w.memberships['school_staff'].id}/remove", 302),
    only("children.story_page", "GET", lambda w: f"/children/{w.child.id}/story", 200, STORY_KEEPERS),
    only("children.story_wishes", "POST", lambda w: f"/children/{w.child.id}/story/wishes", 302, STORY_KEEPERS,
         data=lambda w: {"wishes": "Please don't tell supply teachers.", "seen": wishes_seen("")}),
    only("children.story_care_status", "POST", lambda w: f"/children/{w.child.id}/story/care-status", 302,
         ("designated_teacher", "parent_carer"), data=lambda w: {"audience": "everyone"}),
    dt_case("children.story_core_team", "POST", lambda w: f"/children/{w.child.id}/story/core-team", 302,
            data=lambda w: {"members": str(w.user("school_staff").id)}),
    only("children.story_virtual_school", "POST", previously_looked_after, 302, ("parent_carer",),
         data=lambda w: {"welcome": "no"}),
    dt_case("children.resend_invitation", "POST",
            lambda w: f"/children/{w.child.id}/invitations/{open_invitation(w).id}/resend", 200),
    dt_case("children.cancel_invitation", "POST",
            lambda w: f"/children/{w.child.id}/invitations/{open_invitation(w).id}/cancel", 302),
    author_case("plans.start", "GET", lambda w: f"/children/{w.child.id}/plans/new", 200),
    author_case("plans.start", "POST", lambda w: f"/children/{w.child.id}/plans/new", 302,
                data=lambda w: {"template": "attachment-secondary"}),
    reader_case("plans.show", lambda w: f"/plans/{plan_of(w).id}"),
    reader_case("plans.download", lambda w: f"/plans/{plan_of(w).id}/download"),
    reader_case("plans.card", lambda w: f"/plans/{plan_of(w).id}/card"),
    reader_case("plans.download_card", lambda w: f"/plans/{plan_of(w).id}/card/download"),
    reader_case("plans.version_card", lambda w: f"/plans/{agreed_plan(w).id}/versions/1/card"),
    reader_case("plans.download_version_card", lambda w: f"/plans/{agreed_plan(w).id}/versions/1/card/download"),
    dt_case("plans.card", "POST", lambda w: f"/plans/{crowded_plan(w).id}/card", 302,
            data=lambda w: {"triggers": card_choice("Trigger 0")}),
    author_case("plans.details", "GET", lambda w: f"/plans/{plan_of(w).id}/details", 200),
    author_case("plans.details", "POST", lambda w: f"/plans/{plan_of(w).id}/details", 302,
                data=lambda w: {"title": "Sam's plan", "plan_date-day": "1", "plan_date-month": "9",
                                "plan_date-year": "2026"}),
    author_case("plans.edit_section", "GET", section_url, 200),
    author_case("plans.edit_section", "POST", section_url, 302,
                data=lambda w: {"version": "1", "text": "Sam likes a quiet hello at the door."}),
    # A section someone may not read does not exist for them: 404, not 403.
    Case("plans.edit_section", "GET", lambda w: audience_section_url(w, "professionals"),
         {"*": 403, "anonymous": 302, "designated_teacher": 200, "school_staff": 200, "parent_carer": 404,
          **HIDDEN}),
    Case("plans.edit_section", "POST", lambda w: audience_section_url(w, "professionals"),
         {"*": 403, "anonymous": ANON_POST, "designated_teacher": 302, "school_staff": 302, "parent_carer": 404,
          **HIDDEN}, data=lambda w: {"version": "2", "text": "Contact is on Thursdays."}),
    Case("plans.edit_section", "GET", lambda w: audience_section_url(w, "core_team"),
         {"*": 403, "anonymous": 302, "designated_teacher": 200, "school_staff": 404, **HIDDEN}),
    Case("plans.edit_section", "POST", lambda w: audience_section_url(w, "named"),
         {"*": 404, "anonymous": ANON_POST, "designated_teacher": 302, "social_worker": 403, **HIDDEN},
         data=lambda w: {"version": "2", "text": "Only for the two of us.", "audience": "named",
                         "named": str(w.user("social_worker").id)}),
    # Co-authoring: discussing, suggesting, agreeing, history, notifications.
    reader_case("plans.discussion", lambda w: f"{section_url(w)}/discussion"),
    Case("plans.discussion", "GET", lambda w: f"{audience_section_url(w, 'professionals')}/discussion",
         {"*": 200, "anonymous": 302, "parent_carer": 404, **HIDDEN}),
    Case("plans.discussion", "GET", lambda w: f"{audience_section_url(w, 'core_team')}/discussion",
         {"*": 200, "anonymous": 302, "school_staff": 404, **HIDDEN}),
    Case("plans.discussion", "GET", lambda w: f"{audience_section_url(w, 'named')}/discussion",
         {"*": 404, "anonymous": 302, "designated_teacher": 200, "social_worker": 200, **HIDDEN}),
    network_post("plans.add_comment", lambda w: f"{section_url(w)}/comments", data=lambda w: {"body": "Agreed!"}),
    Case("plans.add_comment", "POST", lambda w: f"{audience_section_url(w, 'professionals')}/comments",
         {"*": 302, "anonymous": ANON_POST, "parent_carer": 404, **HIDDEN}, data=lambda w: {"body": "Noted"}),
    Case("plans.add_comment", "POST", lambda w: f"{audience_section_url(w, 'named')}/comments",
         {"*": 404, "anonymous": ANON_POST, "designated_teacher": 302, "social_worker": 302, **HIDDEN},
         data=lambda w: {"body": "Noted"}),
    network_post("plans.reply", lambda w: thread_url(w, "replies"),
                 data=lambda w: {f"reply-{_db.session.scalar(select(Comment.id))}-body": "Thank you"}),
    only("plans.resolve", "POST", lambda w: thread_url(w, "resolve"), 302, ("designated_teacher", "school_staff")),
    only("plans.suggest", "GET", lambda w: f"{section_url(w)}/suggest", 200, ("parent_carer",)),
    only("plans.suggest", "POST", lambda w: f"{section_url(w)}/suggest", 302, ("parent_carer",),
         data=lambda w: {"version": "1", "text": "He is brave", "note": ""}),
    reader_case("plans.suggestion", suggestion_url),
    author_case("plans.accept_suggestion", "POST", lambda w: suggestion_url(w, "accept"), 302,
                data=lambda w: {"version": "1"}),
    author_case("plans.decline_suggestion", "POST", lambda w: suggestion_url(w, "decline"), 302,
                data=lambda w: {"reason": "It is in the next section"}),
    only("plans.withdraw_suggestion", "POST", lambda w: suggestion_url(w, "withdraw"), 302, ("parent_carer",)),
    dt_case("plans.share", "POST", lambda w: f"/plans/{plan_of(w).id}/share", 302),
    only("plans.agree", "POST", lambda w: f"/plans/{plan_of(w).id}/agree", 302,
         ("designated_teacher", "parent_carer", "social_worker")),
    # The virtual school's review of the agreed plan's quality: for the designated teacher and the virtual school.
    only("plans.quality_page", "GET", lambda w: f"/plans/{plan_of(w).id}/quality", 200,
         ("designated_teacher", "virtual_school")),
    only("plans.quality_page", "POST", lambda w: f"/plans/{agreed_plan(w).id}/quality", 302, ("virtual_school",),
         data=lambda w: {"verdict": "needs_changes", "rating": "amber", "reason": "Name the back-up adult.",
                         "version": "1"}),
    reader_case("plans.version", lambda w: f"/plans/{agreed_plan(w).id}/versions/1"),
    reader_case("plans.download_version", lambda w: f"/plans/{agreed_plan(w).id}/versions/1/download?comments=1"),
    reader_case("plans.history_page", lambda w: f"/plans/{plan_of(w).id}/history"),
    reader_case("plans.compare_versions", lambda w: f"/plans/{agreed_plan(w).id}/compare?old=1&new=1"),
    reader_case("plans.section_history", lambda w: f"{section_url(w)}/history"),
    reader_case("plans.compare_section", lambda w: f"{section_url(w)}/compare?old=1&new=1"),
    dt_case("plans.archive", "GET", lambda w: f"/plans/{plan_of(w).id}/archive", 200),
    dt_case("plans.archive", "POST", lambda w: f"/plans/{plan_of(w).id}/archive", 302),
    dt_case("plans.unarchive", "POST", lambda w: f"/plans/{archived_plan(w).id}/unarchive", 302),
    dt_case("plans.restore", "GET", restore_url, 200),
    dt_case("plans.restore", "POST", restore_url, 302, data=lambda w: {"version": "2"}),
    # Reviews: everyone in the network reads them; social workers and the virtual school change them.
    Case("reviews.index", "GET", lambda w: "/reviews", statuses(200, anonymous=302)),
    only("reviews.schedule", "GET", lambda w: f"/children/{w.child.id}/reviews/new", 200, REVIEWERS),
    only("reviews.schedule", "POST", lambda w: f"/children/{w.child.id}/reviews/new", 302, REVIEWERS,
         data=lambda w: REVIEW_FIELDS),
    reader_case("reviews.show", lambda w: f"/reviews/{review_of(w).id}", NOT_TOLD),
    reader_case("reviews.download", lambda w: f"/reviews/{review_of(w).id}/download", NOT_TOLD),
    review_case("reviews.edit", "GET", lambda w: f"/reviews/{review_of(w).id}/edit", 200),
    review_case("reviews.edit", "POST", lambda w: f"/reviews/{review_of(w).id}/edit", 302,
                data=lambda w: {**REVIEW_FIELDS, "version": "1"}),
    review_case("reviews.attach", "GET", lambda w: f"/reviews/{review_of(w).id}/attach", 200),
    review_case("reviews.attach", "POST", attach_url, 302, data=attach_data),
    review_case("reviews.outcome", "GET", lambda w: f"/reviews/{review_of(w).id}/outcome", 200),
    review_case("reviews.outcome", "POST", lambda w: f"/reviews/{review_of(w).id}/outcome", 302,
                data=lambda w: {"version": "1", "outcome": "Settled; targets agreed."}),
    review_case("reviews.add_action", "POST", lambda w: f"/reviews/{review_of(w).id}/actions", 302,
                data=lambda w: {"description": "Send the targets home", "owner": "Priya"}),
    review_case("reviews.action_done", "POST", lambda w: review_action_url(w, "done"), 302,
                data=lambda w: {"done": "yes"}),
    # An action given to the parent: they may mark it done too, as those who manage reviews may.
    Case("reviews.action_done", "POST", lambda w: review_action_url(w, "done", owner="parent_carer"),
         {**review_case("", "POST", None, 302).expect, "parent_carer": 302}, lambda w: {"done": "yes"}),
    review_case("reviews.cancel", "GET", lambda w: f"/reviews/{review_of(w).id}/cancel", 200),
    review_case("reviews.cancel", "POST", lambda w: f"/reviews/{review_of(w).id}/cancel", 302),
    review_case("reviews.remove_action", "GET", lambda w: review_action_url(w, "remove"), 200),
    review_case("reviews.remove_action", "POST", lambda w: review_action_url(w, "remove"), 302),
    # Dashboards: an authority's for its virtual school's staff, a school's for its designated teachers.
    Case("oversight.index", "GET", lambda w: "/dashboards", statuses(404, anonymous=302, designated_teacher=302)),
    Case("oversight.authority", "GET", lambda w: f"/authorities/{looking_after(w).id}/dashboard",
         statuses(404, anonymous=302, virtual_school=200)),
    Case("oversight.authority_csv", "GET", lambda w: f"/authorities/{looking_after(w).id}/dashboard.csv",
         statuses(404, anonymous=302, virtual_school=200)),
    Case("oversight.school", "GET", lambda w: f"/schools/{w.school.id}/dashboard",
         statuses(404, anonymous=302, designated_teacher=200)),
    Case("oversight.school_csv", "GET", lambda w: f"/schools/{w.school.id}/dashboard.csv",
         statuses(404, anonymous=302, designated_teacher=200)),
    Case("notifications.index", "GET", lambda w: "/notifications", statuses(200, anonymous=302)),
    Case("notifications.open_one", "POST", own_notification,
         {"*": 404, "anonymous": ANON_POST, "designated_teacher": 302}),
    Case("notifications.read_all", "POST", lambda w: "/notifications/read", statuses(302, anonymous=ANON_POST)),
    admin_case("admin.accounts_list", "GET", lambda w: "/admin/", 200),
    admin_case("admin.new_account", "GET", lambda w: "/admin/accounts/new", 200),
    admin_case("admin.new_account", "POST", lambda w: "/admin/accounts/new", 200,
               data=lambda w: {"email": "fresh@example.org", "name": "Fresh Person"}),
    admin_case("admin.edit_account", "GET", lambda w: f"/admin/accounts/{w.user('parent_carer').id}", 200),
    admin_case("admin.edit_account", "POST", lambda w: f"/admin/accounts/{w.user('parent_carer').id}", 302,
               data=lambda w: {"name": "Renamed Person"}),
    admin_case("admin.disable_account", "GET",
               lambda w: f"/admin/accounts/{w.user('parent_carer').id}/disable", 200),
    admin_case("admin.disable_account", "POST",
               lambda w: f"/admin/accounts/{w.user('parent_carer').id}/disable", 302),
    admin_case("admin.enable_account", "POST",
               lambda w: f"/admin/accounts/{w.user('parent_carer').id}/enable", 302),
    admin_case("admin.password_link", "POST",
               lambda w: f"/admin/accounts/{w.user('parent_carer').id}/password-link", 200),
    admin_case("admin.schools_list", "GET", lambda w: "/admin/schools", 200),
    admin_case("admin.new_school", "GET", lambda w: "/admin/schools/new", 200),
    admin_case("admin.new_school", "POST", lambda w: "/admin/schools/new", 302,
               data=lambda w: {"name": "Brand New School"}),
    admin_case("admin.school", "GET", lambda w: f"/admin/schools/{w.school.id}", 200),
    admin_case("admin.school", "POST", lambda w: f"/admin/schools/{w.school.id}", 302,
               data=lambda w: {"name": "Renamed School"}),
    admin_case("admin.add_designated_teacher", "POST",
               lambda w: f"/admin/schools/{w.school.id}/designated-teachers", 302,
               data=lambda w: {"email": "school_staff@example.org"}),
    admin_case("admin.remove_designated_teacher", "POST",
               lambda w: f"/admin/schools/{w.school.id}/designated-teachers/"
                         f"{w.user('designated_teacher').id}/remove", 302),
    reader_case("children.photo", photo_url),
    only("children.edit_photo", "GET", lambda w: f"/children/{w.child.id}/photo/edit", 200, ("parent_carer",)),
    only("children.edit_photo", "POST", lambda w: f"/children/{w.child.id}/photo/edit", 302, ("parent_carer",),
         data=lambda w: {"photo": (BytesIO(small_photo()), "photo.jpg")}),
    only("children.remove_photo", "POST", lambda w: photo_url(w, "/remove"), 302, ("parent_carer",)),
    admin_case("admin.authorities_list", "GET", lambda w: "/admin/authorities", 200),
    admin_case("admin.new_authority", "GET", lambda w: "/admin/authorities/new", 200),
    admin_case("admin.new_authority", "POST", lambda w: "/admin/authorities/new", 302,
               data=lambda w: {"name": "Westmoor Council", "country": "wales"}),
    admin_case("admin.authority", "GET", lambda w: f"/admin/authorities/{authority_of(w).id}", 200),
    admin_case("admin.authority", "POST", lambda w: f"/admin/authorities/{authority_of(w).id}", 302,
               data=lambda w: {"name": "Northdale County Council", "country": "england"}),
    admin_case("admin.add_staff", "POST", lambda w: f"/admin/authorities/{authority_of(w).id}/staff", 302,
               data=lambda w: {"email": "other@example.org", "role": "adviser"}),
    admin_case("admin.remove_staff", "POST", lambda w: f"/admin/authorities/{authority_of(w).id}/staff/"
                                                       f"{authority_of(w).staff[0].id}/remove", 302),
]

# Endpoints where a signed-out person may change something (with a valid link or password).
PUBLIC = {"auth.sign_in", "auth.accept_invitation", "auth.set_password"}

# The tables that a refused request must leave exactly as they were (sessions change on sign-in).
SKIP_TABLES = {"user_sessions"}


def snapshot():
    state = {}
    for table in _db.metadata.sorted_tables:
        if table.name not in SKIP_TABLES:
            state[table.name] = sorted(map(tuple, _db.session.execute(select(table)).all()), key=repr)
    return state


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method} {c.endpoint}")
@pytest.mark.parametrize("role", ROLES)
def test_endpoint_answers_each_role(case, role, world, make_client):
    client = make_client(world.user(role))
    url = case.url(world)
    before = snapshot()
    if case.method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, case.data(world))
    expected = case.status_for(role)
    assert response.status_code == expected, response.text[:500]
    _db.session.expire_all()
    refused = expected >= 400 or (role == "anonymous" and case.endpoint not in PUBLIC)
    if refused:
        assert snapshot() == before, "a refused request changed the database"


def test_every_endpoint_is_covered_by_the_permission_tests(app):
    covered = {(case.endpoint, case.method) for case in CASES}
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if (rule.endpoint, method) not in covered:
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert not missing, "endpoints without permission tests: " + ", ".join(missing)
