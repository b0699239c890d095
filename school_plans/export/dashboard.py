"""The oversight dashboard as CSV (bytes): the rows the reader's filters let through, with no plan text."""
import csv
from io import StringIO

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from .. import labels, times
from ..models import Authority
from ..oversight_reading import PLAN_STATUS_LABELS, TIMESCALE_LABELS
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _day(value) -> str:
    return format_date(value, "yyyy-MM-dd") if value else ""


def build_dashboard_csv(dashboard) -> bytes:
    """UTF-8 with a byte order mark, so that spreadsheets read names in any script."""
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow([_l("Child id"), _l("Name"), _l("School"), _l("Year group"), _l("Care status"),
                     _l("Plan status"), _l("Date agreed"), _l("Next review"), _l("Reviews"), _l("PEP this term"),
                     _l("PEP due by"), _l("Quality rating")])
    for row in dashboard.rows:
        writer.writerow([_cell(value) for value in (
            row.child_id, row.name, row.school, labels.year_group_label(row.year_group),
            labels.CARE_STATUS_LABELS.get(row.care_status, ""),
            PLAN_STATUS_LABELS[row.plan_status], _day(row.agreed_at and times.local(row.agreed_at)),
            _day(row.next_review and times.local(row.next_review)),
            TIMESCALE_LABELS[row.review.status] if row.review else "",
            TIMESCALE_LABELS[row.pep.status] if row.pep else "", _day(row.pep and row.pep.due),
            labels.RATING_LABELS.get(row.rating, ""))])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def dashboard_file_name(place) -> str:
    """Named by id, never by a name."""
    kind = "authority" if isinstance(place, Authority) else "school"
    return f"dashboard-{kind}-{place.id}.csv"
