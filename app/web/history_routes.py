"""An assessment's history (every revision, its state and hash) and the diff of two revisions."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.assessments import service
from app.assessments.comparison import compare_revisions, compare_with_snapshot
from app.assessments.verification import check_seals
from app.auth.accounts import users_by_id
from app.db import SessionDep
from app.errors import InvalidInput, NotFound
from app.i18n import _
from app.params import MAX_INT, RevisionNumber, RowId
from app.review.decisions import last_review
from app.web.deps import WebActor
from app.web.htmx import render

router = APIRouter(prefix="/assessments/{assessment_id}")


@router.get("/history", response_class=HTMLResponse)
def history(
    request: Request, assessment_id: RowId, session: SessionDep, actor: WebActor
) -> HTMLResponse:
    found = service.get_assessment(session, actor, assessment_id)
    revisions = list(reversed(service.revisions_of(session, found)))
    named = users_by_id(
        session,
        [i for r in revisions for i in (r.created_by, r.submitted_by, r.approved_by)],
    )
    return render(
        request,
        "pages/history.html",
        {
            "actor": actor,
            "assessment": found,
            "revisions": revisions,
            "people": named,
            "seals": check_seals(session, revisions),
        },
    )


@router.get("/diff", response_class=HTMLResponse)
def diff(
    request: Request,
    assessment_id: RowId,
    session: SessionDep,
    actor: WebActor,
    changes: bool = False,
) -> HTMLResponse:
    found = service.get_assessment(session, actor, assessment_id)
    revisions = service.revisions_of(session, found)
    numbers = [r.number for r in revisions]
    old_number, new_number = _chosen(request, numbers)
    comparison = compare_revisions(
        session, actor, assessment_id, old_number, new_number, changes_only=changes
    )
    context = {
        "actor": actor,
        "assessment": found,
        "numbers": numbers,
        "comparison": comparison,
        "changes_only": changes,
    }
    return render(request, "pages/diff.html", context, block="diff")


@router.get("/revisions/{number}/since-review", response_class=HTMLResponse)
def since_review(
    request: Request,
    assessment_id: RowId,
    number: RevisionNumber,
    session: SessionDep,
    actor: WebActor,
) -> HTMLResponse:
    """What changed in a resubmitted revision since a reviewer last asked for changes."""
    view = service.load_revision(session, actor, assessment_id, number)
    review = last_review(session, view.revision)
    if review is None:
        raise NotFound(_("Nobody has asked for changes on revision %(n)d yet.") % {"n": number})
    reviewer = users_by_id(session, [review.reviewer_id]).get(review.reviewer_id)
    context = {
        "actor": actor,
        "assessment": view.assessment,
        "comparison": compare_with_snapshot(view, review.reviewed_answers),
        "review": review,
        "reviewer_name": reviewer.name if reviewer else "—",
        "old_label": _("As reviewed"),
        "new_label": _("Now"),
    }
    return render(request, "pages/since_review.html", context)


def _chosen(request: Request, numbers: list[int]) -> tuple[int, int]:
    """`from` and `to` from the query, by default the last two revisions."""
    default_new = numbers[-1]
    default_old = numbers[-2] if len(numbers) > 1 else numbers[-1]
    try:
        old = int(request.query_params.get("from", default_old))
        new = int(request.query_params.get("to", default_new))
    except ValueError:
        old = new = 0
    if not (1 <= old <= MAX_INT and 1 <= new <= MAX_INT):
        raise InvalidInput(_("'from' and 'to' are revision numbers."))
    return old, new
