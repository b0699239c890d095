"""Editing one section. Buttons inside the one form add, move and remove rows or add the
template's suggestions without saving; "Save" stores it if nobody saved in between (else 409).
"""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import plan_templates, policy, sections
from ...plan_reading import context_for
from ...services import plans as plans_service
from . import bp
from .forms import AudienceForm


def _suggestions(plan, section) -> tuple[list, str]:
    """The template's suggested entries and guidance for this section (none if the template is gone)."""
    template = plan_templates.get(plan.template_key)
    part = template.section(section.key) if template else None
    return list(part.suggestions) if part else [], part.guidance if part else ""


def _chosen(suggestions) -> list:
    picked = {value for value in request.form.getlist("suggestion") if value.isdigit()}
    return [s for i, s in enumerate(suggestions) if str(i) in picked]


@bp.route("/plans/<id:plan_id>/sections/<id:section_id>", methods=["GET", "POST"])
def edit_section(plan_id, section_id):
    plan = policy.plan_or_404(current_user, plan_id)
    section = policy.section_or_404(current_user, plan, section_id)
    policy.require(current_user, "section.edit", section)
    kind = sections.get(section.kind)
    suggestions, guidance = _suggestions(plan, section)
    owner = policy.can(current_user, "section.audience", section)
    audience_form = AudienceForm(data={"audience": section.audience}) if owner else None
    page = {"plan": plan, "child": plan.child, "section": section, "kind": kind, "guidance": guidance,
            "suggestions": suggestions, "audience_form": audience_form, "conflict": False, "note": None,
            "context": context_for(plan)}
    if request.method == "GET":
        return render_template("plans/section.html", form=kind.form(section.content, section.version), **page)

    form = kind.form(formdata=request.form)
    action = request.form.get("action", "save")
    if action == "suggest":
        chosen = _chosen(suggestions)
        if chosen:
            form = kind.form(kind.add_suggestions(kind.draft(form), chosen), form.version.data)
        page["note"] = (_("Suggestions added below. Check them, change anything you need, then save.") if chosen
                        else _("Select at least one suggestion to add."))
        return render_template("plans/section.html", form=form, **page)
    if action != "save":
        changed = kind.apply(action, kind.draft(form))
        if changed is not None:
            form = kind.form(changed, form.version.data)
            page["note"] = _("Not saved yet: select “Save” to keep your changes.")
        return render_template("plans/section.html", form=form, **page)

    valid = form.validate() & (audience_form is None or audience_form.validate())
    if not valid:
        return render_template("plans/section.html", form=form, **page)
    try:
        plans_service.save_section(section, kind.content(form), form.read_version(), current_user,
                                   audience=audience_form.audience.data if owner else None)
    except plans_service.SectionConflict:
        form.version.data = section.version  # saving again now keeps this person's words, knowingly
        page["conflict"] = True
        return render_template("plans/section.html", form=form, **page), 409
    flash(_("“%(heading)s” saved.", heading=section.heading), "success")
    return redirect(url_for("plans.show", plan_id=plan.id, _anchor=f"section-{section.id}"))
