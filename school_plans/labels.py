"""Translatable labels for the stored codes of roles, care statuses and year groups."""
from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "designated_teacher": _l("Designated teacher"),
    "school_staff": _l("School staff"),
    "parent_carer": _l("Parent or carer"),
    "social_worker": _l("Social worker"),
    "virtual_school": _l("Virtual school"),
}

CARE_STATUS_LABELS = {
    "looked_after": _l("Looked after"),
    "previously_looked_after": _l("Previously looked after"),
    "kinship": _l("Kinship care or special guardianship"),
    "other": _l("Other"),
}


def year_group_label(code: int):
    if code == -1:
        return _l("Nursery")
    if code == 0:
        return _l("Reception")
    return _l("Year %(n)d", n=code)

REVIEW_KIND_LABELS = {
    "cla_review": _l("CLA review"),
    "pep_meeting": _l("PEP meeting"),
    "ehcp_review": _l("EHCP annual review"),
    "other": _l("Other review"),
}

TERM_LABELS = {
    "autumn": _l("autumn term"),
    "spring": _l("spring term"),
    "summer": _l("summer term"),
}
