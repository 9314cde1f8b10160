"""The review queue: every revision of the organisation that waits for review, the longest
waiting first, and for the reader whether it waits for them, is their own work, or has their
approval already. Reviewers and admins only."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import QuestionnaireSet, Role
from tests.factories import login, make_user, require_approvals
from tests.http.helpers import (
    answer_as,
    approve_as,
    approved_assessment,
    fill_as,
    new_assessment,
    one,
    open_revision_as,
    page,
    refuses_role,
    submit_as,
    submitted_assessment,
    text,
)


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    client.headers["Accept-Language"] = "en"


def queue_rows(html: str) -> list[dict[str, str]]:
    """The queue as a list of {column heading: cell text}."""
    tree = page(html)
    headings = [text(th) for th in tree.select("main table thead th")]
    return [
        dict(zip(headings, (text(td) for td in tr.select("td")), strict=True))
        for tr in tree.select("main table tbody tr")
    ]


def test_the_queue_lists_what_waits_oldest_first_and_whose_turn_it_is(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR, name="Eva Editor")
    reviewer = make_user(session, Role.REVIEWER, name="Rita Reviewer")
    chatbot = submitted_assessment(session, editor, "Chatbot")
    # The reviewer helped write the parking assessment: someone else must review it.
    parking = new_assessment(session, editor, "Parkeerbeheer")
    fill_as(session, editor, parking)
    answer_as(session, reviewer, parking, 1, "0.4", "Door de FG aangevuld")
    submit_as(session, editor, parking, 1)
    # Neither a draft, nor an approved revision, nor another organisation's waits for review.
    new_assessment(session, editor, "Nog een concept")
    approved_assessment(session, editor, make_user(session, Role.REVIEWER), "Al goedgekeurd")
    submitted_assessment(session, make_user(session, Role.EDITOR, org="amsterdam"), "Elders")

    login(client, reviewer)
    response = client.get("/review")
    assert response.status_code == 200
    tree = page(response.text)
    assert text(one(tree, "h1")) == "Review queue"
    shown = queue_rows(response.text)
    assert [row["Assessment"] for row in shown] == ["Chatbot", "Parkeerbeheer"]
    assert list(shown[0]) == ["Assessment", "Revision", "Submitted", "Approvals", "You"]
    first, second = shown
    assert (first["Revision"], first["Approvals"], first["You"]) == (
        "1",
        "0 / 1",
        "waiting for you",
    )
    assert first["Submitted"].startswith("Eva Editor, ")
    assert first["Submitted"].endswith(" UTC")
    assert second["You"] == "your own work: someone else reviews it"
    assert one(tree, "main table tbody tr strong").get_text() == "waiting for you"
    links = [a["href"] for a in tree.select("main table tbody a")]
    assert links == [f"/assessments/{chatbot.id}", f"/assessments/{parking.id}"]
    assert "Elders" not in response.text
    assert "requires" not in text(one(tree, "main p"))  # one approval is the default
    header_link = one(tree, "header a[href='/review']")
    assert header_link["aria-current"] == "page"


def test_with_two_approvals_required_the_queue_counts_them(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    require_approvals(session, 2)
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    colleague = make_user(session, Role.REVIEWER)
    assessment = submitted_assessment(session, editor, "Chatbot")
    approve_as(session, reviewer, assessment, 1)

    login(client, reviewer)
    mine = client.get("/review")
    [row] = queue_rows(mine.text)
    assert (row["Approvals"], row["You"]) == ("1 / 2", "you approved it")
    intro = text(one(page(mine.text), "main p"))
    assert "requires 2 approvals by different reviewers" in intro

    client.cookies.clear()
    login(client, colleague)
    [row] = queue_rows(client.get("/review").text)
    assert (row["Approvals"], row["You"]) == ("1 / 2", "waiting for you")

    approve_as(session, colleague, assessment, 1)
    emptied = client.get("/review")
    assert queue_rows(emptied.text) == []
    assert "Nothing waits for review." in text(page(emptied.text))


def test_a_revision_sent_back_leaves_the_queue_and_returns_when_resubmitted(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = approved_assessment(session, editor, reviewer, "Chatbot")
    login(client, reviewer)
    assert queue_rows(client.get("/review").text) == []

    open_revision_as(session, editor, assessment, "Nieuw model")
    assert queue_rows(client.get("/review").text) == []
    submit_as(session, editor, assessment, 2)
    [row] = queue_rows(client.get("/review").text)
    assert (row["Assessment"], row["Revision"], row["You"]) == ("Chatbot", "2", "waiting for you")


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_the_queue_is_not_for_editors_and_viewers(
    client: TestClient, session: Session, fria: QuestionnaireSet, role: Role
) -> None:
    editor = make_user(session, Role.EDITOR)
    submitted_assessment(session, editor, "Chatbot")
    login(client, make_user(session, role))
    response = client.get("/review")
    assert response.status_code == 403
    tree = page(response.text)
    assert text(one(tree, "h1")) == "Not allowed"
    assert refuses_role(text(one(tree, ".levend-alert")), role.value, "reviewer")
    assert "Chatbot" not in response.text
    assert tree.select("a[href='/review']") == []


def test_an_admin_reviews_too(client: TestClient, session: Session, fria: QuestionnaireSet) -> None:
    submitted_assessment(session, make_user(session, Role.EDITOR), "Chatbot")
    login(client, make_user(session, Role.ADMIN))
    [row] = queue_rows(client.get("/review").text)
    assert (row["Assessment"], row["You"]) == ("Chatbot", "waiting for you")
