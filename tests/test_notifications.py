"""Notifications that say what is needed: what needs you is emailed at once with a subject saying what kind of
thing it is; news goes in one daily digest by default, or at once, or not at all, as each person chooses."""
from sqlalchemy import select

from conftest import make_plan, sections_of
from school_plans.extensions import db as _db
from school_plans.models import OutboxEmail
from school_plans.services import agreement, comments, notifications


def emails_to(user) -> list[OutboxEmail]:
    return list(_db.session.scalars(select(OutboxEmail).where(OutboxEmail.to_address == user.email)
                                    .order_by(OutboxEmail.id)))


def no_secrets(email, world, plan) -> None:
    for secret in (world.child.preferred_name, plan.title, world.child.school.name):
        assert secret not in email.subject and secret not in email.body


def test_a_request_to_agree_is_emailed_at_once_and_says_so(world):
    plan = make_plan(world.child, world.user("designated_teacher"))
    agreement.share(plan, world.user("designated_teacher"))
    _db.session.commit()
    [email] = emails_to(world.user("parent_carer"))
    assert email.subject == "School support plans: a plan is waiting for your agreement"
    no_secrets(email, world, plan)
    assert emails_to(world.user("school_staff")) == []   # "shared" is news: it waits for the digest


def test_news_waits_for_one_daily_digest_that_counts_it(world, make_client, monkeypatch):
    plan = make_plan(world.child, world.user("designated_teacher"))
    section = sections_of(plan)["about-me"]
    for body in ("One", "Two"):
        comments.add_comment(section, world.user("parent_carer"), body)
    _db.session.commit()
    assert emails_to(world.user("school_staff")) == []
    from school_plans.services import mail
    monkeypatch.setattr(mail, "send_pending", lambda limit, after_each=None: mail.SendResult())   # no SMTP here
    result = make_client().app.test_cli_runner().invoke(args=["send-mail", "--digest"])
    assert result.exit_code == 0 and "Wrote" in result.output
    _db.session.expire_all()
    [digest] = emails_to(world.user("school_staff"))
    assert digest.subject == "School support plans: news from the plans you follow"
    assert "2 new comments" in digest.body and "One" not in digest.body
    no_secrets(digest, world, plan)
    assert notifications.send_digests() == 0   # nothing twice


def test_each_person_chooses_news_at_once_daily_or_none_under_their_account(world, make_client):
    staff, carer = world.user("school_staff"), world.user("parent_carer")
    client = make_client(staff)
    assert client.post("/account/emails", {"how": "immediate"}).status_code == 302
    assert make_client(carer).post("/account/emails", {"how": "none"}).status_code == 302
    bad = client.post("/account/emails", {"how": "hourly"})
    assert bad.status_code == 200 and "Select how often you get emails about news" in bad.text
    plan = make_plan(world.child, world.user("designated_teacher"))
    comments.add_comment(sections_of(plan)["about-me"], world.user("social_worker"), "Hello")
    _db.session.commit()
    [now] = emails_to(staff)
    assert now.subject == "School support plans: news about a plan"
    assert emails_to(carer) == []
    notifications.send_digests()
    assert emails_to(carer) == [] and len(emails_to(staff)) == 1


def test_the_notifications_page_keeps_what_needs_you_apart_from_news(world, make_client):
    plan = make_plan(world.child, world.user("designated_teacher"))
    comments.add_comment(sections_of(plan)["about-me"], world.user("school_staff"), "Hello")
    agreement.share(plan, world.user("designated_teacher"))
    _db.session.commit()
    page = make_client(world.user("parent_carer")).get("/notifications").text
    needs, info = page.split('id="needs-you"')[1].split('id="information"')
    assert "asks you to agree it" in needs and "commented" not in needs
    assert "commented" in info


def test_the_digest_counts_only_what_the_person_may_still_see(world):
    """Someone taken out of the network after a comment gets no digest about it; nothing is claimed twice."""
    from school_plans.services import network
    plan = make_plan(world.child, world.user("designated_teacher"))
    comments.add_comment(sections_of(plan)["about-me"], world.user("parent_carer"), "Hello")
    network.remove(world.memberships["social_worker"], world.user("designated_teacher"))
    _db.session.commit()
    assert notifications.send_digests() >= 1
    assert emails_to(world.user("social_worker")) == []
    assert len(emails_to(world.user("school_staff"))) == 1
    assert notifications.send_digests() == 0


def test_agreeing_takes_the_request_off_needs_you(world, make_client):
    plan = make_plan(world.child, world.user("designated_teacher"))
    agreement.share(plan, world.user("designated_teacher"))
    _db.session.commit()
    client = make_client(world.user("parent_carer"))
    assert "asks you to agree it" in client.get("/notifications").text.split('id="information"')[0]
    agreement.agree(plan, world.user("parent_carer"), agreement.stamp(plan))
    _db.session.commit()
    page = client.get("/notifications").text
    assert "Nothing is waiting for you." in page.split('id="information"')[0]


def test_a_decided_suggestion_leaves_needs_you_for_every_decider(world, make_client):
    from school_plans.services import suggestions
    plan = make_plan(world.child, world.user("designated_teacher"))
    section = sections_of(plan)["about-me"]
    suggestion = suggestions.propose(section, world.user("parent_carer"), {"text": "Loves trains"}, section.version)
    _db.session.commit()
    staff = make_client(world.user("school_staff"))
    assert "suggested a change" in staff.get("/notifications").text.split('id="information"')[0]
    suggestions.decline(suggestion, world.user("designated_teacher"), "Already there")
    _db.session.commit()
    assert "Nothing is waiting for you." in staff.get("/notifications").text.split('id="information"')[0]
