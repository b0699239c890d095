"""The photo on the one-page card: only if the family chooses to add one; stored small, without where and when it
was taken; on the card for everyone in the network, on screen and in Word, which stays one page."""
import html
from io import BytesIO

import pytest
from docx import Document
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart
from test_card import overfill, pages_of

from conftest import make_plan
from school_plans.extensions import db as _db
from school_plans.models import AuditEvent, ChildPhoto

GPS_IFD, GPS_LATITUDE = 0x8825, 2


def phone_photo(size=(3000, 2000), fmt="JPEG") -> bytes:
    """A photo as a phone takes it: large, with where it was taken in its EXIF data."""
    image = Image.effect_noise(size, 60).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"   # the camera
    exif.get_ifd(GPS_IFD)[GPS_LATITUDE] = (51.0, 30.0, 12.5)
    out = BytesIO()
    image.save(out, fmt, exif=exif.tobytes(), quality=95)
    return out.getvalue()


def upload(client, child, data, name="photo.jpg"):
    """Send the file as a browser does (encoded here in memory: the test client would keep a large one in a
    temporary file it never closes)."""
    boundary, body = encode_multipart({"csrf_token": client.csrf_token(),
                                       "photo": FileStorage(BytesIO(data), filename=name)})
    return client._request("POST", f"/children/{child.id}/photo/edit", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}",
                           headers={"Sec-Fetch-Site": "same-origin"})


@pytest.fixture()
def carer(world, make_client):
    return make_client(world.user("parent_carer"))


def test_the_family_adds_a_photo_from_a_phone_and_nothing_of_where_it_was_taken_is_kept(world, carer):
    data = phone_photo()
    assert len(data) > 512 * 1024   # larger than anything else anyone sends
    assert Image.open(BytesIO(data)).getexif().get_ifd(GPS_IFD)   # it did say where
    assert upload(carer, world.child, data).status_code == 302
    stored = _db.session.get(ChildPhoto, world.child.id)
    image = Image.open(BytesIO(stored.content))
    assert image.format == "JPEG" and max(image.size) == 600 and len(stored.content) < 200_000
    assert not image.getexif() and "exif" not in image.info
    assert "child.photo_add" in _db.session.scalars(select(AuditEvent.action)).all()


def test_what_is_not_a_photo_is_refused_beside_the_field(world, carer):
    refused = html.unescape(upload(carer, world.child, b"%PDF-1.4 not a photo", "plan.pdf").text)
    assert "The file must be a photo (JPG or PNG)" in refused and 'id="photo-error"' in refused
    none = html.unescape(carer.post(f"/children/{world.child.id}/photo/edit", {}).text)
    assert "Choose a photo" in none and "<title>Error:" in none
    assert _db.session.get(ChildPhoto, world.child.id) is None


def test_only_the_family_adds_or_removes_it(world, carer, make_client):
    for role in ("designated_teacher", "school_staff", "social_worker", "virtual_school"):
        client = make_client(world.user(role))
        assert upload(client, world.child, phone_photo((200, 200))).status_code == 403
        assert client.post(f"/children/{world.child.id}/photo/remove").status_code == 403
    assert upload(make_client(world.user("other_network")), world.child, phone_photo((200, 200))).status_code == 404
    assert _db.session.get(ChildPhoto, world.child.id) is None
    assert "Photo for the one-page card" in carer.get(f"/children/{world.child.id}").text
    assert "Photo for the one-page card" not in make_client(world.user("designated_teacher")).get(
        f"/children/{world.child.id}").text


def test_everyone_in_the_network_sees_it_on_the_card_and_the_family_can_take_it_away(world, carer, make_client):
    plan = make_plan(world.child, world.user("designated_teacher"))
    upload(carer, world.child, phone_photo((800, 1200)))
    staff = make_client(world.user("school_staff"))
    assert f'src="/children/{world.child.id}/photo"' in staff.get(f"/plans/{plan.id}/card").text
    photo = staff.get(f"/children/{world.child.id}/photo")
    assert photo.status_code == 200 and photo.headers["Content-Type"] == "image/jpeg"
    assert photo.headers["Cache-Control"] == "no-store"
    assert make_client(world.user("other_network")).get(f"/children/{world.child.id}/photo").status_code == 404
    document = Document(BytesIO(staff.get(f"/plans/{plan.id}/card/download").data))
    assert len(document.inline_shapes) == 1
    assert carer.post(f"/children/{world.child.id}/photo/remove").status_code == 302
    assert "/photo" not in staff.get(f"/plans/{plan.id}/card").text
    assert staff.get(f"/children/{world.child.id}/photo").status_code == 404
    assert len(Document(BytesIO(staff.get(f"/plans/{plan.id}/card/download").data)).inline_shapes) == 0


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_card_with_a_photo_and_far_more_than_fits_is_still_one_page(world, carer, make_client, tmp_path, language):
    plan = make_plan(world.child, world.user("designated_teacher"))
    overfill(plan, world.user("designated_teacher"))
    upload(carer, world.child, phone_photo((1200, 1600)))
    data = make_client(world.user("designated_teacher")).get(
        f"/plans/{plan.id}/card/download?language={language}").data
    assert pages_of(data, tmp_path, f"photo-{language}") == 1


def test_a_file_larger_than_a_phone_photo_gets_the_too_long_page(world, carer):
    response = upload(carer, world.child, b"\xff\xd8\xff" + b"0" * (13 * 1024 * 1024))
    assert response.status_code == 413 and "What you sent is too long" in html.unescape(response.text)
    assert _db.session.get(ChildPhoto, world.child.id) is None
