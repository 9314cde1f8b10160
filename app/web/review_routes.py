"""Moving a revision on: submit, approve, request changes, and open a new revision."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from app.assessments import service
from app.auth.csrf import require_csrf
from app.db import SessionDep
from app.params import RevisionNumber, RowId
from app.review.decisions import approve, request_changes
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
) -> Response:
    view = service.load_revision(session, actor, assessment_id, number)
    approve(session, actor, view)
    return redirect(request, f"/assessments/{assessment_id}")


@router.post("/revisions/{number}/request-changes")
def request_changes_on_revision(
    request: Request,
    assessment_id: RowId,
    number: RevisionNumber,
    session: SessionDep,
    actor: WebActor,
    comment: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    view = service.load_revision(session, actor, assessment_id, number)
    request_changes(session, actor, view, comment=comment)
    return redirect(request, f"/assessments/{assessment_id}")


@router.post("/revisions")
def open_revision(
    request: Request,
    assessment_id: RowId,
    session: SessionDep,
    actor: WebActor,
    reason: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    found = service.get_assessment(session, actor, assessment_id)
    draft = service.open_draft(session, actor, found, reason=reason)
    return redirect(request, f"/assessments/{assessment_id}/revisions/{draft.number}")
