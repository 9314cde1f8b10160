"""The audit trail pages: one assessment's events, and the organisation's, filterable."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BeforeValidator, Field
from sqlmodel import Session, col, select

from app.access import Actor
from app.assessments import service
from app.audit.queries import PAGE_SIZE, AuditFilter, action_labels, events_page
from app.auth.accounts import users_by_id
from app.db import SessionDep
from app.errors import InvalidInput
from app.i18n import _
from app.models import Assessment, Membership, Role, User
from app.params import MAX_INT, RowId
from app.web.deps import WebActor
from app.web.htmx import render

router = APIRouter()


def _blank_is_none(value: object) -> object:
    # The filter form is a GET form: it sends every field, those left empty too.
    return None if value == "" else value


RowNumber = Annotated[int, Field(ge=1, le=MAX_INT)]
OptionalId = Annotated[RowNumber | None, BeforeValidator(_blank_is_none), Query()]
OptionalDate = Annotated[date | None, BeforeValidator(_blank_is_none), Query()]


def _members(session: Session, organisation_id: int) -> list[User]:
    return list(
        session.exec(
            select(User)
            .join(Membership, col(Membership.user_id) == User.id)
            .where(Membership.organisation_id == organisation_id)
            .order_by(col(User.name))
        ).all()
    )


def _page(
    request: Request,
    session: Session,
    actor: Actor,
    wanted: AuditFilter,
    before: int | None,
    extra: dict[str, Any],
) -> HTMLResponse:
    labels = action_labels()
    if wanted.action and wanted.action not in labels:
        raise InvalidInput(_("Unknown kind of event %(action)s.") % {"action": repr(wanted.action)})
    if wanted.since and wanted.until and wanted.since > wanted.until:
        raise InvalidInput(_("'From' must not be after 'until'."))
    events = events_page(session, actor.organisation_id, wanted, before_seq=before)
    assessment_ids = {e.assessment_id for e in events if e.assessment_id is not None}
    titles = dict(
        session.exec(
            select(Assessment.id, Assessment.title).where(col(Assessment.id).in_(assessment_ids))
        ).all()
    )
    context = {
        "actor": actor,
        "events": events,
        "labels": labels,
        "people": users_by_id(session, [e.actor_id for e in events if e.actor_id]),
        "members": _members(session, actor.organisation_id),
        "titles": titles,
        "wanted": wanted,
        "older": events[-1].seq if len(events) == PAGE_SIZE else None,
        **extra,
    }
    return render(request, "pages/audit.html", context)


@router.get("/audit", response_class=HTMLResponse)
def organisation_audit(
    request: Request,
    session: SessionDep,
    actor: WebActor,
    action: Annotated[str | None, Query(max_length=40)] = None,
    person: OptionalId = None,
    assessment: OptionalId = None,
    since: OptionalDate = None,
    until: OptionalDate = None,
    before: OptionalId = None,
) -> HTMLResponse:
    """Everything that happened in the organisation: for reviewers and admins."""
    actor.require(Role.REVIEWER)
    wanted = AuditFilter(assessment, action or None, person, since, until)
    return _page(request, session, actor, wanted, before, {"assessment": None})


@router.get("/assessments/{assessment_id}/audit", response_class=HTMLResponse)
def assessment_audit(
    request: Request,
    assessment_id: RowId,
    session: SessionDep,
    actor: WebActor,
    action: Annotated[str | None, Query(max_length=40)] = None,
    person: OptionalId = None,
    since: OptionalDate = None,
    until: OptionalDate = None,
    before: OptionalId = None,
) -> HTMLResponse:
    found = service.get_assessment(session, actor, assessment_id)
    wanted = AuditFilter(assessment_id, action or None, person, since, until)
    return _page(request, session, actor, wanted, before, {"assessment": found})
