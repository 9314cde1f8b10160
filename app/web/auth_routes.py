"""Log in, log out, and choose the UI language."""

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from app.auth.accounts import authenticate
from app.auth.csrf import require_csrf
from app.auth.session import log_in, log_out
from app.db import SessionDep
from app.i18n import LANGUAGES, _
from app.web.htmx import redirect, render
from app.web.middleware import LANGUAGE_COOKIE

router = APIRouter(dependencies=[Depends(require_csrf)])


def _safe_next(next_url: str | None) -> str:
    """Only a path on this site: a login link must never send people to another one.
    Browsers read a backslash as a slash and drop tabs and newlines, so refuse those too."""
    if not next_url or "\\" in next_url or any(ord(c) < 32 or ord(c) == 127 for c in next_url):
        return "/"
    parts = urlsplit(next_url)
    if parts.scheme or parts.netloc or not next_url.startswith("/") or next_url.startswith("//"):
        return "/"
    return next_url


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "pages/login.html", {"next": _safe_next(next), "error": None})


@router.post("/login", response_model=None)
def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    user = authenticate(session, email, password)
    if user is None:
        return render(
            request,
            "pages/login.html",
            {
                "next": _safe_next(next),
                "error": _("E-mail address or password is wrong."),
                "email": email,
            },
            status_code=400,
        )
    log_in(request, user)
    return redirect(request, _safe_next(next))


@router.post("/logout")
def logout(request: Request) -> Response:
    log_out(request)
    return redirect(request, "/login")


@router.post("/language")
def choose_language(
    request: Request,
    language: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    response = redirect(request, _safe_next(next))
    if language in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE,
            language,
            max_age=365 * 24 * 3600,
            samesite="lax",
            httponly=True,
            secure=request.app.state.settings.https_only,
        )
    return response
