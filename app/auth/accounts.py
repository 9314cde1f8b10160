"""Local accounts, memberships and personal API tokens."""

import hashlib
import secrets
from collections.abc import Iterable

from sqlalchemy import bindparam, case
from sqlmodel import Session, col, func, select

from app.access import Actor
from app.auth.passwords import check_password, hash_password, verify_password
from app.errors import InvalidInput, NotFound
from app.i18n import _
from app.models import ApiToken, Membership, Organisation, Role, User

TOKEN_PREFIX = "lvd_"  # noqa: S105  (a public prefix that makes leaked tokens findable)


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254 or " " in email:
        raise InvalidInput(_("'%(email)s' is not an e-mail address.") % {"email": email[:80]})
    return email


def get_or_create_organisation(session: Session, slug: str, name: str) -> Organisation:
    organisation = session.exec(select(Organisation).where(Organisation.slug == slug)).first()
    if organisation is None:
        organisation = Organisation(slug=slug, name=name)
        session.add(organisation)
        session.flush()
    return organisation


def find_user(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email.strip().lower())).first()


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    password: str,
    organisation: Organisation,
    role: Role,
    commit: bool = True,
) -> User:
    """`commit=False` leaves the transaction open, for a caller that records the change too."""
    email = normalise_email(email)
    if find_user(session, email) is not None:
        raise InvalidInput(_("There is already an account for %(email)s.") % {"email": email})
    check_password(password, email)
    user = User(email=email, name=name.strip() or email, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    assert user.id is not None and organisation.id is not None
    session.add(Membership(user_id=user.id, organisation_id=organisation.id, role=role))
    if commit:
        session.commit()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = find_user(session, email)
    valid = verify_password(password, user.password_hash if user else None)
    return user if user is not None and valid and user.is_active else None


def membership_of(
    session: Session, user: User, organisation_id: int | None = None
) -> Membership | None:
    query = select(Membership).where(Membership.user_id == user.id)
    if organisation_id is not None:
        query = query.where(Membership.organisation_id == organisation_id)
    return session.exec(query.order_by(col(Membership.id))).first()


# Built once: every page runs it, and building the statement cost as much as running it.
# Memberships in the chosen organisation sort first, then the oldest one.
_MEMBERSHIPS = (
    select(func.count())
    .select_from(Membership)
    .where(col(Membership.user_id) == bindparam("user_id"))
    .scalar_subquery()
)
_ACTIVE_MEMBER = (
    select(User.name, Membership.organisation_id, Membership.role, _MEMBERSHIPS)
    .outerjoin(Membership, col(Membership.user_id) == User.id)
    .where(User.id == bindparam("user_id"), col(User.is_active).is_(True))
    .order_by(
        case((col(Membership.organisation_id) == bindparam("organisation_id"), 0), else_=1),
        col(Membership.id),
    )
    .limit(1)
)


def active_member(
    session: Session, user_id: int, organisation_id: int | None = None
) -> tuple[str, int | None, str | None, int] | None:
    """An active user's name, their role in the given organisation (or, when they are not a
    member there, in their first one; None, None when in none), and how many organisations
    they belong to, in one query."""
    # Plain columns on the session's connection: the ORM's execution path would add half again
    # to a query that runs before every page.
    row = (
        session.connection()
        .execute(_ACTIVE_MEMBER, {"user_id": user_id, "organisation_id": organisation_id or 0})
        .first()
    )
    return None if row is None else (row[0], row[1], row[2], row[3])


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    session: Session, email: str, *, name: str = "cli", organisation_slug: str | None = None
) -> str:
    """A new personal API token acting in one of the person's organisations: the one named, or
    their only one. Only its hash is kept, so it is shown once."""
    user = find_user(session, email)
    if user is None or user.id is None:
        raise NotFound(_("There is no account for %(email)s.") % {"email": email})
    slugs = dict(
        session.exec(
            select(Organisation.slug, Membership.organisation_id)
            .join(Membership, col(Membership.organisation_id) == col(Organisation.id))
            .where(Membership.user_id == user.id)
            .order_by(col(Organisation.slug))
        ).all()
    )
    if organisation_slug is not None and organisation_slug not in slugs:
        raise NotFound(
            _("%(email)s is not a member of %(slug)s.")
            % {"email": email, "slug": organisation_slug}
        )
    if organisation_slug is None and len(slugs) != 1:
        raise InvalidInput(
            _("%(email)s belongs to no organisation; a token acts in one.") % {"email": email}
            if not slugs
            else _("%(email)s belongs to %(slugs)s; name the one the token acts in.")
            % {"email": email, "slugs": ", ".join(slugs)}
        )
    organisation_id = slugs[organisation_slug or next(iter(slugs))]
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            user_id=user.id,
            organisation_id=organisation_id,
            name=name,
            token_hash=_token_digest(token),
        )
    )
    session.commit()
    return token


def token_actor(session: Session, token: str) -> Actor | None:
    """Who a valid token acts as: its person, in the organisation it was made for, with their
    role there. None for an unknown token, and for one whose person is deactivated or no
    longer a member of that organisation."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = session.exec(
        select(ApiToken.user_id, User.name, ApiToken.organisation_id, Membership.role)
        .join(User, col(User.id) == col(ApiToken.user_id))
        .join(
            Membership,
            (col(Membership.user_id) == col(ApiToken.user_id))
            & (col(Membership.organisation_id) == col(ApiToken.organisation_id)),
        )
        .where(ApiToken.token_hash == _token_digest(token), col(User.is_active).is_(True))
    ).first()
    return None if row is None else Actor(row[0], row[1], row[2], Role(row[3]))


def users_by_id(session: Session, ids: Iterable[int | None]) -> dict[int, User]:
    """The people named on a page, in one query."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    users = session.exec(select(User).where(col(User.id).in_(wanted)))
    return {user.id: user for user in users if user.id is not None}
