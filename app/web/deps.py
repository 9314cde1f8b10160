"""Dependencies of the HTML routes: the database session, and the logged-in actor (or a trip to
the login page)."""

from typing import Annotated

from fastapi import Depends, Request

from app.access import Actor
from app.auth.session import session_actor
from app.db import SessionDep
from app.people.switching import organisations_of


class LoginRequired(Exception):
    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


def web_actor(request: Request, session: SessionDep) -> Actor:
    actor = session_actor(request, session)
    if actor is None:
        query = request.url.query
        raise LoginRequired(f"{request.url.path}?{query}" if query else request.url.path)
    # For the organisation switch in the page header: asked only when a whole page renders,
    # so an HTMX fragment (an autosave) costs no query for it.
    request.state.organisations = lambda: (
        organisations_of(session, actor.user_id) if actor.memberships > 1 else []
    )
    return actor


WebActor = Annotated[Actor, Depends(web_actor)]
