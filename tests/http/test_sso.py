"""Single sign-on end to end: the TestClient plays the browser, a real OpenID provider
(oidc-provider-mock, on a loopback port) logs people in, and every redirect is followed by hand
so that each leg of the flow can be looked at."""

import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.auth.accounts import get_or_create_organisation
from app.main import create_app
from app.models import AuditEvent, Membership, Organisation, Role, User
from app.settings import Settings
from tests.conftest import TEST_SECRET
from tests.factories import PASSWORD, login, make_user
from tests.http.helpers import count_rows, fresh, one, page, text
from tests.oidc import (
    CLIENT_ID,
    CLIENT_SECRET,
    cancel_at_provider,
    log_in_at_provider,
    running_provider,
    set_claims,
)

CALLBACK = "http://testserver/login/sso/callback"


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    with running_provider() as url:
        yield url


@pytest.fixture
def settings(database_url: str, issuer: str) -> Settings:
    return Settings(
        env="test",
        database_url=database_url,
        secret_key=TEST_SECRET,
        oidc_issuer=issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        oidc_display_name="Utrecht ID",
    )


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    client.headers["Accept-Language"] = "en"


@pytest.fixture
def utrecht(session: Session) -> Organisation:
    organisation = get_or_create_organisation(session, "utrecht", "Gemeente Utrecht")
    session.commit()
    return organisation


@pytest.fixture
def subject() -> str:
    """The provider keeps its people for the whole module: a new one for every test."""
    return f"person-{uuid.uuid4().hex[:12]}"


def claims(**changes: Any) -> dict[str, Any]:
    return {
        "email": "eva.de.vries@utrecht.example",
        "email_verified": True,
        "name": "Eva de Vries",
        "organisation": "utrecht",
        "role": "editor",
    } | changes


def start(client: TestClient, next_url: str = "/") -> str:
    """Press the button: Levend sends the browser to the provider; the URL it sends it to."""
    response = client.get("/login/sso", params={"next": next_url}, follow_redirects=False)
    assert response.status_code == 302, response.text
    return response.headers["location"]


def sso_login(
    client: TestClient, issuer: str, subject: str, said: dict[str, Any], next_url: str = "/"
) -> httpx.Response:
    """The whole round trip; Levend's answer to the provider's redirect back."""
    set_claims(issuer, subject, said)
    back = log_in_at_provider(start(client, next_url), subject)
    assert back.startswith(CALLBACK + "?")
    return client.get(back, follow_redirects=False)


def logged_in_as(client: TestClient) -> str | None:
    home = client.get("/", follow_redirects=False)
    if home.status_code != 200:
        return None
    return text(one(page(home.text), ".levend-user"))


def refusal(response: httpx.Response) -> str:
    return text(one(page(response.text), "[role=alert].levend-alert--error"))


def events(session: Session, action: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.seq))
    return list(fresh(session).exec(query))


def sso_user(session: Session, issuer: str, subject: str) -> User | None:
    query = select(User).where(User.oidc_issuer == issuer, User.oidc_subject == subject)
    return fresh(session).exec(query).first()


def role_in(session: Session, user: User, organisation: Organisation) -> Role:
    membership = (
        fresh(session)
        .exec(
            select(Membership).where(
                Membership.user_id == user.id, Membership.organisation_id == organisation.id
            )
        )
        .one()
    )
    return Role(membership.role)


def test_the_login_page_offers_the_provider_next_to_the_password_form(
    client: TestClient,
) -> None:
    tree = page(client.get("/login?next=/assessments/new").text)
    button = one(tree, "a#sso-login")
    assert text(button) == "Log in with Utrecht ID"
    assert button["href"] == "/login/sso?next=/assessments/new"
    assert one(tree, "form[action='/login'] input[name=password]")


