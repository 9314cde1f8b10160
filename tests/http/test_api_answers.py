"""PUT of one answer through the JSON API: versions, conflicts, sealed revisions, types, size."""

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Answer, QuestionnaireSet, Role
from tests.factories import make_user
from tests.http.helpers import (
    answer_as,
    api_headers,
    approved_assessment,
    count_rows,
    new_assessment,
    refuses_role,
    stored_answers,
    submitted_assessment,
)


def _url(assessment_id: int | None, key: str, number: int = 1) -> str:
    return f"/api/v1/assessments/{assessment_id}/revisions/{number}/answers/{key}"


def test_put_answer_stores_it_and_returns_the_new_version(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    headers = api_headers(session, editor)

    first = client.put(
        _url(assessment.id, "0.1"), json={"value": "Chatbot", "version": 0}, headers=headers
    )
    assert first.status_code == 200, first.text
    assert first.json() == {"question_key": "0.1", "value": "Chatbot", "version": 1}
    second = client.put(
        _url(assessment.id, "0.1"), json={"value": "Chatbot 2", "version": 1}, headers=headers
    )
    assert second.status_code == 200
    assert second.json() == {"question_key": "0.1", "value": "Chatbot 2", "version": 2}

    stored = stored_answers(session, assessment.id or 0, 1)["0.1"]
    assert (stored.value, stored.version, stored.updated_by) == ("Chatbot 2", 2, editor.id)
    revision = client.get(f"/api/v1/assessments/{assessment.id}/revisions/1", headers=headers)
    assert revision.json()["answers"]["0.1"] == {"value": "Chatbot 2", "version": 2}


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        ("0.3", "education", "education"),
        ("0.5", True, True),
        ("b.1", "2026-03-01", "2026-03-01"),
        # Stored in the questionnaire's order, whatever order they were sent in.
        ("c.2", ["older-people", "children"], ["children", "older-people"]),
    ],
)
def test_put_answer_of_each_type(
    client: TestClient,
    session: Session,
    fria: QuestionnaireSet,
    key: str,
    value: Any,
    stored: Any,
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    response = client.put(
        _url(assessment.id, key),
        json={"value": value, "version": 0},
        headers=api_headers(session, editor),
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"question_key": key, "value": stored, "version": 1}
    assert stored_answers(session, assessment.id or 0, 1)[key].value == stored


def test_saving_the_same_value_again_makes_no_new_version(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    answer_as(session, editor, assessment, 1, "0.1", "Chatbot")
    response = client.put(
        _url(assessment.id, "0.1"),
        json={"value": "Chatbot", "version": 1},
        headers=api_headers(session, editor),
    )
    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert stored_answers(session, assessment.id or 0, 1)["0.1"].version == 1


def test_stale_version_is_409_with_the_current_answer(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    colleague = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    answer_as(session, editor, assessment, 1, "0.1", "Mine, first")
    answer_as(session, colleague, assessment, 1, "0.1", "Theirs, later")

    response = client.put(
        _url(assessment.id, "0.1"),
        json={"value": "Mine, edited", "version": 1},
        headers=api_headers(session, editor),
    )
    assert response.status_code == 409
    body = response.json()
    assert "Someone else saved this answer" in body["detail"]
    assert body["current"] == {"value": "Theirs, later", "version": 2}
    stored = stored_answers(session, assessment.id or 0, 1)["0.1"]
    assert (stored.value, stored.version, stored.updated_by) == ("Theirs, later", 2, colleague.id)


def test_first_save_when_someone_already_answered_is_409(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    colleague = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    answer_as(session, colleague, assessment, 1, "0.1", "Theirs")

    response = client.put(
        _url(assessment.id, "0.1"),
        json={"value": "Mine", "version": 0},
        headers=api_headers(session, editor),
    )
    assert response.status_code == 409
    assert response.json()["current"] == {"value": "Theirs", "version": 1}
    assert stored_answers(session, assessment.id or 0, 1)["0.1"].value == "Theirs"


def test_put_on_a_submitted_revision_is_409(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = submitted_assessment(session, editor)
    before = stored_answers(session, assessment.id or 0, 1)["0.1"]

    response = client.put(
        _url(assessment.id, "0.1"),
        json={"value": "Changed after submitting", "version": before.version},
        headers=api_headers(session, editor),
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Revision 1 is submitted for review; its answers cannot be changed."
    }
    after = stored_answers(session, assessment.id or 0, 1)["0.1"]
    assert (after.value, after.version) == (before.value, before.version)


def test_put_on_an_approved_revision_is_409(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = approved_assessment(session, editor, reviewer)
    before = stored_answers(session, assessment.id or 0, 1)

    for user in (editor, reviewer):
        response = client.put(
            _url(assessment.id, "0.2"),
            json={"value": "Rewritten history", "version": before["0.2"].version},
            headers=api_headers(session, user),
        )
        assert response.status_code == 409
        assert response.json() == {
            "detail": "Revision 1 is approved and sealed; its answers cannot be changed."
        }
    after = stored_answers(session, assessment.id or 0, 1)
    assert {k: (a.value, a.version) for k, a in after.items()} == {
        k: (a.value, a.version) for k, a in before.items()
    }


def test_put_unknown_question_is_404(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    response = client.put(
        _url(assessment.id, "z.99"),
        json={"value": "Anything", "version": 0},
        headers=api_headers(session, editor),
    )
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert "ai-act-fria@1.0" in detail and "'z.99'" in detail
    assert count_rows(session, Answer) == 0


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("0.1", 42, "This answer must be text."),
        ("0.1", ["a", "list"], "This answer must be text."),
        ("0.3", "astrology", "Choose one of: biometrics, critical-infrastructure,"),
        ("0.5", "yes", "Answer yes (true) or no (false)."),
        ("b.1", "2026-02-30", "'2026-02-30' is not a date; use YYYY-MM-DD."),
        ("b.1", "31-01-2026", "'31-01-2026' is not a date; use YYYY-MM-DD."),
        ("b.1", 20260131, "Give a date as YYYY-MM-DD."),
        ("c.2", ["children", "martians"], "Unknown option(s): martians."),
        ("c.2", "children", "This answer must be a list of options."),
    ],
)
def test_value_of_the_wrong_type_is_422_with_a_readable_detail(
    client: TestClient,
    session: Session,
    fria: QuestionnaireSet,
    key: str,
    value: Any,
    message: str,
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    response = client.put(
        _url(assessment.id, key),
        json={"value": value, "version": 0},
        headers=api_headers(session, editor),
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith(message)
    assert body["problems"] == [{"question": key, "message": body["detail"]}]
    assert count_rows(session, Answer) == 0


def test_text_over_the_character_limit_is_422(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    response = client.put(
        _url(assessment.id, "0.1"),
        json={"value": "x" * 20_001, "version": 0},
        headers=api_headers(session, editor),
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert re.search(r"20,?001 characters", detail) and re.search(r"limit is 20,?000", detail)
    assert count_rows(session, Answer) == 0


def test_negative_or_missing_version_is_422(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    headers = api_headers(session, editor)
    negative = client.put(
        _url(assessment.id, "0.1"), json={"value": "x", "version": -1}, headers=headers
    )
    assert negative.status_code == 422
    assert "version" in negative.json()["detail"]
    missing = client.put(_url(assessment.id, "0.1"), json={"value": "x"}, headers=headers)
    assert missing.status_code == 422
    assert "version" in missing.json()["detail"]
    assert count_rows(session, Answer) == 0


def test_a_one_megabyte_answer_is_refused_with_413_and_not_stored(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    response = client.put(
        _url(assessment.id, "0.1"),
        json={"value": "x" * 1024 * 1024, "version": 0},
        headers=api_headers(session, editor),
    )
    assert response.status_code == 413
    assert "larger than 256 KB" in response.json()["detail"]
    assert count_rows(session, Answer) == 0


def test_a_one_megabyte_answer_sent_in_chunks_is_refused_with_413_and_not_stored(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    """Without a Content-Length the limit counts the body as it streams in; the client must
    still hear 413 and the readable reason, not a generic parse error."""
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    body = json.dumps({"value": "x" * 1024 * 1024, "version": 0}).encode()

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    response = client.put(
        _url(assessment.id, "0.1"),
        content=chunks(),
        headers=api_headers(session, editor) | {"Content-Type": "application/json"},
    )
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert count_rows(session, Answer) == 0
    assert response.status_code == 413, response.text
    assert "larger than 256 KB" in response.json()["detail"]


def test_viewer_may_not_save_an_answer(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    viewer = make_user(session, Role.VIEWER)
    assessment = new_assessment(session, editor)
    response = client.put(
        _url(assessment.id, "0.1"),
        json={"value": "Viewer's words", "version": 0},
        headers=api_headers(session, viewer),
    )
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert refuses_role(detail, "viewer", "editor")
    assert count_rows(session, Answer) == 0
