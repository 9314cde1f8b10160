"""create_app(): settings, middleware, routers, error pages, static files."""

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.sessions import SessionMiddleware

from app.api.routes import router as api_router
from app.api.schemas import Health
from app.db import build_engine
from app.errors import DomainError, InvalidInput
from app.i18n import _
from app.settings import Settings, get_settings
from app.web import (
    assessment_routes,
    audit_routes,
    auth_routes,
    export_routes,
    form_routes,
    history_routes,
    people_routes,
    questionnaire_routes,
    queue_routes,
    review_routes,
    settings_routes,
)
from app.web.deps import LoginRequired
from app.web.htmx import is_htmx, render
from app.web.middleware import (
    BodySizeLimitMiddleware,
    LanguageMiddleware,
    SecurityHeadersMiddleware,
)
from app.web.templating import STATIC_DIR

logger = logging.getLogger("levend")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_response(request: Request, status_code: int, message: str) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status_code)
    if is_htmx(request):
        # Shown in the page's message area, whatever element asked.
        return render(
            request,
            "pages/error.html",
            {"status_code": status_code, "message": message},
            block="message",
            status_code=status_code,
            headers={"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"},
        )
    return render(
        request,
        "pages/error.html",
        {"status_code": status_code, "message": message},
        status_code=status_code,
    )


def _field_errors(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    return "; ".join(parts) or _("The request is not valid.")


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        if _is_api(request) and isinstance(exc, InvalidInput) and exc.problems:
            return JSONResponse(
                {"detail": exc.message, "problems": exc.problems}, status_code=exc.status_code
            )
        return _error_response(request, exc.status_code, exc.message)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        target = f"/login?next={quote(exc.next_url, safe='/')}"
        if is_htmx(request):
            return Response(status_code=401, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        message = _field_errors(exc)
        if _is_api(request):
            return JSONResponse({"detail": message, "errors": exc.errors()}, status_code=422)
        return _error_response(request, 422, message)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        logger.exception("unexpected error on %s %s", request.method, request.url.path)
        return _error_response(
            request, 500, _("Something went wrong on our side. Please try again later.")
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else _("Something went wrong.")
        if exc.status_code == 404 and message == "Not Found":
            message = _("This page does not exist.")
        if exc.status_code == 405:
            message = _("This address does not accept that kind of request.")
        response = _error_response(request, exc.status_code, message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    engine: Engine = app.state.engine
    # A worker forked from a preloading server must not share its parent's pooled
    # connections; close=False leaves the parent's own connections alone.
    engine.dispose(close=False)
    yield
    engine.dispose()


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        lifespan=_lifespan,
        title="Levend",
        summary="Living fundamental-rights impact assessments of AI systems",
        version="0.1.0",
        # Swagger UI needs a CDN and inline script, which the CSP forbids; /openapi.json stays.
        docs_url=None,
        redoc_url=None,
    )

    app.state.settings = settings
    app.state.engine = engine or build_engine(settings.database_url)
    app.state.oidc = None

    @app.get("/healthz", response_model=Health, tags=["health"])
    def healthz() -> Health:
        return Health(status="ok")

    for module in (
        auth_routes,
        assessment_routes,
        form_routes,
        review_routes,
        history_routes,
        export_routes,
        people_routes,
        audit_routes,
        queue_routes,
        settings_routes,
        questionnaire_routes,
    ):
        app.include_router(module.router)
    if settings.oidc_enabled:
        # Authlib and the crypto libraries under it cost each server some 20 MB: loaded only
        # when single sign-on is set up.
        from app.auth.oidc import Provider
        from app.web import sso_routes

        app.state.oidc = Provider(settings)
        app.include_router(sso_routes.router)
    app.include_router(api_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _install_error_handlers(app)

    # Added innermost first: the body limit sees the request before anything reads it.
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="levend_session",
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.https_only,
    )
    # Level 3: a form page compresses in a third of level 6's time, 9% larger (4.8 against 4.4
    # kB); static files are compressed once per browser, which then keeps them for a year.
    app.add_middleware(GZipMiddleware, minimum_size=800, compresslevel=3)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_request_bytes,
        larger={"/questionnaires/": questionnaire_routes.MAX_REQUEST_BYTES},
    )
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.https_only)
    # Outermost, so that even the body limit's refusal speaks the request's language.
    app.add_middleware(LanguageMiddleware, default=settings.default_language)
    # Everything loaded so far lives as long as the process: keep it out of every future
    # garbage collection, which otherwise walks it again and again (p99 spikes of ~90 ms).
    gc.collect()
    gc.freeze()
    return app
