"""What a validated ID token means in Levend, called directly: the role, the identity, and the
account and membership that single sign-on makes or updates."""

from typing import Any

import pytest
from sqlmodel import Session, col, select

from app.auth.accounts import get_or_create_organisation
from app.auth.oidc import Identity, SignInRefused, identity_from_claims, role_from_claim, sign_in
from app.models import AuditEvent, Membership, Role, User
from tests.factories import make_user

ISSUER = "https://login.utrecht.example"


def identity(**claims: Any) -> Identity:
    said = {
        "sub": "248289761001",
        "email": "Eva@Utrecht.example",
        "name": " Eva de Vries ",
        "org": "utrecht",
        "levend_role": "editor",
    } | claims
    return identity_from_claims(
        {k: v for k, v in said.items() if v is not None},
        issuer=ISSUER,
        organisation_claim="org",
        role_claim="levend_role",
    )


@pytest.mark.parametrize(
    ("claim", "role"),
    [
        ("editor", Role.EDITOR),
        (" Reviewer ", Role.REVIEWER),
        (["viewer", "admin", "editor"], Role.ADMIN),
        (["Domain Users", "viewer"], Role.VIEWER),
    ],
)
def test_the_role_claim_names_a_role_or_a_list_of_which_the_highest_counts(
    claim: Any, role: Role
) -> None:
    assert role_from_claim(claim) is role


@pytest.mark.parametrize("claim", [None, "", "root", ["guest"], 2, {"role": "admin"}])
def test_anything_else_is_no_role(claim: Any) -> None:
    with pytest.raises(SignInRefused, match="which role you have in Levend"):
        role_from_claim(claim)


def test_the_identity_takes_the_configured_claims() -> None:
    assert identity() == Identity(
        issuer=ISSUER,
        subject="248289761001",
        email="eva@utrecht.example",
        email_verified=False,
        name="Eva de Vries",
        organisation_slug="utrecht",
        role=Role.EDITOR,
    )
    assert identity(email_verified=True, name=None).email_verified is True
    assert identity(name=None).name is None


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"sub": None}, "did not say who you are"),
        ({"sub": "x" * 256}, "did not say who you are"),
        ({"email": None}, "did not give your e-mail address"),
        ({"org": None}, "which organisation you work for"),
        ({"org": ["utrecht"]}, "which organisation you work for"),
    ],
)
def test_an_identity_without_what_levend_needs_is_refused(
    claims: dict[str, Any], message: str
) -> None:
    with pytest.raises(SignInRefused, match=message):
        identity(**claims)


def test_sign_in_makes_the_account_once_and_follows_the_role(session: Session) -> None:
    utrecht = get_or_create_organisation(session, "utrecht", "Utrecht")
    session.commit()

    user, organisation_id = sign_in(session, identity())
    again, _ = sign_in(session, identity(levend_role="admin", name="Eva de Vries-Bakker"))

    assert organisation_id == utrecht.id
    assert again.id == user.id
    assert again.name == "Eva de Vries-Bakker"
    assert len(session.exec(select(User)).all()) == 1
    membership = session.exec(select(Membership)).one()
    assert membership.role == Role.ADMIN
    actions = [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.seq))]
    assert actions == ["member.added", "member.role_changed"]


def test_a_name_missing_from_the_token_keeps_the_name_levend_has(session: Session) -> None:
    get_or_create_organisation(session, "utrecht", "Utrecht")
    session.commit()
    user, _ = sign_in(session, identity(name=None))
    assert user.name == "eva@utrecht.example"
    renamed, _ = sign_in(session, identity(name="Eva"))
    kept, _ = sign_in(session, identity(name=None))
    assert (renamed.name, kept.name) == ("Eva", "Eva")


def test_the_provider_cannot_demote_the_last_admin(session: Session) -> None:
    """As on the people page, the organisation keeps an active admin: a lower role from the
    provider is recorded, and applies once someone else is admin."""
    get_or_create_organisation(session, "utrecht", "Utrecht")
    session.commit()
    sign_in(session, identity(levend_role="admin"))

    user, _ = sign_in(session, identity(levend_role="editor"))
    membership = session.exec(select(Membership).where(Membership.user_id == user.id)).one()
    assert membership.role == Role.ADMIN
    kept = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc())).first()
    assert kept is not None and kept.action == "member.role_kept"
    assert kept.detail["claimed"] == "editor" and kept.detail["role"] == "admin"

    make_user(session, Role.ADMIN, org="utrecht")
    sign_in(session, identity(levend_role="editor"))
    session.refresh(membership)
    assert membership.role == Role.EDITOR
    actions = [e.action for e in session.exec(select(AuditEvent).order_by(col(AuditEvent.seq)))]
    assert actions[-1] == "member.role_changed"


def test_a_deactivated_admin_does_not_count_as_the_one_kept(session: Session) -> None:
    """Another admin who is deactivated cannot run the organisation: the role is still kept."""
    get_or_create_organisation(session, "utrecht", "Utrecht")
    session.commit()
    sign_in(session, identity(levend_role="admin"))
    other = make_user(session, Role.ADMIN, org="utrecht")
    other.is_active = False
    session.add(other)
    session.commit()

    user, _ = sign_in(session, identity(levend_role="reviewer"))
    membership = session.exec(select(Membership).where(Membership.user_id == user.id)).one()
    assert membership.role == Role.ADMIN
