"""A section's discussion: its comment threads and the changes suggested to it."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import policy, sections
from ...forms import ConfirmForm
from ...models import Comment
from ...plan_reading import context_for
from ...services import audit, comments, suggestions
from . import bp
from .forms import CommentForm, ReplyForm


def _page(plan, section, status=200, comment_form=None, reply_form=None, reply_to=None):
    threads = comments.threads(policy.visible_threads(current_user, plan).where(Comment.section_id == section.id))
    return render_template(
        "plans/discussion.html", plan=plan, child=plan.child, section=section, kind=sections.get(section.kind),
        context=context_for(plan), threads=threads, suggestions=suggestions.of_section(section),
        comment_form=comment_form or CommentForm(), reply_form=reply_form, reply_to=reply_to,
        new_reply=lambda thread_id: ReplyForm(formdata=None, prefix=f"reply-{thread_id}"),
    ), status


@bp.get("/plans/<id:plan_id>/sections/<id:section_id>/discussion")
def discussion(plan_id, section_id):
    plan = policy.plan_or_404(current_user, plan_id)
    section = policy.section_or_404(current_user, plan, section_id)
    audit.record("plan.view", user=current_user, obj=section, child=plan.child)
    return _page(plan, section)


@bp.post("/plans/<id:plan_id>/sections/<id:section_id>/comments")
def add_comment(plan_id, section_id):
    plan = policy.plan_or_404(current_user, plan_id)
    section = policy.section_or_404(current_user, plan, section_id)
    policy.require(current_user, "comment.add", section)
    form = CommentForm()
    if not form.validate_on_submit():
        return _page(plan, section, comment_form=form)
    comment = comments.add_comment(section, current_user, form.body.data)
    flash(_("Comment added. The network has been told."), "success")
    return redirect(url_for("plans.discussion", plan_id=plan.id, section_id=section.id,
                            _anchor=f"comment-{comment.id}"))


@bp.post("/plans/<id:plan_id>/comments/<id:comment_id>/replies")
def reply(plan_id, comment_id):
    plan = policy.plan_or_404(current_user, plan_id)
    thread = policy.thread_or_404(current_user, plan, comment_id)
    section = policy.section_or_404(current_user, plan, thread.section_id)
    policy.require(current_user, "comment.add", section)
    form = ReplyForm(prefix=f"reply-{thread.id}")
    if not form.validate_on_submit():
        return _page(plan, section, reply_form=form, reply_to=thread.id)
    try:
        answer = comments.reply(thread, current_user, form.body.data)
    except comments.ThreadResolved:
        moved = CommentForm(formdata=None, body=form.body.data)  # what they wrote, kept
        moved.body.errors = [_("This thread was resolved: your words are here, as a new comment.")]
        return _page(plan, section, status=409, comment_form=moved)
    return redirect(url_for("plans.discussion", plan_id=plan.id, section_id=section.id, _anchor=f"comment-{answer.id}"))


@bp.post("/plans/<id:plan_id>/comments/<id:comment_id>/resolve")
def resolve(plan_id, comment_id):
    plan = policy.plan_or_404(current_user, plan_id)
    thread = policy.thread_or_404(current_user, plan, comment_id)
    policy.require(current_user, "comment.resolve", thread)
    if ConfirmForm().validate_on_submit():
        comments.resolve(thread, current_user)
        flash(_("Thread resolved. It stays readable under “Resolved threads”."), "success")
    return redirect(url_for("plans.discussion", plan_id=plan.id, section_id=thread.section_id))
