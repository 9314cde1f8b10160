"""The organisations a person belongs to, and the one they switch to."""

from sqlmodel import Session, col, func, select

from app.access import Actor
from app.errors import NotFound
from app.i18n import _
from app.models import Membership, Organisation


def organisations_of(session: Session, user_id: int) -> list[Organisation]:
    return list(
        session.exec(
            select(Organisation)
            .join(Membership, col(Membership.organisation_id) == col(Organisation.id))
            .where(Membership.user_id == user_id)
            .order_by(func.lower(Organisation.name), col(Organisation.id))
        )
    )


def organisation_to_switch_to(session: Session, actor: Actor, organisation_id: int) -> Organisation:
    """One of the actor's own organisations; any other is "not found", like a missing one."""
    row = session.exec(
        select(Organisation)
        .join(Membership, col(Membership.organisation_id) == col(Organisation.id))
        .where(Membership.user_id == actor.user_id, Organisation.id == organisation_id)
    ).first()
    if row is None:
        raise NotFound(_("There is no organisation %(id)d.") % {"id": organisation_id})
    return row
