"""Telling the network what happened on a plan: a notification in the app, and email.

What needs the person (agree a plan, again after a change; decide on a suggestion; do an action from a review,
when it is given and again when it is due; make the changes the virtual school asks for) is emailed at once,
with a subject that says what kind of thing it is. What is only for information is emailed as each person chooses:
in one daily digest (the default, `flask send-mail --digest`), at once, or not at all. An email says only
that something happened and links to the app: no plan text, no child's name.
"""
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import format_date, ngettext
from sqlalchemy import func, select, update

from .. import i18n, policy, text, times
from ..extensions import db
from ..labels import REVIEW_KIND_LABELS
from ..models import Notification, Plan, Review, ReviewAction, Section, User
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
    "review_action": (_l("%(actor)s gave you an action from a review"),
                      _l("An action from a child's review is yours to do.")),
    "review_action_due": (_l("Your action from a review is due"), _l("An action from a child's review that is "
                                                                     "yours to do is due soon.")),
    "quality_meets": (_l("%(actor)s from the virtual school rated the agreed plan: it meets the standard"),
                      _l("The virtual school reviewed a plan: it meets the standard.")),
    "quality_needs_changes": (_l("%(actor)s from the virtual school asks for changes to the agreed plan"),
                              _l("The virtual school reviewed a plan and asks for changes.")),
}
REVIEW_ACTIONS = ("review_action", "review_action_due")
REMIND_DAYS_BEFORE = 3   # an action's owner is told it is due this many days before (or when already overdue)


def members(plan: Plan, roles=None, section: Section | None = None, thread=None) -> list[User]:
    """People in the child's network (with one of `roles`, if given) who may read `section` (and `thread`,
    which keeps the audience it began with)."""
    named = policy.named_readers(section) if section is not None else frozenset()
    thread_named = policy.thread_named_readers(thread) if thread is not None else frozenset()
    return [m.user for m in plan.child.memberships if (roles is None or m.role in roles)
            and (section is None or policy.member_reads_section(m, section, named))
            and (thread is None or policy.reads_audience(policy.standing_of(m), thread.audience, thread_named))]


# What needs the person, and the subject of its email.
NEEDS_YOU = {
    "agree_request": _l("School support plans: a plan is waiting for your agreement"),
    "agreement_withdrawn": _l("School support plans: a plan you agreed needs your agreement again"),
    "suggestion": _l("School support plans: a suggestion is waiting for your decision"),
    "review_action": _l("School support plans: an action from a review is yours to do"),
    "review_action_due": _l("School support plans: your action from a review is due"),
    "quality_needs_changes": _l("School support plans: the virtual school asks for changes to a plan"),
}
# How a digest counts each kind of news.
DIGEST_LINES = {
    "comment": lambda n: ngettext("%(num)d new comment", "%(num)d new comments", n),
    "reply": lambda n: ngettext("%(num)d new reply to a comment", "%(num)d new replies to comments", n),
    "suggestion_accepted": lambda n: ngettext("%(num)d of your suggestions accepted",
                                             "%(num)d of your suggestions accepted", n),
    "suggestion_declined": lambda n: ngettext("%(num)d of your suggestions declined, with a reason",
                                             "%(num)d of your suggestions declined, with a reason", n),
    "shared": lambda n: ngettext("%(num)d plan shared for review", "%(num)d plans shared for review", n),
    "agreed": lambda n: ngettext("%(num)d plan agreed", "%(num)d plans agreed", n),
    "quality_meets": lambda n: ngettext("%(num)d plan rated by the virtual school as meeting the standard",
                                       "%(num)d plans rated by the virtual school as meeting the standard", n),
}


def needs_you(notification: Notification) -> bool:
    return notification.event in NEEDS_YOU


def notify(event: str, about: Plan | Review, actor: User | None, users, section: Section | None = None,
           target_id: int | None = None) -> list[Notification]:
    """A notification and an email for each of `users` (not the actor, nobody twice, nobody disabled), about a
    plan (and `section`) or a review."""
    made, seen = [], set()
    ids = {"plan_id": about.id} if isinstance(about, Plan) else {"review_id": about.id}
    for user in users:
        if user.id in seen or (actor is not None and user.id == actor.id) or not user.is_active:
            continue
        seen.add(user.id)
        for_digest = event not in NEEDS_YOU and user.information_emails == "daily"
        made.append(Notification(user_id=user.id, child_id=about.child_id, **ids,
                                 section_id=section.id if section else None,
                                 actor_id=actor.id if actor else None, event=event, target_id=target_id,
                                 emailed_at=None if for_digest else utcnow()))
        if event in NEEDS_YOU or user.information_emails == "immediate":
            _email(user, event)
    db.session.add_all(made)
    db.session.flush()
    return made


