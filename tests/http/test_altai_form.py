"""The ALTAI set in the revision form: an adherence level saved through autosave is stored as a
whole number, a level off the scale and an answer to informational text are refused next to the
field, and the API reads the level back without listing the informational items."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Answer, Assessment, QuestionnaireSet, Role
from app.questionnaire.loader import load_file
from app.questionnaire.model import QuestionType
from app.questionnaire.store import questionnaire_of, store_set
from app.settings import PROJECT_ROOT
from tests.factories import login, make_assessment, make_user
from tests.http.helpers import actor, api_headers, count_rows, one, page, stored_answers, text

ALTAI_PATH = PROJECT_ROOT / "questionnaires" / "altai" / "1.0.yaml"
HTMX = {"HX-Request": "true"}
ADHERENCE = "1.9.1"  # human agency and oversight: the level of adherence, 1 to 5


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    client.headers["Accept-Language"] = "en"


@pytest.fixture
def altai(session: Session) -> QuestionnaireSet:
    row, _created = store_set(session, load_file(ALTAI_PATH))
    session.commit()
    return row


def _url(assessment: Assessment, tail: str) -> str:
    return f"/assessments/{assessment.id}/revisions/1/{tail}"


def _count_of_section(html: str, assessment: Assessment, section: str) -> str:
    nav = one(page(html), "nav#section-nav")
    link = one(nav, f'a[href="{_url(assessment, f"sections/{section}")}"]')
    return text(one(link, ".levend-sections__count"))


def test_an_adherence_level_is_saved_checked_and_read_back(
    client: TestClient, session: Session, altai: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = make_assessment(
        session, actor(session, editor), ref="altai@1.0", title="Chatbot Montferland"
    )
    csrf = login(client, editor)
    questionnaire = questionnaire_of(altai)
    requirement = questionnaire.section("1")
    assert requirement is not None
    asked = sum(1 for q in requirement.questions if q.required and q.show_if is None)

    # The section page: the introduction is text without a field, the level is a 1-5 scale.
    response = client.get(_url(assessment, "sections/1"))
    assert response.status_code == 200
    tree = page(response.text)
    intro = one(tree, "#q-1__0")
    assert "levend-question--info" in intro["class"]
    assert intro.select("form, input, textarea") == []
    assert "help people make good choices" in text(intro)
    scale = one(tree, "#q-1__9__1")
    assert "how far does the system meet the requirement of human agency" in text(
        one(scale, "legend")
    )
    points = scale.select("input[type=radio][name=value]")
    assert [p["value"] for p in points] == ["1", "2", "3", "4", "5"]
    assert not any(p.has_attr("checked") for p in points)
    assert "not met" in text(scale) and "fully met" in text(scale)
    assert _count_of_section(response.text, assessment, "1") == f"0/{asked}"

    # Autosave of level 4: "Saved", the section counts it, and it is stored as a number.
    saved = client.post(
        _url(assessment, f"answers/{ADHERENCE}"),
        data={"value": "4", "version": "0", "csrf_token": csrf},
        headers=HTMX,
    )
    assert saved.status_code == 200, saved.text
    assert text(one(page(saved.text), "#status-1__9__1")) == "Saved"
    assert _count_of_section(saved.text, assessment, "1") == f"1/{asked}"
    stored = stored_answers(session, assessment.id or 0, 1)[ADHERENCE]
    assert (stored.value, stored.version) == (4, 1)
    assert type(stored.value) is int

    # The page shows it chosen.
    tree = page(client.get(_url(assessment, "sections/1")).text)
    assert [p["value"] for p in tree.select("#q-1__9__1 input[checked]")] == ["4"]

    # 7 is off the scale: refused next to the field, nothing changed.
    refused = client.post(
        _url(assessment, f"answers/{ADHERENCE}"),
        data={"value": "7", "version": "1", "csrf_token": csrf},
        headers=HTMX,
    )
    assert refused.status_code == 422
    status = one(page(refused.text), "#status-1__9__1")
    assert "levend-save-status--error" in status["class"]
    assert text(status) == "Choose a whole number from 1 to 5."

    # Informational text takes no answer.
    info = client.post(
        _url(assessment, "answers/1.0"),
        data={"value": "Gelezen.", "version": "0", "csrf_token": csrf},
        headers=HTMX,
    )
    assert info.status_code == 422
    assert text(one(page(info.text), "#status-1__0")) == (
        "This is information to read; it takes no answer."
    )
    assert count_rows(session, Answer) == 1
    assert stored_answers(session, assessment.id or 0, 1)[ADHERENCE].value == 4

    # The API reads the level back as a number; informational items have no answer there.
    body = client.get(
        f"/api/v1/assessments/{assessment.id}/revisions/1",
        headers=api_headers(session, editor),
    ).json()
    assert body["questionnaire"] == "altai@1.0"
    assert body["answers"][ADHERENCE] == {"value": 4, "version": 1}
    informational = {q.key for q in questionnaire.questions if not q.takes_answer}
    assert informational == {f"{n}.0" for n in range(8)}
    assert set(body["answers"]) == {q.key for q in questionnaire.questions if q.takes_answer}
    assert not informational & set(body["answers"])
    assert all(
        body["answers"][q.key] == {"value": None, "version": 0}
        for q in questionnaire.questions
        if q.type == QuestionType.SCALE and q.key != ADHERENCE
    )


def test_an_adherence_level_off_the_scale_without_htmx_gets_an_error_page(
    client: TestClient, session: Session, altai: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = make_assessment(session, actor(session, editor), ref="altai@1.0")
    csrf = login(client, editor)
    response = client.post(
        _url(assessment, "answers/7.9.1"),
        data={"value": "0", "version": "0", "csrf_token": csrf},
    )
    assert response.status_code == 422
    assert "Choose a whole number from 1 to 5." in text(one(page(response.text), ".levend-alert"))
    assert count_rows(session, Answer) == 0
