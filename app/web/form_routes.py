"""The revision form: one page per section, each answer saved on its own as the user types."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from app.access import Actor
from app.assessments import service
from app.assessments.answers import StaleAnswer, answerable, save_answer
from app.assessments.carrying import carry_answers, is_new, is_reworded, no_longer_asked
from app.assessments.discarding import discard_kept_answer
from app.auth.accounts import users_by_id
from app.auth.csrf import require_csrf
from app.db import SessionDep
from app.errors import DomainError, NotFound
from app.i18n import _
from app.models import Answer, QuestionnaireSet, RevisionState, Role
from app.params import MAX_INT, RevisionNumber, RowId
from app.questionnaire.model import ColumnType, Question, Section
from app.questionnaire.store import questionnaire_of
from app.questionnaire.visibility import Progress, progress, visible_keys
from app.review.comments import by_question, threads_up_to
from app.web.deps import WebActor
from app.web.forms import answer_from_form
from app.web.htmx import is_htmx, redirect, render
from app.web.templating import dom_id

router = APIRouter(dependencies=[Depends(require_csrf)])

FORM = "pages/form.html"


def _base(view: service.RevisionView, actor: Actor) -> dict[str, Any]:
    values = view.values
    visible = visible_keys(view.questionnaire, values)
    by_section = [
        (s, progress(list(s.questions), visible, values)) for s in view.questionnaire.sections
    ]
    return {
        "actor": actor,
        "view": view,
        "values": values,
        "visible": visible,
        "editable": view.revision.state == RevisionState.DRAFT and actor.can(Role.EDITOR),
        "section_progress": by_section,
        # Every question is in one section: the sections' counts add up to the whole.
        "total": Progress(
            answered=sum(p.answered for _s, p in by_section),
            required=sum(p.required for _s, p in by_section),
            required_answered=sum(p.required_answered for _s, p in by_section),
        ),
        "skipped": {
            s.key
            for s in view.questionnaire.sections
            if s.show_if is not None and not s.show_if.holds(values, visible)
        },
    }


def _section(view: service.RevisionView, key: str) -> Section:
    section = view.questionnaire.section(key)
    if section is None:
        raise NotFound(
            _("Questionnaire %(set)s has no section %(key)s.")
            % {"set": view.questionnaire.ref, "key": repr(key)}
        )
    return section


@router.get("/assessments/{assessment_id}/revisions/{number}")
def first_section(
    assessment_id: RowId, number: RevisionNumber, session: SessionDep, actor: WebActor
) -> RedirectResponse:
    view = service.load_revision(session, actor, assessment_id, number)
    first = view.questionnaire.sections[0].key
    return RedirectResponse(
        f"/assessments/{assessment_id}/revisions/{number}/sections/{first}", status_code=303
    )


@router.get(
    "/assessments/{assessment_id}/revisions/{number}/sections/{section_key}",
    response_class=HTMLResponse,
)
def section_page(
    request: Request,
    assessment_id: RowId,
    number: RevisionNumber,
    section_key: str,
    session: SessionDep,
    actor: WebActor,
) -> HTMLResponse:
    view = service.load_revision(session, actor, assessment_id, number)
    context = _base(view, actor) | {
        "section": _section(view, section_key),
        "blank_row": request.query_params.get("add_row"),
        **_since_upgrade(session, view),
    }
    return render(request, FORM, context | _comments(session, view))


def _since_upgrade(session: Session, view: service.RevisionView) -> dict[str, Any]:
    """After an upgrade: the questions new or reworded in this version, the answers kept from
    questions it no longer asks, and the earlier answers that did not fit their question (each
    shown with the question that asked it, from the parent's set)."""
    context: dict[str, Any] = {
        "new_keys": set(),
        "reworded_keys": set(),
        "no_longer_asked": no_longer_asked(view.questionnaire, view.values),
        "not_carried": [],
        "old_questions": {},
    }
    if not view.upgraded:
        return context
    parent_set = session.get(QuestionnaireSet, view.parent_questionnaire_id)
    assert parent_set is not None and view.revision.parent_id is not None
    before = questionnaire_of(parent_set)
    parent = view.revision.parent_id
    earlier = {key: a.value for key, a in service.stored_answers(session, parent).items()}
    questions = view.questionnaire.questions
    return context | {
        "new_keys": {q.key for q in questions if is_new(q, before)},
        "reworded_keys": {q.key for q in questions if is_reworded(q, before)},
        "not_carried": carry_answers(before, view.questionnaire, earlier).not_carried,
        "old_questions": before.by_key,
    }


def _comments(session: Session, view: service.RevisionView) -> dict[str, Any]:
    assert view.assessment.id is not None
    threads = threads_up_to(session, view.assessment.id, view.revision.number)
    return {
        "threads": by_question(threads),
        "commenters": users_by_id(session, [i for t in threads for i in t.people]),
    }


@router.get(
    "/assessments/{assessment_id}/revisions/{number}/answers/{question_key}",
    response_class=HTMLResponse,
)
def question_fragment(
    request: Request,
    assessment_id: RowId,
    number: RevisionNumber,
    question_key: str,
    session: SessionDep,
    actor: WebActor,
) -> HTMLResponse:
    """One question as stored now (used to take the other person's version after a conflict)."""
    view = service.load_revision(session, actor, assessment_id, number)
    question = view.question(question_key)
    context = _base(view, actor) | {
        "section": _section(view, question.section_key),
        "question": question,
    }
    return render(request, FORM, context | _comments(session, view), block="question")


@router.post(
    "/assessments/{assessment_id}/revisions/{number}/answers/{question_key}",
    response_model=None,
)
def autosave(
    request: Request,
    assessment_id: RowId,
    number: RevisionNumber,
    question_key: str,
    session: SessionDep,
    actor: WebActor,
    value: Annotated[list[str] | None, Form()] = None,
    version: Annotated[int, Form(ge=0, le=MAX_INT)] = 0,
    resolving: Annotated[str | None, Form()] = None,
    row_action: Annotated[str | None, Form(max_length=20)] = None,
) -> Response:
    view = service.load_revision(session, actor, assessment_id, number)
    question = answerable(view, question_key)
    mine = answer_from_form(question, value or [])
    if row_action and question.has_rows:
        mine = _apply_row_action(mine, row_action)
    visible_before = visible_keys(view.questionnaire, view.values)
    section = _section(view, question.section_key)
    page_url = (
        f"/assessments/{assessment_id}/revisions/{number}/sections/{section.key}"
        f"#q-{dom_id(question.key)}"
    )
    try:
        saved = save_answer(
            session,
            actor,
            view,
            question_key=question.key,
            value=mine,
            version=version,
        )
    except StaleAnswer as stale:
        return _conflict(request, session, view, actor, section, question, mine, stale.current)
    except DomainError as error:
        if not is_htmx(request):
            raise
        context = _base(view, actor) | {
            "section": section,
            "question": question,
            "error": error.message,
        }
        return render(request, FORM, context, block="save_status", status_code=error.status_code)
    adding = row_action == "add" and question.has_rows
    if not is_htmx(request):
        if adding:
            # Without script the page itself draws the blank row to type into.
            path, _sep, anchor = page_url.partition("#")
            page_url = f"{path}?add_row={question.key}#{anchor}"
        return redirect(request, page_url)
    view.answers[question.key] = service.StoredAnswer(saved.value, saved.version)
    context = _base(view, actor) | {"section": section, "question": question}
    if row_action and question.has_rows:
        # A row came or went: the table is drawn again, with a blank row after "add".
        context["blank_row"] = question.key if adding else None
        context |= _comments(session, view)
        headers = {"HX-Retarget": f"#q-{dom_id(question.key)}", "HX-Reswap": "outerHTML"}
        return render(request, FORM, context, block="question", headers=headers)
    if resolving:
        # The conflict is settled: the question goes back to its ordinary, autosaving form.
        context["just_saved"] = question.key
        headers = {"HX-Retarget": f"#q-{dom_id(question.key)}", "HX-Reswap": "outerHTML"}
        context |= _comments(session, view)
        return render(request, FORM, context, block="question", headers=headers)
    if question.has_rows and any(c.type == ColumnType.RISK for c in question.columns):
        # The rows as they are on the page (blank ones included), so each level lands in its row.
        context["posted_rows"] = mine
    visible_after = context["visible"]
    context["toggled"] = [
        q for q in section.questions if (q.key in visible_before) != (q.key in visible_after)
    ]
    if context["toggled"]:
        # Questions that appear again are drawn whole, their comment threads included; an
        # ordinary save draws none and reads no comments.
        context |= _comments(session, view)
    return render(request, FORM, context, block="saved")


@router.post("/assessments/{assessment_id}/revisions/{number}/answers/{question_key}/discard")
def discard(
    request: Request,
    assessment_id: RowId,
    number: RevisionNumber,
    question_key: str,
    session: SessionDep,
    actor: WebActor,
) -> Response:
    """Discard an answer kept from a question this version no longer asks."""
    view = service.load_revision(session, actor, assessment_id, number)
    discard_kept_answer(session, actor, view, question_key)
    first = view.questionnaire.sections[0].key
    return redirect(request, f"/assessments/{assessment_id}/revisions/{number}/sections/{first}")


def _apply_row_action(rows: list[dict[str, Any]], action: str) -> list[dict[str, Any]]:
    """ "remove-N" leaves out row N (counted from 1 as on the page); "add" changes nothing
    stored: the blank row exists only on the page until something is typed into it."""
    kind, _sep, number = action.partition("-")
    if kind == "remove" and number.isdigit() and 1 <= int(number) <= len(rows):
        return rows[: int(number) - 1] + rows[int(number) :]
    return rows


def _conflict(
    request: Request,
    session: Session,
    view: service.RevisionView,
    actor: Actor,
    section: Section,
    question: Question,
    mine: Any,
    current: Answer | None,
) -> HTMLResponse:
    """Show both versions side by side: nothing is overwritten until the user chooses. The rest
    of the page (progress) catches up with what the other person saved."""
    assert view.assessment.id is not None
    view = service.load_revision(session, actor, view.assessment.id, view.revision.number)
    context = _base(view, actor) | {
        "section": section,
        "question": question,
        "conflict": {
            "key": question.key,
            "mine": mine,
            "theirs": current.value if current else None,
            "version": current.version if current else 0,
            "updated_at": current.updated_at if current else None,
            "person": users_by_id(session, [current.updated_by]).get(current.updated_by)
            if current
            else None,
        },
    }
    headers = {"HX-Retarget": f"#q-{dom_id(question.key)}", "HX-Reswap": "outerHTML"}
    block = "conflict" if is_htmx(request) else None
    context |= _comments(session, view)
    return render(request, FORM, context, block=block, status_code=409, headers=headers)
