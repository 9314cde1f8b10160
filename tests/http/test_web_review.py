"""Moving a revision on through the forms of the overview page: submit, approve, request
changes, start a new revision; the overview shows the state after each."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Comment, QuestionnaireSet, Role
from tests.factories import login, make_user, required_answers
from tests.http.helpers import (
    approved_assessment,
    count_rows,
    fill_as,
    new_assessment,
    one,
    page,
    refuses_role,
    revision_numbers,
    stored_answers,
    stored_revision,
    submitted_assessment,
    text,
)


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    client.headers["Accept-Language"] = "en"


def test_editor_submits_through_the_form(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    fill_as(session, editor, assessment)
    csrf = login(client, editor)

    response = client.post(
        f"/assessments/{assessment.id}/revisions/1/submit",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/assessments/{assessment.id}"
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.submitted_by) == ("submitted", editor.id)

    tree = page(client.get(response.headers["location"]).text)
    assert text(one(tree, "#current-title .levend-state")) == "submitted"
    assert "Waiting for a reviewer." in text(one(tree, ".levend-notice"))
    assert tree.select("form[action$='/submit']") == []
    assert tree.select("form[action$='/approve']") == []


def test_submitting_an_incomplete_draft_shows_what_is_missing(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    fill_as(session, editor, assessment, skip=("e.2",))
    csrf = login(client, editor)
    response = client.post(
        f"/assessments/{assessment.id}/revisions/1/submit", data={"csrf_token": csrf}
    )
    assert response.status_code == 422
    message = text(one(page(response.text), ".levend-alert"))
    assert "e.2" in message
    assert "1 required question" in message
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None and revision.state == "draft"


def test_reviewer_approves_through_the_form_and_the_overview_shows_the_seal(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER, name="Rita Reviewer")
    assessment = submitted_assessment(session, editor)
    csrf = login(client, reviewer)

    before = page(client.get(f"/assessments/{assessment.id}").text)
    approve_form = one(before, f"form[action='/assessments/{assessment.id}/revisions/1/approve']")
    assert one(approve_form, "input[name=csrf_token]")["value"] == csrf

    response = client.post(
        f"/assessments/{assessment.id}/revisions/1/approve",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.approved_by) == ("approved", reviewer.id)
    assert revision.content_hash is not None

    tree = page(client.get(f"/assessments/{assessment.id}").text)
    assert text(one(tree, "#current-title .levend-state")) == "approved"
    assert text(one(tree, "code.levend-hash")) == revision.content_hash
    assert re.fullmatch(r"[0-9a-f]{64}", revision.content_hash)
    assert "Rita Reviewer" in text(tree)
    assert tree.select("form[action$='/approve']") == []
    # A reviewer may also edit, so the reviewer is offered a new revision.
    assert one(tree, f"form[action='/assessments/{assessment.id}/revisions'] textarea[name=reason]")


def test_reviewer_who_submitted_sees_no_approve_button_and_is_refused(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    reviewer = make_user(session, Role.REVIEWER)
    assessment = submitted_assessment(session, reviewer)
    csrf = login(client, reviewer)

    tree = page(client.get(f"/assessments/{assessment.id}").text)
    assert tree.select("form[action$='/approve']") == []
    assert "four eyes" in text(one(tree, ".levend-notice"))
    response = client.post(
        f"/assessments/{assessment.id}/revisions/1/approve", data={"csrf_token": csrf}
    )
    assert response.status_code == 403
    assert "four eyes" in text(one(page(response.text), ".levend-alert"))
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.content_hash) == ("submitted", None)


def test_editor_cannot_approve_through_the_form(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    colleague = make_user(session, Role.EDITOR)
    assessment = submitted_assessment(session, editor)
    csrf = login(client, colleague)
    tree = page(client.get(f"/assessments/{assessment.id}").text)
    assert tree.select("form[action$='/approve']") == []
    response = client.post(
        f"/assessments/{assessment.id}/revisions/1/approve", data={"csrf_token": csrf}
    )
    assert response.status_code == 403
    assert refuses_role(text(one(page(response.text), ".levend-alert")), "editor", "reviewer")
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None and revision.state == "submitted"


def test_approve_without_csrf_token_is_refused(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = submitted_assessment(session, editor)
    login(client, reviewer)
    response = client.post(f"/assessments/{assessment.id}/revisions/1/approve")
    assert response.status_code == 403
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None and revision.state == "submitted"


def test_reviewer_requests_changes_and_the_overview_shows_the_comment(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER, name="Rita Reviewer")
    assessment = submitted_assessment(session, editor)
    csrf = login(client, reviewer)

    response = client.post(
        f"/assessments/{assessment.id}/revisions/1/request-changes",
        data={"csrf_token": csrf, "comment": "Describe the appeal procedure in f.3."},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/assessments/{assessment.id}"
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None and revision.state == "draft"
    [comment] = session.exec(select(Comment)).all()
    assert (comment.body, comment.author_id) == (
        "Describe the appeal procedure in f.3.",
        reviewer.id,
    )

    tree = page(client.get(f"/assessments/{assessment.id}").text)
    assert text(one(tree, "#current-title .levend-state")) == "draft"
    alert = one(tree, ".levend-alert--warning")
    assert "Rita Reviewer" in text(alert)
    assert "Describe the appeal procedure in f.3." in text(alert)


def test_request_changes_without_a_comment_is_refused(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = submitted_assessment(session, editor)
    csrf = login(client, reviewer)
    response = client.post(
        f"/assessments/{assessment.id}/revisions/1/request-changes",
        data={"csrf_token": csrf, "comment": "   "},
    )
    assert response.status_code == 422
    assert "comment is required" in text(one(page(response.text), ".levend-alert"))
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None and revision.state == "submitted"
    assert count_rows(session, Comment) == 0


def test_editor_starts_a_new_revision_through_the_form(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = approved_assessment(session, editor, reviewer)
    csrf = login(client, editor)
    tree = page(client.get(f"/assessments/{assessment.id}").text)
    assert one(tree, f"form[action='/assessments/{assessment.id}/revisions']")

    response = client.post(
        f"/assessments/{assessment.id}/revisions",
        data={"csrf_token": csrf, "reason": "Moved from pilot to production"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/assessments/{assessment.id}/revisions/2"
    assert revision_numbers(session, assessment.id or 0) == [1, 2]
    draft = stored_revision(session, assessment.id or 0, 2)
    first = stored_revision(session, assessment.id or 0, 1)
    assert draft is not None and first is not None
    assert (draft.state, draft.reason, draft.created_by) == (
        "draft",
        "Moved from pilot to production",
        editor.id,
    )
    assert draft.parent_hash == first.content_hash
    copied = stored_answers(session, assessment.id or 0, 2)
    assert {k: a.value for k, a in copied.items()} == required_answers(session)

    overview = page(client.get(f"/assessments/{assessment.id}").text)
    assert text(one(overview, "#current-title")) == "Revision 2 draft"
    assert "Moved from pilot to production" in text(overview)
    form = page(client.get(response.headers["location"]).text)
    assert one(form, "#q-0__1 textarea").get_text() == "Answer to 0.1"


def test_new_revision_without_a_reason_is_refused(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = approved_assessment(session, editor, reviewer)
    csrf = login(client, editor)
    response = client.post(
        f"/assessments/{assessment.id}/revisions", data={"csrf_token": csrf, "reason": ""}
    )
    assert response.status_code == 422
    assert "required" in text(one(page(response.text), ".levend-alert"))
    assert revision_numbers(session, assessment.id or 0) == [1]


def test_a_second_new_revision_is_refused(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = approved_assessment(session, editor, reviewer)
    csrf = login(client, editor)
    url = f"/assessments/{assessment.id}/revisions"
    first = client.post(url, data={"csrf_token": csrf, "reason": "New data"})
    assert first.status_code == 200  # followed to the new draft's form
    again = client.post(url, data={"csrf_token": csrf, "reason": "Newer data"})
    assert again.status_code == 409
    assert "Revision 2 is a draft" in text(one(page(again.text), ".levend-alert"))
    assert revision_numbers(session, assessment.id or 0) == [1, 2]
    assert stored_answers(session, assessment.id or 0, 2)["0.1"].value == "Answer to 0.1"
