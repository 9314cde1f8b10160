from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import QuestionnaireSet, Role
from tests.factories import actor_of, fill_and_submit, login, make_assessment, make_user, soup
from tests.http.helpers import hidden_fields


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_editor_fills_and_reviewer_approves(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = make_assessment(session, actor_of(session, editor))
    fill_and_submit(session, actor_of(session, editor), assessment)
    login(client, reviewer)
    page = client.get(f"/assessments/{assessment.id}")
    assert "Approve" in page.text or "Goedkeuren" in page.text
    action = f"/assessments/{assessment.id}/revisions/1/approve"
    response = client.post(
        action, data=hidden_fields(soup(page.text), action), follow_redirects=False
    )
    assert response.status_code == 303
    page = soup(client.get(f"/assessments/{assessment.id}").text)
    assert page.select_one(".levend-hash") is not None
