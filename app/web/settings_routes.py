"""The organisation's settings page, for its admins."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from app.auth.csrf import require_csrf
from app.db import SessionDep
from app.models import Role
from app.organisations.settings import (
    APPROVAL_CHOICES,
    organisation_of,
    set_required_approvals,
)
from app.web.deps import WebActor
from app.web.htmx import redirect, render

router = APIRouter(dependencies=[Depends(require_csrf)])


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, session: SessionDep, actor: WebActor) -> HTMLResponse:
    actor.require(Role.ADMIN)
    return render(
        request,
        "pages/settings.html",
        {
            "actor": actor,
            "organisation": organisation_of(session, actor),
            "choices": APPROVAL_CHOICES,
            "saved": request.query_params.get("saved") == "1",
        },
    )


@router.post("/settings")
def save_settings(
    request: Request,
    session: SessionDep,
    actor: WebActor,
    required_approvals: Annotated[int, Form(ge=0, le=100)],
) -> Response:
    set_required_approvals(session, actor, required_approvals)
    return redirect(request, "/settings?saved=1")
