"""Comment threads stay beside their question whenever the question is drawn again: the
section page, the question alone ("take theirs" after a conflict) and the conflict itself."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.assessments import service
from app.models import QuestionnaireSet, Role
from app.review.comments import add_comment
from tests.factories import login, make_user
from tests.http.helpers import (
    ENGLISH,
    actor,
    hidden_fields,
    new_assessment,
    one,
    page,
    refuses_role,
    text,
)

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


def test_a_new_comment_form_is_drawn_when_the_comments_open(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    """A question without open threads carries no form of its own: opening its comments asks
    for the form (HTMX), and its link leads to a page with the form (without script)."""
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    login(client, editor)
    base = f"/assessments/{assessment.id}/revisions/1"
    section = page(client.get(f"{base}/sections/0", headers=ENGLISH).text)
    comments = one(section, "#q-0__1 details.levend-comments")
    assert comments.select("textarea") == []
    slot = one(comments, ".levend-new-comment")
    url = f"{base}/comments/new?question=0.1"
    assert slot["hx-get"] == url and "toggle once from:closest details" in str(slot["hx-trigger"])
    assert one(slot, "a")["href"] == url

    fragment = client.get(url, headers=ENGLISH | {"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    form = one(page(fragment.text), "form.levend-new-comment")
    assert form["action"] == f"{base}/comments"
    assert form.select_one("textarea#comment-0__1") is not None

    whole = page(client.get(url, headers=ENGLISH).text)
    assert "0.1" in text(one(whole, "h1"))
    fields = hidden_fields(whole, f"{base}/comments")
    assert fields["question_key"] == "0.1"
    assert fields["back"] == f"{base}/sections/0#q-0__1"
    posted = client.post(
        f"{base}/comments", data=fields | {"body": REMARK}, headers=ENGLISH, follow_redirects=False
    )
    assert posted.status_code == 303 and posted.headers["location"] == fields["back"]

    # With a thread open, the question's comments are drawn open, their form with them.
    again = one(page(client.get(f"{base}/sections/0", headers=ENGLISH).text), "#q-0__1")
    assert REMARK in text(again)
    assert one(again, "details.levend-comments").has_attr("open")
    assert again.select_one("form.levend-new-comment textarea#comment-0__1") is not None


def test_the_new_comment_form_refuses_a_viewer_and_an_unknown_question(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    viewer = make_user(session, Role.VIEWER)
    assessment = new_assessment(session, editor)
    base = f"/assessments/{assessment.id}/revisions/1/comments/new"

    login(client, editor)
    unknown = client.get(f"{base}?question=9.9", headers=ENGLISH)
    assert unknown.status_code == 404 and "no question '9.9'" in text(page(unknown.text))
    assert client.get(base, headers=ENGLISH).status_code == 404
    too_long = client.get(f"{base}?question={'x' * 41}", headers=ENGLISH)
    assert too_long.status_code == 422

    login(client, viewer)
    refused = client.get(f"{base}?question=0.1", headers=ENGLISH)
    assert refused.status_code == 403
    assert refuses_role(text(page(refused.text)), "viewer", "editor")
