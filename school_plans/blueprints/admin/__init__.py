from flask import Blueprint
from flask_login import current_user, login_required

from ... import policy

bp = Blueprint("admin", __name__)


@bp.before_request
@login_required
def _site_admins_only():
    policy.require(current_user, "admin.manage")


from . import authority_views, views  # noqa: E402,F401  (routes register on import)
