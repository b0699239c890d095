"""The virtual school's review of an agreed plan's quality, and every earlier one."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import policy
from ...labels import RATING_LABELS, VERDICT_LABELS
from ...services import agreement, audit, quality
from . import bp
from .forms import QualityForm


@bp.route("/plans/<id:plan_id>/quality", methods=["GET", "POST"])
def quality_page(plan_id):
    plan = policy.plan_or_404(current_user, plan_id)
    policy.require(current_user, "plan.quality_view", plan)
    form = QualityForm()
    if request.method == "POST":
        policy.require(current_user, "plan.quality_review", plan)
        if form.validate_on_submit():
            try:
                quality.review_plan(plan, current_user, form.verdict.data, form.rating.data, form.reason.data or "",
                                    form.read_version() or 0)
            except quality.QualityConflict:
                return _page(plan, form, conflict=True), 409
            flash(_("Review saved. The designated teacher has been told."), "success")
            return redirect(url_for("plans.quality_page", plan_id=plan.id))
    else:
        audit.record("plan.quality_view", user=current_user, obj=plan, child=plan.child)
    return _page(plan, form)


def _page(plan, form, conflict=False):
    """The page; the form carries the version agreed last, so a review of an older one is caught (`conflict`:
    it was, and what the adviser chose and wrote is shown again)."""
    versions = agreement.agreed_versions(plan)
    latest = versions[0] if versions else None
    form.version.data = latest.number if latest else ""
    return render_template("plans/quality.html", plan=plan, child=plan.child, form=form, conflict=conflict,
                           may_review=policy.can(current_user, "plan.quality_review", plan), latest_agreed=latest,
                           reviews=quality.history(plan), verdict_labels=VERDICT_LABELS, rating_labels=RATING_LABELS)
