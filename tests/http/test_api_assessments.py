"""Creating, listing and reading assessments and revisions through the JSON API."""

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Assessment, QuestionnaireSet, Revision, Role
from tests.factories import make_user
from tests.http.helpers import (
    FRIA,
    answer_as,
    api_headers,
    count_rows,
    fresh,
    new_assessment,
    refuses_role,
    stored_revision,
)


def test_create_assessment_opens_revision_1_as_draft(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    response = client.post(
        "/api/v1/assessments",
        json={"title": "Fraud signals", "questionnaire": FRIA, "description": "Signals for review"},
        headers=api_headers(session, editor),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["title"] == "Fraud signals"
    assert body["description"] == "Signals for review"
    assert body["questionnaire"] == FRIA
    assert body["current_revision"] == 1
    assert body["current_state"] == "draft"
    stored = fresh(session).get(Assessment, body["id"])
    assert stored is not None
    assert stored.title == "Fraud signals"
    assert stored.created_by == editor.id
    revision = stored_revision(session, body["id"], 1)
    assert revision is not None
    assert revision.state == "draft"
    assert revision.questionnaire_id == fria.id


def test_create_assessment_with_unknown_questionnaire_is_422(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    headers = api_headers(session, make_user(session, Role.EDITOR))
    for ref in ("ai-act-fria@9.9", "nothing", "iama@1.0"):
        response = client.post(
            "/api/v1/assessments", json={"title": "X", "questionnaire": ref}, headers=headers
        )
        assert response.status_code == 422, ref
        detail = response.json()["detail"]
        assert f"Unknown questionnaire {ref!r}" in detail
        assert "KEY@VERSION" in detail
    assert count_rows(session, Assessment) == 0


def test_create_assessment_without_title_is_422(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    headers = api_headers(session, make_user(session, Role.EDITOR))
    missing = client.post("/api/v1/assessments", json={"questionnaire": FRIA}, headers=headers)
    assert missing.status_code == 422
    assert "title" in missing.json()["detail"]
    assert "required" in missing.json()["detail"].lower()
    blank = client.post(
        "/api/v1/assessments", json={"title": "   ", "questionnaire": FRIA}, headers=headers
    )
    assert blank.status_code == 422
    assert "Title is required" in blank.json()["detail"]
    assert count_rows(session, Assessment) == 0


def test_create_assessment_with_unknown_phase_is_422(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    headers = api_headers(session, make_user(session, Role.EDITOR))
    response = client.post(
        "/api/v1/assessments",
        json={"title": "X", "questionnaire": FRIA, "lifecycle_phase": "beta"},
        headers=headers,
    )
    assert response.status_code == 422
    assert "Unknown lifecycle phase 'beta'" in response.json()["detail"]
    assert count_rows(session, Assessment) == 0


def test_viewer_may_not_create_an_assessment(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    headers = api_headers(session, make_user(session, Role.VIEWER))
    response = client.post(
        "/api/v1/assessments", json={"title": "X", "questionnaire": FRIA}, headers=headers
    )
    assert response.status_code == 403
    assert refuses_role(response.json()["detail"], "viewer", "editor")
    assert count_rows(session, Assessment) == 0


def test_list_shows_the_organisations_assessments_newest_first(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    outsider = make_user(session, Role.EDITOR, org="amsterdam")
    first = new_assessment(session, editor, "First")
    second = new_assessment(session, editor, "Second")
    new_assessment(session, outsider, "Amsterdam's own")
    response = client.get("/api/v1/assessments", headers=api_headers(session, editor))
    assert response.status_code == 200
    body = response.json()
    assert [(a["id"], a["title"]) for a in body] == [
        (second.id, "Second"),
        (first.id, "First"),
    ]
    assert all(a["questionnaire"] == FRIA and a["current_revision"] == 1 for a in body)


def test_get_one_assessment(client: TestClient, session: Session, fria: QuestionnaireSet) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor, "Parking scans")
    response = client.get(
        f"/api/v1/assessments/{assessment.id}", headers=api_headers(session, editor)
    )
    assert response.status_code == 200
    assert response.json() == {
        "id": assessment.id,
        "title": "Parking scans",
        "description": "",
        "lifecycle_phase": "idea",
        "questionnaire": FRIA,
        "current_revision": 1,
        "current_state": "draft",
    }


def test_get_missing_assessment_is_404(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    headers = api_headers(session, make_user(session, Role.EDITOR))
    response = client.get("/api/v1/assessments/9999", headers=headers)
    assert response.status_code == 404
    assert "no assessment 9999" in response.json()["detail"]


def test_revision_lists_every_question_of_the_set(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    answer_as(session, editor, assessment, 1, "0.1", "Chatbot 2.1")
    answer_as(session, editor, assessment, 1, "0.1", "Chatbot 2.2")
    answer_as(session, editor, assessment, 1, "c.2", ["children", "older-people"])
    headers = api_headers(session, editor)
    questionnaire = client.get("/api/v1/questionnaires/ai-act-fria/1.0", headers=headers).json()
    keys = [q["key"] for s in questionnaire["sections"] for q in s["questions"]]

    response = client.get(f"/api/v1/assessments/{assessment.id}/revisions/1", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == 1
    assert body["state"] == "draft"
    assert body["reason"] == ""
    assert body["questionnaire"] == FRIA
    assert body["content_hash"] is None
    assert body["parent_hash"] is None
    assert list(body["answers"]) == keys
    assert body["answers"]["0.1"] == {"value": "Chatbot 2.2", "version": 2}
    assert body["answers"]["c.2"] == {"value": ["children", "older-people"], "version": 1}
    unanswered = [k for k in keys if k not in ("0.1", "c.2")]
    assert all(body["answers"][k] == {"value": None, "version": 0} for k in unanswered)


def test_missing_revision_is_404(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    response = client.get(
        f"/api/v1/assessments/{assessment.id}/revisions/2", headers=api_headers(session, editor)
    )
    assert response.status_code == 404
    assert "no revision 2" in response.json()["detail"]
    assert len(fresh(session).exec(select(Revision)).all()) == 1
