"""Dependencies of the JSON API: a bearer token, or the session cookie (then with CSRF)."""

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from app.access import Actor
from app.auth.accounts import token_holder
from app.auth.csrf import require_csrf_header
from app.auth.session import session_actor
from app.db import SessionDep
from app.i18n import _
from app.models import Role


def api_actor(request: Request, session: SessionDep) -> Actor:
    authorization = request.headers.get("authorization", "")
    scheme, _sep, token = authorization.partition(" ")
    if scheme.lower() == "bearer" and token:
        holder = token_holder(session, token.strip())
        if holder is None:
            raise HTTPException(
                401, _("That API token is not valid."), {"WWW-Authenticate": "Bearer"}
            )
        user_id, name, organisation_id, role = holder
        return Actor(user_id, name, organisation_id, Role(role))
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
