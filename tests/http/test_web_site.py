"""Site-wide behaviour: the organisation boundary on every page, the language switch, security
headers and static files."""

import pytest
from fastapi.testclient import TestClient
from httpx import Headers
from sqlmodel import Session

from app.models import Answer, Comment, QuestionnaireSet, Role
from app.settings import PROJECT_ROOT
from tests.factories import csrf_from, login, make_user
from tests.http.helpers import (
    ENGLISH,
    count_rows,
    one,
    page,
    revision_numbers,
    stored_answers,
    stored_revision,
    submitted_assessment,
    text,
)

WEB_ROUTES = [
    ("GET", "/assessments/{id}"),
    ("GET", "/assessments/{id}/revisions/1"),
    ("GET", "/assessments/{id}/revisions/1/sections/0"),
    ("GET", "/assessments/{id}/revisions/1/answers/0.1"),
    ("POST", "/assessments/{id}/revisions/1/answers/0.1"),
    ("POST", "/assessments/{id}/revisions/1/submit"),
    ("POST", "/assessments/{id}/revisions/1/approve"),
    ("POST", "/assessments/{id}/revisions/1/request-changes"),
    ("POST", "/assessments/{id}/revisions"),
    ("GET", "/assessments/{id}/history"),
    ("GET", "/assessments/{id}/diff?from=1&to=1"),
]


def test_another_organisations_assessment_is_a_404_page_everywhere(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = submitted_assessment(session, editor, "Utrecht's own")
    outsider = make_user(session, Role.REVIEWER, org="amsterdam")
    client.headers.update(ENGLISH)
    csrf = login(client, outsider)
    before = {
        k: (a.value, a.version) for k, a in stored_answers(session, assessment.id or 0, 1).items()
    }
    form = {
        "csrf_token": csrf,
        "value": "Taken over",
        "version": "1",
        "comment": "x",
        "reason": "x",
    }

    for method, template in WEB_ROUTES:
        path = template.format(id=assessment.id)
        data = form if method == "POST" else None
        response = client.request(method, path, data=data, follow_redirects=False)
        assert response.status_code == 404, (method, path, response.status_code)
        tree = page(response.text)
        assert text(one(tree, "h1")) == "Not found", path
        assert f"no assessment {assessment.id}" in text(one(tree, ".levend-alert")), path
        assert "Utrecht's own" not in response.text, path

    assert "Utrecht's own" not in client.get("/").text
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.approved_by) == ("submitted", None)
    after = {
        k: (a.value, a.version) for k, a in stored_answers(session, assessment.id or 0, 1).items()
    }
    assert after == before
    assert revision_numbers(session, assessment.id or 0) == [1]
    assert count_rows(session, Comment) == 0
    assert count_rows(session, Answer) == len(before)


def test_unknown_page_is_a_404_page(client: TestClient) -> None:
    response = client.get("/no/such/page", headers=ENGLISH)
    assert response.status_code == 404
    tree = page(response.text)
    assert text(one(tree, "h1")) == "Not found"
    assert text(one(tree, ".levend-alert")) == "This page does not exist."


def test_language_switch_sets_a_cookie_that_persists(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    dutch = page(client.get("/login").text)
    assert one(dutch, "html")["lang"] == "nl"
    switch = one(dutch, "form[action='/language']")
    assert one(switch, "button[name=language]")["value"] == "en"
    assert one(switch, "input[name=next]")["value"] == "/login"

    response = client.post(
        "/language",
        data={"language": "en", "next": "/login", "csrf_token": csrf_from(str(switch))},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("levend_lang=en;")
    assert "Max-Age=31536000" in cookie
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    assert client.cookies.get("levend_lang") == "en"

    english = page(client.get("/login").text)
    assert one(english, "html")["lang"] == "en"
    assert text(one(english, "h1")) == "Log in to Levend"
    assert one(english, "form[action='/language'] button[name=language]")["value"] == "nl"
    # It outlives the login (which starts a fresh session) and wins over the browser's wish.
    login(client, editor)
    home = page(client.get("/", headers={"Accept-Language": "nl"}).text)
    assert one(home, "html")["lang"] == "en"
    assert text(one(home, "h1")) == "Assessments"


def test_language_switch_ignores_unknown_languages_and_needs_csrf(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    unknown = client.post(
        "/language",
        data={"language": "de", "next": "/login", "csrf_token": token},
        follow_redirects=False,
    )
    assert unknown.status_code == 303
    assert "levend_lang" not in unknown.headers.get("set-cookie", "")
    forged = client.post(
        "/language", data={"language": "en", "next": "/login"}, follow_redirects=False
    )
    assert forged.status_code == 403
    assert "levend_lang" not in client.cookies
    assert one(page(client.get("/login").text), "html")["lang"] == "nl"


def test_language_switch_stays_on_this_site(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/language",
        data={"language": "en", "next": "https://evil.example/", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"


def _assert_security_headers(headers: Headers, where: str) -> None:
    csp = headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp, where
    assert "default-src 'self'" in csp, where
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp, where
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("referrer-policy") == "no-referrer", where


def test_security_headers_on_pages_api_and_errors(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    for path in ("/login", "/healthz", "/api/v1/assessments", "/no/such/page", "/openapi.json"):
        response = client.get(path)
        assert response.status_code in (200, 401, 404), path
        _assert_security_headers(response.headers, path)
    login(client, editor)
    home = client.get("/")
    assert home.status_code == 200 and "<html" in home.text
    _assert_security_headers(home.headers, "/")


def test_security_headers_on_a_refused_oversized_request(client: TestClient) -> None:
    response = client.post("/login", content=b"x" * (300 * 1024), headers=ENGLISH)
    assert response.status_code == 413
    assert "larger than 256 KB" in response.text
    _assert_security_headers(response.headers, "413")


def test_versioned_static_files_are_cached_for_a_year(client: TestClient) -> None:
    tree = page(client.get("/login").text)
    styles = [link["href"] for link in tree.select("link[rel=stylesheet]")]
    scripts = [script["src"] for script in tree.select("script[src]")]
    assert styles and scripts
    urls = styles + scripts
    for url in urls:
        assert isinstance(url, str) and url.startswith("/static/") and "?v=" in url
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable", url
        path, _sep, _version = url.removeprefix("/static/").partition("?")
        assert response.content == (PROJECT_ROOT / "static" / path).read_bytes(), url
    css = client.get(urls[0])
    assert css.headers["content-type"].startswith("text/css")


def test_unversioned_static_files_are_not_cached_for_a_year(client: TestClient) -> None:
    response = client.get("/static/css/levend.css")
    assert response.status_code == 200
    assert response.content == (PROJECT_ROOT / "static" / "css" / "levend.css").read_bytes()
    assert "immutable" not in response.headers.get("cache-control", "")


@pytest.mark.parametrize("path", ["/static/../app/settings.py", "/static/nothing.css"])
def test_static_serves_only_its_own_files(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "DEMO_SECRET_KEY" not in response.text
