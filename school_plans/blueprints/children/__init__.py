from flask import Blueprint
from flask_login import login_required

bp = Blueprint("children", __name__, url_prefix="/children")


@bp.before_request
@login_required
def _signed_in_only():
    """Every page here is about a child: signed-in people only."""


from . import network_views, photo_views, story_views, views  # noqa: E402,F401  (routes register on import)
