"""A plan's history: who changed which section when, two versions side by side, restoring one."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ... import plan_reading, plan_templates, policy, sections
from ...extensions import db
from ...models import SectionRevision
from ...sections.base import SectionForm
from ...services import agreement, audit, history
from ...services.plans import SectionConflict
from . import bp
from .forms import CompareForm

PER_PAGE = 50
LAST_PAGE = 100_000


def _readable(plan_id):
    """The plan, if the user may read its history; reading it is audited like reading the plan."""
    plan = policy.plan_or_404(current_user, plan_id)
    policy.require(current_user, "history.view", plan)
    audit.record("plan.history", user=current_user, obj=plan, child=plan.child)
    return plan


def _revisions(plan, section=None):
    query = policy.visible_revisions(current_user, plan).options(
        selectinload(SectionRevision.by), selectinload(SectionRevision.applied_by))
    if section is not None:
        query = query.where(SectionRevision.section_id == section.id)
    return query.order_by(None).order_by(SectionRevision.id.desc())


def _plan_versions(plan) -> tuple[dict, dict]:
    """Version number -> its name, newest first; and number -> AgreedVersion."""
    agreed = {v.number: v for v in agreement.agreed_versions(plan)}
    names = {plan.version: _("Version %(n)d (now)", n=plan.version)} if plan.version not in agreed else {}
    for number, version in agreed.items():
        names[number] = _("Version %(n)d, agreed on %(date)s", n=number, date=format_date(version.agreed_at, "long"))
    return dict(sorted(names.items(), reverse=True)), agreed


@bp.get("/plans/<id:plan_id>/history")
def history_page(plan_id):
    plan = _readable(plan_id)
    page = min(max(request.args.get("page", 1, type=int), 1), LAST_PAGE)
    rows = db.session.execute(_revisions(plan).limit(PER_PAGE + 1).offset((page - 1) * PER_PAGE)).all()
    names, agreed = _plan_versions(plan)
    numbers = list(names)
    form = CompareForm(None, names, numbers[min(1, len(numbers) - 1)], numbers[0])
    return render_template("plans/history.html", plan=plan, child=plan.child, rows=rows[:PER_PAGE], page=page,
                           more=len(rows) > PER_PAGE, versions=names, agreed=agreed, form=form,
                           audience_changed=history.audience_changes([rev for rev, _section in rows[:PER_PAGE]]))


@bp.get("/plans/<id:plan_id>/compare")
def compare_versions(plan_id):
    plan = _readable(plan_id)
    names, agreed = _plan_versions(plan)
    form = CompareForm(request.args, names, None, None)
    chosen = form.chosen()
    if chosen is None:
        abort(404)
    details, parts = plan_reading.compare_versions(current_user, plan, *chosen, agreed)
    return render_template("plans/compare.html", plan=plan, child=plan.child, form=form, parts=parts,
                           details=details, old_title=names[chosen[0]], new_title=names[chosen[1]])


@bp.get("/plans/<id:plan_id>/sections/<id:section_id>/history")
def section_history(plan_id, section_id):
    plan = _readable(plan_id)
    section = policy.section_or_404(current_user, plan, section_id)
    rows = db.session.execute(_revisions(plan, section)).all()
    names = {rev.number: _("Version %(n)d", n=rev.number) for rev, _section in rows}
    numbers = list(names)
    form = CompareForm(None, names, numbers[min(1, len(numbers) - 1)], numbers[0]) if numbers else None
    return render_template("plans/section_history.html", plan=plan, child=plan.child, section=section, rows=rows,
                           form=form, audience_changed=history.audience_changes([rev for rev, _section in rows]))


@bp.get("/plans/<id:plan_id>/sections/<id:section_id>/compare")
def compare_section(plan_id, section_id):
    plan = _readable(plan_id)
    section = policy.section_or_404(current_user, plan, section_id)
    found = {rev.number: rev for rev, _section in db.session.execute(_revisions(plan, section))}
    form = CompareForm(request.args, {n: _("Version %(n)d", n=n) for n in found}, None, None)
    chosen = form.chosen()
    if chosen is None:
        abort(404)
    old, new = found[chosen[0]], found[chosen[1]]
    blocks = sections.get(section.kind).compare(old.content, new.content)
    return render_template("plans/compare.html", plan=plan, child=plan.child, form=form, section=section,
                           parts=[plan_reading.SectionChange(section, blocks, "changed" if any(
                               b.changed for b in blocks) else "same")],
                           old_title=form.versions[chosen[0]], new_title=form.versions[chosen[1]], old=old, new=new)


@bp.route("/plans/<id:plan_id>/sections/<id:section_id>/revisions/<id:number>/restore", methods=["GET", "POST"])
def restore(plan_id, section_id, number):
    """GET asks first, showing what the section will become and what happens to agreements; POST restores."""
    plan = _readable(plan_id)
    section = policy.section_or_404(current_user, plan, section_id)
    policy.require(current_user, "section.restore", section)
    try:
        revision = history.revision(section, number)
    except history.NoSuchRevision:
        abort(404)
    if request.method == "GET":
        kind = sections.get(section.kind)
        return render_template("plans/restore.html", plan=plan, child=plan.child, section=section, revision=revision,
                               kind=kind, blocks=kind.compare(section.content, revision.content),
                               context=plan_reading.context_for(plan), withdrawn=agreement.signatures(plan),
                               form=SectionForm(formdata=None, version=section.version))
    try:
        changed = history.restore(section, number, SectionForm().read_version(), current_user)
    except SectionConflict:
        flash(_("Someone changed this section while you were looking. Check its history again, then restore."),
              "warning")
        return redirect(url_for("plans.section_history", plan_id=plan.id, section_id=section.id))
    if not changed:
        flash(_("Version %(n)d is the same as the section now: nothing to restore.", n=number), "warning")
        return redirect(url_for("plans.section_history", plan_id=plan.id, section_id=section.id))
    flash(_("Version %(n)d of “%(heading)s” restored, as a new change. Nothing was overwritten.", n=number,
            heading=plan_templates.translated(section.heading)), "success")
    return redirect(url_for("plans.show", plan_id=plan.id, _anchor=f"section-{section.id}"))
