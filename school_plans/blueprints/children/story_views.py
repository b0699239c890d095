"""Who knows the child's story: what each person in the network can read, and the choices behind it."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import policy, story_reading
from ...services import story
from . import bp
from .forms import CareStatusAudienceForm, CoreTeamForm, VirtualSchoolForm, WishesForm


def _story_child(child_id, action="story.view"):
    child = policy.child_or_404(current_user, child_id)
    policy.require(current_user, action, child)
    return child


def _page(child, status=200, **forms):
    plans, people = story_reading.who_knows(child)
    may = {action: policy.can(current_user, action, child)
           for action in ("story.wishes", "story.care_status", "story.core_team", "story.virtual_school")}
    forms.setdefault("wishes_form", WishesForm(formdata=None, data={
        "wishes": child.story_wishes, "seen": story.wishes_seen(child.story_wishes)}))
    forms.setdefault("care_status_form", CareStatusAudienceForm(formdata=None,
                                                                data={"audience": child.care_status_audience}))
    forms.setdefault("core_team_form", CoreTeamForm(formdata=None, child=child, data={
        "members": [m.user_id for m in child.memberships if m.core_team]}))
    forms.setdefault("virtual_school_form", VirtualSchoolForm(formdata=None, data={
        "welcome": "yes" if child.virtual_school_welcome else "no"}))
    return render_template("children/story.html", child=child, plans=plans, people=people, may=may,
                           **forms), status


def _post(child_id, action, form_key, make_form, save):
    """A form of the story page (`make_form(child)`): re-shown beside the others with its mistakes (and what
    was typed), or saved by `save(child, form)`, which returns the message to show (False: nothing changed)."""
    child = _story_child(child_id, action)
    form = make_form(child)
    if not form.validate():
        return _page(child, 400, **{form_key: form})
    message = save(child, form)
    if message:
        flash(message, "success")
    return redirect(url_for("children.story_page", child_id=child.id))


@bp.get("/<id:child_id>/story")
def story_page(child_id):
    return _page(_story_child(child_id))


@bp.post("/<id:child_id>/story/wishes")
def story_wishes(child_id):
    child = _story_child(child_id, "story.wishes")
    form = WishesForm()
    if not form.validate():
        return _page(child, 400, wishes_form=form)
    try:
        changed = story.set_wishes(child, form.wishes.data or "", form.seen.data or "", current_user)
    except story.WishesConflict:
        form.seen.data = story.wishes_seen(child.story_wishes)   # saving again now keeps these words, knowingly
        return _page(child, 409, wishes_form=form, wishes_conflict=True)
    if changed:
        flash(_("The child's wishes are saved."), "success")
    return redirect(url_for("children.story_page", child_id=child.id))


@bp.post("/<id:child_id>/story/care-status")
def story_care_status(child_id):
    return _post(child_id, "story.care_status", "care_status_form", lambda child: CareStatusAudienceForm(),
                 lambda child, form: story.set_care_status_audience(child, form.audience.data, current_user)
                 and _("Who knows the care status is saved."))


@bp.post("/<id:child_id>/story/core-team")
def story_core_team(child_id):
    return _post(child_id, "story.core_team", "core_team_form", lambda child: CoreTeamForm(child=child),
                 lambda child, form: story.set_core_team(child, form.members.data or [], current_user)
                 and _("The core team is saved."))


def _virtual_school(child, form):
    welcome = form.welcome.data == "yes"
    removed = story.set_virtual_school_welcome(child, welcome, current_user)
    return (_("The virtual school can now be invited.") if welcome else
            _("The virtual school is no longer in the network.") if removed else
            _("The virtual school is not in the network."))


@bp.post("/<id:child_id>/story/virtual-school")
def story_virtual_school(child_id):
    return _post(child_id, "story.virtual_school", "virtual_school_form", lambda child: VirtualSchoolForm(),
                 _virtual_school)
