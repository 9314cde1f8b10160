"""Dependencies of the JSON API: a bearer token, or the session cookie (then with CSRF)."""

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from app.access import Actor
from app.auth.accounts import token_actor
from app.auth.csrf import require_csrf_header
from app.auth.session import session_actor
from app.db import SessionDep
from app.i18n import _


def api_actor(request: Request, session: SessionDep) -> Actor:
    authorization = request.headers.get("authorization", "")
    scheme, _sep, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token:
        holder = token_actor(session, token.strip())
        if holder is None:
            raise HTTPException(
                401, _("That API token is not valid."), {"WWW-Authenticate": "Bearer"}
            )
        return holder
    actor = session_actor(request, session)
    if actor is None:
        raise HTTPException(
            401,
            _("Log in, or send a personal API token as 'Authorization: Bearer <token>'."),
            {"WWW-Authenticate": "Bearer"},
        )
    require_csrf_header(request)
    return actor


ApiActor = Annotated[Actor, Depends(api_actor)]
