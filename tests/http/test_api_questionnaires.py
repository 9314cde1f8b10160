"""GET /healthz and the questionnaire routes of the JSON API."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import QuestionnaireSet, Role
from tests.factories import make_user
from tests.http.helpers import api_headers

FRIA_TITLE_EN = "Fundamental rights impact assessment under the AI Act (art. 27)"


def test_healthz_needs_no_login(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_questionnaire_list_names_each_stored_set(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    headers = api_headers(session, make_user(session, Role.VIEWER))
    response = client.get("/api/v1/questionnaires", headers=headers)
    assert response.status_code == 200
    assert response.json() == [{"key": "ai-act-fria", "version": "1.0", "title": FRIA_TITLE_EN}]


def test_questionnaire_list_speaks_dutch_when_asked(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    headers = api_headers(session, make_user(session, Role.VIEWER)) | {"Accept-Language": "nl"}
    [summary] = client.get("/api/v1/questionnaires", headers=headers).json()
    assert summary["title"] == "Grondrechteneffectbeoordeling AI-verordening (art. 27)"


def test_questionnaire_has_sections_of_questions(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    headers = api_headers(session, make_user(session, Role.VIEWER))
    response = client.get("/api/v1/questionnaires/ai-act-fria/1.0", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert (body["key"], body["version"], body["title"]) == ("ai-act-fria", "1.0", FRIA_TITLE_EN)
    assert body["content_hash"] == fria.content_hash
    assert [s["key"] for s in body["sections"]] == ["0", "a", "b", "c", "d", "e", "f", "g"]
    for section in body["sections"]:
        assert section["title"]
        assert section["questions"], f"section {section['key']} has no questions"
        for question in section["questions"]:
            assert {"key", "type", "text", "required"} <= question.keys()
            assert question["type"] in {"text", "choice", "multichoice", "yesno", "date"}
            assert isinstance(question["required"], bool)
            assert question["text"]
    questions = {q["key"]: q for s in body["sections"] for q in s["questions"]}
    assert questions["0.1"]["text"] == (
        "What is the name of the AI system and how does the provider identify it?"
    )
    assert questions["0.1"]["type"] == "text" and questions["0.1"]["required"] is True
    assert questions["b.5"]["required"] is False
    assert questions["0.5"]["type"] == "yesno"
    assert questions["b.1"]["type"] == "date"
    assert questions["c.2"]["type"] == "multichoice"
    assert [o["value"] for o in questions["d.5"]["options"]] == ["low", "medium", "high"]
    assert all(o["label"] for o in questions["d.5"]["options"])


def test_questionnaire_shows_the_conditions_of_follow_up_questions(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    headers = api_headers(session, make_user(session, Role.VIEWER))
    body = client.get("/api/v1/questionnaires/ai-act-fria/1.0", headers=headers).json()
    questions = {q["key"]: q for s in body["sections"] for q in s["questions"]}
    assert questions["0.1"]["show_if"] is None
    assert questions["0.6"]["show_if"]["question"] == "0.5"
    assert questions["0.6"]["show_if"]["equals"] is True
    # `in` as the questionnaire YAML spells it.
    assert questions["b.3"]["show_if"]["in"] == ["pilot", "fixed-period"]


def test_unknown_questionnaire_is_404(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    headers = api_headers(session, make_user(session, Role.VIEWER))
    for path in ("/api/v1/questionnaires/no-such-set/1.0", "/api/v1/questionnaires/ai-act-fria/9"):
        response = client.get(path, headers=headers)
        assert response.status_code == 404, path
    unknown = client.get("/api/v1/questionnaires/no-such-set/1.0", headers=headers).json()
    assert "no-such-set@1.0" in unknown["detail"]
