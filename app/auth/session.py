"""Who is logged in: the user id and login time in the signed session cookie."""

import time

from fastapi import Request
from sqlmodel import Session

from app.access import Actor
from app.auth.accounts import active_member
from app.errors import PermissionDenied
from app.i18n import _
from app.models import Role, User
from app.settings import get_settings


def log_in(request: Request, user: User, organisation_id: int | None = None) -> None:
    # A fresh session at login, so a session id planted before login is worth nothing.
    request.session.clear()
    request.session["user_id"] = user.id
    request.session["since"] = int(time.time())
    if organisation_id is not None:
        choose_organisation(request, organisation_id)


def choose_organisation(request: Request, organisation_id: int) -> None:
    """The organisation a person who belongs to several works in from now on; a membership
    there is checked on every request (session_actor), not here."""
    request.session["organisation_id"] = organisation_id


def log_out(request: Request) -> None:
    request.session.clear()


def session_actor(request: Request, session: Session) -> Actor | None:
    """Who is logged in, or None (nobody, an expired session, a deactivated account)."""
    user_id = request.session.get("user_id")
    since = request.session.get("since")
    if not isinstance(user_id, int) or not isinstance(since, int):
        return None
    if time.time() - since > get_settings().session_max_age_seconds:
        request.session.clear()
        return None
    chosen = request.session.get("organisation_id")
    found = active_member(session, user_id, chosen if isinstance(chosen, int) else None)
    if found is None:
        return None
    name, organisation_id, role, memberships = found
    if organisation_id is None or role is None:
        raise PermissionDenied(_("Your account does not belong to an organisation."))
    return Actor(user_id, name, organisation_id, Role(role), memberships)
