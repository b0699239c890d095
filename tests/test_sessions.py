"""Signing in and out, and everything that must end a session."""
import re

import pytest
from sqlalchemy import select

from conftest import PASSWORD, make_user
from school_plans.extensions import db as _db
from school_plans.models import AuditEvent, Membership


def audit_actions():
    return [e.action for e in _db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_sign_in_with_right_password_opens_the_children_page(client, db):
    make_user("Kim Teacher", email="kim@example.org")
    response = client.sign_in("kim@example.org")
    assert response.status_code == 302
    assert response.location == "/children/"
    page = client.get("/children/")
    assert page.status_code == 200
    assert "Kim Teacher" in page.text  # the signed-in name in the header
    assert "Sign out" in page.text


@pytest.mark.parametrize("email, password", [
    ("kim@example.org", "the wrong password"),
    ("nobody@example.org", PASSWORD),
    ("", ""),
])
def test_failed_sign_in_gives_one_generic_message_and_keeps_email(client, db, email, password):
    make_user("Kim Teacher", email="kim@example.org")
    response = client.sign_in(email, password)
    assert response.status_code == 200
    if email:
        assert "Enter a correct email address and password" in response.text
        assert f'value="{email}"' in response.text
        assert "auth.sign_in_failed" in audit_actions()
    assert client.get("/children/").status_code == 302


def test_sign_in_is_case_insensitive_on_email(client, db):
    make_user("Kim Teacher", email="kim@example.org")
    assert client.sign_in("KIM@Example.org").status_code == 302


def test_disabled_account_cannot_sign_in(client, db):
    user = make_user("Kim Teacher", email="kim@example.org")
    user.disabled_at = user.created_at
    _db.session.commit()
    response = client.sign_in("kim@example.org")
    assert "Enter a correct email address and password" in response.text


def test_session_is_rotated_at_sign_in(client, db):
    make_user("Kim Teacher", email="kim@example.org")
    client.get("/sign-in")
    before = client.raw.get_cookie("school_plans_session").value
    client.sign_in("kim@example.org")
    after = client.raw.get_cookie("school_plans_session").value
    assert before != after
    # The pre-sign-in cookie gives no access.
    stale = type(client)(client.app)
    stale.raw.set_cookie("school_plans_session", before)
    assert stale.get("/children/").status_code == 302


def test_cookie_saved_before_sign_out_no_longer_works(client, db):
    make_user("Kim Teacher", email="kim@example.org")
    client.sign_in("kim@example.org")
    saved = client.raw.get_cookie("school_plans_session").value
    assert client.post("/sign-out").status_code == 302
    assert client.get("/children/").status_code == 302
    replay = type(client)(client.app)
    replay.raw.set_cookie("school_plans_session", saved)
    assert replay.get("/children/").status_code == 302


def test_password_change_ends_every_session_and_starts_a_fresh_one_here(make_client, db):
    user = make_user("Kim Teacher", email="kim@example.org")
    here, elsewhere = make_client(user), make_client(user)
    copied = here.raw.get_cookie("school_plans_session").value
    response = here.post("/account/password", {"current_password": PASSWORD, "password": "a new long passphrase",
                                               "password_confirm": "a new long passphrase"})
    assert response.status_code == 302
    assert here.raw.get_cookie("school_plans_session").value != copied
    assert "Your password has been changed" in here.get(response.location).text   # still signed in
    assert elsewhere.get("/children/").status_code == 302
    replay = type(here)(here.app)
    replay.raw.set_cookie("school_plans_session", copied)
    assert replay.get("/children/").status_code == 302
    assert make_client().sign_in("kim@example.org", "a new long passphrase").status_code == 302


def test_password_change_with_wrong_current_password_says_so(make_client, db):
    user = make_user("Kim Teacher", email="kim@example.org")
    client = make_client(user)
    response = client.post("/account/password", {"current_password": "not it at all!",
                                                 "password": "a new long passphrase",
                                                 "password_confirm": "a new long passphrase"})
    assert response.status_code == 200
    assert "Your current password is not correct" in response.text


@pytest.mark.parametrize("new, message", [
    ("short one", "at least 12 characters"),
    ("password1234", "too common"),
    ("sunshine2024!!", "too common"),
    ("aaaaaaaaaaaaaaaa", "too common"),
])
def test_weak_new_passwords_are_refused_with_a_reason(make_client, db, new, message):
    client = make_client(make_user("Kim Teacher", email="kim@example.org"))
    response = client.post("/account/password",
                           {"current_password": PASSWORD, "password": new, "password_confirm": new})
    assert response.status_code == 200
    assert message in response.text


def test_long_password_without_symbols_or_digits_is_accepted(make_client, db):
    client = make_client(make_user("Kim Teacher", email="kim@example.org"))
    new = "purple elephants skate quietly"
    response = client.post("/account/password",
                           {"current_password": PASSWORD, "password": new, "password_confirm": new})
    assert response.status_code == 302


def test_disabling_an_account_ends_its_sessions(make_client, world):
    parent = make_client(world.user("parent_carer"))
    admin = make_client(world.user("admin"))
    assert admin.post(f"/admin/accounts/{world.user('parent_carer').id}/disable").status_code == 302
    assert parent.get("/children/").status_code == 302


def test_removal_from_network_ends_access_on_next_request(make_client, world):
    parent = make_client(world.user("parent_carer"))
    url = f"/children/{world.child.id}"
    assert parent.get(url).status_code == 200
    dt = make_client(world.user("designated_teacher"))
    membership_id = world.memberships["parent_carer"].id
    assert dt.post(f"{url}/network/{membership_id}/remove").status_code == 302
    assert parent.get(url).status_code == 404
    assert "Sam" not in parent.get("/children/").text
    assert _db.session.get(Membership, membership_id) is None


def test_passwords_are_hashed_with_argon2id(db):
    from argon2 import PasswordHasher

    from school_plans import passwords
    assert passwords.hash_password("whatever it is here").startswith("$argon2id$")
    assert PasswordHasher().hash("x").startswith("$argon2id$")  # the library default we rely on


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "javascript:alert(1)",
                                    "https://evil.example/", "/\r\nevil.example", "\\\\evil.example"])
