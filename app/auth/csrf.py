"""CSRF protection for everything authenticated by the session cookie: a random token kept in
the signed session, echoed by every form (field) and every HTMX request (header)."""

import hmac
import secrets

from fastapi import Request

from app.errors import PermissionDenied
from app.i18n import _

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token(request: Request) -> str:
    token = request.session.get(FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[FIELD] = token
    return token


def check_csrf(request: Request, sent: str | None) -> None:
    expected = request.session.get(FIELD)
    if not isinstance(expected, str) or not sent or not hmac.compare_digest(expected, sent):
        raise PermissionDenied(
            _("This form has expired or did not come from Levend. Reload the page and try again.")
        )


def require_csrf_header(request: Request) -> None:
    """For the JSON API used with the session cookie: the token comes in a header."""
    if request.method not in SAFE_METHODS:
        check_csrf(request, request.headers.get(HEADER))


async def require_csrf(request: Request) -> None:
    """FastAPI dependency for the HTML routes: the token comes in a header (HTMX) or a field."""
    if request.method in SAFE_METHODS:
        return
    sent = request.headers.get(HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(FIELD)
        sent = value if isinstance(value, str) else None
    check_csrf(request, sent)
