"""Login hardening through the login form: failed logins limited per account and per client
address (stored in the database, so every worker counts the same), the password rules where an
admin gives a new account its password, and the flags of the session cookie."""

from collections.abc import Callable, Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

import app.auth.accounts
from app.main import create_app
from app.models import LoginFailure, Role, User
from app.settings import Settings
from tests.conftest import TEST_SECRET
from tests.factories import PASSWORD, csrf_from, login, make_user
from tests.http.helpers import fresh, one, page, text

# The default allows 20 failures per address; 8 here keeps the argon2 checks of the address
# test few. The per-account limit (5) and the window (15 minutes) are the defaults.
PER_ADDRESS = 8
WINDOW = 15 * 60
TOO_MANY = "Too many failed logins: logging in is paused for your safety. Try again in 15 minutes."

Clients = Callable[[str], TestClient]


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        env="test",
        database_url=database_url,
        secret_key=TEST_SECRET,
        login_failures_per_address=PER_ADDRESS,
    )


@pytest.fixture
def at(app: FastAPI) -> Iterator[Clients]:
    """`at("10.0.0.1")`: a browser at that address (one per address)."""
    opened: dict[str, TestClient] = {}

    def client_at(address: str) -> TestClient:
        if address not in opened:
            client = TestClient(app, base_url="http://testserver", client=(address, 50000))
            client.headers["Accept-Language"] = "en"
            opened[address] = client.__enter__()
        return opened[address]

    yield client_at
    for client in opened.values():
        client.__exit__(None, None, None)


