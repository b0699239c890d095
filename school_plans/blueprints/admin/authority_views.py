"""Site admin: local authorities, their virtual schools' staff (who then see the authority's looked-after
children) and which authority each school is in."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import text
from ...extensions import db
from ...models import Authority
from ...services import authorities
from . import bp
from .forms import AuthorityForm, StaffForm


def _authority(authority_id) -> Authority:
    authority = db.session.get(Authority, authority_id)
    if authority is None:
        abort(404)
    return authority


@bp.get("/authorities")
def authorities_list():
    return render_template("admin/authorities.html", authorities=authorities.all_authorities())


@bp.route("/authorities/new", methods=["GET", "POST"])
def new_authority():
    form = AuthorityForm()
    if form.validate_on_submit():
        try:
            authority = authorities.create_authority(form.name.data, form.country.data, current_user)
        except authorities.AuthorityError as error:
            form[error.field].errors.append(str(error))
        else:
            flash(_("Authority added. Add its virtual school's staff."), "success")
            return redirect(url_for("admin.authority", authority_id=authority.id))
    return render_template("admin/authority_form.html", form=form, authority=None)


@bp.route("/authorities/<id:authority_id>", methods=["GET", "POST"])
def authority(authority_id):
    authority = _authority(authority_id)
    form = AuthorityForm(obj=authority)
    if form.validate_on_submit():
        try:
            authorities.update_authority(authority, form.name.data, form.country.data, current_user)
        except authorities.AuthorityError as error:
            form[error.field].errors.append(str(error))
        else:
            flash(_("Authority saved."), "success")
            return redirect(url_for("admin.authority", authority_id=authority.id))
    return _authority_page(authority, form, StaffForm(formdata=None))


def _authority_page(authority, form, staff_form):
    return render_template("admin/authority_form.html", authority=authority, form=form, staff_form=staff_form)


@bp.post("/authorities/<id:authority_id>/staff")
def add_staff(authority_id):
    authority = _authority(authority_id)
    staff_form = StaffForm()
    if staff_form.validate_on_submit():
        try:
            staff = authorities.add_staff(authority, staff_form.email.data, staff_form.role.data, current_user)
        except authorities.AuthorityError as error:
            staff_form[error.field].errors.append(str(error))
        else:
            flash(text.sentence(_("%(name)s can now see the children this authority looks after."),
                                name=staff.user.name), "success")
            return redirect(url_for("admin.authority", authority_id=authority.id))
    return _authority_page(authority, AuthorityForm(obj=authority, formdata=None), staff_form)


@bp.post("/authorities/<id:authority_id>/staff/<id:staff_id>/remove")
def remove_staff(authority_id, staff_id):
    authority = _authority(authority_id)
    staff = next((s for s in authority.staff if s.id == staff_id), None)
    if staff is None:
        abort(404)
    authorities.remove_staff(authority, staff, current_user)
    flash(_("Removed from the virtual school's staff."), "success")
    return redirect(url_for("admin.authority", authority_id=authority.id))
