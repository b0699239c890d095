"""A child's network: inviting adults, changing roles, removing members."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import policy
from ...extensions import db
from ...labels import ROLE_LABELS
from ...models import Invitation, Membership
from ...services import network
from . import bp
from ...forms import ConfirmForm
from .forms import InviteForm, RoleForm


def _managed_child(child_id):
    child = policy.child_or_404(current_user, child_id)
    policy.require(current_user, "network.manage", child)
    return child


def _member(child, membership_id) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.child_id != child.id:
        abort(404)
    return membership


@bp.route("/<int:child_id>/network/invite", methods=["GET", "POST"])
def invite(child_id):
    child = _managed_child(child_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invitation, link = network.invite(
                child, form.email.data, form.role.data, current_user,
                link_for=lambda token: url_for("auth.accept_invitation", token=token, _external=True),
            )
        except network.NetworkError as error:
            form.email.errors.append(str(error))
        else:
            return render_template("children/invited.html", child=child, invitation=invitation, link=link)
    return render_template("children/invite.html", child=child, form=form)


@bp.post("/<int:child_id>/network/<int:membership_id>/role")
def change_role(child_id, membership_id):
    child = _managed_child(child_id)
    membership = _member(child, membership_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        network.change_role(membership, form.role.data, current_user)
    except network.NetworkError as error:
        flash(str(error))
    else:
        flash(_("%(name)s is now %(role)s.", name=membership.user.name, role=ROLE_LABELS[form.role.data]),
              "success")
    return redirect(url_for("children.show", child_id=child.id, _anchor="network"))


@bp.route("/<int:child_id>/network/<int:membership_id>/remove", methods=["GET", "POST"])
def remove_member(child_id, membership_id):
    child = _managed_child(child_id)
    membership = _member(child, membership_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            network.remove(membership, current_user)
        except network.NetworkError as error:
            flash(str(error))
        else:
            flash(_("%(name)s has been removed from the network.", name=membership.user.name), "success")
        return redirect(url_for("children.show", child_id=child.id, _anchor="network"))
    return render_template("children/remove_member.html", child=child, membership=membership, form=form)


@bp.post("/<int:child_id>/invitations/<int:invitation_id>/cancel")
def cancel_invitation(child_id, invitation_id):
    child = _managed_child(child_id)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.child_id != child.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    network.revoke_invitation(invitation, current_user)
    flash(_("Invitation cancelled. The link no longer works."), "success")
    return redirect(url_for("children.show", child_id=child.id, _anchor="network"))
