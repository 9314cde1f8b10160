"""Adding a person to an organisation: a new local account with the password the admin types,
or a membership for an account that already exists (which keeps its own name and password)."""

from dataclasses import dataclass

from sqlmodel import Session, select

from app.access import Actor
from app.auth.accounts import normalise_email
from app.auth.passwords import check_password, hash_password
from app.errors import InvalidInput, StateConflict
from app.i18n import _
from app.models import Membership, Role, User
from app.people.admins import take_turn
from app.people.events import record_member_event
from app.people.members import require_admin
from app.people.roles import parse_role

MAX_EMAIL = 254
MAX_NAME = 200


@dataclass(frozen=True)
class Added:
    user: User
    role: Role
    # False when the account existed already (in another organisation).
    new_account: bool


def clean_email(email: str) -> str:
    if not email.strip():
        raise InvalidInput(_("The e-mail address is required."))
    if len(email.strip()) > MAX_EMAIL:
        raise InvalidInput(_("An e-mail address has at most %(n)d characters.") % {"n": MAX_EMAIL})
    return normalise_email(email)


def clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("A new account needs the person's name."))
    if len(name) > MAX_NAME:
        raise InvalidInput(_("A name has at most %(n)d characters.") % {"n": MAX_NAME})
    return name


def add_member(
    session: Session, actor: Actor, *, email: str, name: str, role: str, password: str
) -> Added:
    """Add a person to the admin's organisation. `name` and `password` only count for a new
    account: an admin here must never rename, or set the password of, an account that other
    organisations use too."""
    require_admin(actor)
    chosen = parse_role(role)
    email = clean_email(email)
    take_turn(session, actor.organisation_id)
    user = session.exec(
        select(User).where(User.email == email).with_for_update(key_share=True)
    ).first()
    new_account = user is None
    if user is None:
        if not password:
            raise InvalidInput(_("A new account needs a password."))
        name = clean_name(name)
        check_password(password, email)
        user = User(email=email, name=name, password_hash=hash_password(password))
        session.add(user)
        session.flush()
    elif _is_member(session, user, actor.organisation_id):
        raise InvalidInput(
            _("%(email)s is already a member of this organisation.") % {"email": email}
        )
    elif not user.is_active:
        raise StateConflict(
            _(
                "The account of %(email)s is deactivated. The organisation it belongs to can "
                "reactivate it."
            )
            % {"email": email}
        )
    assert user.id is not None
    session.add(Membership(user_id=user.id, organisation_id=actor.organisation_id, role=chosen))
    record_member_event(session, actor, "member.added", email, role=chosen, previous_role=None)
    session.commit()
    return Added(user, chosen, new_account)


def _is_member(session: Session, user: User, organisation_id: int) -> bool:
    found = session.exec(
        select(Membership.id).where(
            Membership.user_id == user.id, Membership.organisation_id == organisation_id
        )
    ).first()
    return found is not None
