"""A member's role: reading a role's name from a form, and changing a member's role."""

from sqlmodel import Session

from app.access import Actor, role_name
from app.errors import InvalidInput
from app.i18n import _
from app.models import Role, User
from app.people.admins import keep_an_admin, take_turn
from app.people.events import record_member_event
from app.people.members import membership_here, require_admin


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise InvalidInput(
            _("There is no role %(role)s; choose one of: %(roles)s.")
            % {"role": repr(value[:40]), "roles": ", ".join(role_name(r) for r in Role)}
        ) from None


def change_role(session: Session, actor: Actor, user_id: int, role: str) -> tuple[User, Role]:
    """Give a member another role; the last active admin keeps theirs."""
    require_admin(actor)
    new = parse_role(role)
    take_turn(session, actor.organisation_id)
    membership, user = membership_here(session, actor.organisation_id, user_id, lock=True)
    previous = Role(membership.role)
    if new == previous:
        return user, new
    if new != Role.ADMIN:
        keep_an_admin(session, membership, user)
    membership.role = new
    session.add(membership)
    record_member_event(
        session, actor, "member.role_changed", user.email, role=new, previous_role=previous
    )
    session.commit()
    return user, new
