"""argon2id hashing and the password rules: length and a deny list, no composition rules."""
from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 256
_hasher = PasswordHasher()  # argon2id with the library's recommended parameters
# Verified against when the email is unknown, so a failed sign-in takes the same time.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@cache
def _common() -> frozenset[str]:
    text = files("school_plans").joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _is_common(password: str) -> bool:
    lowered = password.lower()
    if lowered in _common() or len(set(lowered)) <= 2:
        return True
    # A common word padded with digits or symbols ("sunshine2024!!") is still common.
    core = lowered.strip("0123456789!@#$%^&*()-_=+.?~ ")
    return core in _common() or core == ""


def problems(password: str, email: str = "") -> list:
    """Messages for what is wrong with a new password (empty when it is fine)."""
    if len(password) < MIN_LENGTH:
        return [_l("Password must be at least %(n)d characters long.", n=MIN_LENGTH)]
    if len(password) > MAX_LENGTH:
        return [_l("Password must be %(n)d characters or fewer.", n=MAX_LENGTH)]
    if _is_common(password) or (email and password.lower() == email.lower()):
        return [_l("This password is too common and easy to guess. Try a few unrelated words together.")]
    return []