def test_next_only_goes_to_local_paths(client, db, target):
    make_user("Kim Teacher", email="kim@example.org")
    response = client.post("/sign-in", {"email": "kim@example.org", "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response.location == "/children/"


def test_next_to_a_local_page_is_followed(client, world):
    response = client.post("/sign-in", {"email": "designated_teacher@example.org", "password": PASSWORD,
                                        "next": f"/children/{world.child.id}"})
    assert response.location == f"/children/{world.child.id}"


def test_signed_out_visit_remembers_where_you_were_going(client, world):
    response = client.get(f"/children/{world.child.id}")
    assert response.status_code == 302
    assert response.location.startswith("/sign-in?next=")


def test_session_cookie_flags(client, db):
    make_user("Kim Teacher", email="kim@example.org")
    response = client.sign_in("kim@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_cookie_is_secure_outside_development(monkeypatch, tmp_path):
    from school_plans import create_app
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    monkeypatch.setenv("SCHOOL_PLANS_ENV", "production")
    assert create_app().config["SESSION_COOKIE_SECURE"] is True


def test_app_refuses_to_start_without_secret_key_outside_development(monkeypatch, tmp_path):
    from school_plans import create_app
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    monkeypatch.setenv("SCHOOL_PLANS_ENV", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_development_generates_a_secret_once_and_keeps_it(monkeypatch, tmp_path):
    from flask import Flask

    from school_plans import config
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SCHOOL_PLANS_ENV", "development")
    first, second = Flask("a", instance_path=str(tmp_path)), Flask("b", instance_path=str(tmp_path))
    config.load(first)
    config.load(second)
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 32
    assert first.config["SESSION_COOKIE_SECURE"] is False


def test_database_url_from_environment(monkeypatch, tmp_path):
    from flask import Flask

    from school_plans import config
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example:5432/plans")
    app = Flask("a", instance_path=str(tmp_path))
    config.load(app)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example:5432/plans"
    monkeypatch.delenv("DATABASE_URL")
    config.load(app)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/school_plans.db"


def test_sign_in_and_out_are_audited(client, db):
    make_user("Kim Teacher", email="kim@example.org")
    client.sign_in("kim@example.org")
    client.post("/sign-out")
    assert audit_actions()[-2:] == ["auth.sign_in", "auth.sign_out"]


def test_signing_in_again_ends_the_previous_session(client, db):
    make_user("Kim Teacher", email="kim@example.org")
    client.sign_in("kim@example.org")
    earlier = client.raw.get_cookie("school_plans_session").value
    client.sign_in("kim@example.org")
    replay = type(client)(client.app)
    replay.raw.set_cookie("school_plans_session", earlier)
    assert replay.get("/children/").status_code == 302
    assert client.get("/children/").status_code == 200


def test_repeated_failures_pause_sign_in_for_that_account_and_say_for_how_long(client, db, monkeypatch):
    from datetime import timedelta

    from school_plans.models.types import utcnow
    from school_plans.services import throttle
    make_user("Kim Teacher", email="kim@example.org")
    for _ in range(throttle.PER_ACCOUNT - 1):
        assert "Enter a correct email address and password" in client.sign_in("kim@example.org", "a wrong guess").text
    response = client.sign_in("KIM@example.org", "a wrong guess")   # the 10th failure starts the pause
    assert PAUSED_FOR_15 in response.text and "Enter a correct email address and password" not in response.text
    response = client.sign_in("kim@example.org")
    assert response.status_code == 200  # even the right password waits
    assert PAUSED_FOR_15 in response.text and 'value="kim@example.org"' in response.text
    assert audit_actions().count("auth.sign_in_failed") == throttle.PER_ACCOUNT + 1   # a paused try counts
    in_14 = utcnow() + timedelta(minutes=1, seconds=30)
    monkeypatch.setattr(throttle, "utcnow", lambda: in_14)
    assert "Try again in 14 minutes." in client.sign_in("kim@example.org").text
    later = utcnow() + throttle.WINDOW + timedelta(minutes=2)
    monkeypatch.setattr(throttle, "utcnow", lambda: later)
    assert client.sign_in("kim@example.org").status_code == 302


PAUSED_FOR_15 = ("Signing in with this email address is paused because too many attempts failed. "
                 "Try again in 15 minutes.")


def test_a_pause_looks_the_same_for_an_address_without_an_account(make_client, db):
    from school_plans.services import throttle
    make_user("Kim Teacher", email="kim@example.org")
    pages = {}
    for email in ("kim@example.org", "nobody@example.org"):
        client = make_client()
        for _ in range(throttle.PER_ACCOUNT):
            client.sign_in(email, "a wrong guess")
        pages[email] = client.sign_in(email).text
    assert PAUSED_FOR_15 in pages["nobody@example.org"]
    without_tokens = {email: re.sub(r'name="csrf_token" value="[^"]+"', "", page).replace(email, "EMAIL")
                      for email, page in pages.items()}
    assert without_tokens["kim@example.org"] == without_tokens["nobody@example.org"]


def test_one_minute_left_is_said_in_the_singular(client, db, monkeypatch):
    from datetime import timedelta

    from school_plans.models.types import utcnow
    from school_plans.services import throttle
    for _ in range(throttle.PER_ACCOUNT):
        client.sign_in("nobody@example.org", "a wrong guess")
    nearly = utcnow() + throttle.WINDOW - timedelta(seconds=20)
    monkeypatch.setattr(throttle, "utcnow", lambda: nearly)
    assert "Try again in 1 minute." in client.sign_in("nobody@example.org").text


def test_many_failures_from_one_address_pause_sign_in_there(client, db, monkeypatch):
    from school_plans.services import throttle
    monkeypatch.setattr(throttle, "PER_ADDRESS", 3)
    make_user("Kim Teacher", email="kim@example.org")
    for n in range(3):
        client.sign_in(f"guess{n}@example.org", "a wrong guess again")
    response = client.sign_in("kim@example.org")
    assert response.status_code == 200
    assert "Signing in from your network is paused because too many attempts failed. " \
           "Try again in 15 minutes." in response.text
