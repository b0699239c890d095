"""Editing one section. Buttons inside the one form add, move and remove rows or add the
template's suggestions without saving; "Save" stores it if nobody saved in between (else 409).
"""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import plan_templates, policy, sections, text
from ...plan_reading import context_for
from ...services import plans as plans_service
from . import bp
from .forms import AudienceForm


def template_part(plan, section):
    """The template's entry for this section: its guidance and suggestions (None if the
    template no longer has it, or gives it another kind)."""
    template = plan_templates.get(plan.template_key)
    part = template.section(section.key) if template else None
    return part if part is not None and part.kind == section.kind else None


def section_page(plan, section, **extra) -> dict:
    """What the section form page shows, whether editing or suggesting a change."""
    part = template_part(plan, section)
    return {"plan": plan, "child": plan.child, "section": section, "kind": sections.get(section.kind),
            "context": context_for(plan), "guidance": plan_templates.translated(part.guidance) if part else "",
            "suggestions": plan_templates.translated_suggestions(part) if part else (), **extra}


def chosen_suggestions(suggestions) -> list:
    picked = set(request.form.getlist("suggestion"))
    return [s for i, s in enumerate(suggestions) if str(i) in picked]


@bp.route("/plans/<id:plan_id>/sections/<id:section_id>", methods=["GET", "POST"])
def edit_section(plan_id, section_id):
    plan = policy.plan_or_404(current_user, plan_id)
    section = policy.section_or_404(current_user, plan, section_id)
    policy.require(current_user, "section.edit", section)
    audience_form = None
    if policy.can(current_user, "section.audience", section):
        audience_form = AudienceForm(members=plan.child.memberships, data={
            "audience": section.audience, "named": sorted(policy.named_readers(section) & {
                m.user_id for m in plan.child.memberships})})
    page = section_page(plan, section, audience_form=audience_form)
    kind = page["kind"]
    if request.method == "GET":
        return render_template("plans/section.html", form=kind.form(section.content, section.version), **page)

    form = kind.form(formdata=request.form)
    action = request.form.get("action", "save")
    if action != "save":
        form, note = kind.rework(form, action, chosen_suggestions(page["suggestions"]))
        return render_template("plans/section.html", form=form, note=note, **page)
    audience = page["audience_form"]
    if not (form.validate() & (audience is None or audience.validate())):
        return render_template("plans/section.html", form=form, **page)
    chosen, named = audience.chosen() if audience else (None, None)
    try:
        plans_service.save_section(section, kind.content(form), form.read_version(), current_user,
                                   audience=chosen, named=named)
    except plans_service.SectionConflict:
        form.version.data = section.version  # saving again now keeps this person's words, knowingly
        return render_template("plans/section.html", form=form, conflict=True, **page), 409
    flash(text.sentence(_("“%(heading)s” saved."), heading=plan_templates.translated(section.heading)), "success")
    return redirect(url_for("plans.show", plan_id=plan.id, _anchor=f"section-{section.id}"))
