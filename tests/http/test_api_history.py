"""GET /api/v1/assessments/{id}/revisions: the history of an assessment through the API."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import QuestionnaireSet, Role
from tests.factories import make_user
from tests.http.helpers import api_headers, approved_assessment, open_revision_as


def test_history_lists_every_revision_with_its_chain(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = approved_assessment(session, editor, reviewer)
    open_revision_as(session, editor, assessment, "Retrained on 2026 data")

    response = client.get(
        f"/api/v1/assessments/{assessment.id}/revisions", headers=api_headers(session, editor)
    )
    assert response.status_code == 200
    history = response.json()
    assert [(r["number"], r["state"]) for r in history] == [(1, "approved"), (2, "draft")]
    first, second = history
    assert first["content_hash"] and len(first["content_hash"]) == 64
    assert second["parent_hash"] == first["content_hash"]
    assert second["reason"] == "Retrained on 2026 data"
    assert second["questionnaire"] == "ai-act-fria@1.0"
    assert "answers" not in second


def test_another_organisations_history_is_not_found(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = approved_assessment(session, editor, reviewer)
    stranger = make_user(session, Role.ADMIN, org="amsterdam")
    response = client.get(
        f"/api/v1/assessments/{assessment.id}/revisions", headers=api_headers(session, stranger)
    )
    assert response.status_code == 404
    assert response.json()["detail"] == f"There is no assessment {assessment.id}."
