"""The one place that reads HTMX request headers and renders a full page or just a fragment."""

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from app.auth.csrf import csrf_token
from app.web.templating import templates


def is_htmx(request: Request) -> bool:
    """A history restore wants the whole page, like a normal navigation."""
    return (
        request.headers.get("hx-request") == "true"
        and request.headers.get("hx-history-restore-request") != "true"
    )


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """The whole page, or only `block` when HTMX asked for it."""
    full_context = {"request": request, "csrf_token": csrf_token(request), **context}
    fragment = block if block and is_htmx(request) else None
    response = templates.TemplateResponse(
        request,
        template,
        full_context,
        status_code=status_code,
        headers=headers,
        block_name=fragment,
    )
    if block:
        response.headers["Vary"] = "HX-Request"
    assert isinstance(response, HTMLResponse)
    return response


def redirect(request: Request, url: str) -> Response:
    """After a POST: HTMX follows HX-Redirect, a plain form follows 303."""
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return Response(status_code=303, headers={"Location": url})
