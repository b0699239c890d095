"""Headers, CSRF, error pages, oversized input and the text rules."""
import pytest
from sqlalchemy import select

from conftest import make_user
from school_plans import text
from school_plans.extensions import db as _db
from school_plans.models import Child, School


def assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


@pytest.mark.parametrize("url, status", [("/sign-in", 200), ("/no-such-page", 404), ("/children/", 302),
                                         ("/static/css/app.css", 200)])
def test_security_headers_on_every_response(client, db, url, status):
    response = client.get(url)
    response.close()
    assert response.status_code == status
    assert_security_headers(response)


def test_pages_are_not_stored_by_browsers(client, db):
    assert client.get("/sign-in").headers["Cache-Control"] == "no-store"


def test_no_inline_script_in_pages(make_client, world):
    page = make_client(world.user("designated_teacher")).get(f"/children/{world.child.id}").text
    assert "<script>" not in page
    assert 'src="/static/js/app.js"' in page
    assert " style=" not in page


def test_error_pages_use_the_layout_without_stack_traces(make_client, world):
    staff = make_client(world.user("school_staff"))
    forbidden = staff.get(f"/children/{world.child.id}/edit")
    assert forbidden.status_code == 403
    assert "You cannot do that" in forbidden.text
    assert "govuk-generic-header" in forbidden.text and 'id="main-content"' in forbidden.text
    missing = staff.get("/children/99999")
    assert missing.status_code == 404 and "Page not found" in missing.text
    assert_security_headers(missing)


def test_server_error_page_has_no_traceback(app, client, db, monkeypatch):
    from school_plans.blueprints.auth import views

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "render_template", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.get("/sign-in")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert_security_headers(response)


