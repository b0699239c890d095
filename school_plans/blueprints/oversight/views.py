"""The oversight dashboards: an authority's looked-after children for its virtual school, a school's children
for its designated teachers; filtered in the query string, and downloaded as CSV."""
from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from ... import oversight_reading, policy
from ...labels import RATING_LABELS, VERDICT_LABELS
from ...export.dashboard import build_dashboard_csv, dashboard_file_name
from ...extensions import db
from ...models import YEAR_GROUPS, Authority, School
from ...models.types import utcnow
from ...services import audit
from . import bp


def place_url(place, **args):
    if isinstance(place, Authority):
        return url_for("oversight.authority", authority_id=place.id, **args)
    return url_for("oversight.school", school_id=place.id, **args)


def _place_or_404(model, place_id, action):
    """Someone who may not open this dashboard is told it does not exist."""
    place = db.session.get(model, place_id)
    if place is None or not policy.can(current_user, action, place):
        abort(404)
    return place


def _page(place, csv_endpoint, **ids):
    filters = oversight_reading.Filters.from_args(request.args)
    dashboard = oversight_reading.read(current_user, place, filters, utcnow())
    endpoint = request.endpoint
    return render_template(
        "oversight/dashboard.html", place=place, dashboard=dashboard, reading=oversight_reading,
        link=lambda **changes: url_for(endpoint, **ids, **dashboard.filters.args(**changes)),
        clear_url=url_for(endpoint, **ids), csv_url=url_for(csv_endpoint, **ids, **filters.args(page=1)),
        year_groups=YEAR_GROUPS,
        rating_labels=RATING_LABELS, verdict_labels=VERDICT_LABELS)


def _csv(place):
    filters = oversight_reading.Filters.from_args(request.args)
    dashboard = oversight_reading.read(current_user, place, filters, utcnow(), everything=True)
    audit.record("dashboard.export", user=current_user, obj=place)
    return build_dashboard_csv(dashboard), {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{dashboard_file_name(place)}"'}


@bp.get("/dashboards")
def index():
    places = policy.dashboards(current_user)
    if not places:
        abort(404)
    if len(places) == 1:
        return redirect(place_url(places[0]))
    return render_template("oversight/index.html", places=places, place_url=place_url)


@bp.get("/authorities/<id:authority_id>/dashboard")
def authority(authority_id):
    place = _place_or_404(Authority, authority_id, "oversight.authority")
    return _page(place, "oversight.authority_csv", authority_id=authority_id)


@bp.get("/authorities/<id:authority_id>/dashboard.csv")
def authority_csv(authority_id):
    return _csv(_place_or_404(Authority, authority_id, "oversight.authority"))


@bp.get("/schools/<id:school_id>/dashboard")
def school(school_id):
    place = _place_or_404(School, school_id, "oversight.school")
    return _page(place, "oversight.school_csv", school_id=school_id)


@bp.get("/schools/<id:school_id>/dashboard.csv")
def school_csv(school_id):
    return _csv(_place_or_404(School, school_id, "oversight.school"))
