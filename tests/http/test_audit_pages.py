"""The audit trail pages: an assessment's events for every member, the organisation's for
reviewers and admins; filters by kind of event, person, dates and assessment; older events a page
at a time; a clear message for a filter that makes no sense; nothing of another organisation."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.models import Assessment, AuditEvent, QuestionnaireSet, Role, User
from tests.factories import login, make_user
from tests.http.helpers import (
    answer_as,
    approved_assessment,
    fresh,
    new_assessment,
    one,
    page,
    refuses_role,
    text,
)


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    client.headers["Accept-Language"] = "en"


@dataclass(frozen=True)
class Trail:
    """Utrecht's 51 events: the chatbot approved (events 1-48: created, 45 answers, submitted,
    approved), then a colleague starts the parking assessment and saves two answers (49-51)."""

    editor: User
    colleague: User
    reviewer: User
    viewer: User
    chatbot: Assessment
    parking: Assessment


@pytest.fixture
def trail(session: Session, fria: QuestionnaireSet) -> Trail:
    editor = make_user(session, Role.EDITOR, name="Eva Editor")
    colleague = make_user(session, Role.EDITOR, name="Erik Editor")
    reviewer = make_user(session, Role.REVIEWER, name="Rita Reviewer")
    viewer = make_user(session, Role.VIEWER, name="Vera Viewer")
    chatbot = approved_assessment(session, editor, reviewer, "Chatbot")
    parking = new_assessment(session, colleague, "Parkeerbeheer")
    answer_as(session, colleague, parking, 1, "0.1", "Scanauto's lezen kentekens.")
    answer_as(session, colleague, parking, 1, "0.2", "Leverancier B.V.")
    stored = fresh(session).exec(select(AuditEvent.seq).order_by(col(AuditEvent.seq))).all()
    assert list(stored) == list(range(1, 52))
    return Trail(editor, colleague, reviewer, viewer, chatbot, parking)


def rows(html: str) -> list[dict[str, str]]:
    """The events table as a list of {column heading: cell text}."""
    tree = page(html)
    headings = [text(th) for th in tree.select("table.levend-audit thead th")]
    return [
        dict(zip(headings, (text(td) for td in tr.select("td")), strict=True))
        for tr in tree.select("table.levend-audit tbody tr")
    ]


def seqs(html: str) -> list[int]:
    return [int(row["#"]) for row in rows(html)]


def older_link(html: str) -> str | None:
    found = [a for a in page(html).select("a") if text(a) == "Older events"]
    return str(found[0]["href"]) if found else None


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def days_from_today(days: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=days)).isoformat()


# --- what the pages show -----------------------------------------------------------------------


def test_an_assessments_trail_shows_its_events_newest_first_to_any_member(
    client: TestClient, session: Session, trail: Trail
) -> None:
    login(client, trail.viewer)
    response = client.get(f"/assessments/{trail.chatbot.id}/audit")
    assert response.status_code == 200
    tree = page(response.text)
    assert text(one(tree, "h1")) == "Audit trail"
    assert one(tree, ".levend-breadcrumb a")["href"] == f"/assessments/{trail.chatbot.id}"

    shown = rows(response.text)
    assert [int(row["#"]) for row in shown] == list(range(48, 0, -1))
    assert list(shown[0]) == ["#", "When", "Who", "What", "Details", "Hash"]
    approved, submitted, last_answer = shown[0], shown[1], shown[2]
    assert (approved["Who"], approved["What"]) == (
        "Rita Reviewer",
        "Approved and sealed · revision 1",
    )
    assert (submitted["Who"], submitted["What"]) == (
        "Eva Editor",
        "Submitted for review · revision 1",
    )
    assert last_answer["What"] == "Answer saved · revision 1"
    assert shown[-1]["What"] == "Assessment created · revision 1"
    assert shown[-1]["Details"] == "Chatbot"
    assert all(row["When"].endswith(" UTC") for row in shown)
    assert "Parkeerbeheer" not in response.text  # another assessment's events are not here

    # Each row shows the start of the event's hash and carries the whole of it.
    events = fresh(session).exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc())).all()
    hashes = tree.select("table.levend-audit tbody tr td:last-child code")
    assert [(code.get_text(), code["title"]) for code in hashes[:3]] == [
        (e.hash[:12], e.hash) for e in events[3:6]
    ]
    # An answer's row names the question and the start of the new value's fingerprint.
    answered = [e for e in events if e.assessment_id == trail.chatbot.id][2]
    assert answered.after_hash is not None
    assert last_answer["Details"] == f"{answered.subject} after {answered.after_hash[:12]}"
    assert older_link(response.text) is None


def test_the_assessment_overview_links_to_its_trail(
    client: TestClient, session: Session, trail: Trail
) -> None:
    login(client, trail.viewer)
    tree = page(client.get(f"/assessments/{trail.chatbot.id}").text)
    link = one(tree, f"a[href='/assessments/{trail.chatbot.id}/audit']")
    assert text(link) == "Audit trail"


def test_the_organisations_trail_pages_back_with_before(
    client: TestClient, session: Session, trail: Trail
) -> None:
    login(client, trail.reviewer)
    first = client.get("/audit")
    assert first.status_code == 200
    assert seqs(first.text) == list(range(51, 1, -1))  # 50 a page
    newest = rows(first.text)[0]
    assert list(newest) == ["#", "When", "Who", "What", "Assessment", "Details", "Hash"]
    assert (newest["Who"], newest["Assessment"]) == ("Erik Editor", "Parkeerbeheer")
    link = one(page(first.text), f"a[href='/assessments/{trail.parking.id}/audit']")
    assert text(link) == "Parkeerbeheer"

    assert older_link(first.text) == "/audit?before=2"
    second = client.get("/audit?before=2")
    assert seqs(second.text) == [1]
    assert older_link(second.text) is None

    assert seqs(client.get("/audit?before=48").text) == list(range(47, 0, -1))
    assert seqs(client.get("/audit?before=1").text) == []


def test_the_older_events_link_keeps_the_filters(
    client: TestClient, session: Session, trail: Trail
) -> None:
    login(client, trail.reviewer)
    day = today()
    response = client.get(f"/audit?since={day}&until={day}")
    assert seqs(response.text) == list(range(51, 1, -1))
    link = older_link(response.text)
    assert link == f"/audit?since={day}&until={day}&before=2"
    assert seqs(client.get(link).text) == [1]


BY_KIND = {
    "action=revision.submitted": [47],
    "action=revision.approved": [48],
    "action=assessment.created": [49, 1],
    "action=": list(range(51, 1, -1)),  # "Everything"
    "action=answer.saved&before=48": list(range(46, 1, -1)),
}


def test_the_organisations_trail_filters_by_kind_of_event(
    client: TestClient, session: Session, trail: Trail
) -> None:
    login(client, trail.reviewer)
    for query, expected in BY_KIND.items():
        response = client.get(f"/audit?{query}")
        assert response.status_code == 200, query
        assert seqs(response.text) == expected, query
        action = query.split("&")[0].removeprefix("action=")
        chosen = page(response.text).select("select#action option[selected]")
        assert [option["value"] for option in chosen] == ([action] if action else []), query
    options = page(response.text).select("select#action option")
    assert [text(o) for o in options[:4]] == [
        "Everything",
        "Assessment created",
        "Answer saved",
        "Submitted for review",
    ]


def test_the_trail_filters_by_person_and_assessment(
    client: TestClient, session: Session, trail: Trail
) -> None:
    login(client, trail.reviewer)
    by_colleague = client.get(f"/audit?person={trail.colleague.id}")
    assert seqs(by_colleague.text) == [51, 50, 49]
    assert {row["Who"] for row in rows(by_colleague.text)} == {"Erik Editor"}
    chosen = one(page(by_colleague.text), "select#person option[selected]")
    assert (chosen["value"], text(chosen)) == (str(trail.colleague.id), "Erik Editor")
    people = [text(o) for o in page(by_colleague.text).select("select#person option")]
    assert people == ["Anyone", "Erik Editor", "Eva Editor", "Rita Reviewer", "Vera Viewer"]

    assert seqs(client.get(f"/audit?person={trail.reviewer.id}").text) == [48]
    answers = client.get(f"/audit?person={trail.colleague.id}&action=answer.saved")
    assert seqs(answers.text) == [51, 50]
    assert [row["Details"].split(" after ")[0] for row in rows(answers.text)] == ["0.2", "0.1"]

    parking = client.get(f"/audit?assessment={trail.parking.id}")
    assert seqs(parking.text) == [51, 50, 49]
    # The assessment filter is kept when the form is used again.
    kept = one(page(parking.text), "form.levend-audit-filter input[name=assessment]")
    assert kept["value"] == str(trail.parking.id)

    on_chatbot = client.get(
        f"/assessments/{trail.chatbot.id}/audit?person={trail.editor.id}&action=assessment.created"
    )
    assert seqs(on_chatbot.text) == [1]
    nobody = client.get(f"/assessments/{trail.chatbot.id}/audit?person={trail.colleague.id}")
    assert seqs(nobody.text) == []
    assert text(one(page(nobody.text), "main p:last-of-type")) == "No events match."


def test_the_filter_form_as_a_browser_sends_it(
    client: TestClient, session: Session, trail: Trail
) -> None:
    """A GET form sends every field, the ones left empty too."""
    login(client, trail.reviewer)
    untouched = client.get("/audit?action=&person=&since=&until=&assessment=")
    assert untouched.status_code == 200, text(page(untouched.text))
    assert len(seqs(untouched.text)) == 50
    chosen = client.get(f"/audit?action=revision.approved&person=&since={today()}&until=")
    assert seqs(chosen.text) == [48]
    on_chatbot = client.get(
        f"/assessments/{trail.chatbot.id}/audit?action=&person={trail.reviewer.id}&since=&until="
    )
    assert seqs(on_chatbot.text) == [48]


def test_the_trail_filters_by_date(client: TestClient, session: Session, trail: Trail) -> None:
    login(client, trail.reviewer)
    day, tomorrow, yesterday = today(), days_from_today(1), days_from_today(-1)

    assert seqs(client.get(f"/audit?since={day}&before=4").text) == [3, 2, 1]
    assert seqs(client.get(f"/audit?until={day}&before=4").text) == [3, 2, 1]
    assert seqs(client.get(f"/audit?since={yesterday}&until={tomorrow}&before=3").text) == [2, 1]
    for query in (f"since={tomorrow}", f"until={yesterday}"):
        response = client.get(f"/audit?{query}")
        assert response.status_code == 200
        assert seqs(response.text) == []
        assert "No events match." in text(page(response.text))
    chatbot = client.get(f"/assessments/{trail.chatbot.id}/audit?since={day}&until={day}")
    assert len(seqs(chatbot.text)) == 48
    form = page(chatbot.text)
    assert (one(form, "input#since")["value"], one(form, "input#until")["value"]) == (day, day)


NONSENSE = {
    "action=nonsense": ["Unknown kind of event 'nonsense'."],
    "since=yesterday": ["since", "date"],
    "until=31-01-2026": ["until", "date"],
    "since=2026-02-01&until=2026-01-31": ["'From' must not be after 'until'."],
    "person=rita": ["person", "integer"],
    "before=0": ["before", "greater than or equal to 1"],
    "assessment=-3": ["assessment", "greater than or equal to 1"],
    "before=99999999999": ["before", "less than or equal to"],
    f"action={'x' * 41}": ["action", "at most 40 characters"],
}


def test_a_filter_that_makes_no_sense_is_explained(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    reviewer = make_user(session, Role.REVIEWER)
    assessment = new_assessment(session, reviewer)
    login(client, reviewer)
    for query, words in NONSENSE.items():
        for path in ("/audit", f"/assessments/{assessment.id}/audit"):
            if "assessment=" in query and path != "/audit":
                continue  # an assessment's own trail takes no assessment filter
            response = client.get(f"{path}?{query}")
            assert response.status_code == 422, (path, query)
            tree = page(response.text)
            assert text(one(tree, "h1")) == "Something is wrong"
            message = text(one(tree, ".levend-alert"))
            assert all(word in message for word in words), (path, query, message)
            assert tree.select("table.levend-audit") == []


# --- who may see what --------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_the_organisations_trail_is_not_for_editors_and_viewers(
    client: TestClient, session: Session, fria: QuestionnaireSet, role: Role
) -> None:
    user = make_user(session, role)
    assessment = new_assessment(session, make_user(session, Role.EDITOR))
    login(client, user)
    response = client.get("/audit")
    assert response.status_code == 403
    tree = page(response.text)
    assert text(one(tree, "h1")) == "Not allowed"
    assert refuses_role(text(one(tree, ".levend-alert")), role.value, "reviewer")
    assert tree.select("table.levend-audit") == []
    assert tree.select("a[href='/audit']") == []  # the header does not offer it either
    # The trail of each of their organisation's assessments is open to them.
    own = client.get(f"/assessments/{assessment.id}/audit")
    assert own.status_code == 200
    assert [row["What"] for row in rows(own.text)] == ["Assessment created · revision 1"]


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.ADMIN])
def test_the_organisations_trail_is_for_reviewers_and_admins(
    client: TestClient, session: Session, fria: QuestionnaireSet, role: Role
) -> None:
    user = make_user(session, role, name="Anna Adams")
    new_assessment(session, user, "Wmo-toewijzing")
    login(client, user)
    response = client.get("/audit")
    assert response.status_code == 200
    [row] = rows(response.text)
    assert (row["Who"], row["What"], row["Assessment"]) == (
        "Anna Adams",
        "Assessment created · revision 1",
        "Wmo-toewijzing",
    )
    header_link = one(page(response.text), "header a[href='/audit']")
    assert header_link["aria-current"] == "page"


def test_another_organisation_sees_none_of_it(
    client: TestClient, session: Session, trail: Trail
) -> None:
    outsider = make_user(session, Role.ADMIN, org="amsterdam")
    login(client, outsider)
    response = client.get(f"/assessments/{trail.chatbot.id}/audit")
    assert response.status_code == 404
    tree = page(response.text)
    assert text(one(tree, "h1")) == "Not found"
    assert f"no assessment {trail.chatbot.id}" in text(one(tree, ".levend-alert"))
    assert "Chatbot" not in response.text

    for query in ("", f"?assessment={trail.chatbot.id}", f"?person={trail.editor.id}"):
        own = client.get(f"/audit{query}")
        assert own.status_code == 200
        assert seqs(own.text) == []
        assert "Chatbot" not in own.text and "Eva Editor" not in own.text


def test_the_trail_needs_a_login(client: TestClient, trail: Trail) -> None:
    for path in ("/audit", f"/assessments/{trail.chatbot.id}/audit"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")