def test_bad_request_page(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    member = world.memberships["school_staff"]
    response = dt.post(f"/children/{world.child.id}/network/{member.id}/role", {"role": "head_of_universe"})
    assert response.status_code == 400
    assert "Something was wrong with that request" in response.text


def test_post_without_csrf_token_is_refused_but_keeps_what_was_typed(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    response = dt.post(f"/children/{world.child.id}/edit",
                       {"preferred_name": "Typed with care 💙", "year_group": "3"}, csrf=False)
    assert response.status_code == 400
    assert "Your changes have not been saved yet" in response.text
    assert 'name="preferred_name" value="Typed with care 💙"' in response.text
    assert 'name="csrf_token"' in response.text  # a fresh token to send it again
    _db.session.expire_all()
    assert _db.session.get(Child, world.child.id).preferred_name == "Sam"
    assert_security_headers(response)


@pytest.mark.parametrize("site", ["cross-site", "same-site", None])
def test_cross_site_post_is_refused_without_offering_the_form_back(make_client, world, site):
    dt = make_client(world.user("designated_teacher"))
    response = dt.post("/admin/accounts/new", {"email": "evil@example.org", "name": "Evil", "is_admin": "y"},
                       csrf=False, site=site)
    assert response.status_code == 400
    assert "evil@example.org" not in response.text and "Send again" not in response.text
    anonymous = make_client()
    response = anonymous.post(f"/children/{world.child.id}/edit", {"preferred_name": "Planted"},
                              site=site)
    assert "Planted" not in response.text


def test_origin_header_counts_as_same_origin_for_older_browsers(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    response = dt.post(f"/children/{world.child.id}/edit", {"preferred_name": "Kept"}, csrf=False, site=None,
                       headers={"Origin": "http://localhost"})
    assert 'value="Kept"' in response.text


def test_wrong_csrf_token_is_refused(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    response = dt.post("/children/new", {"preferred_name": "Kai", "csrf_token": "forged"})
    assert response.status_code == 400
    assert _db.session.scalar(select(Child).where(Child.preferred_name == "Kai")) is None


def test_sign_out_needs_csrf(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    assert dt.post("/sign-out", csrf=False).status_code == 400
    assert dt.get("/children/").status_code == 200


def test_get_never_signs_out_or_changes_anything(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    assert dt.get("/sign-out").status_code == 405
    assert dt.get("/children/").status_code == 200


def test_signed_out_post_keeps_the_text_through_sign_in(make_client, world):
    anonymous = make_client()
    url = f"/children/{world.child.id}/edit"
    response = anonymous.post(url, {"preferred_name": "Kept for later", "year_group": "4"})
    assert response.status_code == 401
    assert 'name="carry.preferred_name" value="Kept for later"' in response.text
    response = anonymous.post("/sign-in", {"email": "designated_teacher@example.org",
                                           "password": "a perfectly fine password", "next": url,
                                           "carry.preferred_name": "Kept for later"})
    assert response.status_code == 200
    assert f'action="{url}"' in response.text
    assert 'name="preferred_name" value="Kept for later"' in response.text


def test_passwords_are_never_carried_or_echoed(make_client, world):
    anonymous = make_client()
    response = anonymous.post("/account/password", {"current_password": "my old secret pw",
                                                    "password": "my new secret pw",
                                                    "password_confirm": "my new secret pw"})
    assert "secret pw" not in response.text


def test_oversized_body_gets_a_friendly_413(app, make_client, world):
    dt = make_client(world.user("designated_teacher"))
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = dt.post(f"/children/{world.child.id}/edit", {"preferred_name": big})
    assert response.status_code == 413
    assert "What you sent is too long" in response.text
    assert_security_headers(response)


def test_an_oversized_body_sent_to_an_address_that_does_not_exist_is_refused_not_an_error(app, make_client, world):
    dt = make_client(world.user("designated_teacher"))
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = dt.post("/no-such-page", {"text": big})
    assert response.status_code == 404 and "Page not found" in response.text and big[:100] not in response.text
    assert_security_headers(response)


@pytest.mark.parametrize("raw, stored", [
    ("A\x00B", "AB"),
    ("tab\tand\nnewline\r\n", "tab\tand\nnewline\n"),
    ("old mac\rline ends", "old mac\nline ends"),
    ("bell\x07 esc\x1b formfeed\x0c", "bell esc formfeed"),
    ("soft\x0bbreak", "soft\nbreak"),
    ("lone \ud800 surrogate", "lone  surrogate"),
    ("emoji 👩🏽‍🏫 and עברית and العربية", "emoji 👩🏽‍🏫 and עברית and العربية"),
    ("\ufffe\uffff", ""),
])
def test_text_cleaning(raw, stored):
    assert text.clean(raw) == stored


def test_control_characters_are_stripped_on_the_way_in(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    fields = {"preferred_name": "Ka\x00i\x07", "legal_name": "Kai\x1b Example", "date_of_birth-day": "3",
              "date_of_birth-month": "9", "date_of_birth-year": "2017", "year_group": "3",
              "care_status": "other"}
    assert dt.post("/children/new", fields).status_code == 302
    child = _db.session.scalar(select(Child).where(Child.preferred_name == "Kai"))
    assert child is not None and child.legal_name == "Kai Example"


def test_emoji_and_right_to_left_text_round_trip(make_client, world):
    admin = make_client(world.user("admin"))
    name = "مدرسة النور 🌟 School"
    assert admin.post("/admin/schools/new", {"name": name}).status_code == 302
    school = _db.session.scalar(select(School).where(School.name == name))
    assert school is not None
    assert name in admin.get(f"/admin/schools/{school.id}").text


def test_account_user_never_appears_in_urls(make_client, world):
    """Child names never go in a URL: links use ids."""
    page = make_client(world.user("designated_teacher")).get("/children/").text
    assert f'href="/children/{world.child.id}"' in page
    assert "/Sam" not in page


def test_welsh_user_with_accept_language_gets_the_sign_in_page_in_welsh(client, db):
    response = client.get("/sign-in", headers={"Accept-Language": "cy,en;q=0.5"})
    assert 'lang="cy"' in response.text
    assert "Mewngofnodi" in response.text
    assert "Sign in to read and write" not in response.text


def test_english_is_the_default_language(client, db):
    response = client.get("/sign-in", headers={"Accept-Language": "fr"})
    assert 'lang="en-GB"' in response.text and "Sign in" in response.text


def test_make_user_helper_is_not_an_admin(db):
    assert make_user("Plain Person").is_admin is False


@pytest.mark.parametrize("path", ["/children/99999999999999999999", "/children/2147483648",
                                  "/children/0", "/children/-1", "/admin/accounts/99999999999999999999"])
def test_out_of_range_ids_are_not_found(make_client, world, path):
    assert make_client(world.user("admin")).get(path).status_code == 404


def test_one_message_for_one_date_mistake_and_links_to_real_controls(make_client, world):
    dt = make_client(world.user("designated_teacher"))
    text = dt.post("/children/new", {"preferred_name": "Kai", "date_of_birth-day": "3",
                                     "date_of_birth-year": "2017"}).text
    assert "Date of birth must include a month" in text
    assert "Enter the child's date of birth" not in text
    assert "Select the child's year group" in text and "Not a valid choice" not in text
    assert 'href="#care_status-0"' in text and 'id="care_status-0"' in text
    assert 'href="#date_of_birth-day"' in text and 'id="date_of_birth-day"' in text
