"""Never lose a user's words: carry a refused form's fields through a resubmit page.

Used when a CSRF token no longer matches or the session ended while someone typed.
Passwords and tokens are never carried.
"""
from urllib.parse import urlsplit

from flask import render_template, request

PREFIX = "carry."


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


def from_sign_in(formdata) -> list[tuple[str, str]]:
    """The fields the sign-in page carried (as hidden `carry.*` inputs)."""
    return [(name.removeprefix(PREFIX), value) for name in formdata if name.startswith(PREFIX)
            for value in formdata.getlist(name)]


def resubmit_page(action: str, fields, status: int = 200, conflict: bool = False):
    """`conflict`: the form was refused because another save got in the way, not because time passed."""
    return render_template("resubmit.html", action=action, fields=fields, conflict=conflict), status
