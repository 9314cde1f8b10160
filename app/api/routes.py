"""The JSON API, version 1. Thin: parse, call the same services as the web pages, shape."""

from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from app.api.deps import ApiActor
from app.api.questionnaire_out import questionnaire_out
from app.api.schemas import (
    AnswerConflict,
    AnswerIn,
    AnswerOut,
    AnswerSaved,
    Approval,
    AssessmentCreate,
    AssessmentOut,
    ChangeRequest,
    DiffEntry,
    DiffOut,
    NewRevision,
    QuestionnaireOut,
    QuestionnaireSummary,
    RevisionOut,
    RevisionSummary,
)
from app.assessments import service
from app.assessments.answers import StaleAnswer, save_answer
from app.assessments.comparison import compare_revisions
from app.assessments.discarding import discard_kept_answer
from app.assessments.upgrade import open_revision_on
from app.db import SessionDep
from app.errors import NotFound
from app.i18n import _, current_language
from app.models import Assessment, QuestionnaireSet, Revision
from app.params import MAX_INT, RevisionNumber, RowId
from app.questionnaire.store import find_set, list_sets, questionnaire_of
from app.review.decisions import approve, request_changes
from app.web.templating import format_moment

router = APIRouter(prefix="/api/v1", tags=["api"])


def _assessment_out(assessment: Assessment, revision: Revision, ref: str) -> AssessmentOut:
    assert assessment.id is not None
    return AssessmentOut(
        id=assessment.id,
        title=assessment.title,
        description=assessment.description,
        lifecycle_phase=assessment.lifecycle_phase,
        questionnaire=ref,
        current_revision=revision.number,
        current_state=revision.state,
    )


@router.get("/questionnaires", response_model=list[QuestionnaireSummary])
def questionnaires(session: SessionDep, actor: ApiActor) -> list[QuestionnaireSummary]:
    lang = current_language.get()
    return [
        QuestionnaireSummary(
            key=s.key, version=s.version, title=questionnaire_of(s).title.in_(lang)
        )
        for s in list_sets(session, organisation_id=actor.organisation_id)
    ]


@router.get("/questionnaires/{key}/{version}", response_model=QuestionnaireOut)
def questionnaire(key: str, version: str, session: SessionDep, actor: ApiActor) -> QuestionnaireOut:
    stored = find_set(session, key, version, organisation_id=actor.organisation_id)
    if stored is None:
        raise NotFound(_("There is no questionnaire %(ref)s.") % {"ref": f"{key}@{version}"})
    return questionnaire_out(questionnaire_of(stored), stored.content_hash)


@router.post("/assessments", status_code=201, response_model=AssessmentOut)
def create_assessment(
    body: AssessmentCreate, session: SessionDep, actor: ApiActor
) -> AssessmentOut:
    assessment, revision = service.create_assessment(
        session,
        actor,
        title=body.title,
        questionnaire_ref=body.questionnaire,
        description=body.description,
        lifecycle_phase=body.lifecycle_phase,
    )
    return _assessment_out(assessment, revision, body.questionnaire)


@router.get("/assessments", response_model=list[AssessmentOut])
def assessments(session: SessionDep, actor: ApiActor) -> list[AssessmentOut]:
    refs = {s.id: s.ref for s in list_sets(session, organisation_id=actor.organisation_id)}
    return [
        _assessment_out(a, r, refs[r.questionnaire_id])
        for a, r in service.list_assessments(session, actor)
    ]


@router.get("/assessments/{assessment_id}", response_model=AssessmentOut)
def assessment(assessment_id: RowId, session: SessionDep, actor: ApiActor) -> AssessmentOut:
    found = service.get_assessment(session, actor, assessment_id)
    latest = service.latest_revision(session, found)
    stored = session.get(QuestionnaireSet, latest.questionnaire_id)
    assert stored is not None
    return _assessment_out(found, latest, stored.ref)


def _summary(revision: Revision, questionnaire_ref: str) -> RevisionSummary:
    return RevisionSummary(
        number=revision.number,
        state=revision.state,
        reason=revision.reason,
        questionnaire=questionnaire_ref,
        content_hash=revision.content_hash,
        parent_hash=revision.parent_hash,
        created_at=format_moment(revision.created_at),
        submitted_at=format_moment(revision.submitted_at) or None,
        approved_at=format_moment(revision.approved_at) or None,
    )


def _revision_out(view: service.RevisionView) -> RevisionOut:
    r = view.revision
    answers = {
        q.key: AnswerOut(value=a.value, version=a.version)
        if (a := view.answers.get(q.key))
        else AnswerOut(value=None, version=0)
        for q in view.questionnaire.questions
        if q.takes_answer
    }
    # Answers kept for keys the questionnaire no longer lists stay visible.
    for key, a in view.answers.items():
        answers.setdefault(key, AnswerOut(value=a.value, version=a.version, asked=False))
    summary = _summary(r, view.questionnaire_set.ref)
    return RevisionOut(**summary.model_dump(), current_hash=view.content_hash, answers=answers)