def test_the_flow_carries_state_nonce_and_a_pkce_challenge(client: TestClient) -> None:
    authorize = urlsplit(start(client))
    sent = {name: values[0] for name, values in parse_qs(authorize.query).items()}
    assert authorize.path == "/oauth2/authorize"
    assert sent["client_id"] == CLIENT_ID
    assert sent["redirect_uri"] == CALLBACK
    assert sent["response_type"] == "code"
    assert set(sent["scope"].split()) == {"openid", "email", "profile"}
    assert sent["code_challenge_method"] == "S256"
    assert len(sent["code_challenge"]) == 43  # base64url of a SHA-256, no padding
    assert len(sent["state"]) >= 20 and len(sent["nonce"]) >= 20


def test_the_first_login_creates_the_account_and_the_membership(
    client: TestClient, session: Session, issuer: str, subject: str, utrecht: Organisation
) -> None:
    response = sso_login(client, issuer, subject, claims(), next_url="/assessments/new")

    assert response.status_code == 303
    assert response.headers["location"] == "/assessments/new"
    assert logged_in_as(client) == "Eva de Vries (editor)"
    user = sso_user(session, issuer, subject)
    assert user is not None
    assert (user.email, user.name, user.password_hash) == (
        "eva.de.vries@utrecht.example",
        "Eva de Vries",
        None,
    )
    assert role_in(session, user, utrecht) is Role.EDITOR
    [added] = events(session, "member.added")
    assert (added.organisation_id, added.actor_id, added.subject) == (
        utrecht.id,
        None,
        "eva.de.vries@utrecht.example",
    )
    assert added.detail == {
        "role": "editor",
        "account_created": True,
        "via": "sso",
        "issuer": issuer,
    }


def test_the_second_login_finds_the_account_by_its_subject(
    client: TestClient, session: Session, issuer: str, subject: str, utrecht: Organisation
) -> None:
    sso_login(client, issuer, subject, claims())
    first = sso_user(session, issuer, subject)
    client.cookies.clear()

    # The address changed at the provider; the subject did not.
    response = sso_login(client, issuer, subject, claims(email="eva@utrecht.example"))

    assert response.status_code == 303
    assert logged_in_as(client) == "Eva de Vries (editor)"
    again = sso_user(session, issuer, subject)
    assert first is not None and again is not None and again.id == first.id
    assert count_rows(session, User) == 1
    assert len(events(session, "member.added")) == 1
    assert events(session, "member.role_changed") == []


def test_the_role_claim_changes_the_role(
    client: TestClient, session: Session, issuer: str, subject: str, utrecht: Organisation
) -> None:
    sso_login(client, issuer, subject, claims(role="editor"))
    client.cookies.clear()

    response = sso_login(client, issuer, subject, claims(role="reviewer"))

    assert response.status_code == 303
    assert logged_in_as(client) == "Eva de Vries (reviewer)"
    user = sso_user(session, issuer, subject)
    assert user is not None
    assert role_in(session, user, utrecht) is Role.REVIEWER
    [changed] = events(session, "member.role_changed")
    assert changed.subject == "eva.de.vries@utrecht.example"
    assert changed.detail == {"from": "editor", "to": "reviewer", "via": "sso", "issuer": issuer}


def test_a_list_of_roles_gives_the_highest(
    client: TestClient, session: Session, issuer: str, subject: str, utrecht: Organisation
) -> None:
    sso_login(client, issuer, subject, claims(role=["viewer", "unknown", "reviewer"]))
    assert logged_in_as(client) == "Eva de Vries (reviewer)"


def test_login_lands_in_the_organisation_the_claim_names(
    client: TestClient, session: Session, issuer: str, subject: str, utrecht: Organisation
) -> None:
    """Someone who already works in another organisation works in the one the provider names."""
    other = make_user(session, Role.ADMIN, org="amersfoort", email="eva.de.vries@utrecht.example")
    other.oidc_issuer, other.oidc_subject = issuer, subject
    session.add(other)
    session.commit()

    sso_login(client, issuer, subject, claims(role="viewer"))

    assert logged_in_as(client) == "Eva de Vries (viewer)"
    assert role_in(session, other, utrecht) is Role.VIEWER


