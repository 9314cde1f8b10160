"""Who belongs to an organisation: its members as the admin page lists them, and one of them."""

from dataclasses import dataclass

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from app.access import Actor
from app.errors import NotFound
from app.i18n import _
from app.models import Membership, Role, User


@dataclass(frozen=True)
class Member:
    user_id: int
    name: str
    email: str
    role: Role
    active: bool
    # How many other organisations the account belongs to: leaving this one then removes the
    # membership instead of deactivating the account.
    elsewhere: int


def require_admin(actor: Actor) -> None:
    """People are managed by the organisation's admins only."""
    actor.require(Role.ADMIN)


def list_members(session: Session, actor: Actor) -> list[Member]:
    """Everyone in the actor's organisation, deactivated accounts included, by name."""
    require_admin(actor)
    other = aliased(Membership)
    elsewhere = (
        select(func.count(col(other.id)))
        .where(
            col(other.user_id) == col(Membership.user_id),
            col(other.organisation_id) != actor.organisation_id,
        )
        .scalar_subquery()
    )
    rows = session.exec(
        select(User, Membership.role, elsewhere)
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(Membership.organisation_id == actor.organisation_id)
        .order_by(func.lower(User.name), col(User.id))
    ).all()
    members = []
    for user, role, others in rows:
        assert user.id is not None
        members.append(
            Member(user.id, user.name, user.email, Role(role), user.is_active, int(others))
        )
    return members


def membership_here(
    session: Session, organisation_id: int, user_id: int, *, lock: bool = False
) -> tuple[Membership, User]:
    """A member of this organisation; anyone else is "not found", whoever they are. With
    `lock`, the account's row stays locked until the transaction ends (PostgreSQL)."""
    query = (
        select(Membership, User)
        .join(User, col(User.id) == col(Membership.user_id))
        .where(Membership.organisation_id == organisation_id, Membership.user_id == user_id)
    )
    if lock:
        query = query.with_for_update(key_share=True)
    row = session.exec(query).first()
    if row is None:
        raise NotFound(_("There is no member %(id)d in this organisation.") % {"id": user_id})
    return row[0], row[1]


def other_memberships(session: Session, organisation_id: int, user_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(Membership)
        .where(Membership.user_id == user_id, Membership.organisation_id != organisation_id)
    ).one()
