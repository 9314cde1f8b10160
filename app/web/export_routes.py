"""Other ways to read one revision: as a Markdown document, and as the AI Act art. 27 view."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.assessments import service
from app.assessments.art27 import art27_elements
from app.auth.accounts import users_by_id
from app.db import SessionDep
from app.export.markdown import RevisionFacts, revision_markdown
from app.i18n import current_language
from app.params import RevisionNumber, RowId
from app.web.deps import WebActor
from app.web.htmx import render
from app.web.templating import format_moment

router = APIRouter(prefix="/assessments/{assessment_id}/revisions/{number}")


@router.get("/export.md")
def markdown_export(
    assessment_id: RowId, number: RevisionNumber, session: SessionDep, actor: WebActor
) -> Response:
    view = service.load_revision(session, actor, assessment_id, number)
    revision = view.revision
    approved = None
    if revision.approved_by is not None and revision.approved_at is not None:
        approver = users_by_id(session, [revision.approved_by]).get(revision.approved_by)
        approved = f"{approver.name if approver else '—'}, {format_moment(revision.approved_at)}"
    facts = RevisionFacts(
        assessment_title=view.assessment.title,
        description=view.assessment.description,
        number=revision.number,
        state=revision.state,
        reason=revision.reason,
        content_hash=revision.content_hash,
        approved=approved,
    )
    body = revision_markdown(view.questionnaire, view.values, facts, current_language.get())
    filename = f"assessment-{assessment_id}-revision-{number}.md"
    return Response(
        body,
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/art27", response_class=HTMLResponse)
def art27_view(
    request: Request,
    assessment_id: RowId,
    number: RevisionNumber,
    session: SessionDep,
    actor: WebActor,
) -> HTMLResponse:
    view = service.load_revision(session, actor, assessment_id, number)
    return render(
        request,
        "pages/art27.html",
        {
            "actor": actor,
            "view": view,
            "elements": art27_elements(view.questionnaire, view.values),
        },
    )
