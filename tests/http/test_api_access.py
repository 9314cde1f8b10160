"""Who may call the JSON API: bearer tokens, the session cookie with its CSRF token, and the
organisation boundary. Also: the OpenAPI document lists the routes."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.auth.accounts import create_token
from app.errors import InvalidInput
from app.models import Answer, Assessment, Comment, Membership, QuestionnaireSet, Role
from tests.factories import actor_of, login, make_user
from tests.http.helpers import (
    ENGLISH,
    FRIA,
    api_headers,
    count_rows,
    fresh,
    revision_numbers,
    stored_answers,
    stored_revision,
    submitted_assessment,
)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/questionnaires"),
        ("GET", "/api/v1/assessments"),
        ("POST", "/api/v1/assessments"),
        ("GET", "/api/v1/assessments/1/revisions/1"),
    ],
)
def test_no_credentials_is_401(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, json={}, headers=ENGLISH)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]


@pytest.mark.parametrize(
    "authorization",
    ["Bearer lvd_not-a-real-token", "Bearer not-even-the-prefix", "bearer lvd_" + "x" * 300],
)
def test_a_bad_token_is_401(
    client: TestClient, session: Session, fria: QuestionnaireSet, authorization: str
) -> None:
    make_user(session, Role.EDITOR)
    response = client.get("/api/v1/assessments", headers={"Authorization": authorization} | ENGLISH)
    assert response.status_code == 401
    assert response.json() == {"detail": "That API token is not valid."}
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_token_of_an_inactive_user_is_401(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    headers = api_headers(session, editor)
    editor.is_active = False
    session.add(editor)
    session.commit()
    response = client.get("/api/v1/assessments", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "That API token is not valid."}


def test_session_cookie_reads_without_csrf(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    client.headers.update(ENGLISH)
    login(client, editor)
    created = submitted_assessment(session, editor, "Seen through the cookie")
    response = client.get("/api/v1/assessments")
    assert response.status_code == 200
    assert [a["title"] for a in response.json()] == ["Seen through the cookie"]
    assert created.id == response.json()[0]["id"]


def test_session_cookie_writes_need_the_csrf_header(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    client.headers.update(ENGLISH)
    csrf = login(client, editor)
    body = {"title": "Cookie-made", "questionnaire": FRIA}

    refused = client.post("/api/v1/assessments", json=body)
    assert refused.status_code == 403
    assert "did not come from Levend" in refused.json()["detail"]
    wrong = client.post("/api/v1/assessments", json=body, headers={"X-CSRF-Token": "forged"})
    assert wrong.status_code == 403
    assert count_rows(session, Assessment) == 0

    accepted = client.post("/api/v1/assessments", json=body, headers={"X-CSRF-Token": csrf})
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["title"] == "Cookie-made"
    assert count_rows(session, Assessment) == 1


def test_session_cookie_put_answer_needs_the_csrf_header(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    client.headers.update(ENGLISH)
    csrf = login(client, editor)
    created = client.post(
        "/api/v1/assessments",
        json={"title": "Cookie-made", "questionnaire": FRIA},
        headers={"X-CSRF-Token": csrf},
    ).json()
    url = f"/api/v1/assessments/{created['id']}/revisions/1/answers/0.1"

    refused = client.put(url, json={"value": "Without the token", "version": 0})
    assert refused.status_code == 403
    assert count_rows(session, Answer) == 0
    saved = client.put(
        url, json={"value": "With the token", "version": 0}, headers={"X-CSRF-Token": csrf}
    )
    assert saved.status_code == 200
    assert saved.json()["version"] == 1
    assert stored_answers(session, created["id"], 1)["0.1"].value == "With the token"


def test_bearer_token_needs_no_csrf(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    response = client.post(
        "/api/v1/assessments",
        json={"title": "Scripted", "questionnaire": FRIA},
        headers=api_headers(session, editor),
    )
    assert response.status_code == 201
    assert count_rows(session, Assessment) == 1


ASSESSMENT_ROUTES = [
    ("GET", "/api/v1/assessments/{id}", None),
    ("GET", "/api/v1/assessments/{id}/revisions/1", None),
    ("PUT", "/api/v1/assessments/{id}/revisions/1/answers/0.1", {"value": "Hi", "version": 1}),
    ("POST", "/api/v1/assessments/{id}/revisions/1/submit", None),
    ("POST", "/api/v1/assessments/{id}/revisions/1/approve", None),
    ("POST", "/api/v1/assessments/{id}/revisions/1/request-changes", {"comment": "Mine now"}),
    ("POST", "/api/v1/assessments/{id}/revisions", {"reason": "Taking over"}),
    ("GET", "/api/v1/assessments/{id}/diff?from=1&to=1", None),
]


def test_another_organisations_assessment_is_404_on_every_route(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = submitted_assessment(session, editor, "Utrecht's own")
    outsider = make_user(session, Role.REVIEWER, org="amsterdam")
    headers = api_headers(session, outsider)
    before = {
        k: (a.value, a.version) for k, a in stored_answers(session, assessment.id or 0, 1).items()
    }

    for method, template, body in ASSESSMENT_ROUTES:
        path = template.format(id=assessment.id)
        response = client.request(method, path, json=body, headers=headers)
        assert response.status_code == 404, (method, path, response.text)
        assert f"no assessment {assessment.id}" in response.json()["detail"], path

    listed = client.get("/api/v1/assessments", headers=headers)
    assert listed.json() == []
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.approved_by) == ("submitted", None)
    after = {
        k: (a.value, a.version) for k, a in stored_answers(session, assessment.id or 0, 1).items()
    }
    assert after == before
    assert revision_numbers(session, assessment.id or 0) == [1]
    assert count_rows(session, Comment) == 0
    assert fresh(session).get(Assessment, assessment.id) is not None


def test_openapi_lists_the_api_routes(client: TestClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    expected = {
        "/healthz": {"get"},
        "/api/v1/questionnaires": {"get"},
        "/api/v1/questionnaires/{key}/{version}": {"get"},
        "/api/v1/assessments": {"get", "post"},
        "/api/v1/assessments/{assessment_id}": {"get"},
        "/api/v1/assessments/{assessment_id}/revisions": {"post"},
        "/api/v1/assessments/{assessment_id}/revisions/{number}": {"get"},
        "/api/v1/assessments/{assessment_id}/revisions/{number}/answers/{question_key}": {"put"},
        "/api/v1/assessments/{assessment_id}/revisions/{number}/submit": {"post"},
        "/api/v1/assessments/{assessment_id}/revisions/{number}/approve": {"post"},
        "/api/v1/assessments/{assessment_id}/revisions/{number}/request-changes": {"post"},
        "/api/v1/assessments/{assessment_id}/diff": {"get"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), path
    put = paths["/api/v1/assessments/{assessment_id}/revisions/{number}/answers/{question_key}"]
    assert "409" in put["put"]["responses"]
    created = paths["/api/v1/assessments"]["post"]["responses"]
    assert "201" in created
    schemas = response.json()["components"]["schemas"]
    assert {"AssessmentCreate", "AssessmentOut", "RevisionOut", "AnswerIn", "DiffOut"} <= set(
        schemas
    )


def test_a_token_acts_in_the_organisation_it_was_made_for(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    """A person in two organisations holds a token for each; each sees its own organisation,
    and the one for an organisation the person leaves stops working there for good."""
    admin = make_user(session, Role.ADMIN)  # of utrecht
    bram = make_user(session, Role.EDITOR, org="zeist", name="Bram")
    assert bram.id is not None
    utrecht = actor_of(session, admin).organisation_id
    session.add(Membership(user_id=bram.id, organisation_id=utrecht, role=Role.EDITOR))
    session.commit()
    with pytest.raises(InvalidInput, match="utrecht, zeist;"):
        create_token(session, bram.email)
    in_utrecht = {
        "Authorization": f"Bearer {create_token(session, bram.email, organisation_slug='utrecht')}"
    }
    in_zeist = {
        "Authorization": f"Bearer {create_token(session, bram.email, organisation_slug='zeist')}"
    }
    for headers, title in [(in_utrecht, "Utrecht's chatbot"), (in_zeist, "Zeist's chatbot")]:
        made = client.post(
            "/api/v1/assessments", json={"title": title, "questionnaire": FRIA}, headers=headers
        )
        assert made.status_code == 201
    titles = {
        name: [a["title"] for a in client.get("/api/v1/assessments", headers=headers).json()]
        for name, headers in [("utrecht", in_utrecht), ("zeist", in_zeist)]
    }
    assert titles == {"utrecht": ["Utrecht's chatbot"], "zeist": ["Zeist's chatbot"]}

    csrf = login(client, admin)
    assert client.post(f"/people/{bram.id}/deactivate", data={"csrf_token": csrf}).is_success
    client.cookies.clear()
    gone = client.get("/api/v1/assessments", headers=in_utrecht | ENGLISH)
    assert gone.status_code == 401
    assert gone.json() == {"detail": "That API token is not valid."}
    assert client.get("/api/v1/assessments", headers=in_zeist).status_code == 200

    # Back in utrecht, the old token stays dead: it was revoked when Bram left.
    session.add(Membership(user_id=bram.id, organisation_id=utrecht, role=Role.EDITOR))
    session.commit()
    assert client.get("/api/v1/assessments", headers=in_utrecht).status_code == 401