def test_an_unknown_organisation_is_refused(
    client: TestClient, session: Session, issuer: str, subject: str, utrecht: Organisation
) -> None:
    response = sso_login(client, issuer, subject, claims(organisation="gouda"))

    assert response.status_code == 403
    assert refusal(response) == (
        "Your organisation (gouda) does not use Levend, so you cannot log in here."
    )
    assert one(page(response.text), "a#sso-login")  # a way to try again
    assert logged_in_as(client) is None
    assert count_rows(session, User) == 0


def test_the_refusal_speaks_dutch_to_dutch_readers(
    client: TestClient, session: Session, issuer: str, subject: str, utrecht: Organisation
) -> None:
    client.headers["Accept-Language"] = "nl"
    response = sso_login(client, issuer, subject, claims(organisation="gouda"))
    assert response.status_code == 403
    assert refusal(response) == (
        "Uw organisatie (gouda) gebruikt Levend niet, dus u kunt hier niet inloggen."
    )
    assert text(one(page(response.text), "a#sso-login")) == "Inloggen met Utrecht ID"


@pytest.mark.parametrize(
    "role",
    [None, "", "superuser", ["guest", "owner"], 3],
    ids=["none", "empty", "unknown", "list", "number"],
)
def test_a_missing_or_unknown_role_is_refused(
    client: TestClient,
    session: Session,
    issuer: str,
    subject: str,
    utrecht: Organisation,
    role: Any,
) -> None:
    said = claims(role=role) if role is not None else claims()
    if role is None:
        del said["role"]

    response = sso_login(client, issuer, subject, said)

    assert response.status_code == 403
    assert refusal(response).startswith(
        "Your organisation's sign-in did not say which role you have in Levend"
    )
    assert logged_in_as(client) is None
    assert count_rows(session, User) == 0
    assert count_rows(session, Membership) == 0


def test_a_missing_e_mail_address_is_refused(
    client: TestClient, session: Session, issuer: str, subject: str, utrecht: Organisation
) -> None:
    said = claims()
    del said["email"]
    response = sso_login(client, issuer, subject, said)
    assert response.status_code == 403
    assert "did not give your e-mail address" in refusal(response)
    assert count_rows(session, User) == 0


def test_a_deactivated_account_is_refused(
    client: TestClient, session: Session, issuer: str, subject: str, utrecht: Organisation
) -> None:
    sso_login(client, issuer, subject, claims())
    user = sso_user(session, issuer, subject)
    assert user is not None
    user.is_active = False
    session.add(user)
    session.commit()
    client.cookies.clear()

    response = sso_login(client, issuer, subject, claims(role="admin"))

    assert response.status_code == 403
    assert refusal(response) == (
        "Your Levend account has been deactivated. Ask an administrator if that is wrong."
    )
    assert logged_in_as(client) is None
    assert role_in(session, user, utrecht) is Role.EDITOR  # the role did not change either


def test_a_tampered_state_is_refused(
    client: TestClient, session: Session, issuer: str, subject: str, utrecht: Organisation
) -> None:
    set_claims(issuer, subject, claims())
    back = urlsplit(log_in_at_provider(start(client), subject))
    query = {name: values[0] for name, values in parse_qs(back.query).items()}
    query["state"] = "forged-" + query["state"]

    response = client.get(f"{back.path}?{urlencode(query)}", follow_redirects=False)

    assert response.status_code == 400
    assert refusal(response) == (
        "This sign-in was not started here or has expired. Start again from the login page."
    )
    assert logged_in_as(client) is None
    assert count_rows(session, User) == 0


