"""Tables of rows, risk ratings and a section behind a stop question, through the form (autosave,
add and remove a row, with and without script), the JSON API and the revision diff."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Assessment, QuestionnaireSet, Role
from app.questionnaire.loader import load_file
from app.questionnaire.store import store_set
from tests.factories import login, make_assessment, make_user
from tests.http.helpers import (
    actor,
    answer_as,
    api_headers,
    changed_register,
    one,
    page,
    stored_answers,
    text,
)

REGISTER = Path(__file__).parents[1] / "fixtures" / "questionnaires" / "register.yaml"
HTMX = {"HX-Request": "true"}
ROW_A = ["Bias tegen wijken", "equality", "medium", "high", "2027-01-31"]
ROW_B = ["Datalek", "privacy", "low", "high", ""]


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    client.headers["Accept-Language"] = "en"


@pytest.fixture
def register(session: Session) -> QuestionnaireSet:
    row, _created = store_set(session, load_file(REGISTER))
    session.commit()
    return row


def _url(assessment: Assessment, tail: str, number: int = 1) -> str:
    return f"/assessments/{assessment.id}/revisions/{number}/{tail}"


def _save(client: TestClient, assessment: Assessment, key: str, data: dict[str, object]) -> str:
    response = client.post(_url(assessment, f"answers/{key}"), data=data, headers=HTMX)
    assert response.status_code == 200, response.text
    return response.text


def test_a_table_is_filled_row_by_row_and_rows_come_and_go(
    client: TestClient, session: Session, register: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = make_assessment(session, actor(session, editor), ref="register@1.0")
    csrf = login(client, editor)

    # Until the stop question is answered "no", the risk section is not asked.
    tree = page(client.get(_url(assessment, "sections/2")).text)
    assert "this section is not asked" in text(one(tree, "#section-skipped"))
    assert tree.select("#q-2__2")[0].has_attr("hidden")
    _save(client, assessment, "1.1", {"value": "false", "version": "0", "csrf_token": csrf})
    tree = page(client.get(_url(assessment, "sections/2")).text)
    assert not tree.select("#section-skipped")

    # An empty table offers one blank row: five fields (the risk cell has two), labelled.
    table = one(tree, "#q-2__2")
    fields = table.select("[name=value]")
    assert len(fields) == 5
    assert [f.get("aria-label") for f in fields if f.name != "select" or f.get("aria-label")][
        :2
    ] == ["Risk, row 1", "Right, row 1"]
    assert one(table, "button[value=add]")

    # Two rows typed: saved as rows of cells.
    _save(
        client,
        assessment,
        "2.2",
        {"value": ROW_A + ROW_B, "version": "0", "csrf_token": csrf},
    )
    stored = stored_answers(session, assessment.id or 0, 1)["2.2"]
    assert stored.value == [
        {
            "risk": "Bias tegen wijken",
            "right": "equality",
            "inherent": {"likelihood": "medium", "severity": "high"},
            "review": "2027-01-31",
        },
        {
            "risk": "Datalek",
            "right": "privacy",
            "inherent": {"likelihood": "low", "severity": "high"},
        },
    ]

    # "Add a row" draws the table again with a blank third row; nothing new is stored.
    added = client.post(
        _url(assessment, "answers/2.2"),
        data={"value": ROW_A + ROW_B, "version": "1", "row_action": "add", "csrf_token": csrf},
        headers=HTMX,
    )
    assert added.status_code == 200
    assert added.headers["HX-Retarget"] == "#q-2__2"
    redrawn = page(added.text)
    assert len(redrawn.select("tbody tr")) == 3
    assert "High risk" in text(redrawn) and "Medium risk" in text(redrawn)
    assert stored_answers(session, assessment.id or 0, 1)["2.2"].version == 1

    # Removing row 1 keeps row 2.
    removed = client.post(
        _url(assessment, "answers/2.2"),
        data={"value": ROW_A + ROW_B, "version": "1", "row_action": "remove-1", "csrf_token": csrf},
        headers=HTMX,
    )
    assert removed.status_code == 200
    assert len(page(removed.text).select("tbody tr")) == 1
    stored = stored_answers(session, assessment.id or 0, 1)["2.2"]
    assert [row["risk"] for row in stored.value] == ["Datalek"] and stored.version == 2

    # Without script "Add a row" comes back to the page, which draws the blank row.
    plain = client.post(
        _url(assessment, "answers/2.2"),
        data={"value": ROW_B, "version": "2", "row_action": "add", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert plain.status_code == 303
    assert plain.headers["location"].endswith("sections/2?add_row=2.2#q-2__2")
    tree = page(client.get(plain.headers["location"]).text)
    assert len(tree.select("#q-2__2 tbody tr")) == 2


def test_a_bad_cell_or_too_many_rows_is_refused_next_to_the_table(
    client: TestClient, session: Session, register: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = make_assessment(session, actor(session, editor), ref="register@1.0")
    csrf = login(client, editor)
    answer_as(session, editor, assessment, 1, "1.1", False)
    bad_date = ["Lek", "privacy", "low", "low", "31-01-2027"]
    refused = client.post(
        _url(assessment, "answers/2.2"),
        data={"value": bad_date, "version": "0", "csrf_token": csrf},
        headers=HTMX,
    )
    assert refused.status_code == 422
    assert text(one(page(refused.text), "#status-2__2")) == (
        "Row 1, Review on: '31-01-2027' is not a date; use YYYY-MM-DD."
    )
    four = [cell for n in range(4) for cell in [f"Risico {n}", "", "", "", ""]]
    too_many = client.post(
        _url(assessment, "answers/2.2"),
        data={"value": four, "version": "0", "csrf_token": csrf},
        headers=HTMX,
    )
    assert too_many.status_code == 422
    assert "at most 3 rows" in too_many.text
    assert "2.2" not in stored_answers(session, assessment.id or 0, 1)


def test_a_risk_rating_shows_its_level_when_saved(
    client: TestClient, session: Session, register: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = make_assessment(session, actor(session, editor), ref="register@1.0")
    csrf = login(client, editor)
    answer_as(session, editor, assessment, 1, "1.1", False)
    half = _save(
        client, assessment, "2.1", {"value": ["high", ""], "version": "0", "csrf_token": csrf}
    )
    assert "Rate both likelihood and severity" in text(one(page(half), "#level-2__1"))
    whole = _save(
        client, assessment, "2.1", {"value": ["high", "medium"], "version": "1", "csrf_token": csrf}
    )
    assert text(one(page(whole), "#level-2__1")) == "High risk"
    assert stored_answers(session, assessment.id or 0, 1)["2.1"].value == {
        "likelihood": "high",
        "severity": "medium",
    }


def test_the_api_takes_and_describes_tables_risks_and_action_points(
    client: TestClient, session: Session, register: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = make_assessment(session, actor(session, editor), ref="register@1.0")
    headers = api_headers(session, editor)
    described = client.get("/api/v1/questionnaires/register/1.0", headers=headers).json()
    questions = {q["key"]: q for s in described["sections"] for q in s["questions"]}
    assert [c["key"] for c in questions["2.3"]["columns"]] == ["action", "owner", "due", "status"]
    assert questions["2.2"]["max_rows"] == 3
    assert questions["2.2"]["columns"][2]["matrix"]["severity"][2]["value"] == "high"
    assert [o["value"] for o in questions["2.1"]["matrix"]["likelihood"]] == [
        "low",
        "medium",
        "high",
    ]
    assert described["sections"][1]["show_if"]["question"] == "1.1"
    conclusion = questions["1.5"]["show_if"]
    assert conclusion["all"][1]["not"] == {
        "question": "1.3",
        "min_selected": 2,
        "equals": None,
        "in": [],
        "answered": False,
        "any": [],
        "all": [],
        "not": None,
    }

    url = f"/api/v1/assessments/{assessment.id}/revisions/1/answers/2.3"
    action = {"action": "Bias-toets", "owner": "Team data", "due": "2027-03-01", "status": "open"}
    saved = client.put(url, json={"value": [action], "version": 0}, headers=headers)
    assert saved.status_code == 200, saved.text
    bad = client.put(
        url, json={"value": [action | {"status": "soon"}], "version": 1}, headers=headers
    )
    assert bad.status_code == 422
    assert "Row 1, Status: Choose one of: open, in_progress, done." in bad.json()["detail"]
    body = client.get(f"/api/v1/assessments/{assessment.id}/revisions/1", headers=headers).json()
    assert body["answers"]["2.3"] == {"value": [action], "version": 1}


def test_the_diff_marks_each_changed_row_and_cell(
    client: TestClient, session: Session, register: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = make_assessment(session, actor(session, editor), ref="register@1.0")
    number = changed_register(session, editor, reviewer, assessment)
    login(client, editor)
    response = client.get(f"/assessments/{assessment.id}/diff?from=1&to={number}")
    assert response.status_code == 200
    rows = page(response.text).select(".levend-diff__item--changed table tbody tr")
    assert [r["class"][-1] for r in rows] == [
        "levend-rows__row--changed",
        "levend-rows__row--unchanged",
        "levend-rows__row--added",
    ]
    assert [text(one(r, "th")) for r in rows] == ["1", "2", "3"]  # each row's number
    changed_cell = rows[0].select("td")[2]  # the risk before measures
    assert "Medium" in text(one(changed_cell, "del")) and "Low" in text(one(changed_cell, "ins"))


def test_a_revision_downloads_as_markdown_and_shows_its_art27_view(
    client: TestClient, session: Session, register: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = make_assessment(session, actor(session, editor), ref="register@1.0")
    answer_as(session, editor, assessment, 1, "1.1", False)
    answer_as(session, editor, assessment, 1, "2.2", [{"risk": "Bias", "right": "equality"}])
    login(client, editor)
    response = client.get(_url(assessment, "export.md"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    assert 'filename="assessment-' in response.headers["content-disposition"]
    assert "| 1 | Bias | Equal treatment |  |  |" in response.text

    # The register set serves no art. 27 element: the overview offers no such view...
    overview = page(client.get(f"/assessments/{assessment.id}").text)
    assert not overview.select('a[href$="/art27"]')
    # ...and the view itself says so per element.
    art27 = client.get(_url(assessment, "art27"))
    assert art27.status_code == 200
    assert text(page(art27.text)).count("No question of this set serves this element.") == 6


def test_the_fria_overview_links_its_art27_view(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = make_assessment(session, actor(session, editor))
    login(client, editor)
    overview = page(client.get(f"/assessments/{assessment.id}").text)
    link = one(overview, 'a[href$="/revisions/1/art27"]')
    tree = page(client.get(link["href"]).text)
    assert text(tree.select("h2")[0]).startswith("(a) The deployer's processes")
    assert "No question of this set serves this element." not in text(tree)