def _email(user: User, event: str) -> None:
    with i18n.in_language(user.language):   # the reader's language, whoever caused it
        subject = str(NEEDS_YOU[event]) if event in NEEDS_YOU else _("School support plans: news about a plan")
        _queue(user, subject, [str(EVENTS[event][1])])


def _queue(user: User, subject: str, lines: list[str]) -> None:
    """One email to `user` (in their language, already chosen by the caller): their name, the lines, the link."""
    link = current_app.config["APP_URL"] + NOTIFICATIONS_PATH
    body = "\n\n".join([
        _("Hello %(name)s,", name=user.name), *lines,
        _("Sign in to see it: %(link)s", link=link),
        _("You get this email because you are in a child's network on School support plans. Choose how often "
          "you get news under “Your account”."),
    ])
    mail.queue(user.email, subject, body + "\n")


def send_digests() -> int:
    """One email per person with news waiting for their daily digest: how many of each kind they may still
    see (no details). Each notification is claimed once (an UPDATE that only takes those still waiting), so two
    runs at once never send it twice; those who chose no emails, or may no longer see it, get none. Returns
    how many digests were queued."""
    now, queued = utcnow(), 0
    waiting = db.session.scalars(select(Notification.user_id).where(Notification.emailed_at.is_(None)).distinct())
    for user in db.session.scalars(select(User).where(User.id.in_(list(waiting)))).all():
        visible = policy.visible_notifications(user).with_only_columns(Notification.id)
        claimed = db.session.execute(update(Notification).where(
            Notification.user_id == user.id, Notification.emailed_at.is_(None)).values(emailed_at=now).returning(
            Notification.id, Notification.event).execution_options(synchronize_session=False)).all()
        seen = set(db.session.scalars(visible.where(Notification.id.in_([row.id for row in claimed]))))
        counts: dict[str, int] = {}
        for row in claimed:
            if row.id in seen and row.event in DIGEST_LINES:
                counts[row.event] = counts.get(row.event, 0) + 1
        if counts and user.information_emails == "daily" and user.is_active:
            with i18n.in_language(user.language):
                _queue(user, _("School support plans: news from the plans you follow"),
                       [_("Since your last email:"), *(DIGEST_LINES[event](n) for event, n in counts.items())])
            queued += 1
    db.session.flush()
    return queued


def remind_due_actions(within_days: int) -> int:
    """Tell each owner in the network of an action not done, due within `within_days` days (or overdue), once:
    each action is claimed by an UPDATE that only takes those not yet reminded, so two runs at once never tell
    anyone twice. Returns how many were told."""
    until = times.service_today() + timedelta(days=within_days)
    claimed = db.session.scalars(update(ReviewAction).where(
        ReviewAction.owner_id.is_not(None), ReviewAction.done_at.is_(None), ReviewAction.reminded_at.is_(None),
        ReviewAction.due_date.is_not(None), ReviewAction.due_date <= until).values(reminded_at=utcnow())
        .returning(ReviewAction.id).execution_options(synchronize_session=False)).all()
    told = 0
    for action in db.session.scalars(select(ReviewAction).where(ReviewAction.id.in_(claimed))):
        told += len(notify("review_action_due", action.review, None, action_owners(action), target_id=action.id))
    return told


def action_owners(action: ReviewAction) -> list[User]:
    """The action's owner, while they are in the child's network and may see its reviews."""
    owner = action.owner_user
    child = action.review.child
    return [owner] if owner is not None and policy.can(owner, "review.view", child) else []


def describe(notification: Notification):
    """The app's line for a notification, its names isolated: markup for the page."""
    actor = notification.actor.name if notification.actor else _("Someone")
    section = translated(notification.section.heading) if notification.section else ""
    return text.sentence(EVENTS[notification.event][0], actor=actor, section=section)


def about(notification: Notification):
    """What a notification is about, for the line under it: the plan, or the review (kind and date), and the
    child: markup for the page."""
    child = notification.child.preferred_name
    if notification.plan is not None:
        return text.sentence(_("%(plan)s, for %(child)s"), plan=translated(notification.plan.title), child=child)
    review = notification.review
    return text.sentence(_("%(review)s on %(date)s, for %(child)s"), review=str(REVIEW_KIND_LABELS[review.kind]),
                         date=format_date(times.local(review.starts_at), "long"), child=child)


def done(about: Plan | Review, events, user: User | None = None, target_id: int | None = None) -> None:
    """What needed someone has been done: its notifications (of `events` on a plan or a review, for `user` or
    everyone, about `target_id` if given) are read, so they leave "Needs you"."""
    on = Notification.plan_id if isinstance(about, Plan) else Notification.review_id
    query = update(Notification).where(on == about.id, Notification.event.in_(list(events)),
                                       Notification.read_at.is_(None))
    if user is not None:
        query = query.where(Notification.user_id == user.id)
    if target_id is not None:
        query = query.where(Notification.target_id == target_id)
    db.session.execute(query.values(read_at=utcnow()).execution_options(synchronize_session=False))


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
