"""Reviews: the reviews page, scheduling and changing a review, attaching an agreed plan version, the
outcome and actions, and the review pack."""
from functools import partial
from io import BytesIO

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import export, i18n, policy, sections
from ...forms import ConfirmForm
from ...models.types import utcnow
from ...plan_reading import GLANCE, agreed_name
from ...review_reading import overview, read_review
from ...services import audit
from ...services import reviews as service
from ...times import zone_name
from . import bp
from .forms import ActionForm, AttachForm, DoneForm, OutcomeForm, ReviewForm

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _review(review_id, action="review.view"):
    review = policy.review_or_404(current_user, review_id)
    policy.require(current_user, action, review)
    return review


def _refused(template, form, error, status=422, **page):
    """A cross-object check the service refused (nothing written): the message beside its field."""
    getattr(form, error.field or "version").errors = [str(error)]
    return render_template(template, form=form, **page), status


@bp.get("/reviews")
def index():
    return render_template("reviews/index.html", overview=overview(current_user, utcnow()))


@bp.route("/children/<id:child_id>/reviews/new", methods=["GET", "POST"])
def schedule(child_id):
    child = policy.child_or_404(current_user, child_id)
    policy.require(current_user, "review.manage", child)
    form = ReviewForm(child=child)
    if form.validate_on_submit():
        try:
            review = service.schedule(child, current_user, form.details())
        except service.ReviewError as error:
            return _refused("reviews/form.html", form, error, child=child, review=None)
        flash(_("Review scheduled. Attach the agreed plan version when you are ready."), "success")
        return redirect(url_for("reviews.show", review_id=review.id))
    return render_template("reviews/form.html", form=form, child=child, review=None)


@bp.context_processor
def _helpers():
    return {"zone_name": zone_name, "agreed_name": agreed_name}


@bp.get("/reviews/<id:review_id>")
def show(review_id):
    return _page(_review(review_id))


def _page(review, action_form=None):
    """The review page (with the action form as typed, when it had a mistake); reading it is audited."""
    audit.record("review.view", user=current_user, obj=review, child=review.child)
    return render_template(
        "reviews/show.html", review=review, child=review.child, reading=read_review(current_user, review),
        roles={m.user_id: m.role for m in review.child.memberships},
        manage=policy.can(current_user, "review.manage", review), kinds=sections.KINDS, glance_labels=GLANCE,
        action_form=action_form or ActionForm(formdata=None, people=service.possible_owners(review.child)),
        done_by_owner={a.id for a in review.actions if policy.can(current_user, "review.action_done", a)})


@bp.route("/reviews/<id:review_id>/edit", methods=["GET", "POST"])
def edit(review_id):
    review = _review(review_id, "review.manage")
    form = ReviewForm(child=review.child, review=review) if request.method == "POST" else ReviewForm.of(review)
    page = {"child": review.child, "review": review}
    if form.validate_on_submit():
        try:
            service.update(review, current_user, form.details(), form.read_version())
        except service.ReviewError as error:
            return _refused("reviews/form.html", form, error, **page)
        except service.ReviewConflict:
            form.version.data = review.version  # saving again now keeps this person's choices, knowingly
            return render_template("reviews/form.html", form=form, conflict=True, **page), 409
        flash(_("Review saved."), "success")
        return redirect(url_for("reviews.show", review_id=review.id))
    return render_template("reviews/form.html", form=form, **page)


@bp.route("/reviews/<id:review_id>/cancel", methods=["GET", "POST"])
def cancel(review_id):
    review = _review(review_id, "review.manage")
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            service.cancel(review, current_user)
        except service.ReviewError as error:
            flash(str(error), "warning")
            return redirect(url_for("reviews.show", review_id=review.id))
        flash(_("Review cancelled."), "success")
        return redirect(url_for("children.show", child_id=review.child_id, _anchor="reviews"))
    return render_template("reviews/cancel.html", review=review, child=review.child, form=form)


@bp.route("/reviews/<id:review_id>/attach", methods=["GET", "POST"])
def attach(review_id):
    review = _review(review_id, "review.manage")
    versions = service.attachable_versions(review.child)
    form = AttachForm(versions=versions, name=partial(agreed_name, html=True),
                      data={"version": review.version, "agreed": review.agreed_version_id})
    page = {"child": review.child, "review": review, "versions": versions}
    if form.validate_on_submit():
        try:
            service.attach(review, form.versions[form.agreed.data], current_user, form.read_version())
        except service.ReviewError as error:
            return _refused("reviews/attach.html", form, error, **page)
        except service.ReviewConflict:
            form.version.data = review.version
            return render_template("reviews/attach.html", form=form, conflict=True, **page), 409
        flash(_("Plan version attached. The review shows it exactly as it was agreed."), "success")
        return redirect(url_for("reviews.show", review_id=review.id))
    return render_template("reviews/attach.html", form=form, **page)


@bp.route("/reviews/<id:review_id>/outcome", methods=["GET", "POST"])
def outcome(review_id):
    review = _review(review_id, "review.manage")
    form = OutcomeForm(data={"version": review.version, "outcome": review.outcome or ""})
    page = {"child": review.child, "review": review}
    if form.validate_on_submit():
        try:
            service.record_outcome(review, current_user, form.outcome.data, form.read_version())
        except service.ReviewConflict:
            form.version.data = review.version
            return render_template("reviews/outcome.html", form=form, conflict=True, **page), 409
        flash(_("Outcome saved."), "success")
        return redirect(url_for("reviews.show", review_id=review.id, _anchor="outcome"))
    return render_template("reviews/outcome.html", form=form, **page)


@bp.post("/reviews/<id:review_id>/actions")
def add_action(review_id):
    review = _review(review_id, "review.manage")
    form = ActionForm(people=service.possible_owners(review.child))
    if not form.validate_on_submit():
        return _page(review, action_form=form)
    try:
        service.add_action(review, current_user, form.description.data, form.who(), form.due_date.data)
    except service.ReviewError as error:
        form[error.field].errors.append(str(error))
        return _page(review, action_form=form)
    flash(_("Action added."), "success")
    return redirect(url_for("reviews.show", review_id=review.id, _anchor="actions"))


@bp.post("/reviews/<id:review_id>/actions/<id:action_id>/done")
def action_done(review_id, action_id):
    review = _review(review_id)
    action = policy.action_or_404(review, action_id)
    policy.require(current_user, "review.action_done", action)
    form = DoneForm()
    if form.validate_on_submit():
        done = form.done.data != "no"
        if service.set_done(action, current_user, done):
            flash(_("Action marked as done.") if done else _("Action marked as not done."), "success")
    return redirect(url_for("reviews.show", review_id=review.id, _anchor="actions"))


@bp.route("/reviews/<id:review_id>/actions/<id:action_id>/remove", methods=["GET", "POST"])
def remove_action(review_id, action_id):
    review = _review(review_id, "review.manage")
    action = policy.action_or_404(review, action_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        service.remove_action(action, current_user)
        flash(_("Action removed."), "success")
        return redirect(url_for("reviews.show", review_id=review.id, _anchor="actions"))
    return render_template("reviews/remove_action.html", review=review, child=review.child, action=action,
                           form=form)


@bp.get("/reviews/<id:review_id>/download")
def download(review_id):
    with i18n.in_asked_language():
        review = _review(review_id, "review.export")
        data = export.build_review_docx(read_review(current_user, review), language=i18n.language_tag())
    audit.record("review.export", user=current_user, obj=review, child=review.child)
    return send_file(BytesIO(data), mimetype=DOCX, as_attachment=True, download_name=export.review_file_name(review),
                     max_age=0)
