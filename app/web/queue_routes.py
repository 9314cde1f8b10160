"""The review queue: what waits for a reviewer in the organisation."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.auth.accounts import users_by_id
from app.db import SessionDep
from app.models import Role
from app.review.decisions import required_approvals
from app.review.queue import review_queue
from app.web.deps import WebActor
from app.web.htmx import render

router = APIRouter()


@router.get("/review", response_class=HTMLResponse)
def queue(request: Request, session: SessionDep, actor: WebActor) -> HTMLResponse:
    actor.require(Role.REVIEWER)
    items = review_queue(session, actor)
    return render(
        request,
        "pages/review_queue.html",
        {
            "actor": actor,
            "items": items,
            "required": required_approvals(session, actor.organisation_id),
            "people": users_by_id(session, [i.revision.submitted_by for i in items]),
        },
    )
