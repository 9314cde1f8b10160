"""Assessment pages: the organisation's list, a new assessment, and one assessment's overview."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select

from app.access import Actor
from app.assessments import service
from app.assessments.art27 import serves_art27
from app.assessments.upgrade import upgrade_targets
from app.auth.accounts import users_by_id
from app.auth.csrf import require_csrf
from app.db import SessionDep
from app.errors import InvalidInput
from app.models import (
    Assessment,
    LifecyclePhase,
    Organisation,
    QuestionnaireSet,
    Revision,
    RevisionState,
    Role,
)
from app.params import RowId
from app.questionnaire.store import list_sets, questionnaire_of
from app.review.comments import by_question, threads_up_to
from app.review.decisions import approvals_of_this_submission, last_review, required_approvals
from app.review.four_eyes import may_approve
from app.web.deps import WebActor
from app.web.htmx import redirect, render

router = APIRouter(dependencies=[Depends(require_csrf)])


@router.get("/", response_class=HTMLResponse)
def assessments(request: Request, session: SessionDep, actor: WebActor) -> HTMLResponse:
    rows = service.list_assessments(session, actor)
    return render(request, "pages/assessments.html", {"actor": actor, "rows": rows})


def _new_page(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    sets = [
        (s, questionnaire_of(s))
        # Drafts may still change: an assessment follows a published version only.
        for s in list_sets(session, organisation_id=actor.organisation_id, published_only=True)
    ]
    return render(
        request,
        "pages/assessment_new.html",
        {
            "actor": actor,
            "sets": sets,
            "phases": list(LifecyclePhase),
            "error": error,
            "form": form or {},
        },
        status_code=422 if error else 200,
    )


@router.get("/assessments/new", response_class=HTMLResponse)
def new_assessment(request: Request, session: SessionDep, actor: WebActor) -> HTMLResponse:
    actor.require(Role.EDITOR)
    return _new_page(request, session, actor)


@router.post("/assessments", response_model=None)
def create_assessment(
    request: Request,
    session: SessionDep,
    actor: WebActor,
    title: Annotated[str, Form(max_length=1000)],
    questionnaire: Annotated[str, Form(max_length=100)],
    description: Annotated[str, Form(max_length=20_000)] = "",
    lifecycle_phase: Annotated[str, Form(max_length=20)] = "idea",
) -> Response:
    try:
        assessment, _revision = service.create_assessment(
            session,
            actor,
            title=title,
            questionnaire_ref=questionnaire,
            description=description,
            lifecycle_phase=lifecycle_phase,
        )
    except InvalidInput as exc:
        form = {
            "title": title,
            "questionnaire": questionnaire,
            "description": description,
            "lifecycle_phase": lifecycle_phase,
        }
        return _new_page(request, session, actor, error=exc.message, form=form)
    return redirect(request, f"/assessments/{assessment.id}/revisions/1")


@router.get("/assessments/{assessment_id}", response_class=HTMLResponse)
def assessment(
    request: Request, assessment_id: RowId, session: SessionDep, actor: WebActor
) -> HTMLResponse:
    found = service.get_assessment(session, actor, assessment_id)
    latest = service.latest_revision(session, found)
    threads = threads_up_to(session, assessment_id, latest.number)
    state = RevisionState(latest.state)
    # The overview shows no answers: the set is all it needs besides the revision.
    stored = session.get(QuestionnaireSet, latest.questionnaire_id)
    assert stored is not None
    context = {
        "actor": actor,
        "assessment": found,
        "revision": latest,
        "questionnaire_set": stored,
        "questionnaire": questionnaire_of(stored),
        "serves_art27": serves_art27(questionnaire_of(stored)),
        "threads": by_question(threads),
        "commenters": users_by_id(session, [i for t in threads for i in t.people]),
        "people": users_by_id(
            session,
            [
                latest.created_by,
                latest.submitted_by,
                latest.approved_by,
            ],
        ),
        "can_edit": state == RevisionState.DRAFT and actor.can(Role.EDITOR),
        "can_review": state == RevisionState.SUBMITTED and actor.can(Role.REVIEWER),
        "own_work": state == RevisionState.SUBMITTED
        and not may_approve(session, latest, actor.user_id),
        "can_open": state.is_sealed and actor.can(Role.EDITOR),
    }
    if state == RevisionState.SUBMITTED:
        context |= _review_context(session, actor, found, latest)
    if context["can_open"]:
        upgrades = upgrade_targets(session, actor, stored)
        owners = {s.organisation_id for s in upgrades} - {None, actor.organisation_id}
        context["upgrades"] = upgrades
        # A set another organisation shares names its maker, so nobody moves to it unawares.
        context["upgrade_owners"] = dict(
            session.exec(
                select(Organisation.id, Organisation.name).where(col(Organisation.id).in_(owners))
            ).all()
            if owners
            else {}
        )
    return render(request, "pages/assessment.html", context)


def _review_context(
    session: Session, actor: Actor, found: Assessment, latest: Revision
) -> dict[str, Any]:
    """What the review box needs: the hash being approved, the approvals so far, and the last
    request for changes to compare the resubmission with."""
    assert found.id is not None
    view = service.load_revision(session, actor, found.id, latest.number)
    approvals = approvals_of_this_submission(session, latest)
    previous = last_review(session, latest)
    return {
        "content_hash": view.content_hash,
        "approvals": approvals,
        "approvals_required": required_approvals(session, actor.organisation_id),
        "approved_by_me": any(d.reviewer_id == actor.user_id for d in approvals),
        "last_review": previous,
        "reviewers": users_by_id(
            session,
            [d.reviewer_id for d in approvals] + ([previous.reviewer_id] if previous else []),
        ),
    }
