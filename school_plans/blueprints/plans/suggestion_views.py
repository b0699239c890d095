"""Parents and carers suggest a change to a section; the school sees it against the section now and
accepts it (a change credited to the parent) or declines it with a reason the parent sees."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import plan_templates, policy, sections, text
from ...forms import first_typed_field
from ...plan_reading import context_for
from ...sections.base import SectionForm
from ...services import audit, suggestions
from ...services.plans import SectionConflict
from . import bp
from .forms import DeclineForm, SuggestionNoteForm
from .section_views import chosen_suggestions, section_page


@bp.route("/plans/<id:plan_id>/sections/<id:section_id>/suggest", methods=["GET", "POST"])
def suggest(plan_id, section_id):
    plan = policy.plan_or_404(current_user, plan_id)
    section = policy.section_or_404(current_user, plan, section_id)
    policy.require(current_user, "suggestion.propose", section)
    page = section_page(plan, section, suggesting=True, audience_form=None)
    kind = page["kind"]
    if request.method == "GET":
        return render_template("plans/section.html", form=kind.form(section.content, section.version),
                               note_form=SuggestionNoteForm(), **page)
    form, note_form = kind.form(formdata=request.form), SuggestionNoteForm()
    action = request.form.get("action", "save")
    if action != "save":
        form, note = kind.rework(form, action, chosen_suggestions(page["suggestions"]))
        return render_template("plans/section.html", form=form, note=note, note_form=note_form, **page)
    if not (form.validate() & note_form.validate()):
        return render_template("plans/section.html", form=form, note_form=note_form, **page)
    try:
        suggestion = suggestions.propose(section, current_user, kind.content(form), form.read_version(),
                                         note_form.note.data or "")
    except suggestions.NothingChanged:
        message = _("Your suggestion is the same as the section now. Change what you would like it to say, "
                    "then send it.")
        first = first_typed_field(form)
        if first is None:   # a table sent with no rows at all: nowhere to put it but above the form
            return render_template("plans/section.html", form=form, note_form=note_form, note=message, **page)
        first.errors = [message]
        return render_template("plans/section.html", form=form, note_form=note_form, **page)
    flash(_("Suggestion sent. The school will accept it or tell you why not."), "success")
    return redirect(url_for("plans.suggestion", plan_id=plan.id, suggestion_id=suggestion.id))


def _page(plan, suggestion, status=200, decline_form=None, conflict=False, confirm_missing=False):
    section = suggestion.section
    kind = sections.get(section.kind)
    return render_template(
        "plans/suggestion.html", plan=plan, child=plan.child, section=section, suggestion=suggestion,
        kind=kind, blocks=kind.compare(section.content, suggestion.content), context=context_for(plan),
        accept_form=SectionForm(formdata=None, version=section.version), decline_form=decline_form or DeclineForm(),
        conflict=conflict, confirm_missing=confirm_missing,
    ), status


@bp.get("/plans/<id:plan_id>/suggestions/<id:suggestion_id>")
def suggestion(plan_id, suggestion_id):
    plan = policy.plan_or_404(current_user, plan_id)
    suggestion = policy.suggestion_or_404(current_user, plan, suggestion_id)
    audit.record("plan.view", user=current_user, obj=suggestion, child=plan.child)
    return _page(plan, suggestion)


def _suggestion(plan_id, suggestion_id, action):
    plan = policy.plan_or_404(current_user, plan_id)
    suggestion = policy.suggestion_or_404(current_user, plan, suggestion_id)
    policy.require(current_user, action, suggestion)
    return plan, suggestion


def _closed(plan, suggestion):
    flash(_("This suggestion was already dealt with."), "warning")
    return redirect(url_for("plans.suggestion", plan_id=plan.id, suggestion_id=suggestion.id))


@bp.post("/plans/<id:plan_id>/suggestions/<id:suggestion_id>/accept")
def accept_suggestion(plan_id, suggestion_id):
    plan, suggestion = _suggestion(plan_id, suggestion_id, "suggestion.decide")
    form = SectionForm()
    stale = suggestion.base_version != suggestion.section.version == form.read_version()
    if stale and not request.form.get("replace_later"):  # written against an older version: say so first
        return _page(plan, suggestion, confirm_missing=True)
    try:
        suggestions.accept(suggestion, current_user, form.read_version())
    except SectionConflict:
        return _page(plan, suggestion, status=409, conflict=True)
    except suggestions.SuggestionClosed:  # decided meanwhile: 409, so nothing of this is kept
        flash(_("This suggestion was already dealt with."), "warning")
        return _page(plan, suggestion, status=409)
    flash(text.sentence(_("Suggestion accepted and applied to “%(heading)s”."),
                        heading=plan_templates.translated(suggestion.section.heading)), "success")
    return redirect(url_for("plans.show", plan_id=plan.id, _anchor=f"section-{suggestion.section_id}"))


@bp.post("/plans/<id:plan_id>/suggestions/<id:suggestion_id>/decline")
def decline_suggestion(plan_id, suggestion_id):
    plan, suggestion = _suggestion(plan_id, suggestion_id, "suggestion.decide")
    form = DeclineForm()
    if not form.validate_on_submit():
        return _page(plan, suggestion, decline_form=form)
    try:
        suggestions.decline(suggestion, current_user, form.reason.data)
    except suggestions.SuggestionClosed:  # decided meanwhile: 409, with the reason as typed
        flash(_("This suggestion was already dealt with."), "warning")
        return _page(plan, suggestion, status=409, decline_form=form)
    flash(_("Suggestion declined. The parent or carer will see your reason."), "success")
    return redirect(url_for("plans.discussion", plan_id=plan.id, section_id=suggestion.section_id))


@bp.post("/plans/<id:plan_id>/suggestions/<id:suggestion_id>/withdraw")
def withdraw_suggestion(plan_id, suggestion_id):
    plan, suggestion = _suggestion(plan_id, suggestion_id, "suggestion.withdraw")
    try:
        suggestions.withdraw(suggestion, current_user)
    except suggestions.SuggestionClosed:
        return _closed(plan, suggestion)
    flash(_("Suggestion withdrawn."), "success")
    return redirect(url_for("plans.discussion", plan_id=plan.id, section_id=suggestion.section_id))
