"""Sharing a plan for review, agreeing it, and reading or downloading a version as it was agreed."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import i18n, policy, sections, story_reading, text
from ...forms import ConfirmForm
from ...plan_reading import GLANCE, read_agreed
from ...plan_templates import translated
from ...services import agreement, audit
from . import bp
from .forms import AgreeForm
from .views import send_plan


@bp.post("/plans/<id:plan_id>/share")
def share(plan_id):
    plan = policy.plan_or_404(current_user, plan_id)
    policy.require(current_user, "plan.share", plan)
    if ConfirmForm().validate_on_submit():
        try:
            agreement.share(plan, current_user)
            flash(_("Plan shared for review. Everyone in the network has been told, and those who agree it "
                    "have been asked to."), "success")
            for unread in story_reading.unread_by_signers(plan):
                flash(text.sentence(_("%(name)s will agree it without %(sections)s: they cannot read it."),
                                    name=unread.membership.user.name,
                                    sections=i18n.listing(translated(s.heading) for s in unread.sections)))
        except agreement.AgreementError as error:
            flash(str(error), "warning")
    return redirect(url_for("plans.show", plan_id=plan.id))


@bp.post("/plans/<id:plan_id>/agree")
def agree(plan_id):
    plan = policy.plan_or_404(current_user, plan_id)
    policy.require(current_user, "plan.agree", plan)
    form = AgreeForm()
    if form.validate_on_submit():
        try:
            if agreement.agree(plan, current_user, form.seen.data or ""):
                flash(_("You agreed the plan. Everyone needed has agreed: version %(n)d is agreed.", n=plan.version),
                      "success")
            else:
                flash(_("You agreed the plan. It will be agreed when everyone needed has agreed."), "success")
        except agreement.AgreementError as error:
            flash(str(error), "warning")
    return redirect(url_for("plans.show", plan_id=plan.id, _anchor="agreement"))


def _agreed_reading(plan_id, number):
    plan = policy.plan_or_404(current_user, plan_id)
    agreed = agreement.agreed_version(plan, number)
    if agreed is None:
        abort(404)
    return plan, read_agreed(current_user, plan, agreed, agreement.signatures(plan, number))


@bp.get("/plans/<id:plan_id>/versions/<id:number>")
def version(plan_id, number):
    plan, reading = _agreed_reading(plan_id, number)
    audit.record("plan.view", user=current_user, obj=reading.agreed, child=plan.child)
    newer = [v for v in agreement.agreed_versions(plan) if v.number > number]
    return render_template("plans/version.html", plan=plan, child=plan.child, reading=reading, superseded_by=newer,
                           kinds=sections.KINDS, glance_labels=GLANCE)


@bp.get("/plans/<id:plan_id>/versions/<id:number>/download")
def download_version(plan_id, number):
    with i18n.in_asked_language():
        plan, reading = _agreed_reading(plan_id, number)
        policy.require(current_user, "plan.export", plan)
        return send_plan(plan, reading, with_comments=request.args.get("comments") == "1")
