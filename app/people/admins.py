"""Every organisation keeps at least one active admin, and changes to its people take turns so
that two admins demoting each other at once cannot leave it without one."""

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from app.errors import StateConflict
from app.i18n import _
from app.models import Membership, Organisation, Role, User


def take_turn(session: Session, organisation_id: int) -> None:
    """A no-op UPDATE that locks the organisation's row (PostgreSQL) or the database (SQLite)
    until the transaction ends: changes to its people queue up behind each other, and each one
    counts the admins as the one before left them."""
    session.execute(
        update(Organisation)
        .where(col(Organisation.id) == organisation_id)
        .values(name=col(Organisation.name))
        .execution_options(synchronize_session=False)
    )


def active_admins(session: Session, organisation_id: int) -> int:
    return session.exec(
        select(func.count())
        .select_from(Membership)
        .join(User, col(User.id) == col(Membership.user_id))
        .where(
            Membership.organisation_id == organisation_id,
            Membership.role == Role.ADMIN,
            col(User.is_active).is_(True),
        )
    ).one()


def keep_an_admin(session: Session, membership: Membership, user: User) -> None:
    """Refuse to let the organisation's last active admin stop being one."""
    if membership.role != Role.ADMIN or not user.is_active:
        return
    if active_admins(session, membership.organisation_id) <= 1:
        raise StateConflict(
            _(
                "%(name)s is the last active admin of this organisation. Make someone else "
                "admin first."
            )
            % {"name": user.name}
        )
