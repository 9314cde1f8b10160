"""The list of assessments, the new-assessment form and the overview of one assessment."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Assessment, QuestionnaireSet, Revision, Role
from tests.factories import login, make_user
from tests.http.helpers import (
    FRIA,
    count_rows,
    fresh,
    new_assessment,
    one,
    page,
    text,
)


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    client.headers["Accept-Language"] = "en"


def test_list_shows_only_the_organisations_assessments(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    outsider = make_user(session, Role.EDITOR, org="amsterdam")
    mine = new_assessment(session, editor, "Utrecht parking scans")
    new_assessment(session, outsider, "Amsterdam fraud signals")
    login(client, editor)

    response = client.get("/")
    assert response.status_code == 200
    rows = page(response.text).select("table tbody tr")
    assert [text(row.select_one("td")) for row in rows] == ["Utrecht parking scans"]
    link = one(rows[0], "a")
    assert link["href"] == f"/assessments/{mine.id}"
    cells = [text(td) for td in rows[0].select("td")]
    assert cells[1:] == ["idea", "1", "draft"]
    assert "Amsterdam" not in response.text


def test_empty_list_says_so(client: TestClient, session: Session, fria: QuestionnaireSet) -> None:
    viewer = make_user(session, Role.VIEWER)
    login(client, viewer)
    tree = page(client.get("/").text)
    assert tree.select("table") == []
    assert "There are no assessments yet." in text(tree)
    # A viewer is not offered to create one.
    assert tree.select("a[href='/assessments/new']") == []


def test_new_assessment_form_creates_one_and_opens_revision_1(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    csrf = login(client, editor)
    form_page = page(client.get("/assessments/new").text)
    options = [o["value"] for o in form_page.select("select[name=questionnaire] option")]
    assert options == [FRIA]
    phases = [o["value"] for o in form_page.select("select[name=lifecycle_phase] option")]
    assert phases == ["idea", "pilot", "production", "retired"]

    response = client.post(
        "/assessments",
        data={
            "title": "Benefit fraud signals",
            "description": "Flags applications for a second look.",
            "lifecycle_phase": "pilot",
            "questionnaire": FRIA,
            "csrf_token": csrf,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    [stored] = fresh(session).exec(select(Assessment)).all()
    assert response.headers["location"] == f"/assessments/{stored.id}/revisions/1"
    assert (stored.title, stored.description, stored.lifecycle_phase) == (
        "Benefit fraud signals",
        "Flags applications for a second look.",
        "pilot",
    )
    assert stored.created_by == editor.id
    [revision] = session.exec(select(Revision)).all()
    assert (revision.assessment_id, revision.number, revision.state) == (stored.id, 1, "draft")

    form = client.get(response.headers["location"])
    assert form.url.path == f"/assessments/{stored.id}/revisions/1/sections/0"
    tree = page(form.text)
    assert text(one(tree, "h1")) == "Revision 1 draft"
    assert one(tree, "textarea[name=value]") is not None


def test_new_assessment_without_title_shows_the_error_and_keeps_the_input(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    csrf = login(client, editor)
    response = client.post(
        "/assessments",
        data={
            "title": "  ",
            "description": "Kept for the second try",
            "questionnaire": FRIA,
            "csrf_token": csrf,
        },
    )
    assert response.status_code == 422
    tree = page(response.text)
    assert text(one(tree, ".levend-alert--error")) == "Title is required."
    assert text(one(tree, "textarea[name=description]")) == "Kept for the second try"
    assert count_rows(session, Assessment) == 0


def test_new_assessment_without_csrf_token_is_refused(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    login(client, editor)
    response = client.post("/assessments", data={"title": "Sneaky", "questionnaire": FRIA})
    assert response.status_code == 403
    assert "did not come from Levend" in text(page(response.text))
    assert count_rows(session, Assessment) == 0


def test_viewer_may_not_open_the_new_assessment_form(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    viewer = make_user(session, Role.VIEWER)
    csrf = login(client, viewer)
    response = client.get("/assessments/new")
    assert response.status_code == 403
    assert text(one(page(response.text), "h1")) == "Not allowed"
    posted = client.post(
        "/assessments", data={"title": "Viewer's", "questionnaire": FRIA, "csrf_token": csrf}
    )
    assert posted.status_code == 403
    assert count_rows(session, Assessment) == 0


def test_overview_of_a_draft(client: TestClient, session: Session, fria: QuestionnaireSet) -> None:
    editor = make_user(session, Role.EDITOR, name="Eva Editor")
    assessment = new_assessment(session, editor, "Parking scans")
    login(client, editor)
    response = client.get(f"/assessments/{assessment.id}")
    assert response.status_code == 200
    tree = page(response.text)
    assert text(one(tree, "h1")) == "Parking scans"
    assert text(one(tree, "#current-title")) == "Revision 1 draft"
    assert text(one(tree, ".levend-state")) == "draft"
    assert "First assessment" in text(tree)
    assert "Eva Editor" in text(tree)
    base = f"/assessments/{assessment.id}/revisions/1"
    assert one(tree, f"a[href='{base}']").get_text(strip=True) == "Continue editing"
    assert one(tree, f"form[action='{base}/submit']") is not None
    assert tree.select(f"form[action='{base}/approve']") == []
