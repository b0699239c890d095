"""Never lose a user's words: carry a refused form's fields through a resubmit page.

Used when a CSRF token no longer matches or the session ended while someone typed.
Passwords and tokens are never carried.
"""
from flask import render_template


def carried_fields(formdata) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name in formdata
        if name != "csrf_token" and "password" not in name and not name.startswith("carry.")
        for value in formdata.getlist(name)
    ]


def resubmit_page(action: str, fields, status: int = 200):
    return render_template("resubmit.html", action=action, fields=fields), status
