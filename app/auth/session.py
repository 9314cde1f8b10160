"""Who is logged in: the user id and login time in the signed session cookie."""

import time

from fastapi import Request
from sqlmodel import Session

from app.access import Actor
from app.auth.accounts import membership_of, user_and_membership
from app.models import Membership, Role, User
from app.settings import get_settings


def log_in(request: Request, user: User) -> None:
    # A fresh session at login, so a session id planted before login is worth nothing.
    request.session.clear()
    request.session["user_id"] = user.id
    request.session["since"] = int(time.time())


def log_out(request: Request) -> None:
    request.session.clear()


def session_user(request: Request, session: Session) -> tuple[User, Actor | None] | None:
    """The logged-in, active user and what they may do (None: in no organisation), or None."""
    user_id = request.session.get("user_id")
    since = request.session.get("since")
    if not isinstance(user_id, int) or not isinstance(since, int):
        return None
    if time.time() - since > get_settings().session_max_age_seconds:
        request.session.clear()
        return None
    found = user_and_membership(session, user_id)
    if found is None:
        return None
    user, membership = found
    return user, _actor(user, membership)


def _actor(user: User, membership: Membership | None) -> Actor | None:
    if membership is None:
        return None
    return Actor(user=user, organisation_id=membership.organisation_id, role=Role(membership.role))


def actor_for(session: Session, user: User) -> Actor | None:
    return _actor(user, membership_of(session, user))
