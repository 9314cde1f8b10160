"""Single sign-on: off to the organisation's OpenID provider and back. Only mounted when
LEVEND_OIDC_ISSUER is set."""

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from app.auth.oidc import Provider, identity_from_claims, sign_in
from app.auth.session import log_in
from app.db import SessionDep
from app.errors import DomainError
from app.settings import Settings
from app.web.auth_routes import render_login, safe_next
from app.web.htmx import redirect

router = APIRouter()

# Where to go after the login; kept in the session while the person is at the provider.
NEXT_KEY = "sso_next"


def _provider(request: Request) -> Provider:
    provider: Provider = request.app.state.oidc
    return provider


@router.get("/login/sso")
async def start_sign_in(request: Request, next: str | None = None) -> Response:
    try:
        response = await _provider(request).redirect_to_sign_in(
            request, str(request.url_for("finish_sign_in"))
        )
    except DomainError as error:
        return render_login(request, next, error=error.message, status_code=error.status_code)
    request.session[NEXT_KEY] = safe_next(next)
    return response


@router.get("/login/sso/callback")
async def finish_sign_in(request: Request, session: SessionDep) -> Response:
    next_url = safe_next(request.session.pop(NEXT_KEY, None))
    settings: Settings = request.app.state.settings
    try:
        claims = await _provider(request).verified_claims(request)
        identity = identity_from_claims(
            claims,
            issuer=settings.oidc_issuer,
            organisation_claim=settings.oidc_organisation_claim,
            role_claim=settings.oidc_role_claim,
        )
        user, organisation_id = await run_in_threadpool(sign_in, session, identity)
    except DomainError as error:
        return render_login(request, next_url, error=error.message, status_code=error.status_code)
    log_in(request, user, organisation_id)
    return redirect(request, next_url)
