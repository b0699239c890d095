"""Telling the network what happened on a plan: a notification in the app and an email for each.

An email says only that something happened and links to the app: no plan text, no child's name.
"""
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from .. import i18n, policy, text
from ..extensions import db
from ..models import Notification, Plan, Section, User
from ..models.types import utcnow
from ..plan_templates import translated
from . import mail

NOTIFICATIONS_PATH = "/notifications"   # where an email's link goes (tested against the route)

# event -> (what the app's list says, with %(actor)s and %(section)s; what an email says)
EVENTS = {
    "comment": (_l("%(actor)s commented on “%(section)s”"), _l("There is a new comment on a plan.")),
    "reply": (_l("%(actor)s replied to a comment on “%(section)s”"), _l("There is a new reply to a comment.")),
    "suggestion": (_l("%(actor)s suggested a change to “%(section)s”"),
                   _l("A parent or carer suggested a change to a plan.")),
    "suggestion_accepted": (_l("%(actor)s accepted your suggestion for “%(section)s”"),
                            _l("Your suggestion was accepted.")),
    "suggestion_declined": (_l("%(actor)s declined your suggestion for “%(section)s”"),
                            _l("Your suggestion was declined, with a reason.")),
    "shared": (_l("%(actor)s shared the plan for review"), _l("A plan was shared for review.")),
    "agree_request": (_l("%(actor)s shared the plan and asks you to agree it"),
                      _l("You are asked to read and agree a plan.")),
    "agreed": (_l("The plan was agreed by everyone who needed to agree it"), _l("A plan was agreed.")),
    "agreement_withdrawn": (_l("The plan changed after you agreed it: please read it again"),
                            _l("A plan you agreed has changed and needs your agreement again.")),
}


def members(plan: Plan, roles=None, section: Section | None = None, thread=None) -> list[User]:
    """People in the child's network (with one of `roles`, if given) who may read `section` (and `thread`,
    which keeps the audience it began with)."""
    named = policy.named_readers(section) if section is not None else frozenset()
    thread_named = policy.thread_named_readers(thread) if thread is not None else frozenset()
    return [m.user for m in plan.child.memberships if (roles is None or m.role in roles)
            and (section is None or policy.member_reads_section(m, section, named))
            and (thread is None or policy.reads_audience(policy.standing_of(m), thread.audience, thread_named))]


def notify(event: str, plan: Plan, actor: User | None, users, section: Section | None = None,
           target_id: int | None = None) -> list[Notification]:
    """A notification and an email for each of `users` (not the actor, nobody twice, nobody disabled)."""
    made, seen = [], set()
    for user in users:
        if user.id in seen or (actor is not None and user.id == actor.id) or not user.is_active:
            continue
        seen.add(user.id)
        made.append(Notification(user_id=user.id, plan_id=plan.id, section_id=section.id if section else None,
                                 actor_id=actor.id if actor else None, event=event, target_id=target_id))
        _email(user, event)
    db.session.add_all(made)
    db.session.flush()
    return made


def _email(user: User, event: str) -> None:
    with i18n.in_language(user.language):   # the reader's language, whoever caused it
        link = current_app.config["APP_URL"] + NOTIFICATIONS_PATH
        body = "\n\n".join([
            _("Hello %(name)s,", name=user.name),
            str(EVENTS[event][1]),
            _("Sign in to see it: %(link)s", link=link),
            _("You get this email because you are in a child's network on School support plans."),
        ])
        mail.queue(user.email, _("School support plans: something needs your attention"), body + "\n")


def describe(notification: Notification):
    """The app's line for a notification, its names isolated: markup for the page."""
    actor = notification.actor.name if notification.actor else _("Someone")
    section = translated(notification.section.heading) if notification.section else ""
    return text.sentence(EVENTS[notification.event][0], actor=actor, section=section)


def mark_read(user: User, notification: Notification | None = None) -> None:
    """Mark one notification (or all of the user's) as read."""
    query = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification is not None:
        query = query.where(Notification.id == notification.id)
    db.session.execute(query.values(read_at=utcnow()).execution_options(synchronize_session=False))
    db.session.flush()


def unread_count(user) -> int:
    """For the header of every page: one query."""
    query = policy.visible_notifications(user).where(Notification.read_at.is_(None))
    return db.session.scalar(select(func.count()).select_from(query.subquery()))
