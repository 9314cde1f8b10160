"""Logging in and out through the forms, and the CSRF token every form carries."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import QuestionnaireSet, Role
from tests.factories import PASSWORD, csrf_from, login, make_user
from tests.http.helpers import one, page, text


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    client.headers["Accept-Language"] = "en"


def _assert_logged_out(client: TestClient) -> None:
    home = client.get("/", follow_redirects=False)
    assert home.status_code == 303
    assert home.headers["location"] == "/login?next=/"


def test_login_page_shows_the_form(client: TestClient) -> None:
    response = client.get("/login")
    assert response.status_code == 200
    tree = page(response.text)
    form = one(tree, "form[action='/login']")
    assert form["method"] == "post"
    assert one(form, "input[name=email]")["type"] == "email"
    assert one(form, "input[name=password]")["type"] == "password"
    assert one(form, "input[name=csrf_token]")["value"]
    assert one(form, "input[name=next]")["value"] == "/"
    assert text(one(tree, "h1")) == "Log in to Levend"


def test_pages_need_a_login(client: TestClient) -> None:
    response = client.get("/assessments/new", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/assessments/new"
    htmx = client.get("/assessments/new", headers={"HX-Request": "true"}, follow_redirects=False)
    assert htmx.status_code == 401
    assert htmx.headers["HX-Redirect"] == "/login?next=/assessments/new"


def test_login_brings_you_back_to_the_page_you_asked_for_with_its_query(
    client: TestClient,
) -> None:
    """A link to a comparison (from=1&to=2) opened while logged out must, after the login,
    show that comparison, not the default one."""
    response = client.get("/assessments/7/diff?from=1&to=2")
    assert response.url.path == "/login"
    next_field = one(page(response.text), "form[action='/login'] input[name=next]")
    assert next_field["value"] == "/assessments/7/diff?from=1&to=2"


def test_login_then_the_list_shows_who_is_logged_in(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR, name="Eva Editor")
    token = csrf_from(client.get("/login?next=/assessments/new").text)
    response = client.post(
        "/login",
        data={
            "email": editor.email.upper(),
            "password": PASSWORD,
            "csrf_token": token,
            "next": "/assessments/new",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/assessments/new"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("levend_session=")
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    home = client.get("/")
    assert home.status_code == 200
    assert text(one(page(home.text), ".levend-user")) == "Eva Editor (editor)"


def test_login_refuses_a_next_url_on_another_site(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={
            "email": editor.email,
            "password": PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/phish",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_wrong_password_shows_an_error_and_stays_logged_out(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"email": editor.email, "password": "not-the-password", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 400
    tree = page(response.text)
    assert text(one(tree, "[role=alert].levend-alert--error")) == (
        "E-mail address or password is wrong."
    )
    assert one(tree, "input[name=email]")["value"] == editor.email
    assert one(tree, "input[name=password]").get("value") in (None, "")
    assert tree.select_one(".levend-user") is None
    _assert_logged_out(client)


def test_unknown_email_gets_the_same_error(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"email": "nobody@utrecht.example", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 400
    assert "E-mail address or password is wrong." in text(page(response.text))
    _assert_logged_out(client)


def test_login_without_the_csrf_token_is_refused(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    client.get("/login")
    response = client.post(
        "/login", data={"email": editor.email, "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 403
    assert "did not come from Levend" in text(page(response.text))
    _assert_logged_out(client)


def test_logout_ends_the_session(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    csrf = login(client, editor)
    assert client.get("/", follow_redirects=False).status_code == 200
    response = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    _assert_logged_out(client)


def test_logout_without_the_csrf_token_is_refused(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    login(client, editor)
    response = client.post("/logout", follow_redirects=False)
    assert response.status_code == 403
    home = client.get("/", follow_redirects=False)
    assert home.status_code == 200
    assert one(page(home.text), ".levend-user") is not None
