"""Per-request plumbing: one commit per request, security headers, template helpers."""
from flask import make_response, request
from flask_babel import format_date
from flask_login import current_user
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError

from . import audiences, errors, forms, i18n, labels, plan_templates, policy, read_audit, text
from .extensions import db
from .plan_reading import STATUS_LABELS
from .services import notifications

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def _finish_transaction(response):
    """The one place that commits: after a view succeeded. Anything else rolls back. A commit the database
    refuses (a deadlock found at the end, the database gone) answers as the error would have in the view.
    A page that only read hands its audit rows to their writer now that it has succeeded."""
    if response.status_code >= 400:
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except (DBAPIError, StaleDataError) as error:
        return _security_headers(make_response(errors.database_error(error)))
    read_audit.hand_over()
    return response


def _security_headers(response):
    headers = response.headers
    headers["Content-Security-Policy"] = CSP
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.endpoint != "static":
        # Pages are about children: no browser or proxy keeps a copy.
        headers["Cache-Control"] = "no-store"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


def _template_helpers():
    return {
        "can": policy.can,
        "current_user": current_user,
        "current_locale": i18n.language_tag(),
        "current_language": i18n.language_code(),
        "language_names": i18n.offered(),
        "role_labels": labels.ROLE_LABELS,
        "audience_tags": audiences.TAGS,
        "audience_labels": audiences.LABELS,
        "audience_hints": audiences.HINTS,
        "care_status_labels": labels.CARE_STATUS_LABELS,
        "year_group_label": labels.year_group_label,
        "status_labels": STATUS_LABELS,
        "review_kind_labels": labels.REVIEW_KIND_LABELS,
        "term_labels": labels.TERM_LABELS,
        "country_labels": labels.COUNTRY_LABELS,
        "staff_role_labels": labels.STAFF_ROLE_LABELS,
        "unread_notifications": lambda: notifications.unread_count(current_user),
        "reads_care_status": lambda child: policy.reads_care_status(current_user, child),
    }


def _format_date_long(value):
    return format_date(value, "long") if value else ""


def _format_datetime_short(value):
    """A moment in the user's time zone: "3 March 2027, 14:05"."""
    return i18n.moment(value) if value else ""


def register(app) -> None:
    app.add_template_filter(_format_date_long, "format_date_long")
    app.add_template_filter(_format_datetime_short, "format_datetime_short")
    app.add_template_filter(plan_templates.translated, "translated")
    app.add_template_global(forms.error_links, "error_links")  # used inside imported macros
    app.add_template_global(i18n.direction, "text_direction")
    app.add_template_global(i18n.written_in, "written_in")
    app.add_template_filter(i18n.listing, "listing")
    app.add_template_filter(text.bdi, "bdi")   # a name or title shown inside a sentence
    app.add_template_filter(text.without_bidi_controls, "without_bidi_controls")
    app.after_request(_finish_transaction)
    app.after_request(_security_headers)
    app.context_processor(_template_helpers)
