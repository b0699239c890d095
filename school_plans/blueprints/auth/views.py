"""Signing in and out, passwords, and accepting an invitation."""
import math
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ... import auth, carry, i18n, passwords, policy
from ...extensions import db
from ...services import accounts, audit, network, throttle
from . import bp
from .forms import (
    ChangePasswordForm,
    InformationEmailsForm,
    JoinForm,
    LanguageForm,
    NewPasswordForm,
    SignInForm,
    TimeZoneForm,
)


def landing(user) -> str:
    """Home for `user`: a site admin in no child's network has no children to list, so the admin pages."""
    if policy.can(user, "admin.manage") and db.session.scalar(policy.visible_children(user).limit(1)) is None:
        return url_for("admin.accounts_list")
    return url_for("children.index")


def safe_next(target: str | None, fallback: str | None = None) -> str:
    """Only a path on this site; anything else (//host, /\\host, schemes) goes to `fallback` (home)."""
    fallback = fallback or url_for("children.index")
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(c in target for c in "\\\r\n\t"):
        return fallback
    return target


@bp.get("/")
def home():
    return redirect(landing(current_user) if current_user.is_authenticated else url_for("auth.sign_in"))


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    form = SignInForm(next=request.args.get("next", ""))
    carried = carry.from_sign_in(request.form)
    if not form.validate_on_submit():
        return render_template("auth/sign_in.html", form=form, carried=carried)
    user = accounts.find_by_email(form.email.data)
    paused = throttle.sign_in_paused(form.email.data, request.remote_addr)
    ok = passwords.verify_password(user.password_hash if user else None, form.password.data)
    if paused or not ok or not user.is_active:
        throttle.record_failure(form.email.data, user)
        # One message whatever went wrong, so nobody can learn which emails have accounts;
        # a pause (counted by the address typed) reads the same with or without an account.
        paused = throttle.sign_in_paused(form.email.data, request.remote_addr)
        form.email.errors.append(_paused_message(paused) if paused else
                                 _("Enter a correct email address and password"))
        return render_template("auth/sign_in.html", form=form, carried=carried, failed=not paused)
    auth.sign_in(user)
    target = safe_next(form.next.data, fallback=landing(user))
    if carried:
        return carry.resubmit_page(target, carried)
    return redirect(target)


def _paused_message(pause: throttle.Pause) -> str:
    minutes = max(1, math.ceil(pause.left.total_seconds() / 60))
    if pause.from_network:
        return ngettext("Signing in from your network is paused because too many attempts failed. "
                        "Try again in %(num)d minute.",
                        "Signing in from your network is paused because too many attempts failed. "
                        "Try again in %(num)d minutes.", minutes)
    return ngettext("Signing in with this email address is paused because too many attempts failed. "
                    "Try again in %(num)d minute.",
                    "Signing in with this email address is paused because too many attempts failed. "
                    "Try again in %(num)d minutes.", minutes)


@bp.post("/sign-out")
def sign_out():
    if current_user.is_authenticated:
        audit.record("auth.sign_out", user=current_user)
    auth.sign_out()
    flash(_("You have signed out."), "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    form.email_for_check = current_user.email
    if form.validate_on_submit():
        if passwords.verify_password(current_user.password_hash, form.current_password.data):
            user = current_user._get_current_object()
            accounts.set_password(user, form.password.data)
            auth.renew(user)   # a cookie copied before the change no longer works
            flash(_("Your password has been changed. Other devices have been signed out."), "success")
            return redirect(url_for("children.index"))
        form.current_password.errors.append(_("Your current password is not correct"))
    return _account_page(form=form)


def _account_page(form=None, zone_form=None, language_form=None, emails_form=None):
    """"Your account": language, password, time zone and emails, each its own form (one of them maybe posted)."""
    return render_template("auth/change_password.html", form=form or ChangePasswordForm(formdata=None),
                           zone_form=zone_form or _zone_form(formdata=None),
                           language_form=language_form or LanguageForm(
                               formdata=None, data={"language": i18n.language_code()}),
                           emails_form=emails_form or InformationEmailsForm(
                               formdata=None, data={"how": current_user.information_emails}))


@bp.post("/account/emails")
@login_required
def information_emails():
    emails_form = InformationEmailsForm()
    if not emails_form.validate_on_submit():
        return _account_page(emails_form=emails_form)
    accounts.set_information_emails(current_user, emails_form.how.data)
    flash(_("Your email settings have been saved."), "success")
    return redirect(url_for("auth.change_password"))


@bp.post("/account/language")
@login_required
def language():
    language_form = LanguageForm()
    if not language_form.validate_on_submit():
        return _account_page(language_form=language_form)
    accounts.set_language(current_user, language_form.language.data)
    with i18n.in_language(language_form.language.data):   # said in the language just chosen
        flash(_("Your language has been saved. The service, its emails and your downloads now use it."),
              "success")
    return redirect(url_for("auth.change_password"))


def _zone_form(**kwargs) -> TimeZoneForm:
    return TimeZoneForm(default_zone=current_app.config["BABEL_DEFAULT_TIMEZONE"],
                        data={"time_zone": current_user.time_zone or ""}, **kwargs)


@bp.post("/account/time-zone")
@login_required
def time_zone():
    zone_form = _zone_form()
    if not zone_form.validate_on_submit():
        return _account_page(zone_form=zone_form)
    accounts.set_time_zone(current_user, zone_form.time_zone.data or None)
    flash(_("Your time zone has been saved. Dates and times are now shown on that clock."), "success")
    return redirect(url_for("auth.change_password"))


@bp.route("/password/<token>", methods=["GET", "POST"])
def set_password(token):
    link = accounts.open_password_link(token)
    if link is None:
        return render_template("auth/link_expired.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        user = accounts.use_password_link(link, form.password.data)
        auth.sign_in(user)
        flash(_("Your password has been set."), "success")
        return redirect(url_for("children.index"))
    return render_template("auth/set_password.html", form=form)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token):
    invitation = network.open_invitation(token)
    if invitation is None:
        return render_template("auth/link_expired.html"), 404
    invitee = accounts.find_by_email(invitation.email)
    if current_user.is_authenticated:
        if current_user.email != invitation.email:
            return render_template("auth/invitation_other_account.html"), 403
        if request.method == "POST":
            try:
                network.accept(invitation, current_user)
            except network.NetworkError:
                return render_template("auth/link_expired.html"), 404
            return _joined(invitation)
        return render_template("auth/invitation_join.html", invitation=invitation)
    if invitee is not None:
        flash(_("You already have an account. Sign in to join this child's network."))
        return redirect(url_for("auth.sign_in", next=request.path))
    form = JoinForm()
    form.email_for_check = invitation.email
    if form.validate_on_submit():
        user = accounts.create_user(invitation.email, form.name.data, form.password.data,
                                    language=i18n.language_code())   # the language they joined in
        try:
            network.accept(invitation, user)
        except network.NetworkError:
            db.session.rollback()   # no account made for a link that no longer works
            return render_template("auth/link_expired.html"), 404
        auth.sign_in(user)
        return _joined(invitation)
    return render_template("auth/invitation_new_account.html", form=form, invitation=invitation)


def _joined(invitation):
    flash(_("You have joined this child's network."), "success")
    return redirect(url_for("children.show", child_id=invitation.child_id))
