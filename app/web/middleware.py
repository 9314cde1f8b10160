"""Pure ASGI middleware: the request's language, security headers, and a cap on body size."""

from collections.abc import Mapping
from html import escape

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.i18n import choose_language, current_language, gettext
from app.web.templating import static_digest

LANGUAGE_COOKIE = "levend_lang"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def _is_current_static(path: str, query: str) -> bool:
    """A static URL carrying the file's current hash may be cached for a year."""
    if not path.startswith("/static/") or not query.startswith("v="):
        return False
    digest = static_digest(path.removeprefix("/static/"))
    return digest is not None and query == f"v={digest}"


class LanguageMiddleware:
    def __init__(self, app: ASGIApp, default: str) -> None:
        self.app = app
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookies = {
            name.strip(): value
            for name, _, value in (
                part.partition("=") for part in headers.get("cookie", "").split(";")
            )
        }
        token = current_language.set(
            choose_language(
                cookies.get(LANGUAGE_COOKIE), headers.get("accept-language"), self.default
            )
        )
        try:
            await self.app(scope, receive, send)
        finally:
            current_language.reset(token)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        immutable = _is_current_static(scope["path"], scope["query_string"].decode("latin-1"))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("X-Frame-Options", "DENY")
                if self.hsts:
                    headers.setdefault("Strict-Transport-Security", "max-age=31536000")
                if immutable:
                    headers["Cache-Control"] = "public, max-age=31536000, immutable"
                elif not scope["path"].startswith("/static/"):
                    # Pages show private data: not kept in caches or the back/forward cache.
                    headers.setdefault("Cache-Control", "no-store")
                    headers.add_vary_header("Accept-Language")
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodySizeLimitMiddleware:
    """Refuse bodies over the limit: at once when Content-Length says so, and while reading a
    chunked body as soon as it passes the limit (nothing of it reaches a route)."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, larger: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        # Paths (by prefix) that take more, e.g. a questionnaire set's YAML file.
        self.larger = dict(larger or {})

    def _limit(self, path: str) -> int:
        return next(
            (size for prefix, size in self.larger.items() if path.startswith(prefix)),
            self.max_bytes,
        )

    @staticmethod
    def _message(limit: int) -> str:
        return gettext("The request is larger than %(kb)d KB; shorten the answer.") % {
            "kb": limit // 1024
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope["path"])
        length = Headers(scope=scope).get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            headers = Headers(scope=scope)
            response: Response
            if scope["path"].startswith("/api/"):
                response = JSONResponse({"detail": self._message(limit)}, status_code=413)
            elif headers.get("hx-request") == "true":
                # Shown in the page's message area, not in place of the field's status.
                response = HTMLResponse(
                    f"<p>{escape(self._message(limit))}</p>",
                    status_code=413,
                    headers={"HX-Retarget": "#flash", "HX-Reswap": "innerHTML"},
                )
            else:
                response = PlainTextResponse(self._message(limit), status_code=413)
            await response(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Re-raised by FastAPI's body parsing and answered by the app's error pages.
                    raise HTTPException(413, self._message(limit))
            return message

        await self.app(scope, counting_receive, send)
