"""The photo on the child's one-page card: the family adds or removes it; everyone in the network sees it on
the card."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import policy
from ...services import audit, photos
from . import bp
from .forms import PhotoForm


@bp.get("/<id:child_id>/photo")
def photo(child_id):
    child = policy.child_or_404(current_user, child_id)
    content = photos.photo_of(child)
    if content is None:
        return _("There is no photo."), 404
    audit.record("child.photo_view", user=current_user, obj=child, child=child)
    return content, {"Content-Type": "image/jpeg", "Cache-Control": "no-store"}


@bp.route("/<id:child_id>/photo/edit", methods=["GET", "POST"])
def edit_photo(child_id):
    child = policy.child_or_404(current_user, child_id)
    policy.require(current_user, "child.photo", child)
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            photos.set_photo(child, current_user, form.content())
        except photos.PhotoError as error:
            form.photo.errors.append(str(error))
        else:
            flash(_("Photo added. It shows on the one-page card."), "success")
            return redirect(url_for("children.show", child_id=child.id))
    return render_template("children/photo.html", child=child, form=form, added_at=photos.added_at(child))


@bp.post("/<id:child_id>/photo/remove")
def remove_photo(child_id):
    child = policy.child_or_404(current_user, child_id)
    policy.require(current_user, "child.photo", child)
    photos.remove_photo(child, current_user)
    flash(_("Photo removed. The card shows no photo."), "success")
    return redirect(url_for("children.show", child_id=child.id))