def test_a_callback_in_a_browser_that_did_not_start_the_flow_is_refused(
    app: FastAPI,
    client: TestClient,
    session: Session,
    issuer: str,
    subject: str,
    utrecht: Organisation,
) -> None:
    """A login link planted in someone else's browser (login CSRF) logs nobody in."""
    set_claims(issuer, subject, claims())
    back = log_in_at_provider(start(client), subject)
    with TestClient(app, base_url="http://testserver") as victim:
        victim.headers["Accept-Language"] = "en"
        response = victim.get(back, follow_redirects=False)
        assert response.status_code == 400
        assert logged_in_as(victim) is None


def test_cancelling_at_the_provider_is_a_clear_refusal(
    client: TestClient, session: Session, issuer: str, utrecht: Organisation
) -> None:
    back = cancel_at_provider(start(client))
    assert "error=access_denied" in back

    response = client.get(back, follow_redirects=False)

    assert response.status_code == 400
    assert refusal(response) == "Logging in with Utrecht ID did not succeed. Try again."
    assert logged_in_as(client) is None


def test_an_unsafe_next_address_is_dropped(
    client: TestClient, session: Session, issuer: str, subject: str, utrecht: Organisation
) -> None:
    response = sso_login(client, issuer, subject, claims(), next_url="//evil.example/phish")
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_a_password_account_with_a_verified_address_is_linked(
    client: TestClient, session: Session, issuer: str, subject: str, utrecht: Organisation
) -> None:
    existing = make_user(session, Role.VIEWER, email="eva.de.vries@utrecht.example", name="Eva")

    response = sso_login(client, issuer, subject, claims(role="editor"))

    assert response.status_code == 303
    linked = sso_user(session, issuer, subject)
    assert linked is not None and linked.id == existing.id
    assert linked.password_hash == existing.password_hash  # the password still works too
    assert role_in(session, linked, utrecht) is Role.EDITOR
    assert count_rows(session, User) == 1


def test_a_password_account_with_an_unverified_address_is_not_taken_over(
    client: TestClient, session: Session, issuer: str, subject: str, utrecht: Organisation
) -> None:
    existing = make_user(session, Role.ADMIN, email="eva.de.vries@utrecht.example")

    response = sso_login(client, issuer, subject, claims(email_verified=False))

    assert response.status_code == 409
    assert refusal(response).startswith(
        "There is already a Levend account for eva.de.vries@utrecht.example"
    )
    assert logged_in_as(client) is None
    kept = fresh(session).get(User, existing.id)
    assert kept is not None and kept.oidc_subject is None


def test_an_unreachable_provider_is_a_clear_error(
    app: FastAPI, client: TestClient, session: Session, utrecht: Organisation, database_url: str
) -> None:
    closed = Settings(
        env="test",
        database_url=database_url,
        secret_key=TEST_SECRET,
        oidc_issuer="http://127.0.0.1:9",  # discard: nothing listens there
        oidc_client_id=CLIENT_ID,
        oidc_display_name="Utrecht ID",
    )
    with TestClient(create_app(closed, app.state.engine)) as offline:
        offline.headers["Accept-Language"] = "en"
        response = offline.get("/login/sso", follow_redirects=False)
    assert response.status_code == 502
    assert refusal(response).startswith("Utrecht ID cannot be reached right now.")


def test_password_logins_keep_working_next_to_sso(
    client: TestClient, session: Session, utrecht: Organisation
) -> None:
    editor = make_user(session, Role.EDITOR, name="Piet")
    login(client, editor, PASSWORD)
    assert logged_in_as(client) == "Piet (editor)"


def test_without_an_issuer_there_is_no_sso(database_url: str, app: FastAPI) -> None:
    plain = Settings(env="test", database_url=database_url, secret_key=TEST_SECRET)
    with TestClient(create_app(plain, app.state.engine)) as client:
        client.headers["Accept-Language"] = "en"
        assert page(client.get("/login").text).select_one("a#sso-login") is None
        for path in ("/login/sso", "/login/sso/callback?code=x&state=y"):
            response = client.get(path, follow_redirects=False)
            assert response.status_code == 404
            assert "This page does not exist." in text(page(response.text))
