"""A person leaving an organisation, and coming back. An account that belongs only here is
deactivated (it keeps its name in every revision and event it is part of); one that also
belongs elsewhere only loses its membership here."""

from enum import StrEnum

from sqlalchemy import delete
from sqlmodel import Session, col

from app.access import Actor
from app.errors import StateConflict
from app.i18n import _
from app.models import ApiToken, Role, User
from app.people.admins import keep_an_admin, take_turn
from app.people.events import record_member_event
from app.people.members import membership_here, other_memberships, require_admin


class Departure(StrEnum):
    DEACTIVATED = "deactivated"
    REMOVED = "removed"


def deactivate_member(session: Session, actor: Actor, user_id: int) -> tuple[User, Departure]:
    """Deactivate the account, or remove it from this organisation when it belongs to another
    one too; never the last active admin."""
    require_admin(actor)
    take_turn(session, actor.organisation_id)
    membership, user = membership_here(session, actor.organisation_id, user_id, lock=True)
    if not user.is_active:
        raise StateConflict(_("%(name)s is deactivated already.") % {"name": user.name})
    keep_an_admin(session, membership, user)
    role = Role(membership.role)
    if other_memberships(session, actor.organisation_id, user_id):
        session.delete(membership)
        # Its tokens for this organisation go too: coming back later does not bring them back.
        session.execute(
            delete(ApiToken).where(
                col(ApiToken.user_id) == user_id,
                col(ApiToken.organisation_id) == actor.organisation_id,
            )
        )
        record_member_event(
            session, actor, "member.removed", user.email, role=None, previous_role=role
        )
        departure = Departure.REMOVED
    else:
        user.is_active = False
        session.add(user)
        record_member_event(
            session, actor, "member.deactivated", user.email, role=role, previous_role=role
        )
        departure = Departure.DEACTIVATED
    session.commit()
    return user, departure


def reactivate_member(session: Session, actor: Actor, user_id: int) -> User:
    require_admin(actor)
    take_turn(session, actor.organisation_id)
    membership, user = membership_here(session, actor.organisation_id, user_id, lock=True)
    if user.is_active:
        raise StateConflict(_("%(name)s is active already.") % {"name": user.name})
    role = Role(membership.role)
    user.is_active = True
    session.add(user)
    record_member_event(
        session, actor, "member.reactivated", user.email, role=role, previous_role=role
    )
    session.commit()
    return user
