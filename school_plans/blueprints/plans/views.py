"""Starting a plan, reading it as one page, its details and its Word download."""
from io import BytesIO

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import export, i18n, plan_templates, policy, sections, story_reading
from ...forms import ConfirmForm
from ...labels import RATING_LABELS, VERDICT_LABELS
from ...plan_reading import GLANCE, open_discussion, read_plan
from ...services import agreement, audit, comments, network, quality
from ...services import plans as plans_service
from . import bp
from .forms import AgreeForm, PlanDetailsForm, StartPlanForm

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.route("/children/<id:child_id>/plans/new", methods=["GET", "POST"])
def start(child_id):
    child = policy.child_or_404(current_user, child_id)
    policy.require(current_user, "plan.start", child)
    form = StartPlanForm(templates=plan_templates.all_templates().values(),
                         in_use=policy.plans_of(current_user, child))
    if form.validate_on_submit():
        plan = plans_service.start_plan(child, form.templates[form.template.data], current_user)
        flash(_("Plan started. Choose “Edit” under a section to write it."), "success")
        return redirect(url_for("plans.show", plan_id=plan.id))
    return render_template("plans/start.html", child=child, form=form)


@bp.get("/plans/<id:plan_id>")
def show(plan_id):
    plan = policy.plan_or_404(current_user, plan_id)
    versions, quality_latest = quality.with_agreed_versions(plan)
    latest = versions[0] if versions else None
    signed_by_version = agreement.signatures_of(plan, {plan.version, *([latest.number] if latest else [])})
    signed = signed_by_version[plan.version]
    my_signature = next((s for s in signed if s.user_id == current_user.id), None)
    asked = plan.status == agreement.SHARED and my_signature is None and policy.can(current_user, "plan.agree", plan)
    reading = read_plan(current_user, plan, with_hidden=asked)
    audit.record("plan.view", user=current_user, obj=plan, child=plan.child)
    open_threads, open_suggestions = open_discussion(current_user, plan, [s.id for s in reading.sections])
    owner = plan.status == agreement.DRAFT and policy.can(current_user, "plan.share", plan)
    requirements = policy.without_care_roles(current_user, plan.child, agreement.requirements(plan, signed))
    nobody_yet = [r.role for r in requirements if not r.members] if plan.status == agreement.SHARED else []
    return render_template(
        "plans/show.html", reading=reading, plan=plan, child=plan.child, asked_to_agree=asked,
        not_shown=reading.hidden,
        unread_by_signers=story_reading.unread_by_signers(plan, reading.sections) if owner else [],
        may_edit=policy.can(current_user, "plan.edit", plan), kinds=sections.KINDS, glance_labels=GLANCE,
        open_threads=open_threads, open_suggestions=open_suggestions,
        requirements=requirements, invited=network.invited_as(plan.child, nobody_yet),   # expected, not joined
        my_signature=my_signature,
        latest_agreed=latest,  # the current version itself when the plan is agreed: its signatures are `signed`
        latest_signatures=policy.without_care_roles(current_user, plan.child,
                                                    signed_by_version[latest.number] if latest else []),
        agree_form=AgreeForm(formdata=None, seen=agreement.stamp(plan)),
        quality_latest=quality_latest if policy.can(current_user, "plan.quality_view", plan) else None,
        verdict_labels=VERDICT_LABELS, rating_labels=RATING_LABELS,
    )


@bp.route("/plans/<id:plan_id>/details", methods=["GET", "POST"])
def details(plan_id):
    plan = policy.plan_or_404(current_user, plan_id)
    policy.require(current_user, "plan.edit", plan)
    form = PlanDetailsForm(obj=plan)
    if not form.is_submitted():
        form.title.data = plan_templates.translated(plan.title)
    if form.validate_on_submit():
        plans_service.update_details(plan, current_user, plan_templates.as_typed(form.title.data, plan.title),
                                     form.plan_date.data, form.review_date.data)
        flash(_("Plan details saved."), "success")
        return redirect(url_for("plans.show", plan_id=plan.id))
    return render_template("plans/details.html", plan=plan, child=plan.child, form=form)


@bp.route("/plans/<id:plan_id>/archive", methods=["GET", "POST"])
def archive(plan_id):
    """Asks first; an archived plan is read-only and leaves the child's list of plans, its history kept."""
    plan = policy.plan_or_404(current_user, plan_id)
    policy.require(current_user, "plan.archive", plan)
    if ConfirmForm().validate_on_submit():
        plans_service.set_archived(plan, current_user, True)
        flash(_("Plan archived. It can still be read and downloaded from the child's page."), "success")
        return redirect(url_for("children.show", child_id=plan.child_id, _anchor="plans"))
    return render_template("plans/archive.html", plan=plan, child=plan.child, form=ConfirmForm(formdata=None))


@bp.post("/plans/<id:plan_id>/unarchive")
def unarchive(plan_id):
    plan = policy.plan_or_404(current_user, plan_id)
    policy.require(current_user, "plan.unarchive", plan)
    if ConfirmForm().validate_on_submit():
        plans_service.set_archived(plan, current_user, False)
        flash(_("The plan is in use again and can be changed."), "success")
    return redirect(url_for("plans.show", plan_id=plan.id))


@bp.get("/plans/<id:plan_id>/download")
def download(plan_id):
    with i18n.in_asked_language():   # read in it too: the reading holds words (ages, labels)
        plan = policy.plan_or_404(current_user, plan_id)
        policy.require(current_user, "plan.export", plan)
        return send_plan(plan, read_plan(current_user, plan), with_comments=request.args.get("comments") == "1")


def send_plan(plan, reading, with_comments: bool):
    """The Word document of what `reading` holds, in the current language, with its sections' open comment
    threads if asked."""
    threads = comments.for_export(current_user, reading) if with_comments else None
    data = export.build_plan_docx(reading, language=i18n.language_tag(), threads=threads)
    audit.record("plan.export", user=current_user, obj=plan, child=plan.child)
    return send_file(BytesIO(data), mimetype=DOCX, as_attachment=True, download_name=export.file_name(reading.plan),
                     max_age=0)
