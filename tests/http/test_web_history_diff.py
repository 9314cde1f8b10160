"""The history page (every revision with state, reason, people, hashes) and the diff page."""

import copy

import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Assessment, QuestionnaireSet, Role, User
from tests.factories import login, make_user
from tests.http.helpers import (
    answer_as,
    approve_as,
    fill_as,
    new_assessment,
    one,
    open_revision_as,
    page,
    stored_revision,
    submit_as,
    text,
)

OLD_TEXT = "Residents ask about parking permits by phone"
NEW_TEXT = "Residents ask about waste collection by chat"


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    client.headers["Accept-Language"] = "en"


def _history(session: Session) -> tuple[User, User, Assessment]:
    """Revision 1 approved, revision 2 approved (1 superseded), revision 3 a draft. From 1 to 2,
    a.1 (text) and d.5 (choice) change, b.5 is cleared and e.4 (not asked) is answered."""
    editor = make_user(session, Role.EDITOR, name="Eva Editor")
    reviewer = make_user(session, Role.REVIEWER, name="Rita Reviewer")
    assessment = new_assessment(session, editor, "Chatbot")
    fill_as(session, editor, assessment, skip=("e.4",))
    answer_as(session, editor, assessment, 1, "a.1", OLD_TEXT)
    submit_as(session, editor, assessment, 1)
    approve_as(session, reviewer, assessment, 1)
    open_revision_as(session, editor, assessment, "Retrained on 2026 data")
    answer_as(session, editor, assessment, 2, "a.1", NEW_TEXT)
    answer_as(session, editor, assessment, 2, "b.5", None)
    answer_as(session, editor, assessment, 2, "e.4", "A weekly manual check")
    answer_as(session, editor, assessment, 2, "d.5", "high")
    submit_as(session, editor, assessment, 2)
    approve_as(session, reviewer, assessment, 2)
    open_revision_as(session, editor, assessment, "Incident in March")
    return editor, reviewer, assessment


def _without_hidden(node: Tag) -> str:
    """What a sighted reader sees: the screen-reader-only labels left out."""
    visible = copy.copy(node)
    for hidden in visible.select(".levend-visually-hidden"):
        hidden.decompose()
    return visible.get_text()


def _side(words: Tag, kind: str) -> str:
    """One revision's text read back from the marked-up diff: plain text plus `kind` parts."""
    parts = []
    for child in words.children:
        if isinstance(child, Tag):
            if child.name == kind:
                parts.append(_without_hidden(child))
        else:
            parts.append(str(child))
    return "".join(parts)


def _articles(tree: BeautifulSoup) -> dict[str, Tag]:
    return {text(one(a, ".levend-question__key")): a for a in tree.select("article")}


