"""Dependencies of the HTML routes: the database session, and the logged-in actor (or a trip to
the login page)."""

from typing import Annotated

from fastapi import Depends, Request

from app.access import Actor
from app.auth.session import session_user
from app.db import SessionDep
from app.errors import PermissionDenied
from app.i18n import _


class LoginRequired(Exception):
    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


def web_actor(request: Request, session: SessionDep) -> Actor:
    signed_in = session_user(request, session)
    if signed_in is None:
        query = request.url.query
        raise LoginRequired(f"{request.url.path}?{query}" if query else request.url.path)
    _user, actor = signed_in
    if actor is None:
        raise PermissionDenied(_("Your account does not belong to an organisation."))
    return actor


WebActor = Annotated[Actor, Depends(web_actor)]
