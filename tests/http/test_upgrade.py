"""Upgrading an assessment to a later version of its set: the overview offers it, the new draft
carries answers by key and by `renamed_from`, keeps answers to removed questions visible as "no
longer asked", marks new questions, and the diff compares a renamed question with itself. The
same through the API, and what is refused."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.models import Assessment, AuditEvent, Membership, Role, User
from app.questionnaire.loader import load_set
from app.questionnaire.store import store_set
from tests.factories import login, make_assessment, make_user, store_yaml
from tests.http.helpers import (
    actor,
    answer_as,
    api_headers,
    approve_as,
    one,
    page,
    stored_answers,
    submit_as,
    text,
)

REGISTER = (Path(__file__).parents[1] / "fixtures" / "questionnaires" / "register.yaml").read_text()
# 1.1: 1.3 renamed to 1.3b; the action points 2.3 removed and 2.4 asked instead; 2.1 reworded.
CHANGES = [
    ('version: "1.0"', 'version: "1.1"'),
    ('      - key: "1.3"\n', '      - key: "1.3b"\n        renamed_from: ["1.3"]\n'),
    (
        '{question: "1.3", min_selected: 2}, {question',
        '{question: "1.3b", min_selected: 2}, {question',
    ),
    ('{question: "1.3", answered: true}', '{question: "1.3b", answered: true}'),
    ('{not: {question: "1.3", min_selected: 2}}', '{not: {question: "1.3b", min_selected: 2}}'),
    ('      - key: "2.3"\n        type: actions\n', '      - key: "2.4"\n        type: actions\n'),
    ('en: "How large is the risk?"', 'en: "How large is the risk after measures?"'),
]
RISK_ROW = {"risk": "Bias", "inherent": {"likelihood": "low", "severity": "high"}}
ACTIONS = [{"action": "Bias-toets", "owner": "Team data", "status": "open"}]


def register_1_1() -> str:
    text_ = REGISTER
    for old, new in CHANGES:
        text_ = text_.replace(old, new, 1)
    return text_


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    client.headers["Accept-Language"] = "en"


@pytest.fixture
def sets(session: Session) -> None:
    store_set(session, load_set(REGISTER, "register-1.0.yaml"))
    store_set(session, load_set(register_1_1(), "register-1.1.yaml"))
    session.commit()


def approved_on_1_0(session: Session) -> tuple[User, Assessment]:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = make_assessment(session, actor(session, editor), ref="register@1.0")
    answer_as(session, editor, assessment, 1, "1.1", False)
    answer_as(session, editor, assessment, 1, "1.3", ["a", "b"])
    answer_as(session, editor, assessment, 1, "2.1", {"likelihood": "low", "severity": "low"})
    answer_as(session, editor, assessment, 1, "2.2", [RISK_ROW])
    answer_as(session, editor, assessment, 1, "2.3", ACTIONS)
    submit_as(session, editor, assessment, 1)
    approve_as(session, reviewer, assessment, 1)
    return editor, assessment


def test_an_assessment_moves_to_the_later_version_with_its_answers(
    client: TestClient, session: Session, sets: None
) -> None:
    editor, assessment = approved_on_1_0(session)
    csrf = login(client, editor)
    overview = page(client.get(f"/assessments/{assessment.id}").text)
    choices = [o["value"] for o in overview.select("select#questionnaire option")]
    assert choices == ["register@1.0", "register@1.1"]

    response = client.post(
        f"/assessments/{assessment.id}/revisions",
        data={
            "reason": "New questionnaire version",
            "questionnaire": "register@1.1",
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    answers = {k: a.value for k, a in stored_answers(session, assessment.id or 0, 2).items()}
    assert answers == {
        "1.1": False,
        "1.3b": ["a", "b"],
        "2.1": {"likelihood": "low", "severity": "low"},
        "2.2": [RISK_ROW],
        "2.3": ACTIONS,
    }

    # The draft: the answer to the removed question is shown, read-only, as no longer asked...
    first = page(client.get(f"/assessments/{assessment.id}/revisions/2/sections/1").text)
    kept = one(first, "details.levend-no-longer")
    assert kept.has_attr("open") and "2.3" in text(kept) and "no longer asked" in text(kept)
    # ...the renamed question holds its answer, and the new question is marked.
    assert [i["value"] for i in first.select("#q-1__3b input[checked]")] == ["a", "b"]
    second = page(client.get(f"/assessments/{assessment.id}/revisions/2/sections/2").text)
    assert "new in this version" in text(one(second, "#q-2__4"))
    assert "new in this version" not in text(one(second, "#q-2__2"))
    assert "asked differently in this version" in text(one(second, "#q-2__1"))
    assert "asked differently" not in text(one(second, "#q-2__2"))
    refused = client.post(
        f"/assessments/{assessment.id}/revisions/2/answers/2.3",
        data={"value": "x", "version": "1", "csrf_token": csrf},
    )
    assert refused.status_code == 409
    assert "2.3 answers a question this version of the questionnaire no longer asks" in (
        refused.text
    )

    # The diff compares 1.3 with 1.3b, and names the answer no longer asked.
    diff = page(client.get(f"/assessments/{assessment.id}/diff?from=1&to=2").text)
    items = {text(one(a, ".levend-question__key")): a for a in diff.select("article")}
    assert "1.3" not in items
    assert "levend-diff__item--unchanged" in items["1.3b"]["class"]
    assert "no longer asked" in text(items["2.3"])
    # Above the answers: what the questionnaire itself changed between the two revisions.
    changes = one(diff, "section.levend-set-changes")
    assert "The questionnaire changed: register@1.0 → register@1.1" in text(changes)
    assert "1 added, 1 removed" in text(changes)
    listed = [text(li) for li in changes.select("li")]
    assert any(item.startswith("1.3b") and "was 1.3" in item for item in listed), listed


def test_the_api_upgrades_and_refuses_a_set_that_is_not_a_later_version(
    client: TestClient, session: Session, sets: None, fria: object
) -> None:
    editor, assessment = approved_on_1_0(session)
    headers = api_headers(session, editor)
    url = f"/api/v1/assessments/{assessment.id}/revisions"
    wrong = client.post(
        url, json={"reason": "Andere lijst", "questionnaire": "ai-act-fria@1.0"}, headers=headers
    )
    assert wrong.status_code == 422
    assert wrong.json()["detail"].startswith(
        "ai-act-fria@1.0 is not a later version or a fork of this assessment's questionnaire; "
        "choose one of: register@1.1"
    )
    made = client.post(
        url, json={"reason": "Nieuwe versie", "questionnaire": "register@1.1"}, headers=headers
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["questionnaire"] == "register@1.1"
    assert body["answers"]["1.3b"] == {"value": ["a", "b"], "version": 1}
    assert body["answers"]["2.3"] == {"value": ACTIONS, "version": 1, "asked": False}
    kept = client.put(f"{url}/2/answers/2.3", json={"value": [], "version": 1}, headers=headers)
    assert kept.status_code == 409
    assert "kept for reference and cannot change" in kept.json()["detail"]
    event = session.exec(
        select(AuditEvent)
        .where(AuditEvent.action == "revision.opened")
        .order_by(col(AuditEvent.seq).desc())
    ).first()
    assert event is not None and event.detail == {
        "from_revision": 1,
        "questionnaire_from": "register@1.0",
        "questionnaire_to": "register@1.1",
        "no_longer_asked": ["2.3"],
        "not_carried": [],
    }
    # One open revision at a time still holds for upgrades.
    again = client.post(
        url, json={"reason": "Nog eens", "questionnaire": "register@1.1"}, headers=headers
    )
    assert again.status_code == 409


def test_the_next_revision_on_the_same_version_drops_what_is_no_longer_asked(
    client: TestClient, session: Session, sets: None
) -> None:
    editor, assessment = approved_on_1_0(session)
    reviewer = make_user(session, Role.REVIEWER, email="tweede-fg@example.nl")
    headers = api_headers(session, editor)
    url = f"/api/v1/assessments/{assessment.id}/revisions"
    client.post(url, json={"reason": "Upgrade", "questionnaire": "register@1.1"}, headers=headers)
    submit_as(session, editor, assessment, 2)
    approve_as(session, reviewer, assessment, 2)
    third = client.post(url, json={"reason": "Nieuwe data"}, headers=headers)
    assert third.status_code == 201
    assert "2.3" not in third.json()["answers"]
    assert set(stored_answers(session, assessment.id or 0, 3)) == {"1.1", "1.3b", "2.1", "2.2"}


def test_an_answer_that_no_longer_fits_is_carried_in_part_and_shown_whole(
    client: TestClient, session: Session
) -> None:
    store_set(session, load_set(REGISTER, "register-1.0.yaml"))
    # 1.2: option b of 1.3 is dropped.
    fewer = REGISTER.replace('version: "1.0"', 'version: "1.2"', 1).replace(
        '          - {value: b, label: {nl: "B", en: "B"}}\n', "", 1
    )
    store_set(session, load_set(fewer, "register-1.2.yaml"))
    session.commit()
    editor, assessment = approved_on_1_0(session)
    csrf = login(client, editor)
    client.post(
        f"/assessments/{assessment.id}/revisions",
        data={"reason": "Kortere lijst", "questionnaire": "register@1.2", "csrf_token": csrf},
    )
    assert stored_answers(session, assessment.id or 0, 2)["1.3"].value == ["a"]
    tree = page(client.get(f"/assessments/{assessment.id}/revisions/2/sections/1").text)
    box = one(tree, "details.levend-no-longer")
    assert "partly carried to 1.3" in text(box)
    assert "Unknown option(s): b" in text(box)
    assert [text(li) for li in box.select("li")] == ["A", "B"]  # the earlier answer, whole


def test_a_fork_another_organisation_shares_is_offered_with_its_maker(
    client: TestClient, session: Session, sets: None
) -> None:
    neighbour = make_user(session, Role.ADMIN, org="amersfoort")
    owner = session.exec(
        select(Membership.organisation_id).where(Membership.user_id == neighbour.id)
    ).one()
    fork = REGISTER.replace("key: register", "key: amersfoort-register", 1).replace(
        'version: "1.0"', 'version: "1.0"\nforked_from: register@1.0\nlineage: [register@1.0]', 1
    )
    store_yaml(session, fork, organisation_id=owner)
    editor, assessment = approved_on_1_0(session)
    login(client, editor)
    overview = page(client.get(f"/assessments/{assessment.id}").text)
    labels = {o["value"]: text(o) for o in overview.select("select#questionnaire option")}
    assert labels["amersfoort-register@1.0"] == (
        "Move to amersfoort-register@1.0 (Register), shared by Amersfoort"
    )
    assert labels["register@1.1"] == "Move to register@1.1 (Register)"


def test_an_answer_no_longer_asked_can_be_discarded_from_the_draft_only(
    client: TestClient, session: Session, sets: None
) -> None:
    editor, assessment = approved_on_1_0(session)
    headers = api_headers(session, editor)
    url = f"/api/v1/assessments/{assessment.id}/revisions"
    client.post(url, json={"reason": "Upgrade", "questionnaire": "register@1.1"}, headers=headers)

    # Only a kept answer can go: a current question's answer is not discarded this way.
    assert client.delete(f"{url}/2/answers/1.1", headers=headers).status_code == 404
    viewer = make_user(session, Role.VIEWER, email="lezer@example.nl")
    refused = client.delete(f"{url}/2/answers/2.3", headers=api_headers(session, viewer))
    assert refused.status_code == 403

    # Through the page: the button, then gone, and in the audit trail.
    csrf = login(client, editor)
    tree = page(client.get(f"/assessments/{assessment.id}/revisions/2/sections/1").text)
    action = f"/assessments/{assessment.id}/revisions/2/answers/2.3/discard"
    assert one(tree, f"form[action='{action}'] button")
    done = client.post(action, data={"csrf_token": csrf}, follow_redirects=False)
    assert done.status_code == 303
    assert "2.3" not in stored_answers(session, assessment.id or 0, 2)
    event = session.exec(select(AuditEvent).order_by(col(AuditEvent.seq).desc())).first()
    assert event is not None and (event.action, event.subject) == ("answer.discarded", "2.3")
    tree = page(client.get(f"/assessments/{assessment.id}/revisions/2/sections/1").text)
    assert not tree.select("details.levend-no-longer")

    # The earlier revision keeps it: sealed answers never go.
    assert stored_answers(session, assessment.id or 0, 1)["2.3"].value == ACTIONS
    sealed = client.delete(f"{url}/1/answers/2.3", headers=headers)
    assert sealed.status_code == 404  # revision 1 asked 2.3: it is no kept answer there


def test_the_api_schema_describes_an_answer_and_its_asked_flag(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]["AnswerOut"]
    assert set(schema["properties"]) == {"value", "version", "asked"}
    assert schema["required"] == ["value", "version"]
    assert "no longer asks" in schema["properties"]["asked"]["description"]