def test_history_lists_every_revision_with_state_reason_people_and_hash(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor, _reviewer, assessment = _history(session)
    first = stored_revision(session, assessment.id or 0, 1)
    second = stored_revision(session, assessment.id or 0, 2)
    assert first is not None and second is not None
    login(client, editor)

    response = client.get(f"/assessments/{assessment.id}/history")
    assert response.status_code == 200
    items = page(response.text).select("li.levend-history__item")
    assert [text(one(li, "h2 a")) for li in items] == ["Revision 3", "Revision 2", "Revision 1"]
    assert [text(one(li, ".levend-state")) for li in items] == [
        "draft",
        "approved",
        "superseded",
    ]
    third_item, second_item, first_item = (text(li) for li in items)
    assert "Incident in March" in third_item
    assert "Retrained on 2026 data" in second_item
    assert "First assessment" in first_item
    assert "Rita Reviewer" in second_item and "Eva Editor" in second_item
    assert "Rita Reviewer" in first_item

    hashes = [[text(c) for c in li.select("code.levend-hash")] for li in items]
    assert hashes[2] == [first.content_hash]
    assert hashes[1] == [second.content_hash, first.content_hash]  # own hash, then the parent's
    assert hashes[0] == [second.content_hash]  # a draft has only its parent's hash
    assert all(len(h) == 64 for li in hashes for h in li)
    assert len(items[1].select(".levend-seal--ok")) == 1
    assert len(items[2].select(".levend-seal--ok")) == 1
    assert one(items[0], "a[href*='/diff?from=2']")["href"] == (
        f"/assessments/{assessment.id}/diff?from=2&to=3"
    )


def test_diff_page_marks_word_changes_with_ins_and_del(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor, _reviewer, assessment = _history(session)
    login(client, editor)
    response = client.get(f"/assessments/{assessment.id}/diff?from=1&to=2")
    assert response.status_code == 200
    tree = page(response.text)
    assert text(one(tree, ".levend-diff__summary")) == (
        "Revision 1 → 2: 2 changed, 1 added, 1 removed."
    )
    articles = _articles(tree)
    changed = articles["a.1"]
    assert "levend-diff__item--changed" in changed["class"]
    assert text(one(changed, ".levend-diff__status")) == "changed"
    words = one(changed, ".levend-diff__words")
    deleted = [_without_hidden(d) for d in words.select("del")]
    inserted = [_without_hidden(i) for i in words.select("ins")]
    assert "phone" in deleted and "chat" in inserted
    assert "parking" in " ".join(deleted) and "waste" in " ".join(inserted)
    assert not any("Residents" in w for w in deleted + inserted)  # unchanged words stay plain
    assert _side(words, "del") == OLD_TEXT
    assert _side(words, "ins") == NEW_TEXT
    # Readable without colour: screen readers and text browsers hear what was added or removed.
    assert text(words.select("ins")[0]).startswith("[added:")
    assert text(words.select("del")[0]).startswith("[removed:")

    removed = articles["b.5"]
    assert text(one(removed, ".levend-diff__status")) == "removed"
    assert "Answer to b.5" in text(one(removed, "del"))
    added = articles["e.4"]
    assert text(one(added, ".levend-diff__status")) == "added"
    assert "A weekly manual check" in text(one(added, "ins"))
    assert text(one(articles["d.5"], ".levend-diff__status")) == "changed"

    unchanged = articles["0.1"]
    assert "levend-diff__item--unchanged" in unchanged["class"]
    assert unchanged.select("ins, del") == []
    assert "Answer to 0.1" in text(unchanged)


def test_a_changed_choice_shows_the_option_labels_people_chose(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    """Only text is diffed word by word; a choice reads as the labels of the old and new option
    (as the form and the read-only pages show it), not as the stored option values."""
    editor, _reviewer, assessment = _history(session)
    login(client, editor)
    tree = page(client.get(f"/assessments/{assessment.id}/diff?from=1&to=2").text)
    choice = _articles(tree)["d.5"]
    assert text(one(choice, ".levend-diff__status")) == "changed"
    assert "Low: limited consequences that are easy to put right" in text(one(choice, "del"))
    assert "High: serious or lasting consequences" in text(one(choice, "ins"))


def test_changes_only_hides_unchanged_questions(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor, _reviewer, assessment = _history(session)
    login(client, editor)
    everything = page(client.get(f"/assessments/{assessment.id}/diff?from=1&to=2").text)
    assert not one(everything, "input[name=changes]").has_attr("checked")
    assert len(everything.select("article.levend-diff__item--unchanged")) > 30

    response = client.get(f"/assessments/{assessment.id}/diff?from=1&to=2&changes=true")
    assert response.status_code == 200
    tree = page(response.text)
    assert one(tree, "input[name=changes]").has_attr("checked")
    assert list(_articles(tree)) == ["a.1", "b.5", "d.5", "e.4"]
    assert tree.select("article.levend-diff__item--unchanged") == []


def test_diff_defaults_to_the_last_two_revisions_and_htmx_gets_the_fragment(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor, _reviewer, assessment = _history(session)
    answer_as(session, editor, assessment, 3, "f.1", "Stop the chatbot and call the resident")
    login(client, editor)
    tree = page(client.get(f"/assessments/{assessment.id}/diff").text)
    assert one(tree, "select[name=from] option[selected]")["value"] == "2"
    assert one(tree, "select[name=to] option[selected]")["value"] == "3"
    assert list(_articles(page(str(one(tree, "#diff"))))) != []
    assert text(one(tree, ".levend-diff__summary")).startswith("Revision 2 → 3: 1 changed")

    fragment = client.get(
        f"/assessments/{assessment.id}/diff?from=2&to=3&changes=true",
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 200
    assert "HX-Request" in fragment.headers["Vary"]
    assert "<html" not in fragment.text
    part = page(fragment.text)
    assert one(part, "#diff") is not None
    assert part.select("form, h1") == []
    assert list(_articles(part)) == ["f.1"]


def test_diff_with_a_missing_revision_is_a_404_page(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    login(client, editor)
    response = client.get(f"/assessments/{assessment.id}/diff?from=1&to=5")
    assert response.status_code == 404
    tree = page(response.text)
    assert text(one(tree, "h1")) == "Not found"
    assert "no revision 5" in text(one(tree, ".levend-alert"))
    bad = client.get(f"/assessments/{assessment.id}/diff?from=one&to=2")
    assert bad.status_code == 422
    assert "revision numbers" in text(one(page(bad.text), ".levend-alert"))
