"""People and organisations: the admin page of an organisation's members, and the switch between
the organisations a person belongs to."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.access import Actor, role_name
from app.auth.csrf import require_csrf
from app.auth.passwords import MIN_PASSWORD_LENGTH
from app.auth.session import choose_organisation
from app.db import SessionDep
from app.errors import InvalidInput, StateConflict
from app.i18n import _
from app.models import Organisation, Role
from app.params import MAX_INT, RowId
from app.people.adding import add_member
from app.people.leaving import Departure, deactivate_member, reactivate_member
from app.people.members import list_members
from app.people.roles import change_role
from app.people.switching import organisation_to_switch_to
from app.web.deps import WebActor
from app.web.htmx import redirect, render

router = APIRouter(dependencies=[Depends(require_csrf)])

PEOPLE = "/people"
# A message for the next page, kept in the signed session cookie: "Added …", "Deactivated …".
NOTICE = "people_notice"


def _people_page(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    error: str | None = None,
    status_code: int = 200,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    members = list_members(session, actor)
    organisation = session.get(Organisation, actor.organisation_id)
    notice = request.session.pop(NOTICE, None)
    context: dict[str, Any] = {
        "actor": actor,
        "organisation": organisation,
        "members": members,
        "roles": list(Role),
        "min_password": MIN_PASSWORD_LENGTH,
        "error": error,
        "notice": notice if isinstance(notice, str) else None,
        "form": form or {"role": Role.VIEWER.value},
    }
    return render(request, "pages/people.html", context, status_code=status_code)


def _done(request: Request, message: str) -> Response:
    request.session[NOTICE] = message
    return redirect(request, PEOPLE)


def _refused(
    request: Request,
    session: Session,
    actor: Actor,
    refused: InvalidInput | StateConflict,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    """The page again, saying why, with what was typed (never the password)."""
    session.rollback()
    return _people_page(
        request,
        session,
        actor,
        error=refused.message,
        status_code=refused.status_code,
        form=form,
    )


@router.get(PEOPLE, response_class=HTMLResponse)
def people(request: Request, session: SessionDep, actor: WebActor) -> HTMLResponse:
    return _people_page(request, session, actor)


@router.post(PEOPLE, response_model=None)
def add_person(
    request: Request,
    session: SessionDep,
    actor: WebActor,
    email: Annotated[str, Form(max_length=2000)],
    role: Annotated[str, Form(max_length=40)],
    name: Annotated[str, Form(max_length=2000)] = "",
    password: Annotated[str, Form(max_length=4096)] = "",
) -> Response:
    try:
        added = add_member(session, actor, email=email, name=name, role=role, password=password)
    except (InvalidInput, StateConflict) as refused:
        typed = {"email": email, "name": name, "role": role}
        return _refused(request, session, actor, refused, typed)
    names = {"name": added.user.name, "role": role_name(added.role)}
    if added.new_account:
        return _done(request, _("%(name)s can now log in as %(role)s.") % names)
    return _done(
        request,
        _(
            "%(name)s already had a Levend account and joins as %(role)s, with their own "
            "name and password."
        )
        % names,
    )


@router.post(PEOPLE + "/{user_id}/role", response_model=None)
def change_member_role(
    request: Request,
    user_id: RowId,
    session: SessionDep,
    actor: WebActor,
    role: Annotated[str, Form(max_length=40)],
) -> Response:
    try:
        user, new_role = change_role(session, actor, user_id, role)
    except (InvalidInput, StateConflict) as refused:
        return _refused(request, session, actor, refused)
    if user_id == actor.user_id and new_role != Role.ADMIN:
        # An admin who made themselves something else may no longer see this page.
        return redirect(request, "/")
    return _done(
        request,
        _("The role of %(name)s is now %(role)s.")
        % {"name": user.name, "role": role_name(new_role)},
    )


@router.post(PEOPLE + "/{user_id}/deactivate", response_model=None)
def deactivate_person(
    request: Request, user_id: RowId, session: SessionDep, actor: WebActor
) -> Response:
    try:
        user, departure = deactivate_member(session, actor, user_id)
    except StateConflict as refused:
        return _refused(request, session, actor, refused)
    if user_id == actor.user_id:
        return redirect(request, "/")
    if departure == Departure.REMOVED:
        return _done(
            request, _("%(name)s no longer belongs to this organisation.") % {"name": user.name}
        )
    return _done(request, _("The account of %(name)s is deactivated.") % {"name": user.name})


@router.post(PEOPLE + "/{user_id}/reactivate", response_model=None)
def reactivate_person(
    request: Request, user_id: RowId, session: SessionDep, actor: WebActor
) -> Response:
    try:
        user = reactivate_member(session, actor, user_id)
    except StateConflict as refused:
        return _refused(request, session, actor, refused)
    return _done(request, _("The account of %(name)s is active again.") % {"name": user.name})


@router.post("/organisation", response_model=None)
def switch_organisation(
    request: Request,
    session: SessionDep,
    actor: WebActor,
    organisation_id: Annotated[int, Form(ge=1, le=MAX_INT)],
) -> Response:
    organisation = organisation_to_switch_to(session, actor, organisation_id)
    assert organisation.id is not None
    choose_organisation(request, organisation.id)
    return redirect(request, "/")
