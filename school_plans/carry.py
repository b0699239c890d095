"""Never lose a user's words: carry a refused form's fields through a resubmit page.

Used when a CSRF token no longer matches or the session ended while someone typed.
Passwords and tokens are never carried.

Every other field is carried, but the resubmit page shows only what people typed in text
boxes: our pages' hidden inputs, buttons and choices (radios, checkboxes, selects) hold codes
such as a version number or "save". They are named in NOT_TYPED; a field in a row or group
("rows-0-role") goes by its last part. tests/test_security.py checks every such control
of our forms and templates is named here.
"""
from urllib.parse import urlsplit

from flask import render_template, request

PREFIX = "carry."

NOT_TYPED = frozenset({
    "version", "next", "seen", "done", "action",                      # hidden inputs and buttons
    "audience", "suggestion", "template", "care_status", "role", "kind", "agreed",   # choices
    "year_group", "school_id", "members", "named", "welcome",
    "adults", "safe_spaces", "triggers", "helps", "avoid", "hard_days",                 # the card's choices
    "how",                                                                              # emails about news
    "owner_id",                                                                         # a review action's owner
    "authority_id", "country", "responsible_authority_id",                              # authorities
    "verdict", "rating",                                                                # a quality review
    "school", "year", "status", "overdue", "sort",                                      # the dashboard's filters
    "language", "time_zone", "is_admin", "comments", "replace_later", "area", "use", "old", "new", "another",
})


def same_origin() -> bool:
    """Did this POST come from one of our own pages? Browsers say so in these headers.

    Only then is a refused form offered back: a cross-site POST must never be turned
    into a form with a fresh token that the victim is invited to send.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin")
    return origin is not None and urlsplit(origin).netloc == request.host


def carried_fields(formdata) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name in formdata
        if name != "csrf_token" and "password" not in name and not name.startswith(PREFIX)
        for value in formdata.getlist(name)
    ]


def typed(fields) -> list[str]:
    """The values worth showing back: those of text boxes, not of hidden inputs, buttons or choices."""
    return [value for name, value in fields if value and name.rpartition("-")[2] not in NOT_TYPED]


def from_sign_in(formdata) -> list[tuple[str, str]]:
    """The fields the sign-in page carried (as hidden `carry.*` inputs)."""
    return [(name.removeprefix(PREFIX), value) for name in formdata if name.startswith(PREFIX)
            for value in formdata.getlist(name)]


def resubmit_page(action: str, fields, status: int = 200, conflict: bool = False):
    """`conflict`: the form was refused because another save got in the way, not because time passed."""
    return render_template("resubmit.html", action=action, fields=fields, typed=typed(fields),
                           conflict=conflict), status
