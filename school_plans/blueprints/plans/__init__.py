from flask import Blueprint
from flask_login import login_required

bp = Blueprint("plans", __name__)


@bp.before_request
@login_required
def _signed_in_only():
    """Plans are about children: signed-in people only."""


from . import (  # noqa: E402,F401  (routes register on import)
    agreement_views,
    card_views,
    discussion_views,
    history_views,
    quality_views,
    section_views,
    suggestion_views,
    views,
)
