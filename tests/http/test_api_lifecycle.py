"""Submit, approve, request changes, open a new revision and compare two, through the JSON API."""

import re

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Comment, Decision, QuestionnaireSet, Role
from app.questionnaire.store import questionnaire_of
from tests.factories import make_user, require_approvals, required_answers
from tests.http.helpers import (
    answer_as,
    api_headers,
    approve_as,
    approved_assessment,
    count_rows,
    fill_as,
    fresh,
    new_assessment,
    open_revision_as,
    refuses_role,
    revision_numbers,
    stored_answers,
    stored_revision,
    submit_as,
    submitted_assessment,
)

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _revision_url(assessment_id: int | None, number: int = 1) -> str:
    return f"/api/v1/assessments/{assessment_id}/revisions/{number}"


def test_submit_with_missing_required_answers_is_422_listing_them(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    fill_as(session, editor, assessment, skip=("0.2", "d.4", "f.1"))

    response = client.post(
        f"{_revision_url(assessment.id)}/submit", headers=api_headers(session, editor)
    )
    assert response.status_code == 422
    body = response.json()
    assert "3 required question" in body["detail"]
    assert "0.2, d.4, f.1" in body["detail"]
    assert body["problems"] == [
        {"question": "0.2", "message": "required"},
        {"question": "d.4", "message": "required"},
        {"question": "f.1", "message": "required"},
    ]
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.submitted_by) == ("draft", None)