@router.get("/assessments/{assessment_id}/revisions", response_model=list[RevisionSummary])
def revisions(assessment_id: RowId, session: SessionDep, actor: ApiActor) -> list[RevisionSummary]:
    """The assessment's history, oldest first (answers: GET one revision)."""
    found = service.get_assessment(session, actor, assessment_id)
    refs = {s.id: s.ref for s in list_sets(session, organisation_id=actor.organisation_id)}
    return [_summary(r, refs[r.questionnaire_id]) for r in service.revisions_of(session, found)]


@router.get("/assessments/{assessment_id}/revisions/{number}", response_model=RevisionOut)
def revision(
    assessment_id: RowId, number: RevisionNumber, session: SessionDep, actor: ApiActor
) -> RevisionOut:
    return _revision_out(service.load_revision(session, actor, assessment_id, number))


@router.put(
    "/assessments/{assessment_id}/revisions/{number}/answers/{question_key}",
    response_model=AnswerSaved,
    responses={409: {"model": AnswerConflict}},
)
def put_answer(
    assessment_id: RowId,
    number: RevisionNumber,
    question_key: str,
    body: AnswerIn,
    session: SessionDep,
    actor: ApiActor,
) -> Any:
    view = service.load_revision(session, actor, assessment_id, number)
    try:
        saved = save_answer(
            session, actor, view, question_key=question_key, value=body.value, version=body.version
        )
    except StaleAnswer as stale:
        current = stale.current
        return JSONResponse(
            status_code=409,
            content=AnswerConflict(
                detail=stale.message,
                current=AnswerOut(
                    value=current.value if current else None,
                    version=current.version if current else 0,
                ),
            ).model_dump(),
        )
    return AnswerSaved(question_key=saved.question_key, value=saved.value, version=saved.version)


@router.delete(
    "/assessments/{assessment_id}/revisions/{number}/answers/{question_key}", status_code=204
)
def discard_answer(
    assessment_id: RowId,
    number: RevisionNumber,
    question_key: str,
    session: SessionDep,
    actor: ApiActor,
) -> Response:
    """Only an answer kept from a question this version no longer asks (`asked: false`) can go;
    any other is 404, and nothing leaves a revision that is not a draft (409)."""
    view = service.load_revision(session, actor, assessment_id, number)
    discard_kept_answer(session, actor, view, question_key)
    return Response(status_code=204)


@router.post("/assessments/{assessment_id}/revisions/{number}/submit", response_model=RevisionOut)
def submit(
    assessment_id: RowId, number: RevisionNumber, session: SessionDep, actor: ApiActor
) -> RevisionOut:
    view = service.load_revision(session, actor, assessment_id, number)
    service.submit_revision(session, actor, view)
    return _revision_out(view)


@router.post("/assessments/{assessment_id}/revisions/{number}/approve", response_model=RevisionOut)
def approve_revision(
    assessment_id: RowId,
    number: RevisionNumber,
    session: SessionDep,
    actor: ApiActor,
    body: Approval | None = None,
) -> RevisionOut:
    """Approve; the revision is sealed when the organisation's number of approvals is reached
    (until then its state stays `submitted`)."""
    view = service.load_revision(session, actor, assessment_id, number)
    approve(session, actor, view, seen_hash=body.content_hash if body else None)
    return _revision_out(view)


@router.post(
    "/assessments/{assessment_id}/revisions/{number}/request-changes", response_model=RevisionOut
)
def request_changes_on_revision(
    assessment_id: RowId,
    number: RevisionNumber,
    body: ChangeRequest,
    session: SessionDep,
    actor: ApiActor,
) -> RevisionOut:
    view = service.load_revision(session, actor, assessment_id, number)
    request_changes(session, actor, view, comment=body.comment, seen_hash=body.content_hash)
    return _revision_out(view)


@router.post("/assessments/{assessment_id}/revisions", status_code=201, response_model=RevisionOut)
def new_revision(
    assessment_id: RowId, body: NewRevision, session: SessionDep, actor: ApiActor
) -> RevisionOut:
    found = service.get_assessment(session, actor, assessment_id)
    draft = open_revision_on(session, actor, found, reason=body.reason, ref=body.questionnaire)
    return _revision_out(service.load_revision(session, actor, assessment_id, draft.number))


@router.get("/assessments/{assessment_id}/diff", response_model=DiffOut)
def diff(
    assessment_id: RowId,
    session: SessionDep,
    actor: ApiActor,
    from_revision: int = Query(alias="from", ge=1, le=MAX_INT),
    to_revision: int = Query(alias="to", ge=1, le=MAX_INT),
    changes_only: bool = False,
) -> DiffOut:
    comparison = compare_revisions(
        session, actor, assessment_id, from_revision, to_revision, changes_only=changes_only
    )
    return DiffOut(
        from_revision=from_revision,
        to_revision=to_revision,
        questions=[
            DiffEntry(key=d.key, status=d.status, old=d.old, new=d.new) for d in comparison.diffs
        ],
    )
