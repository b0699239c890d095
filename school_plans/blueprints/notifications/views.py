"""Each person's list of what happened on their children's plans."""
from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from ... import policy
from ...extensions import db
from ...forms import ConfirmForm
from ...models import Notification
from ...services import notifications
from . import bp

SHOWN = 100


def target_url(notification: Notification) -> str:
    """Where a notification leads: the thread, the suggestion, the review's actions, the virtual school's review
    of the plan's quality, or the plan."""
    plan_id = notification.plan_id
    if notification.review_id is not None:
        return url_for("reviews.show", review_id=notification.review_id, _anchor="actions")
    if notification.event in ("comment", "reply"):
        return url_for("plans.discussion", plan_id=plan_id, section_id=notification.section_id,
                       _anchor=f"comment-{notification.target_id}")
    if notification.event.startswith("suggestion"):
        return url_for("plans.suggestion", plan_id=plan_id, suggestion_id=notification.target_id)
    if notification.event.startswith("quality"):
        return url_for("plans.quality_page", plan_id=plan_id)
    return url_for("plans.show", plan_id=plan_id, _anchor="agreement")


@bp.get("/notifications")
def index():
    rows = db.session.scalars(policy.visible_notifications(current_user)
                              .order_by(Notification.id.desc()).limit(SHOWN)).all()
    return render_template("notifications/index.html", rows=rows, describe=notifications.describe,
                           about=notifications.about, shown=SHOWN,
                           needs_you=[r for r in rows if notifications.needs_you(r) and not r.read_at],
                           information=[r for r in rows if not notifications.needs_you(r) or r.read_at])


@bp.post("/notifications/<id:notification_id>/open")
def open_one(notification_id):
    notification = db.session.scalar(policy.visible_notifications(current_user)
                                     .where(Notification.id == notification_id))
    if notification is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        notifications.mark_read(current_user, notification)
    return redirect(target_url(notification))


@bp.post("/notifications/read")
def read_all():
    if ConfirmForm().validate_on_submit():
        notifications.mark_read(current_user)
    return redirect(url_for("notifications.index"))
