"""The children a person can see, and each child's record."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import policy, text
from ...extensions import db
from ...forms import ConfirmForm
from ...models import Child
from ...services import children as children_service
from ...services import authorities, network, reviews
from . import bp
from .forms import ChildForm, RoleForm


@bp.get("/")
def index():
    rows = db.session.scalars(policy.visible_children(current_user).order_by(Child.preferred_name))
    return render_template("children/index.html", children=list(rows),
                           may_add=policy.can(current_user, "child.create"))


@bp.route("/new", methods=["GET", "POST"])
def new():
    policy.require(current_user, "child.create")
    form = ChildForm(schools=policy.schools_for_new_child(current_user), authorities=authorities.all_authorities())
    if form.validate_on_submit():
        school = form.school()
        policy.require(current_user, "child.create", school)
        child = children_service.add_child(school, current_user, **form.child_fields())
        flash(_("Child added. You are their designated teacher: invite the rest of their network."), "success")
        return redirect(url_for("children.show", child_id=child.id))
    return render_template("children/form.html", form=form, child=None)


@bp.get("/<id:child_id>")
def show(child_id):
    child = policy.child_or_404(current_user, child_id)
    manage = policy.can(current_user, "network.manage", child)
    care_status = policy.reads_care_status(current_user, child)
    return render_template(
        "children/show.html", child=child, manage=manage, plans=policy.plans_of(current_user, child),
        archived_plans=policy.plans_of(current_user, child, archived=True), care_status=care_status,
        members=sorted(policy.visible_members(current_user, child), key=lambda m: m.user.name.casefold()),
        reviews=reviews.reviews_of(child) if care_status else [],
        open_actions=reviews.open_actions(child) if care_status else [],
        role=policy.role_for(current_user, child),
        invitations=network.open_invitations(child) if manage else [],
        role_form=RoleForm(formdata=None), confirm_form=ConfirmForm(formdata=None),
    )


@bp.route("/<id:child_id>/edit", methods=["GET", "POST"])
def edit(child_id):
    child = policy.child_or_404(current_user, child_id)
    policy.require(current_user, "child.edit", child)
    form = ChildForm(obj=child, authorities=authorities.all_authorities())
    if form.validate_on_submit():
        removed = children_service.update_child(child, current_user, **form.child_fields())
        flash(_("Child's details saved."), "success")
        if removed:
            flash(text.sentence(_("The virtual school is no longer in %(name)s's network: for a child who was "
                                  "previously looked after, their parent or carer decides, on “Who knows my "
                                  "story”."), name=child.preferred_name))
        return redirect(url_for("children.show", child_id=child.id))
    return render_template("children/form.html", form=form, child=child)
