"""Comment threads stay beside their question whenever the question is drawn again: the
section page, the question alone ("take theirs" after a conflict) and the conflict itself."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.assessments import service
from app.models import QuestionnaireSet, Role
from app.review.comments import add_comment
from tests.factories import login, make_user
from tests.http.helpers import ENGLISH, actor, new_assessment, page

REMARK = "Who checks the outcome, and how often?"


def test_a_question_drawn_again_keeps_its_thread(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    assert assessment.id is not None
    view = service.load_revision(session, actor(session, editor), assessment.id, 1)
    add_comment(session, actor(session, editor), view, body=REMARK, question_key="0.1")
    csrf = login(client, editor)
    base = f"/assessments/{assessment.id}/revisions/1"

    full = page(client.get(f"{base}/sections/0", headers=ENGLISH).text)
    assert REMARK in full.select_one("#q-0__1").get_text()

    fragment = client.get(f"{base}/answers/0.1", headers=ENGLISH | {"HX-Request": "true"})
    assert fragment.status_code == 200
    assert REMARK in page(fragment.text).select_one("#q-0__1").get_text()

    # A stale save: the conflict view of the question still shows the thread.
    client.post(
        f"{base}/answers/0.1",
        data={"csrf_token": csrf, "version": "0", "value": "first"},
        headers=ENGLISH | {"HX-Request": "true"},
    )
    conflict = client.post(
        f"{base}/answers/0.1",
        data={"csrf_token": csrf, "version": "0", "value": "second"},
        headers=ENGLISH | {"HX-Request": "true"},
    )
    assert conflict.status_code == 409
    assert REMARK in page(conflict.text).select_one("#q-0__1").get_text()
