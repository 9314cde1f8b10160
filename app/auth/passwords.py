"""Password hashing (argon2 through pwdlib) and the password rule."""

import threading

from pwdlib import PasswordHash

from app.errors import InvalidInput
from app.i18n import _

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024

_hasher = PasswordHash.recommended()
# Verified when the e-mail address is unknown, so a wrong address costs the same time.
_DUMMY_HASH = _hasher.hash("levend-timing-equaliser")


# Each argon2 hash takes 64 MiB: at most two at a time, so a burst of logins cannot exhaust
# memory (eight at once reached 630 MB in the benchmark).
_hashing_slots = threading.BoundedSemaphore(2)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            _("A password needs at least %(n)d characters.") % {"n": MIN_PASSWORD_LENGTH}
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(_("That password is too long."))
    with _hashing_slots:
        return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    with _hashing_slots:
        valid = _hasher.verify(password, password_hash or _DUMMY_HASH)
    return bool(valid) and bool(password_hash)