@pytest.fixture
def password_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password the login compared with a stored hash, in order."""
    checked: list[str] = []
    real = app.auth.accounts.verify_password

    def counting(password: str, password_hash: str | None) -> bool:
        checked.append(password)
        return real(password, password_hash)

    monkeypatch.setattr(app.auth.accounts, "verify_password", counting)
    return checked


def attempt(client: TestClient, email: str, password: str) -> httpx.Response:
    token = csrf_from(client.get("/login").text)
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def error_of(response: httpx.Response) -> str:
    return text(one(page(response.text), "[role=alert].levend-alert--error"))


def logged_in(client: TestClient) -> bool:
    return client.get("/", follow_redirects=False).status_code == 200


def failures(session: Session, **where: str) -> int:
    query = select(LoginFailure)
    for column, value in where.items():
        query = query.where(getattr(LoginFailure, column) == value)
    return len(fresh(session).exec(query).all())


def test_the_sixth_attempt_on_an_account_is_refused_without_checking_the_password(
    at: Clients, session: Session, password_checks: list[str]
) -> None:
    editor = make_user(session, Role.EDITOR)
    browser = at("10.0.0.1")
    for n in range(5):
        wrong = attempt(browser, editor.email, f"wrong-password-{n}")
        assert wrong.status_code == 400
        assert error_of(wrong) == "E-mail address or password is wrong."

    refused = attempt(browser, editor.email, PASSWORD)

    assert refused.status_code == 429
    assert error_of(refused) == TOO_MANY
    assert WINDOW - 5 <= int(refused.headers["Retry-After"]) <= WINDOW
    assert one(page(refused.text), "input[name=email]")["value"] == editor.email
    assert password_checks == [f"wrong-password-{n}" for n in range(5)]  # not the sixth
    assert not logged_in(browser)


def test_the_refusal_speaks_dutch(at: Clients, session: Session) -> None:
    editor = make_user(session, Role.EDITOR)
    browser = at("10.0.0.1")
    browser.headers["Accept-Language"] = "nl"
    for n in range(5):
        attempt(browser, editor.email, f"wrong-password-{n}")
    refused = attempt(browser, editor.email, PASSWORD)
    assert refused.status_code == 429
    assert error_of(refused) == (
        "Te veel mislukte inlogpogingen: inloggen is voor uw veiligheid even geblokkeerd. "
        "Probeer het over 15 minuten opnieuw."
    )


def test_the_account_limit_counts_failures_from_every_address(
    at: Clients, session: Session
) -> None:
    editor = make_user(session, Role.EDITOR)
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"):
        assert attempt(at(address), editor.email, "wrong-password").status_code == 400

    refused = attempt(at("10.0.0.6"), editor.email, PASSWORD)

    assert refused.status_code == 429
    assert not logged_in(at("10.0.0.6"))


def test_an_unknown_address_is_limited_like_a_known_one(at: Clients, session: Session) -> None:
    """Whether an account exists is not given away by when the limit starts."""
    browser = at("10.0.0.1")
    for _ in range(5):
        assert attempt(browser, "nobody@utrecht.example", "wrong-password").status_code == 400
    assert attempt(browser, "NOBODY@utrecht.example", "wrong-password").status_code == 429


def test_the_address_limit_counts_failures_on_every_account(at: Clients, session: Session) -> None:
    people = [make_user(session, Role.EDITOR) for _ in range(5)]
    guesser = at("10.0.0.66")
    for person in people[:4]:
        for n in range(PER_ADDRESS // 4):
            assert attempt(guesser, person.email, f"guess-{n}").status_code == 400

    refused = attempt(guesser, people[4].email, PASSWORD)

    assert refused.status_code == 429
    assert error_of(refused) == TOO_MANY
    # Someone else, elsewhere, logs in as usual.
    assert attempt(at("10.0.0.7"), people[4].email, PASSWORD).status_code == 303


def test_a_successful_login_does_not_clear_another_addresses_failures(
    at: Clients, session: Session
) -> None:
    victim = make_user(session, Role.EDITOR)
    guesser, owner = at("10.0.0.66"), at("10.0.0.7")
    for n in range(4):
        assert attempt(guesser, victim.email, f"guess-{n}").status_code == 400

    assert attempt(owner, victim.email, PASSWORD).status_code == 303

    assert failures(session, account=victim.email, address="10.0.0.66") == 4
    assert attempt(guesser, victim.email, "guess-4").status_code == 400
    assert attempt(guesser, victim.email, "guess-5").status_code == 429


def test_a_successful_login_forgets_the_persons_own_typing_errors(
    at: Clients, session: Session
) -> None:
    editor = make_user(session, Role.EDITOR)
    browser = at("10.0.0.7")
    for n in range(4):
        attempt(browser, editor.email, f"typo-{n}")
    assert attempt(browser, editor.email, PASSWORD).status_code == 303
    assert failures(session, account=editor.email) == 0
    browser.cookies.clear()

    for n in range(4):
        assert attempt(browser, editor.email, f"typo-again-{n}").status_code == 400
    assert attempt(browser, editor.email, PASSWORD).status_code == 303


def test_the_session_cookie_is_httponly_and_samesite_lax_and_not_secure_over_http(
    client: TestClient, session: Session
) -> None:
    editor = make_user(session, Role.EDITOR)
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"email": editor.email, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    flags = cookie_flags(response, "levend_session")
    assert {"httponly", "samesite=lax"} <= flags
    assert "secure" not in flags


def test_in_production_the_session_cookie_is_secure_too(
    database_url: str, engine: Engine, session: Session
) -> None:
    editor = make_user(session, Role.EDITOR)
    production = Settings(env="production", database_url=database_url, secret_key=TEST_SECRET)
    with TestClient(create_app(production, engine), base_url="https://levend.example") as client:
        token = csrf_from(client.get("/login").text)
        response = client.post(
            "/login",
            data={"email": editor.email, "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert {"httponly", "samesite=lax", "secure"} <= cookie_flags(response, "levend_session")
        language = client.post(
            "/language",
            data={"language": "en", "csrf_token": csrf_from(client.get("/login").text)},
            follow_redirects=False,
        )
        assert {"httponly", "samesite=lax", "secure"} <= cookie_flags(language, "levend_lang")


def cookie_flags(response: httpx.Response, name: str) -> set[str]:
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(f"{name}="):
            return {part.strip().lower() for part in header.split(";")[1:]}
    raise AssertionError(f"no {name} cookie set")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        (
            "Nieuwe.Collega-2026",
            "A password must not contain the part of the e-mail address before the @ "
            "(nieuwe.collega).",
        ),
        ("nieuwe.collega", "A password must not contain the part of the e-mail address"),
        ("Wachtwoord123", "That password is one of the most used ones; choose another."),
    ],
)
def test_a_new_accounts_password_follows_the_rules(
    client: TestClient, session: Session, password: str, message: str
) -> None:
    admin = make_user(session, Role.ADMIN)
    csrf = login(client, admin)
    client.headers["Accept-Language"] = "en"
    response = client.post(
        "/people",
        data={
            "email": "nieuwe.collega@utrecht.example",
            "name": "Nieuwe Collega",
            "role": "editor",
            "password": password,
            "csrf_token": csrf,
        },
    )
    assert response.status_code == 422
    assert message in text(one(page(response.text), ".levend-alert"))
    stored = fresh(session).exec(select(User).where(User.email == "nieuwe.collega@utrecht.example"))
    assert stored.first() is None


def test_a_password_that_follows_the_rules_is_accepted(
    client: TestClient, session: Session
) -> None:
    admin = make_user(session, Role.ADMIN)
    csrf = login(client, admin)
    response = client.post(
        "/people",
        data={
            "email": "nieuwe.collega@utrecht.example",
            "name": "Nieuwe Collega",
            "role": "editor",
            "password": "paarse-fiets-in-de-gracht",
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    client.cookies.clear()
    newcomer = fresh(session).exec(
        select(User).where(User.email == "nieuwe.collega@utrecht.example")
    )
    login(client, newcomer.one(), "paarse-fiets-in-de-gracht")
