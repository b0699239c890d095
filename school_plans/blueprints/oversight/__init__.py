from flask import Blueprint
from flask_login import login_required

bp = Blueprint("oversight", __name__)


@bp.before_request
@login_required
def _signed_in_only():
    """Dashboards are about children: signed-in people only."""


from . import views  # noqa: E402,F401  (routes register on import)
