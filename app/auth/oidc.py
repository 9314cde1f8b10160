"""Single sign-on with OpenID Connect: the Authlib client for the configured provider, and what
a validated ID token means in Levend (which person, which organisation, which role)."""

import importlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client.errors import MismatchingStateError
from authlib.integrations.starlette_client import OAuth, OAuthError, StarletteOAuth2App
from fastapi import Request
from fastapi.responses import Response
from joserfc.errors import JoseError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.audit.chain import record
from app.auth.accounts import normalise_email
from app.errors import DomainError, StateConflict
from app.i18n import _
from app.models import Membership, Organisation, Role, User
from app.people.admins import keep_an_admin, take_turn
from app.settings import Settings

CLIENT_NAME = "levend_sso"
logger = logging.getLogger("levend")


def _http_errors() -> tuple[type[Exception], ...]:
    """What a failed request to the provider raises: Authlib talks through httpx2 when that is
    installed, through httpx otherwise."""
    try:
        successor: type[Exception] = importlib.import_module("httpx2").HTTPError
    except ImportError:
        return (httpx.HTTPError,)
    return (httpx.HTTPError, successor)


HTTP_ERRORS = _http_errors()
# Besides those: a discovery document that is not JSON or lacks an endpoint.
DISCOVERY_ERRORS: tuple[type[Exception], ...] = (*HTTP_ERRORS, ValueError, KeyError, RuntimeError)


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


class SignInFailed(DomainError):
    """The sign-in at the provider did not come back as one we can trust."""

    status_code = 400


class ProviderUnavailable(DomainError):
    status_code = 502


class Provider:
    """The configured OpenID provider, through Authlib's Starlette client: endpoints and keys
    come from the provider's discovery document (fetched on first use and kept), and the
    authorization code flow carries state, nonce and a PKCE challenge, all kept in the signed
    session cookie until the callback."""

    def __init__(self, settings: Settings) -> None:
        self.display_name = settings.oidc_display_name
        self.issuer = settings.oidc_issuer
        self.client_id = settings.oidc_client_id
        secret = settings.oidc_client_secret.get_secret_value()
        client_kwargs: dict[str, Any] = {
            "scope": settings.oidc_scopes,
            "code_challenge_method": "S256",
            "timeout": 10,
        }
        if not secret:
            # A public client proves itself with PKCE alone.
            client_kwargs["token_endpoint_auth_method"] = "none"  # noqa: S105  (a method name)
        oauth = OAuth()
        oauth.register(
            CLIENT_NAME,
            client_id=self.client_id,
            client_secret=secret or None,
            server_metadata_url=discovery_url(self.issuer),
            client_kwargs=client_kwargs,
        )
        self._client: StarletteOAuth2App = oauth.create_client(CLIENT_NAME)

    async def redirect_to_sign_in(self, request: Request, callback_url: str) -> Response:
        """A redirect to the provider's login page; the flow's secrets go into the session."""
        try:
            response: Response = await self._client.authorize_redirect(request, callback_url)
        except DISCOVERY_ERRORS as error:
            logger.warning("the OpenID provider %s cannot be reached: %r", self.issuer, error)
            raise self._unavailable() from error
        return response

    async def verified_claims(self, request: Request) -> dict[str, Any]:
        """The claims of the ID token the callback leads to, once Authlib has checked the
        state against the session, exchanged the code (with the PKCE verifier), and checked
        the token's signature, issuer, audience, expiry and nonce."""
        # Besides what Authlib checks by itself: that our configured issuer made it, for us.
        checks = {
            "iss": {"essential": True, "value": self.issuer},
            "aud": {"essential": True, "value": self.client_id},
        }
        try:
            token = await self._client.authorize_access_token(request, claims_options=checks)
        except MismatchingStateError as error:
            raise SignInFailed(
                _(
                    "This sign-in was not started here or has expired. "
                    "Start again from the login page."
                )
            ) from error
        except OAuthError as error:
            # The provider sent the person back with an error (they cancelled, or were refused).
            logger.info("the OpenID provider returned an error: %s", error.error)
            raise SignInFailed(
                _("Logging in with %(provider)s did not succeed. Try again.")
                % {"provider": self.display_name}
            ) from error
        except HTTP_ERRORS as error:
            logger.warning("the OpenID provider %s cannot be reached: %r", self.issuer, error)
            raise self._unavailable() from error
        except (AuthlibBaseError, JoseError, ValueError, KeyError) as error:
            logger.warning("the OpenID provider's answer was refused: %r", error)
            raise SignInFailed(
                _("The answer from %(provider)s could not be verified. Try again.")
                % {"provider": self.display_name}
            ) from error
        claims = token.get("userinfo")
        if not isinstance(claims, Mapping):
            raise SignInFailed(
                _("The answer from %(provider)s could not be verified. Try again.")
                % {"provider": self.display_name}
            )
        return dict(claims)

    def _unavailable(self) -> ProviderUnavailable:
        return ProviderUnavailable(
            _(
                "%(provider)s cannot be reached right now. "
                "Try again later, or log in with a password."
            )
            % {"provider": self.display_name}
        )


class SignInRefused(DomainError):
    """The provider vouched for the person, but Levend cannot let them in as they are."""

    status_code = 403


@dataclass(frozen=True)
class Identity:
    """The claims of a validated ID token that Levend uses."""

    issuer: str
    subject: str
    email: str
    email_verified: bool
    name: str | None
    organisation_slug: str
    role: Role


