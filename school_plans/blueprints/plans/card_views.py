"""The one-page card for supply and lunchtime staff: read, printed (one side of A4), downloaded as Word, and
for the designated teacher, which rows it shows when the plan holds more than fit."""
from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import card as cards
from ... import export, i18n, policy
from ...plan_reading import read_card
from ...services import agreement, audit, photos
from ...services import plans as plans_service
from . import bp
from .forms import card_form
from .views import DOCX


def _card(plan_id, number=None):
    plan = policy.plan_or_404(current_user, plan_id)
    policy.require(current_user, "plan.card", plan)
    agreed = None
    if number is not None:
        agreed = agreement.agreed_version(plan, number)
        if agreed is None:
            abort(404)
    return plan, read_card(plan, agreed)


def _page(plan, card, form=None, status=200):
    return render_template("plans/card.html", plan=plan, child=plan.child, card=card, form=form,
                           card_groups=cards.GROUPS, card_limits=cards.LIMITS,
                           card_subtitle=cards.subtitle(card, html=True),
                           card_help_line=lambda item: cards.help_line(item, html=True),
                           card_left_out=cards.left_out_line(card),
                           card_photo=photos.added_at(plan.child) is not None), status


@bp.route("/plans/<id:plan_id>/card", methods=["GET", "POST"])
def card(plan_id):
    plan, card = _card(plan_id)
    choose = policy.can(current_user, "plan.card_choose", plan)
    groups = cards.choosable(card) if choose else {}
    if request.method == "POST":
        policy.require(current_user, "plan.card_choose", plan)
        form = card_form(groups, card.groups, formdata=request.form)
        if not form.validate():
            return _page(plan, card, form, 400)
        plans_service.set_card_choices(plan, form.choices(), current_user)
        flash(_("The card now shows what you chose."), "success")
        return redirect(url_for("plans.card", plan_id=plan.id))
    audit.record("card.view", user=current_user, obj=plan, child=plan.child)
    return _page(plan, card, card_form(groups, card.groups) if groups else None)


@bp.get("/plans/<id:plan_id>/versions/<id:number>/card")
def version_card(plan_id, number):
    plan, card = _card(plan_id, number)
    audit.record("card.view", user=current_user, obj=card.agreed, child=plan.child)
    return _page(plan, card)


def _send(plan, card, audited):
    data = export.build_card_docx(card, language=i18n.language_tag(), photo=photos.photo_of(plan.child))
    audit.record("card.export", user=current_user, obj=audited, child=plan.child)
    return send_file(BytesIO(data), mimetype=DOCX, as_attachment=True, download_name=export.card_file_name(card),
                     max_age=0)


@bp.get("/plans/<id:plan_id>/card/download")
def download_card(plan_id):
    with i18n.in_asked_language():
        plan, card = _card(plan_id)
        return _send(plan, card, plan)


@bp.get("/plans/<id:plan_id>/versions/<id:number>/card/download")
def download_version_card(plan_id, number):
    with i18n.in_asked_language():
        plan, card = _card(plan_id, number)
        return _send(plan, card, card.agreed)

