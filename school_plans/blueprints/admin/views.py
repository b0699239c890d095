"""Site admin: accounts and schools (authorities: authority_views.py). Admins see no child unless in that child's network."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ... import text
from ...extensions import db
from ...forms import ConfirmForm
from ...models import School, User
from ...services import accounts, authorities, schools
from . import bp
from .forms import AccountForm, DesignatedTeacherForm, NewAccountForm, SchoolForm


def _get(model, object_id):
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def _password_link_page(user):
    token = accounts.issue_password_link(user, current_user)
    link = url_for("auth.set_password", token=token, _external=True)
    return render_template("admin/password_link.html", user=user, link=link)


@bp.get("/")
def accounts_list():
    users = db.session.scalars(select(User).order_by(User.name))
    return render_template("admin/accounts.html", users=list(users), confirm_form=ConfirmForm(formdata=None))


@bp.route("/accounts/new", methods=["GET", "POST"])
def new_account():
    form = NewAccountForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.email.data, form.name.data, is_admin=form.is_admin.data,
                                        by=current_user)
        except accounts.AccountError as error:
            form.email.errors.append(str(error))
        else:
            return _password_link_page(user)
    return render_template("admin/account_form.html", form=form, user=None)


@bp.route("/accounts/<id:user_id>", methods=["GET", "POST"])
def edit_account(user_id):
    user = _get(User, user_id)
    form = AccountForm(obj=user)
    if form.validate_on_submit():
        try:
            accounts.update_profile(user, form.name.data, form.is_admin.data, by=current_user)
        except accounts.AccountError as error:
            form.is_admin.errors.append(str(error))
        else:
            flash(_("Account saved."), "success")
            return redirect(url_for("admin.accounts_list"))
    return render_template("admin/account_form.html", form=form, user=user, confirm_form=ConfirmForm(formdata=None))


@bp.route("/accounts/<id:user_id>/disable", methods=["GET", "POST"])
def disable_account(user_id):
    """Asks first: disabling signs the person out everywhere at once."""
    user = _get(User, user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        return _set_disabled(user, True)
    return render_template("admin/disable.html", user=user, form=form)


@bp.post("/accounts/<id:user_id>/enable")
def enable_account(user_id):
    return _set_disabled(_get(User, user_id), False)


def _set_disabled(user, disabled):
    try:
        accounts.set_disabled(user, disabled, by=current_user)
    except accounts.AccountError as error:
        flash(str(error))
    else:
        flash(_("Account disabled. They have been signed out.") if disabled else _("Account enabled."), "success")
    return redirect(url_for("admin.accounts_list"))


@bp.post("/accounts/<id:user_id>/password-link")
def password_link(user_id):
    return _password_link_page(_get(User, user_id))


@bp.get("/schools")
def schools_list():
    rows = db.session.scalars(select(School).options(selectinload(School.designated_teachers),
                                                     selectinload(School.authority)).order_by(School.name))
    return render_template("admin/schools.html", schools=list(rows))


@bp.route("/schools/new", methods=["GET", "POST"])
def new_school():
    form = SchoolForm(authorities=authorities.all_authorities())
    if form.validate_on_submit():
        try:
            school = schools.create_school(form.name.data, current_user, form.authority())
        except schools.SchoolError as error:
            form.name.errors.append(str(error))
        else:
            flash(_("School added."), "success")
            return redirect(url_for("admin.school", school_id=school.id))
    return render_template("admin/school_form.html", form=form, school=None)


@bp.route("/schools/<id:school_id>", methods=["GET", "POST"])
def school(school_id):
    school = _get(School, school_id)
    form = SchoolForm(obj=school, authorities=authorities.all_authorities())
    if form.validate_on_submit():
        try:
            schools.update_school(school, form.name.data, form.authority(), current_user)
        except schools.SchoolError as error:
            form.name.errors.append(str(error))
        else:
            flash(_("School saved."), "success")
            return redirect(url_for("admin.school", school_id=school.id))
    return _school_page(school, form, DesignatedTeacherForm(formdata=None))


def _school_page(school, form, teacher_form):
    return render_template("admin/school_form.html", school=school, form=form, teacher_form=teacher_form,
                           confirm_form=ConfirmForm(formdata=None))


@bp.post("/schools/<id:school_id>/designated-teachers")
def add_designated_teacher(school_id):
    school = _get(School, school_id)
    teacher_form = DesignatedTeacherForm()
    if teacher_form.validate_on_submit():
        try:
            user = schools.add_designated_teacher(school, teacher_form.email.data, current_user)
        except schools.SchoolError as error:
            teacher_form.email.errors.append(str(error))
        else:
            flash(text.sentence(_("%(name)s can now add children at this school."), name=user.name), "success")
            return redirect(url_for("admin.school", school_id=school.id))
    return _school_page(school, SchoolForm(obj=school, formdata=None, authorities=authorities.all_authorities()),
                        teacher_form)


@bp.post("/schools/<id:school_id>/designated-teachers/<id:user_id>/remove")
def remove_designated_teacher(school_id, user_id):
    school = _get(School, school_id)
    schools.remove_designated_teacher(school, _get(User, user_id), current_user)
    flash(_("Designated teacher removed from this school."), "success")
    return redirect(url_for("admin.school", school_id=school.id))
