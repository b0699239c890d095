"""A child's network: inviting adults, changing roles, removing members."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import policy, text
from ...extensions import db
from ...forms import ConfirmForm
from ...labels import ROLE_LABELS
from ...models import Invitation, Membership
from ...models.types import utcnow
from ...services import network
from . import bp
from .forms import InviteForm, RoleForm


def _managed_child(child_id):
    child = policy.child_or_404(current_user, child_id)
    policy.require(current_user, "network.manage", child)
    return child


def _of_child(model, child, object_id):
    """A membership or invitation of this child, or 404 (never another child's)."""
    obj = db.session.get(model, object_id)
    if obj is None or obj.child_id != child.id:
        abort(404)
    return obj


@bp.route("/<id:child_id>/network/invite", methods=["GET", "POST"])
def invite(child_id):
    child = _managed_child(child_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invitation, link = network.invite(child, form.email.data, form.role.data, current_user, link_for=_link,
                                              language=form.language.data)
        except network.NetworkError as error:
            form[error.field].errors.append(str(error))
        else:
            return render_template("children/invited.html", child=child, invitation=invitation, link=link)
    return render_template("children/invite.html", child=child, form=form)


@bp.post("/<id:child_id>/network/<id:membership_id>/role")
def change_role(child_id, membership_id):
    child = _managed_child(child_id)
    membership = _of_child(Membership, child, membership_id)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        network.change_role(membership, form.role.data, current_user)
    except network.NetworkError as error:
        flash(str(error))
    else:
        flash(text.sentence(_("%(name)s is now %(role)s."), name=membership.user.name,
                            role=ROLE_LABELS[form.role.data]), "success")
    return redirect(url_for("children.show", child_id=child.id, _anchor="network"))


@bp.route("/<id:child_id>/network/<id:membership_id>/remove", methods=["GET", "POST"])
def remove_member(child_id, membership_id):
    child = _managed_child(child_id)
    membership = _of_child(Membership, child, membership_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            network.remove(membership, current_user)
        except network.NetworkError as error:
            flash(str(error))
        else:
            flash(text.sentence(_("%(name)s has been removed from the network."), name=membership.user.name), "success")
            if membership.user_id == current_user.id:
                return redirect(url_for("children.index"))
        return redirect(url_for("children.show", child_id=child.id, _anchor="network"))
    return render_template("children/remove_member.html", child=child, membership=membership, form=form)


def _link(token: str) -> str:
    return url_for("auth.accept_invitation", token=token, _external=True)


def _posted_invitation(child_id, invitation_id):
    """The child (the designated teacher's to manage) and one of its invitations, for a confirmed POST."""
    child = _managed_child(child_id)
    invitation = _of_child(Invitation, child, invitation_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return child, invitation


@bp.post("/<id:child_id>/invitations/<id:invitation_id>/resend")
def resend_invitation(child_id, invitation_id):
    """A new link, emailed again (the old one stops working), and shown once."""
    child, invitation = _posted_invitation(child_id, invitation_id)
    if not invitation.is_open(utcnow()):
        abort(404)
    try:
        link = network.resend(invitation, current_user, link_for=_link)
    except network.NetworkError as error:
        flash(str(error))
        return redirect(url_for("children.show", child_id=child.id, _anchor="network"))
    return render_template("children/invited.html", child=child, invitation=invitation, link=link, resent=True)


@bp.post("/<id:child_id>/invitations/<id:invitation_id>/cancel")
def cancel_invitation(child_id, invitation_id):
    child, invitation = _posted_invitation(child_id, invitation_id)
    network.revoke_invitation(invitation, current_user)
    flash(_("Invitation cancelled. The link no longer works."), "success")
    return redirect(url_for("children.show", child_id=child.id, _anchor="network"))
