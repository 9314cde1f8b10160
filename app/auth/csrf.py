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


async def require_csrf(request: Request) -> None:
    """FastAPI dependency for routes that a session cookie authenticates."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get(FIELD)
    sent = request.headers.get(HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(FIELD)
        sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or not sent or not hmac.compare_digest(expected, sent):
        raise PermissionDenied(
            _("This form has expired or did not come from Levend. Reload the page and try again.")
        )
