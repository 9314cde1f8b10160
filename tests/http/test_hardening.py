"""Refusals at the edges: redirects that would leave the site, absurd numbers, an account
without an organisation, an oversized autosave, the demo in production, static path escapes."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.auth.passwords import hash_password
from app.cli import main
from app.models import QuestionnaireSet, Role, User
from app.web.middleware import _is_current_static
from app.web.templating import static_digest, static_url
from tests.factories import PASSWORD, actor_of, csrf_from, login, make_assessment, make_user
from tests.http.helpers import ENGLISH, api_headers

HUGE = "9" * 30


@pytest.mark.parametrize(
    "target", ["/\\evil.example", "/\t/evil.example", "//evil.example", "https://evil.example"]
)
def test_login_never_redirects_off_site(client: TestClient, session: Session, target: str) -> None:
    user = make_user(session, Role.EDITOR)
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token, "next": target},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_absurd_numbers_are_refused_not_crashed(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    headers = api_headers(session, editor)
    assessment = make_assessment(session, actor_of(session, editor))
    for url in (
        f"/api/v1/assessments/{HUGE}",
        f"/api/v1/assessments/{assessment.id}/revisions/{HUGE}",
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 422, url
        assert "less than or equal" in response.json()["detail"]
    response = client.put(
        f"/api/v1/assessments/{assessment.id}/revisions/1/answers/a.1",
        json={"value": "x", "version": int(HUGE)},
        headers=headers,
    )
    assert response.status_code == 422
    login(client, editor)
    page = client.get(f"/assessments/{HUGE}", headers=ENGLISH)
    assert page.status_code == 422


def test_an_account_without_organisation_is_told_so(client: TestClient, session: Session) -> None:
    lonely = User(email="lonely@example.org", name="Lonely", password_hash=hash_password(PASSWORD))
    session.add(lonely)
    session.commit()
    login(client, lonely)
    page = client.get("/", headers=ENGLISH)
    assert page.status_code == 403
    assert "does not belong to an organisation" in page.text
    api = client.get("/api/v1/assessments", headers=ENGLISH)
    assert api.status_code == 403
    assert "does not belong to an organisation" in api.json()["detail"]


def test_a_deactivated_account_is_logged_out(client: TestClient, session: Session) -> None:
    user = make_user(session, Role.EDITOR)
    login(client, user)
    assert client.get("/", headers=ENGLISH).status_code == 200
    user.is_active = False
    session.add(user)
    session.commit()
    page = client.get("/", headers=ENGLISH, follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/login")
    assert client.get("/api/v1/assessments", headers=ENGLISH).status_code == 401


def test_an_oversized_autosave_answers_in_the_message_area(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = make_assessment(session, actor_of(session, editor))
    csrf = login(client, editor)
    response = client.post(
        f"/assessments/{assessment.id}/revisions/1/answers/a.1",
        data={"value": "x" * 300_000, "version": "0", "csrf_token": csrf},
        headers={"HX-Request": "true", **ENGLISH},
    )
    assert response.status_code == 413
    assert response.headers["hx-retarget"] == "#flash"
    assert "larger than 256 KB" in response.text


def test_the_demo_refuses_production(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.settings import get_settings

    monkeypatch.setenv("LEVEND_ENV", "production")
    monkeypatch.setenv("LEVEND_SECRET_KEY", "x" * 48)
    get_settings.cache_clear()
    try:
        assert main(["demo"]) == 2
    finally:
        get_settings.cache_clear()
    assert "not for production" in capsys.readouterr().err


def test_static_hashes_never_leave_the_static_folder() -> None:
    assert static_digest("../app/settings.py") is None
    assert static_digest("css/../../app/settings.py") is None
    assert static_digest("css") is None
    url = static_url("css/levend.css")
    path, query = url.split("?")
    assert _is_current_static(path, query)
    assert not _is_current_static(path, "v=0000000000")
    assert not _is_current_static("/static/../app/settings.py", query)
    assert not _is_current_static(path, "nov=1")


def test_pages_are_not_cached_but_versioned_static_files_are(
    client: TestClient, session: Session
) -> None:
    assert client.get("/login").headers["cache-control"] == "no-store"
    static = client.get(static_url("css/levend.css"))
    assert static.headers["cache-control"] == "public, max-age=31536000, immutable"
