"""Moving a revision on: submit, approve, request changes, and open a new revision."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from app.assessments import service
from app.assessments.upgrade import open_revision_on
from app.auth.csrf import require_csrf
from app.db import SessionDep
from app.params import MAX_INT, RevisionNumber, RowId
from app.review.comments import add_comment, resolve_thread
from app.review.decisions import approve, request_changes
from app.web.auth_routes import safe_next
from app.web.deps import WebActor
from app.web.htmx import redirect

router = APIRouter(prefix="/assessments/{assessment_id}", dependencies=[Depends(require_csrf)])


@router.post("/revisions/{number}/submit")
def submit(
    request: Request,
    assessment_id: RowId,
    number: RevisionNumber,
    session: SessionDep,
    actor: WebActor,
) -> Response:
    view = service.load_revision(session, actor, assessment_id, number)
    service.submit_revision(session, actor, view)
    return redirect(request, f"/assessments/{assessment_id}")


@router.post("/revisions/{number}/approve")
def approve_revision(
    request: Request,
    assessment_id: RowId,
    number: RevisionNumber,
    session: SessionDep,
    actor: WebActor,
    content_hash: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    view = service.load_revision(session, actor, assessment_id, number)
    # The review form always carries the hash of the answers it showed.
    approve(session, actor, view, seen_hash=content_hash, require_seen=True)
    return redirect(request, f"/assessments/{assessment_id}")


@router.post("/revisions/{number}/request-changes")
def request_changes_on_revision(
    request: Request,
    assessment_id: RowId,
    number: RevisionNumber,
    session: SessionDep,
    actor: WebActor,
    content_hash: Annotated[str, Form(max_length=64)] = "",
    comment: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    view = service.load_revision(session, actor, assessment_id, number)
    request_changes(
        session, actor, view, comment=comment, seen_hash=content_hash, require_seen=True
    )
    return redirect(request, f"/assessments/{assessment_id}")


@router.post("/revisions")
def open_revision(
    request: Request,
    assessment_id: RowId,
    session: SessionDep,
    actor: WebActor,
    reason: Annotated[str, Form(max_length=20_000)] = "",
    questionnaire: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    found = service.get_assessment(session, actor, assessment_id)
    draft = open_revision_on(session, actor, found, reason=reason, ref=questionnaire or None)
    return redirect(request, f"/assessments/{assessment_id}/revisions/{draft.number}")


@router.post("/revisions/{number}/comments")
def comment(
    request: Request,
    assessment_id: RowId,
    number: RevisionNumber,
    session: SessionDep,
    actor: WebActor,
    body: Annotated[str, Form(max_length=20_000)] = "",
    question_key: Annotated[str, Form(max_length=40)] = "",
    thread_id: Annotated[int | None, Form(ge=1, le=MAX_INT)] = None,
    back: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    view = service.load_revision(session, actor, assessment_id, number)
    add_comment(
        session, actor, view, body=body, question_key=question_key or None, thread_id=thread_id
    )
    return redirect(request, _back(back, assessment_id))


@router.post("/revisions/{number}/comments/{thread_id}/resolve")
def resolve(
    request: Request,
    assessment_id: RowId,
    number: RevisionNumber,
    thread_id: RowId,
    session: SessionDep,
    actor: WebActor,
    back: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    view = service.load_revision(session, actor, assessment_id, number)
    resolve_thread(session, actor, view, thread_id)
    return redirect(request, _back(back, assessment_id))


def _back(back: str, assessment_id: int) -> str:
    """Back to the page the comment was written on, if it is one of this assessment's."""
    prefix = f"/assessments/{assessment_id}"
    if back == prefix or back.startswith(prefix + "/"):
        return safe_next(back)
    return prefix
