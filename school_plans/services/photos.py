"""The photo on a child's one-page card: added and removed by the family (a parent or carer), never required.

What is uploaded is read as an image and written again as a small JPEG, so a photo taken on a phone keeps
nothing of where or when it was taken (its EXIF data) and the card stays small.
"""
from io import BytesIO

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select

from ..extensions import db
from ..models import Child, ChildPhoto, User
from ..models.types import utcnow
from . import audit

LONGEST_SIDE = 600     # pixels
LARGEST_UPLOAD = 12 * 1024 * 1024   # bytes: a photo straight from a phone
MOST_PIXELS = 50_000_000   # a larger picture is refused before it is decoded (a decompression bomb)


class PhotoError(ValueError):
    """A file that is not a photo we can use; the message is shown beside the field."""


def small_jpeg(data: bytes) -> bytes:
    """`data` (a JPEG, PNG or other image Pillow reads) as a JPEG of at most LONGEST_SIDE pixels, turned upright,
    without its metadata; PhotoError if it is not an image."""
    try:
        with Image.open(BytesIO(data)) as image:
            if image.width * image.height > MOST_PIXELS:
                raise PhotoError(_l("This photo is too large: choose a smaller one"))
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            out = BytesIO()
            image.save(out, "JPEG", quality=85, optimize=True)   # no exif= given: none is written
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        if isinstance(error, PhotoError):
            raise
        raise PhotoError(_l("The file must be a photo (JPG or PNG)")) from None


def set_photo(child: Child, by: User, data: bytes) -> ChildPhoto:
    content = small_jpeg(data)
    photo = db.session.get(ChildPhoto, child.id) or ChildPhoto(child_id=child.id)
    photo.content, photo.added_by_id, photo.added_at = content, by.id, utcnow()
    db.session.add(photo)
    db.session.flush()
    audit.record("child.photo_add", user=by, obj=child, child=child)
    return photo


def remove_photo(child: Child, by: User) -> None:
    photo = db.session.get(ChildPhoto, child.id)
    if photo is not None:
        db.session.delete(photo)
        db.session.flush()
        audit.record("child.photo_remove", user=by, obj=child, child=child)


def added_at(child: Child):
    """When the family added the child's photo (None: there is none), without reading the photo."""
    return db.session.scalar(select(ChildPhoto.added_at).where(ChildPhoto.child_id == child.id))


def photo_of(child: Child) -> bytes | None:
    return db.session.scalar(select(ChildPhoto.content).where(ChildPhoto.child_id == child.id))
