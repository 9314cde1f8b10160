"""Password hashing (argon2 through pwdlib) and the password rules."""

import threading

from pwdlib import PasswordHash

from app.errors import InvalidInput
from app.i18n import _

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024

# Among the most used passwords that are long enough to pass the length rule (a few Dutch ones
# too); compared without regard to case.
COMMON_PASSWORDS = frozenset(
    {
        "0987654321",
        "1234567890",
        "123456789a",
        "1q2w3e4r5t",
        "1qaz2wsx3edc",
        "a123456789",
        "geheim1234",
        "gemeente123",
        "iloveyou123",
        "levend1234",
        "password123",
        "password123!",
        "password1234",
        "qwerty1234",
        "qwerty123456",
        "qwertyuiop",
        "voetbal123",
        "wachtwoord",
        "wachtwoord1",
        "wachtwoord123",
        "welkom1234",
        "welkom12345",
    }
)
# A shorter local part ("fg@...") turns up in passwords by chance.
MIN_CHECKED_LOCAL_PART = 3

_hasher = PasswordHash.recommended()
# Verified when the e-mail address is unknown, so a wrong address costs the same time.
_DUMMY_HASH = _hasher.hash("levend-timing-equaliser")


# Each argon2 hash takes 64 MiB: at most two at a time, so a burst of logins cannot exhaust
# memory (eight at once reached 630 MB in the benchmark).
_hashing_slots = threading.BoundedSemaphore(2)


def check_password(password: str, email: str) -> None:
    """The rules a new password must follow: long enough, not the name in the person's e-mail
    address, and not one of the passwords everybody tries first."""
    _check_length(password)
    lowered = password.casefold()
    local_part = email.strip().split("@", 1)[0].casefold()
    if len(local_part) >= MIN_CHECKED_LOCAL_PART and local_part in lowered:
        raise InvalidInput(
            _("A password must not contain the part of the e-mail address before the @ (%(name)s).")
            % {"name": local_part}
        )
    if lowered in COMMON_PASSWORDS:
        raise InvalidInput(_("That password is one of the most used ones; choose another."))


def _check_length(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            _("A password needs at least %(n)d characters.") % {"n": MIN_PASSWORD_LENGTH}
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(_("That password is too long."))


def hash_password(password: str) -> str:
    _check_length(password)
    with _hashing_slots:
        return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    with _hashing_slots:
        valid = _hasher.verify(password, password_hash or _DUMMY_HASH)
    return bool(valid) and bool(password_hash)