def test_submit_of_an_empty_draft_lists_only_questions_that_are_asked(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    response = client.post(
        f"{_revision_url(assessment.id)}/submit", headers=api_headers(session, editor)
    )
    assert response.status_code == 422
    missing = [p["question"] for p in response.json()["problems"]]
    questionnaire = questionnaire_of(fria)
    asked_required = [q.key for q in questionnaire.questions if q.required and q.show_if is None]
    assert missing == asked_required
    assert "0.6" not in missing  # asked only when 0.5 is yes


def test_submit_moves_the_draft_to_submitted(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    fill_as(session, editor, assessment)

    response = client.post(
        f"{_revision_url(assessment.id)}/submit", headers=api_headers(session, editor)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["state"] == "submitted"
    assert body["submitted_at"]
    assert body["answers"]["0.1"]["value"] == "Answer to 0.1"
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.submitted_by) == ("submitted", editor.id)
    assert revision.submitted_at is not None


def test_submit_twice_is_409(client: TestClient, session: Session, fria: QuestionnaireSet) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = submitted_assessment(session, editor)
    response = client.post(
        f"{_revision_url(assessment.id)}/submit", headers=api_headers(session, editor)
    )
    assert response.status_code == 409
    assert "Revision 1 is submitted for review" in response.json()["detail"]
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None and revision.state == "submitted"


def test_reviewer_approves_and_seals(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = submitted_assessment(session, editor)

    response = client.post(
        f"{_revision_url(assessment.id)}/approve", headers=api_headers(session, reviewer)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["state"] == "approved"
    assert SHA256.match(body["content_hash"])
    assert body["parent_hash"] is None
    assert body["approved_at"]
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.approved_by) == ("approved", reviewer.id)
    assert revision.content_hash == body["content_hash"]


def test_editor_may_not_approve(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    colleague = make_user(session, Role.EDITOR)
    assessment = submitted_assessment(session, editor)
    response = client.post(
        f"{_revision_url(assessment.id)}/approve", headers=api_headers(session, colleague)
    )
    assert response.status_code == 403
    detail = response.json()["detail"]
    assert refuses_role(detail, "editor", "reviewer")
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.content_hash, revision.approved_by) == (
        "submitted",
        None,
        None,
    )


def test_reviewer_who_edited_may_not_approve(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = new_assessment(session, editor)
    fill_as(session, editor, assessment)
    answer_as(session, reviewer, assessment, 1, "0.4", "The reviewer's own wording")
    submit_as(session, editor, assessment, 1)

    response = client.post(
        f"{_revision_url(assessment.id)}/approve", headers=api_headers(session, reviewer)
    )
    assert response.status_code == 403
    assert "four eyes" in response.json()["detail"]
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.content_hash) == ("submitted", None)


def test_reviewer_who_submitted_may_not_approve(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = new_assessment(session, editor)
    fill_as(session, editor, assessment)
    headers = api_headers(session, reviewer)
    submitted = client.post(f"{_revision_url(assessment.id)}/submit", headers=headers)
    assert submitted.json()["state"] == "submitted"

    response = client.post(f"{_revision_url(assessment.id)}/approve", headers=headers)
    assert response.status_code == 403
    assert "four eyes" in response.json()["detail"]
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.approved_by) == ("submitted", None)


def test_reviewer_who_opened_the_revision_may_not_approve(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    other_reviewer = make_user(session, Role.REVIEWER)
    assessment = approved_assessment(session, editor, other_reviewer)
    headers = api_headers(session, reviewer)
    opened = client.post(
        f"/api/v1/assessments/{assessment.id}/revisions",
        json={"reason": "Annual review"},
        headers=headers,
    )
    assert opened.status_code == 201
    answer_as(session, editor, assessment, 2, "0.4", "Reviewed again, nothing changed")
    submit_as(session, editor, assessment, 2)

    response = client.post(f"{_revision_url(assessment.id, 2)}/approve", headers=headers)
    assert response.status_code == 403
    assert "four eyes" in response.json()["detail"]
    revision = stored_revision(session, assessment.id or 0, 2)
    assert revision is not None and revision.state == "submitted"


def test_approving_a_draft_is_409(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = new_assessment(session, editor)
    response = client.post(
        f"{_revision_url(assessment.id)}/approve", headers=api_headers(session, reviewer)
    )
    assert response.status_code == 409
    assert "Revision 1 is a draft" in response.json()["detail"]
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None and revision.state == "draft"


def test_request_changes_sends_the_revision_back_with_the_comment(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = submitted_assessment(session, editor)

    response = client.post(
        f"{_revision_url(assessment.id)}/request-changes",
        json={"comment": "Name the supplier's contact in 0.2."},
        headers=api_headers(session, reviewer),
    )
    assert response.status_code == 200, response.text
    assert response.json()["state"] == "draft"
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.submitted_by) == ("draft", None)
    [comment] = session.exec(select(Comment)).all()
    assert comment.body == "Name the supplier's contact in 0.2."
    assert (comment.author_id, comment.kind, comment.revision_id) == (
        reviewer.id,
        "change_request",
        revision.id,
    )
    # Back in draft, the editor can change answers again.
    put = client.put(
        f"{_revision_url(assessment.id)}/answers/0.2",
        json={"value": "Supplier B.V., privacy@supplier.example", "version": 1},
        headers=api_headers(session, editor),
    )
    assert put.status_code == 200
    assert put.json()["version"] == 2


def test_request_changes_without_a_comment_is_422(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = submitted_assessment(session, editor)
    headers = api_headers(session, reviewer)
    url = f"{_revision_url(assessment.id)}/request-changes"

    missing = client.post(url, json={}, headers=headers)
    assert missing.status_code == 422
    assert "comment" in missing.json()["detail"]
    blank = client.post(url, json={"comment": "  \n "}, headers=headers)
    assert blank.status_code == 422
    assert "comment is required" in blank.json()["detail"]
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None and revision.state == "submitted"
    assert count_rows(session, Comment) == 0


def test_editor_may_not_request_changes(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = submitted_assessment(session, editor)
    response = client.post(
        f"{_revision_url(assessment.id)}/request-changes",
        json={"comment": "Not mine to ask"},
        headers=api_headers(session, editor),
    )
    assert response.status_code == 403
    assert refuses_role(response.json()["detail"], "editor", "reviewer")
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None and revision.state == "submitted"
    assert count_rows(session, Comment) == 0


def test_new_revision_copies_the_approved_answers_into_a_draft(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = approved_assessment(session, editor, reviewer)
    sealed = stored_revision(session, assessment.id or 0, 1)
    assert sealed is not None

    response = client.post(
        f"/api/v1/assessments/{assessment.id}/revisions",
        json={"reason": "Retrained on 2026 data"},
        headers=api_headers(session, editor),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["number"], body["state"], body["reason"]) == (2, "draft", "Retrained on 2026 data")
    assert body["parent_hash"] == sealed.content_hash
    assert body["content_hash"] is None
    expected = required_answers(session)
    assert {k: a["value"] for k, a in body["answers"].items()} == expected
    assert all(a["version"] == 1 for a in body["answers"].values())
    copied = stored_answers(session, assessment.id or 0, 2)
    assert {k: a.value for k, a in copied.items()} == expected
    assessment_body = client.get(
        f"/api/v1/assessments/{assessment.id}", headers=api_headers(session, editor)
    ).json()
    assert (assessment_body["current_revision"], assessment_body["current_state"]) == (2, "draft")


def test_approving_the_next_revision_supersedes_the_previous_one(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = approved_assessment(session, editor, reviewer)
    open_revision_as(session, editor, assessment, "Pilot to production")
    answer_as(session, editor, assessment, 2, "0.4", "Now in production for all districts")
    submit_as(session, editor, assessment, 2)

    headers = api_headers(session, reviewer)
    approved = client.post(f"{_revision_url(assessment.id, 2)}/approve", headers=headers)
    assert approved.status_code == 200, approved.text
    first = client.get(_revision_url(assessment.id, 1), headers=headers).json()
    second = approved.json()
    assert (first["state"], second["state"]) == ("superseded", "approved")
    assert second["parent_hash"] == first["content_hash"]
    assert second["content_hash"] != first["content_hash"]
    stored = stored_revision(session, assessment.id or 0, 1)
    assert stored is not None and stored.state == "superseded"


def test_a_second_open_draft_is_409(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = approved_assessment(session, editor, reviewer)
    headers = api_headers(session, editor)
    url = f"/api/v1/assessments/{assessment.id}/revisions"

    assert client.post(url, json={"reason": "New data"}, headers=headers).status_code == 201
    again = client.post(url, json={"reason": "More new data"}, headers=headers)
    assert again.status_code == 409
    assert "Revision 2 is a draft" in again.json()["detail"]
    assert revision_numbers(session, assessment.id or 0) == [1, 2]


def test_new_revision_while_the_first_is_a_draft_is_409(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    response = client.post(
        f"/api/v1/assessments/{assessment.id}/revisions",
        json={"reason": "Impatient"},
        headers=api_headers(session, editor),
    )
    assert response.status_code == 409
    assert "Revision 1 is a draft" in response.json()["detail"]
    assert revision_numbers(session, assessment.id or 0) == [1]


def test_new_revision_needs_a_reason(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = approved_assessment(session, editor, reviewer)
    headers = api_headers(session, editor)
    url = f"/api/v1/assessments/{assessment.id}/revisions"
    missing = client.post(url, json={}, headers=headers)
    assert missing.status_code == 422
    assert "reason" in missing.json()["detail"]
    blank = client.post(url, json={"reason": "   "}, headers=headers)
    assert blank.status_code == 422
    assert "reason" in blank.json()["detail"].lower()
    assert "required" in blank.json()["detail"]
    assert revision_numbers(session, assessment.id or 0) == [1]


def _two_revisions(session: Session) -> int:
    """Revision 1 approved without b.5; revision 2 changes 0.1, clears 0.2 and answers b.5."""
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = new_assessment(session, editor)
    fill_as(session, editor, assessment, skip=("b.5",))
    answer_as(session, editor, assessment, 1, "0.1", "Chatbot Gemma version 2")
    submit_as(session, editor, assessment, 1)
    approve_as(session, reviewer, assessment, 1)
    open_revision_as(session, editor, assessment, "New model version")
    answer_as(session, editor, assessment, 2, "0.1", "Chatbot Gemma version 3")
    answer_as(session, editor, assessment, 2, "0.2", None)
    answer_as(session, editor, assessment, 2, "b.5", "Only during office hours")
    answer_as(session, editor, assessment, 2, "c.2", ["children", "older-people"])
    assert assessment.id is not None
    fresh(session)
    return assessment.id


def test_diff_of_two_revisions_per_question(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    assessment_id = _two_revisions(session)
    viewer = make_user(session, Role.VIEWER)
    response = client.get(
        f"/api/v1/assessments/{assessment_id}/diff?from=1&to=2",
        headers=api_headers(session, viewer),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["from"], body["to"]) == (1, 2)
    entries = {q["key"]: q for q in body["questions"]}
    keys = [q.key for q in questionnaire_of(fria).questions]
    assert [q["key"] for q in body["questions"]] == keys
    assert entries["0.1"] == {
        "key": "0.1",
        "status": "changed",
        "old": "Chatbot Gemma version 2",
        "new": "Chatbot Gemma version 3",
    }
    assert entries["0.2"] == {
        "key": "0.2",
        "status": "removed",
        "old": "Answer to 0.2",
        "new": None,
    }
    assert entries["b.5"] == {
        "key": "b.5",
        "status": "added",
        "old": None,
        "new": "Only during office hours",
    }
    assert entries["c.2"]["status"] == "changed"
    assert entries["c.2"]["new"] == ["children", "older-people"]
    assert entries["0.3"] == {
        "key": "0.3",
        "status": "unchanged",
        "old": required_answers(session)["0.3"],
        "new": required_answers(session)["0.3"],
    }
    unchanged = [k for k in keys if k not in ("0.1", "0.2", "b.5", "c.2")]
    assert all(entries[k]["status"] == "unchanged" for k in unchanged)


def test_diff_changes_only(client: TestClient, session: Session, fria: QuestionnaireSet) -> None:
    assessment_id = _two_revisions(session)
    viewer = make_user(session, Role.VIEWER)
    response = client.get(
        f"/api/v1/assessments/{assessment_id}/diff",
        params={"from": 1, "to": 2, "changes_only": "true"},
        headers=api_headers(session, viewer),
    )
    assert response.status_code == 200
    assert [(q["key"], q["status"]) for q in response.json()["questions"]] == [
        ("0.1", "changed"),
        ("0.2", "removed"),
        ("b.5", "added"),
        ("c.2", "changed"),
    ]


def test_diff_with_a_missing_revision_is_404_and_a_bad_number_is_422(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    headers = api_headers(session, editor)
    missing = client.get(f"/api/v1/assessments/{assessment.id}/diff?from=1&to=7", headers=headers)
    assert missing.status_code == 404
    assert "no revision 7" in missing.json()["detail"]
    bad = client.get(f"/api/v1/assessments/{assessment.id}/diff?from=0&to=x", headers=headers)
    assert bad.status_code == 422
    assert "from" in bad.json()["detail"] and "to" in bad.json()["detail"]


# --- the content hash the reviewer saw ---------------------------------------------------------


def test_a_revision_tells_the_hash_of_its_answers_as_they_are_now(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = new_assessment(session, editor)
    headers = api_headers(session, reviewer)
    url = _revision_url(assessment.id)

    empty = client.get(url, headers=headers).json()
    assert SHA256.match(empty["current_hash"])
    assert empty["content_hash"] is None
    answer_as(session, editor, assessment, 1, "0.1", "A chatbot")
    answered = client.get(url, headers=headers).json()
    assert answered["current_hash"] != empty["current_hash"]
    assert client.get(url, headers=headers).json()["current_hash"] == answered["current_hash"]

    fill_as(session, editor, assessment)
    submit_as(session, editor, assessment, 1)
    reviewed = client.get(url, headers=headers).json()["current_hash"]
    approved = client.post(f"{url}/approve", json={"content_hash": reviewed}, headers=headers)
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["content_hash"] == body["current_hash"] == reviewed


def test_approving_with_a_content_hash_other_than_the_current_one_is_409(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = submitted_assessment(session, editor)
    headers = api_headers(session, reviewer)
    url = _revision_url(assessment.id)
    current = client.get(url, headers=headers).json()["current_hash"]

    wrong = client.post(f"{url}/approve", json={"content_hash": "f" * 64}, headers=headers)
    assert wrong.status_code == 409
    assert wrong.json()["detail"] == (
        "The answers of revision 1 are not the ones you reviewed: it was sent back and "
        "submitted again meanwhile. Reload it and review it again."
    )
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.content_hash) == ("submitted", None)
    assert count_rows(session, Decision) == 0

    too_long = client.post(f"{url}/approve", json={"content_hash": "f" * 65}, headers=headers)
    assert too_long.status_code == 422
    assert "content_hash" in too_long.json()["detail"]

    right = client.post(f"{url}/approve", json={"content_hash": current}, headers=headers)
    assert right.status_code == 200, right.text
    assert (right.json()["state"], right.json()["content_hash"]) == ("approved", current)


def test_requesting_changes_with_a_stale_content_hash_is_409(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = submitted_assessment(session, editor)
    headers = api_headers(session, reviewer)
    url = _revision_url(assessment.id)
    seen = client.get(url, headers=headers).json()["current_hash"]
    first = client.post(
        f"{url}/request-changes",
        json={"comment": "Name the supplier in 0.2.", "content_hash": seen},
        headers=headers,
    )
    assert first.status_code == 200, first.text
    answer_as(session, editor, assessment, 1, "0.2", "Supplier B.V.")
    submit_as(session, editor, assessment, 1)

    stale = client.post(
        f"{url}/request-changes",
        json={"comment": "And again.", "content_hash": seen},
        headers=headers,
    )
    assert stale.status_code == 409
    assert "not the ones you reviewed" in stale.json()["detail"]
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None and revision.state == "submitted"
    assert count_rows(session, Comment) == 1


def test_with_two_approvals_required_the_api_keeps_it_submitted_after_the_first(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    require_approvals(session, 2)
    editor = make_user(session, Role.EDITOR)
    first = make_user(session, Role.REVIEWER)
    second = make_user(session, Role.REVIEWER)
    assessment = submitted_assessment(session, editor)
    url = f"{_revision_url(assessment.id)}/approve"

    one = client.post(url, headers=api_headers(session, first))
    assert one.status_code == 200, one.text
    assert (one.json()["state"], one.json()["content_hash"]) == ("submitted", None)
    twice = client.post(url, headers=api_headers(session, first))
    assert twice.status_code == 409
    assert twice.json()["detail"] == (
        "You approved this revision already; it needs another reviewer's approval."
    )
    two = client.post(url, headers=api_headers(session, second))
    assert two.status_code == 200, two.text
    assert two.json()["state"] == "approved"
    assert SHA256.match(two.json()["content_hash"])
