"""Moving a revision on through the forms of the overview page: submit, approve, request
changes, start a new revision; the overview shows the state after each."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Comment, Decision, QuestionnaireSet, Role
from tests.factories import login, make_user, require_approvals, required_answers
from tests.http.helpers import (
    answer_as,
    approved_assessment,
    count_rows,
    current_hash,
    fill_as,
    hidden_fields,
    new_assessment,
    one,
    page,
    refuses_role,
    revision_numbers,
    send_back_as,
    stored_answers,
    stored_revision,
    submit_as,
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

    seen = current_hash(session, reviewer, assessment, 1)
    before = page(client.get(f"/assessments/{assessment.id}").text)
    action = f"/assessments/{assessment.id}/revisions/1/approve"
    fields = hidden_fields(before, action)
    assert fields == {"csrf_token": csrf, "content_hash": seen}
    assert seen in text(one(before, ".levend-review"))  # the reviewer is told what they seal

    response = client.post(action, data=fields, follow_redirects=False)
    assert response.status_code == 303
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.approved_by) == ("approved", reviewer.id)
    assert revision.content_hash == seen

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
        f"/assessments/{assessment.id}/revisions/1/approve",
        data={"csrf_token": csrf, "content_hash": current_hash(session, reviewer, assessment, 1)},
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
        f"/assessments/{assessment.id}/revisions/1/approve",
        data={"csrf_token": csrf, "content_hash": current_hash(session, editor, assessment, 1)},
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
    response = client.post(
        f"/assessments/{assessment.id}/revisions/1/approve",
        data={"content_hash": current_hash(session, reviewer, assessment, 1)},
    )
    assert response.status_code == 403
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None and revision.state == "submitted"


def test_reviewer_requests_changes_and_the_overview_shows_the_comment(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER, name="Rita Reviewer")
    assessment = submitted_assessment(session, editor)
    login(client, reviewer)
    action = f"/assessments/{assessment.id}/revisions/1/request-changes"
    fields = hidden_fields(page(client.get(f"/assessments/{assessment.id}").text), action)
    assert fields["content_hash"] == current_hash(session, reviewer, assessment, 1)

    response = client.post(
        action,
        data=fields | {"comment": "Describe the appeal procedure in f.3."},
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
    shown = text(one(tree, ".levend-comment"))
    assert "Rita Reviewer" in shown
    assert "changes requested" in shown
    assert "Describe the appeal procedure in f.3." in shown


def test_request_changes_without_a_comment_is_refused(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = submitted_assessment(session, editor)
    csrf = login(client, reviewer)
    response = client.post(
        f"/assessments/{assessment.id}/revisions/1/request-changes",
        data={
            "csrf_token": csrf,
            "content_hash": current_hash(session, reviewer, assessment, 1),
            "comment": "   ",
        },
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


# --- the content hash the reviewer saw ---------------------------------------------------------


def test_approving_answers_that_changed_since_the_page_was_loaded_is_refused(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    colleague = make_user(session, Role.REVIEWER)
    assessment = submitted_assessment(session, editor)
    login(client, reviewer)
    action = f"/assessments/{assessment.id}/revisions/1/approve"
    stale = hidden_fields(page(client.get(f"/assessments/{assessment.id}").text), action)
    # Meanwhile a colleague sends it back, and the editor changes an answer and resubmits.
    send_back_as(session, colleague, assessment, "Name the supplier in 0.2.")
    answer_as(session, editor, assessment, 1, "0.2", "Supplier B.V.")
    submit_as(session, editor, assessment, 1)

    response = client.post(action, data=stale)
    assert response.status_code == 409
    tree = page(response.text)
    assert text(one(tree, "h1")) == "That is not possible now"
    assert text(one(tree, ".levend-alert")) == (
        "The answers of revision 1 are not the ones you reviewed: it was sent back and "
        "submitted again meanwhile. Reload it and review it again."
    )
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.content_hash, revision.approved_by) == (
        "submitted",
        None,
        None,
    )
    assert count_rows(session, Decision) == 1  # the colleague's request for changes only

    # Reloaded, the page carries the new hash, and the approval goes through.
    fresh_fields = hidden_fields(page(client.get(f"/assessments/{assessment.id}").text), action)
    assert fresh_fields["content_hash"] != stale["content_hash"]
    assert client.post(action, data=fresh_fields, follow_redirects=False).status_code == 303
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.content_hash) == ("approved", fresh_fields["content_hash"])


def test_requesting_changes_on_answers_that_changed_meanwhile_is_refused(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = submitted_assessment(session, editor)
    csrf = login(client, reviewer)
    response = client.post(
        f"/assessments/{assessment.id}/revisions/1/request-changes",
        data={"csrf_token": csrf, "content_hash": "0" * 64, "comment": "Too late"},
    )
    assert response.status_code == 409
    assert "not the ones you reviewed" in text(one(page(response.text), ".levend-alert"))
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None and revision.state == "submitted"
    assert count_rows(session, Comment) == 0


@pytest.mark.parametrize("path", ["approve", "request-changes"])
def test_a_review_form_without_the_content_hash_is_refused_after_the_role_checks(
    client: TestClient, session: Session, fria: QuestionnaireSet, path: str
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = submitted_assessment(session, editor)
    url = f"/assessments/{assessment.id}/revisions/1/{path}"

    csrf = login(client, editor)
    as_editor = client.post(url, data={"csrf_token": csrf, "comment": "Mine"})
    assert as_editor.status_code == 403  # the role is checked first
    assert refuses_role(text(one(page(as_editor.text), ".levend-alert")), "editor", "reviewer")

    client.cookies.clear()
    csrf = login(client, reviewer)
    response = client.post(url, data={"csrf_token": csrf, "comment": "Why?"})
    assert response.status_code == 422
    assert text(one(page(response.text), ".levend-alert")) == (
        "This form does not say which answers you reviewed; reload the page."
    )
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None and revision.state == "submitted"
    assert count_rows(session, Decision) == 0


# --- two approvals -----------------------------------------------------------------------------


def test_two_reviewers_approve_through_the_form_before_the_seal(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    require_approvals(session, 2)
    editor = make_user(session, Role.EDITOR)
    first = make_user(session, Role.REVIEWER, name="Rita Reviewer")
    second = make_user(session, Role.REVIEWER, name="Fred FG")
    assessment = submitted_assessment(session, editor)
    overview = f"/assessments/{assessment.id}"
    action = f"{overview}/revisions/1/approve"

    login(client, first)
    before = page(client.get(overview).text)
    assert text(one(before, ".levend-approvals")) == "0 of 2 approvals"
    assert text(one(before, f"form[action='{action}'] button")) == "Approve"
    assert client.post(action, data=hidden_fields(before, action)).status_code == 200
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.content_hash) == ("submitted", None)

    after_first = page(client.get(overview).text)
    assert text(one(after_first, ".levend-approvals")).startswith(
        "1 of 2 approvals: Rita Reviewer ("
    )
    assert after_first.select(f"form[action='{action}']") == []
    assert text(one(after_first, ".levend-notice")) == (
        "You approved this revision; it waits for another reviewer's approval."
    )
    again = client.post(action, data=hidden_fields(before, action))
    assert again.status_code == 409
    assert text(one(page(again.text), ".levend-alert")) == (
        "You approved this revision already; it needs another reviewer's approval."
    )

    client.cookies.clear()
    login(client, second)
    ready = page(client.get(overview).text)
    assert text(one(ready, f"form[action='{action}'] button")) == "Approve and seal"
    response = client.post(action, data=hidden_fields(ready, action), follow_redirects=False)
    assert response.status_code == 303
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.approved_by) == ("approved", second.id)
    sealed = page(client.get(overview).text)
    assert text(one(sealed, "#current-title .levend-state")) == "approved"
    assert text(one(sealed, "code.levend-hash")) == revision.content_hash


def test_after_the_requirement_is_lowered_the_first_approver_seals(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    require_approvals(session, 2)
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER, name="Rita Reviewer")
    assessment = submitted_assessment(session, editor)
    overview = f"/assessments/{assessment.id}"
    action = f"{overview}/revisions/1/approve"
    login(client, reviewer)
    first = page(client.get(overview).text)
    assert client.post(action, data=hidden_fields(first, action)).status_code == 200
    require_approvals(session, 1)

    ready = page(client.get(overview).text)
    assert text(one(ready, f"form[action='{action}'] button")) == "Seal"
    response = client.post(action, data=hidden_fields(ready, action), follow_redirects=False)
    assert response.status_code == 303
    revision = stored_revision(session, assessment.id or 0, 1)
    assert revision is not None
    assert (revision.state, revision.approved_by) == ("approved", reviewer.id)


# --- what changed since the review ---------------------------------------------------------------


def test_since_review_shows_what_changed_after_changes_were_requested(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER, name="Rita Reviewer")
    assessment = submitted_assessment(session, editor)
    send_back_as(session, reviewer, assessment, "Name the supplier in 0.2 and drop b.5.")
    answer_as(session, editor, assessment, 1, "0.2", "Answer to 0.2, by Supplier B.V.")
    answer_as(session, editor, assessment, 1, "b.5", None)
    submit_as(session, editor, assessment, 1)
    login(client, reviewer)

    overview = page(client.get(f"/assessments/{assessment.id}").text)
    url = f"/assessments/{assessment.id}/revisions/1/since-review"
    link = one(overview, f"a[href='{url}']")
    assert text(link).startswith("What changed since Rita Reviewer asked for changes on ")

    response = client.get(url)
    assert response.status_code == 200
    tree = page(response.text)
    assert text(one(tree, "h1")) == "Revision 1: what changed since the review"
    assert text(one(tree, ".levend-quote")) == "Name the supplier in 0.2 and drop b.5."
    assert text(one(tree, ".levend-diff__summary")) == (
        "As reviewed → Now: 1 changed, 0 added, 1 removed."
    )
    items = tree.select(".levend-diff__item")
    assert [text(one(item, ".levend-question__key")) for item in items] == ["0.2", "b.5"]
    changed, removed = items
    assert "levend-diff__item--changed" in changed["class"]
    words = one(changed, ".levend-diff__words")
    assert [ins.get_text() for ins in words.select("ins")] == ["[added: , by Supplier B.V.]"]
    assert words.select("del") == []
    assert "levend-diff__item--removed" in removed["class"]
    assert "Answer to b.5" in text(one(removed, "del"))
    assert [text(label) for label in removed.select(".levend-diff__label")] == [
        "As reviewed",
        "Now",
    ]


def test_since_review_is_404_when_nobody_asked_for_changes(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = submitted_assessment(session, editor)
    login(client, make_user(session, Role.REVIEWER))
    overview = page(client.get(f"/assessments/{assessment.id}").text)
    assert overview.select("a[href$='/since-review']") == []
    response = client.get(f"/assessments/{assessment.id}/revisions/1/since-review")
    assert response.status_code == 404
    assert text(one(page(response.text), ".levend-alert")) == (
        "Nobody has asked for changes on revision 1 yet."
    )


def test_since_review_of_another_organisation_is_404(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = submitted_assessment(session, editor, "Utrecht's own")
    send_back_as(session, reviewer, assessment, "Secret remark")
    login(client, make_user(session, Role.REVIEWER, org="amsterdam"))
    response = client.get(f"/assessments/{assessment.id}/revisions/1/since-review")
    assert response.status_code == 404
    assert "Secret remark" not in response.text
    assert "Utrecht's own" not in response.text
