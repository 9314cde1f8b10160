"""Log in, log out, and choose the UI language."""

from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from app.auth.csrf import require_csrf
from app.auth.login_guard import LoginLimits, TooManyFailures, authenticate_guarded
from app.auth.session import log_in, log_out
from app.db import SessionDep
from app.i18n import LANGUAGES, _
from app.web.htmx import redirect, render
from app.web.middleware import LANGUAGE_COOKIE

if TYPE_CHECKING:  # loaded only when single sign-on is set up (see app.main)
    from app.auth.oidc import Provider

router = APIRouter(dependencies=[Depends(require_csrf)])


def safe_next(next_url: str | None) -> str:
    """Only a path on this site: a login link must never send people to another one.
    Browsers read a backslash as a slash and drop tabs and newlines, so refuse those too."""
    if not next_url or "\\" in next_url or any(ord(c) < 32 or ord(c) == 127 for c in next_url):
        return "/"
    parts = urlsplit(next_url)
    if parts.scheme or parts.netloc or not next_url.startswith("/") or next_url.startswith("//"):
        return "/"
    return next_url


def render_login(
    request: Request,
    next_url: str | None,
    *,
    error: str | None = None,
    email: str = "",
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """The login page: the password form, and the single sign-on button when it is set up."""
    provider: Provider | None = request.app.state.oidc
    context = {
        "next": safe_next(next_url),
        "error": error,
        "email": email,
        "sso_name": provider.display_name if provider else None,
    }
    return render(request, "pages/login.html", context, status_code=status_code, headers=headers)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    return render_login(request, next)


@router.post("/login", response_model=None)
def login(
    request: Request,
    session: SessionDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    try:
        user = authenticate_guarded(
            session,
            email,
            password,
            address=request.client.host if request.client else None,
            limits=LoginLimits.of(request.app.state.settings),
        )
    except TooManyFailures as refusal:
        return render_login(
            request,
            next,
            error=refusal.message,
            email=email,
            status_code=refusal.status_code,
            headers={"Retry-After": str(refusal.retry_after)},
        )
    if user is None:
        return render_login(
            request,
            next,
            error=_("E-mail address or password is wrong."),
            email=email,
            status_code=400,
        )
    log_in(request, user)
    return redirect(request, safe_next(next))


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
    response = redirect(request, safe_next(next))
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