def role_from_claim(value: Any) -> Role:
    """The role the provider gives: one name, or a list of names of which the highest counts."""
    names = value if isinstance(value, list) else [value]
    roles = [Role(n.strip().lower()) for n in names if isinstance(n, str) and _is_role(n)]
    if not roles:
        raise SignInRefused(
            _(
                "Your organisation's sign-in did not say which role you have in Levend "
                "(viewer, editor, reviewer or admin). Ask your administrator to give you one."
            )
        )
    return max(roles, key=lambda role: role.rank)


def _is_role(name: str) -> bool:
    return name.strip().lower() in {role.value for role in Role}


def identity_from_claims(
    claims: Mapping[str, Any], *, issuer: str, organisation_claim: str, role_claim: str
) -> Identity:
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise SignInRefused(_("Your organisation's sign-in did not say who you are."))
    email = claims.get("email")
    if not isinstance(email, str) or not email:
        raise SignInRefused(
            _("Your organisation's sign-in did not give your e-mail address, which Levend needs.")
        )
    slug = claims.get(organisation_claim)
    if not isinstance(slug, str) or not slug.strip():
        raise SignInRefused(
            _("Your organisation's sign-in did not say which organisation you work for.")
        )
    role = role_from_claim(claims.get(role_claim))
    email = normalise_email(email)
    name = claims.get("name")
    return Identity(
        issuer=issuer,
        subject=subject,
        email=email,
        email_verified=claims.get("email_verified") is True,
        name=name.strip()[:200] if isinstance(name, str) and name.strip() else None,
        organisation_slug=slug.strip(),
        role=role,
    )


def _account_for(session: Session, identity: Identity) -> tuple[User, bool]:
    """The person's account and whether it was made just now. Found by the provider's subject;
    an existing account with the same, verified, e-mail address that has no link yet is linked."""
    user = session.exec(
        select(User).where(
            User.oidc_issuer == identity.issuer, User.oidc_subject == identity.subject
        )
    ).first()
    if user is not None:
        _refuse_deactivated(user)
        if identity.name and identity.name != user.name:
            user.name = identity.name  # the provider keeps the name up to date
            session.add(user)
        return user, False
    user = session.exec(select(User).where(User.email == identity.email)).first()
    if user is None:
        user = User(
            email=identity.email,
            name=identity.name or identity.email,
            oidc_issuer=identity.issuer,
            oidc_subject=identity.subject,
        )
        session.add(user)
        session.flush()
        return user, True
    if user.oidc_subject is not None or not identity.email_verified:
        raise StateConflict(
            _(
                "There is already a Levend account for %(email)s that is not linked to this "
                "sign-in. Ask an administrator to link them."
            )
            % {"email": identity.email}
        )
    _refuse_deactivated(user)
    user.oidc_issuer, user.oidc_subject = identity.issuer, identity.subject
    session.add(user)
    return user, False


def _refuse_deactivated(user: User) -> None:
    if not user.is_active:
        raise SignInRefused(
            _("Your Levend account has been deactivated. Ask an administrator if that is wrong.")
        )


def sign_in(session: Session, identity: Identity) -> tuple[User, int]:
    """The account and the organisation of a person the provider has vouched for, made or
    brought up to date from the ID token: the membership in the named organisation with the
    named role. Changes to memberships are in the organisation's audit trail."""
    try:
        return _sign_in(session, identity)
    except IntegrityError:
        # The same person's first sign-in in another tab landed first; now it is found.
        session.rollback()
        return _sign_in(session, identity)


def _follow_role(
    session: Session,
    membership: Membership,
    user: User,
    identity: Identity,
    via: dict[str, str],
) -> None:
    """The membership takes the provider's role, except that the organisation keeps an active
    admin, as on the people page: the last one stays admin until someone else is, and the trail
    says so. Changes to an organisation's people take turns; this one reads the membership as
    the change before it left it."""
    take_turn(session, membership.organisation_id)
    session.refresh(membership)
    before = Role(membership.role)
    if before == identity.role:
        return
    try:
        keep_an_admin(session, membership, user)
    except StateConflict:
        action, detail = "member.role_kept", {"role": before.value, "claimed": identity.role.value}
    else:
        membership.role = identity.role
        session.add(membership)
        action, detail = "member.role_changed", {"from": before.value, "to": identity.role.value}
    record(
        session,
        membership.organisation_id,
        None,
        action,
        subject=identity.email,
        detail={**detail, **via},
    )


def _sign_in(session: Session, identity: Identity) -> tuple[User, int]:
    organisation = session.exec(
        select(Organisation).where(Organisation.slug == identity.organisation_slug)
    ).first()
    if organisation is None or organisation.id is None:
        raise SignInRefused(
            _("Your organisation (%(slug)s) does not use Levend, so you cannot log in here.")
            % {"slug": identity.organisation_slug[:64]}
        )
    user, created = _account_for(session, identity)
    assert user.id is not None
    membership = session.exec(
        select(Membership).where(
            Membership.user_id == user.id, Membership.organisation_id == organisation.id
        )
    ).first()
    via = {"via": "sso", "issuer": identity.issuer}
    if membership is None:
        session.add(
            Membership(user_id=user.id, organisation_id=organisation.id, role=identity.role)
        )
        record(
            session,
            organisation.id,
            None,
            "member.added",
            subject=identity.email,
            detail={"role": identity.role.value, "account_created": created, **via},
        )
    elif Role(membership.role) != identity.role:
        _follow_role(session, membership, user, identity, via)
    session.commit()
    return user, organisation.id
