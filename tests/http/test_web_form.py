"""The revision form: section pages, autosave with HTMX and without, conflicts, refusals."""

from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.models import Answer, Assessment, QuestionnaireSet, Role, User
from app.questionnaire.store import questionnaire_of
from tests.factories import login, make_user
from tests.http.helpers import (
    answer_as,
    approved_assessment,
    count_rows,
    new_assessment,
    one,
    page,
    refuses_role,
    stored_answers,
    submitted_assessment,
    text,
)

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def english(client: TestClient) -> None:
    client.headers["Accept-Language"] = "en"


def _section_url(assessment: Assessment, section: str, number: int = 1) -> str:
    return f"/assessments/{assessment.id}/revisions/{number}/sections/{section}"


def _save_url(assessment: Assessment, key: str, number: int = 1) -> str:
    return f"/assessments/{assessment.id}/revisions/{number}/answers/{key}"


def _editor_with_draft(client: TestClient, session: Session) -> tuple[User, Assessment, str]:
    editor = make_user(session, Role.EDITOR)
    assessment = new_assessment(session, editor)
    csrf = login(client, editor)
    return editor, assessment, csrf


def test_section_page_lists_its_questions_and_a_section_menu(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor, assessment, _csrf = _editor_with_draft(client, session)
    answer_as(session, editor, assessment, 1, "0.1", "Chatbot Gemma 2.1")
    answer_as(session, editor, assessment, 1, "0.1", "Chatbot Gemma 2.2")

    response = client.get(_section_url(assessment, "0"))
    assert response.status_code == 200
    tree = page(response.text)
    assert text(one(tree, "#section-title")) == "0. The AI system"
    questions = tree.select(".levend-section .levend-question")
    assert [q["id"] for q in questions] == [f"q-0__{i}" for i in range(1, 7)]
    # 0.6 is asked only when 0.5 is yes.
    assert [q.has_attr("hidden") for q in questions] == [False] * 5 + [True]
    first = one(tree, "#q-0__1")
    assert one(first, "form")["action"] == _save_url(assessment, "0.1")
    assert one(first, "form")["hx-post"] == _save_url(assessment, "0.1")
    assert one(first, "textarea[name=value]").get_text() == "Chatbot Gemma 2.2"
    assert one(first, "input[name=version]")["value"] == "2"
    assert one(first, "input[name=csrf_token]")["value"]
    assert "What is the name of the AI system" in text(one(first, "label"))
    assert one(tree, "#q-0__2 input[name=version]")["value"] == "0"
    assert [i["value"] for i in tree.select("#q-0__5 input[name=value]")] == ["true", "false"]

    menu = one(tree, "nav#section-nav")
    items = menu.select("li")
    questionnaire = questionnaire_of(fria)
    assert [one(li, "a")["href"] for li in items] == [
        _section_url(assessment, s.key) for s in questionnaire.sections
    ]
    counts = [text(one(li, ".levend-sections__count")) for li in items]
    assert counts[:3] == ["1/5", "0/4", "0/3"]
    assert one(menu, "a[aria-current=page]")["href"] == _section_url(assessment, "0")
    asked_required = sum(1 for q in questionnaire.questions if q.required and not q.show_if)
    assert text(one(menu, "#progress")) == (
        f"1 of {asked_required} required answers given 1 question answered in all"
    )


def test_section_page_of_another_section(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    _editor, assessment, _csrf = _editor_with_draft(client, session)
    tree = page(client.get(_section_url(assessment, "c")).text)
    ids = [q["id"] for q in tree.select(".levend-section .levend-question")]
    assert ids == [f"q-c__{i}" for i in range(1, 7)]
    assert [o["value"] for o in tree.select("#q-c__2 input[type=checkbox]")][:2] == [
        "children",
        "older-people",
    ]
    assert one(tree, "a[aria-current=page]")["href"] == _section_url(assessment, "c")
    assert one(tree, "a[rel=prev]")["href"] == _section_url(assessment, "b")
    assert one(tree, "a[rel=next]")["href"] == _section_url(assessment, "d")


def test_revision_url_opens_the_first_section(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    _editor, assessment, _csrf = _editor_with_draft(client, session)
    response = client.get(f"/assessments/{assessment.id}/revisions/1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == _section_url(assessment, "0")


def test_unknown_section_is_404(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    _editor, assessment, _csrf = _editor_with_draft(client, session)
    response = client.get(_section_url(assessment, "zz"))
    assert response.status_code == 404
    tree = page(response.text)
    assert text(one(tree, "h1")) == "Not found"
    assert "has no section 'zz'" in text(one(tree, ".levend-alert"))


def test_autosave_with_htmx_returns_saved_status_version_and_progress(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    _editor, assessment, csrf = _editor_with_draft(client, session)
    response = client.post(
        _save_url(assessment, "0.1"),
        data={"value": "Chatbot Gemma", "version": "0", "csrf_token": csrf},
        headers=HTMX,
    )
    assert response.status_code == 200, response.text
    assert "HX-Request" in response.headers.get("Vary", "")
    assert "<html" not in response.text
    tree = page(response.text)
    status = one(tree, "#status-0__1")
    assert text(status) == "Saved"
    assert "levend-save-status--saved" in status["class"]
    version = one(tree, "input#version-0__1")
    assert (version["value"], version["hx-swap-oob"]) == ("1", "true")
    nav = one(tree, "nav#section-nav")
    assert nav["hx-swap-oob"] == "true"
    assert text(one(nav, ".levend-sections__count")) == "1/5"
    assert text(one(nav, "#progress")).startswith("1 of ")
    stored = stored_answers(session, assessment.id or 0, 1)["0.1"]
    assert (stored.value, stored.version) == ("Chatbot Gemma", 1)

    again = client.post(
        _save_url(assessment, "0.1"),
        data={"value": "Chatbot Gemma 2", "version": "1", "csrf_token": csrf},
        headers=HTMX,
    )
    assert one(page(again.text), "input#version-0__1")["value"] == "2"
    assert stored_answers(session, assessment.id or 0, 1)["0.1"].value == "Chatbot Gemma 2"


def test_autosave_of_choices(client: TestClient, session: Session, fria: QuestionnaireSet) -> None:
    _editor, assessment, csrf = _editor_with_draft(client, session)
    for key, value in (
        ("c.2", ["older-people", "children"]),
        ("0.5", "false"),
        ("b.1", "2026-05-01"),
    ):
        response = client.post(
            _save_url(assessment, key),
            data={"value": value, "version": "0", "csrf_token": csrf},
            headers=HTMX,
        )
        assert response.status_code == 200, (key, response.text)
        assert text(one(page(response.text), ".levend-save-status")) == "Saved"
    stored = stored_answers(session, assessment.id or 0, 1)
    assert stored["c.2"].value == ["children", "older-people"]
    assert stored["0.5"].value is False
    assert stored["b.1"].value == "2026-05-01"


def test_an_answer_that_shows_a_follow_up_question_sends_it_out_of_band(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    _editor, assessment, csrf = _editor_with_draft(client, session)
    shown = client.post(
        _save_url(assessment, "0.5"),
        data={"value": "true", "version": "0", "csrf_token": csrf},
        headers=HTMX,
    )
    assert shown.status_code == 200
    tree = page(shown.text)
    follow_up = one(tree, "#q-0__6")
    assert follow_up["hx-swap-oob"] == "true"
    assert not follow_up.has_attr("hidden")
    assert one(follow_up, "textarea[name=value]") is not None
    assert text(one(tree, "nav#section-nav .levend-sections__count")) == "1/6"
    # Only questions whose visibility changed travel along.
    assert [q["id"] for q in tree.select(".levend-question")] == ["q-0__6"]

    hidden = client.post(
        _save_url(assessment, "0.5"),
        data={"value": "false", "version": "1", "csrf_token": csrf},
        headers=HTMX,
    )
    follow_up = one(page(hidden.text), "#q-0__6")
    assert follow_up["hx-swap-oob"] == "true"
    assert follow_up.has_attr("hidden")
    assert stored_answers(session, assessment.id or 0, 1)["0.5"].value is False


def test_autosave_without_htmx_redirects_back_to_the_question(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    _editor, assessment, csrf = _editor_with_draft(client, session)
    response = client.post(
        _save_url(assessment, "a.2"),
        data={"value": "Plain form post", "version": "0", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == _section_url(assessment, "a") + "#q-a__2"
    assert stored_answers(session, assessment.id or 0, 1)["a.2"].value == "Plain form post"
    tree = page(client.get(response.headers["location"]).text)
    assert one(tree, "#q-a__2 textarea").get_text() == "Plain form post"


def test_stale_save_shows_both_versions_and_overwrites_nothing(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor, assessment, csrf = _editor_with_draft(client, session)
    colleague = make_user(session, Role.EDITOR, name="Cor Collega")
    answer_as(session, editor, assessment, 1, "0.1", "My first text")
    answer_as(session, colleague, assessment, 1, "0.1", "Their saved text")

    response = client.post(
        _save_url(assessment, "0.1"),
        data={"value": "My unsaved text", "version": "1", "csrf_token": csrf},
        headers=HTMX,
    )
    assert response.status_code == 409
    target = response.headers["HX-Retarget"]
    assert target == "#q-0__1"
    assert response.headers["HX-Reswap"] == "outerHTML"
    # The target exists on the page the editor has open.
    assert page(client.get(_section_url(assessment, "0")).text).select_one(target) is not None
    tree = page(response.text)
    question = one(tree, target)
    assert "levend-question--conflict" in question["class"]
    assert "Their saved text" in text(one(question, ".levend-conflict__theirs"))
    assert "Cor Collega" in text(one(question, ".levend-conflict"))
    assert one(question, "textarea[name=value]").get_text() == "My unsaved text"
    assert one(question, "input[name=version]")["value"] == "2"
    assert one(question, "input[name=resolving]") is not None
    stored = stored_answers(session, assessment.id or 0, 1)["0.1"]
    assert (stored.value, stored.version, stored.updated_by) == (
        "Their saved text",
        2,
        colleague.id,
    )


def test_stale_save_without_htmx_shows_the_page_with_both_versions(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor, assessment, csrf = _editor_with_draft(client, session)
    answer_as(session, editor, assessment, 1, "0.2", "Saved elsewhere")
    response = client.post(
        _save_url(assessment, "0.2"),
        data={"value": "Typed here", "version": "0", "csrf_token": csrf},
    )
    assert response.status_code == 409
    tree = page(response.text)
    assert one(tree, "h1") is not None  # the whole page
    question = one(tree, "#q-0__2")
    assert "Saved elsewhere" in text(one(question, ".levend-conflict__theirs"))
    assert one(question, "textarea").get_text() == "Typed here"
    assert stored_answers(session, assessment.id or 0, 1)["0.2"].value == "Saved elsewhere"


def test_resolving_a_conflict_saves_the_merged_text(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor, assessment, csrf = _editor_with_draft(client, session)
    answer_as(session, editor, assessment, 1, "0.1", "Theirs")
    response = client.post(
        _save_url(assessment, "0.1"),
        data={"value": "Theirs and mine", "version": "1", "resolving": "1", "csrf_token": csrf},
        headers=HTMX,
    )
    assert response.status_code == 200, response.text
    assert response.headers["HX-Retarget"] == "#q-0__1"
    question = one(page(response.text), "#q-0__1")
    assert "levend-question--conflict" not in question["class"]
    assert question.select(".levend-conflict") == []
    assert one(question, "textarea").get_text() == "Theirs and mine"
    assert one(question, "input[name=version]")["value"] == "2"
    assert text(one(question, ".levend-save-status")) == "Saved"
    stored = stored_answers(session, assessment.id or 0, 1)["0.1"]
    assert (stored.value, stored.version) == ("Theirs and mine", 2)


def test_use_their_version_fetches_the_stored_question(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor, assessment, _csrf = _editor_with_draft(client, session)
    answer_as(session, editor, assessment, 1, "0.1", "One")
    answer_as(session, editor, assessment, 1, "0.1", "Two")
    response = client.get(_save_url(assessment, "0.1"), headers=HTMX)
    assert response.status_code == 200
    question = one(page(response.text), "#q-0__1")
    assert one(question, "textarea").get_text() == "Two"
    assert one(question, "input[name=version]")["value"] == "2"


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_autosave_without_a_valid_csrf_token_is_403_and_stores_nothing(
    client: TestClient, session: Session, fria: QuestionnaireSet, token: str | None
) -> None:
    _editor, assessment, _csrf = _editor_with_draft(client, session)
    data = {"value": "Cross-site", "version": "0"} | ({"csrf_token": token} if token else {})
    plain = client.post(_save_url(assessment, "0.1"), data=data)
    assert plain.status_code == 403
    assert "did not come from Levend" in text(page(plain.text))
    htmx = client.post(_save_url(assessment, "0.1"), data=data, headers=HTMX)
    assert htmx.status_code == 403
    assert htmx.headers["HX-Retarget"] == "#flash"
    assert "did not come from Levend" in text(page(htmx.text))
    assert count_rows(session, Answer) == 0


def test_csrf_header_alone_is_enough(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    _editor, assessment, csrf = _editor_with_draft(client, session)
    response = client.post(
        _save_url(assessment, "0.1"),
        data={"value": "Sent by htmx", "version": "0"},
        headers=HTMX | {"X-CSRF-Token": csrf},
    )
    assert response.status_code == 200
    assert stored_answers(session, assessment.id or 0, 1)["0.1"].value == "Sent by htmx"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("b.1", "2026-02-30", "'2026-02-30' is not a date; use YYYY-MM-DD."),
        ("0.3", "astrology", "Choose one of: biometrics"),
        ("c.2", "martians", "Unknown option(s): martians."),
    ],
)
def test_a_value_error_is_shown_next_to_the_field(
    client: TestClient,
    session: Session,
    fria: QuestionnaireSet,
    key: str,
    value: str,
    message: str,
) -> None:
    _editor, assessment, csrf = _editor_with_draft(client, session)
    response = client.post(
        _save_url(assessment, key),
        data={"value": value, "version": "0", "csrf_token": csrf},
        headers=HTMX,
    )
    assert response.status_code == 422
    dom = key.replace(".", "__")
    status = one(page(response.text), f"#status-{dom}")
    assert "levend-save-status--error" in status["class"]
    assert text(status).startswith(message)
    # It lands where the form's hx-target points.
    form = one(page(client.get(_section_url(assessment, key.split(".")[0])).text), f"#q-{dom} form")
    assert form["hx-target"] == f"#status-{dom}"
    assert count_rows(session, Answer) == 0


def test_a_value_error_without_htmx_shows_an_error_page(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    _editor, assessment, csrf = _editor_with_draft(client, session)
    response = client.post(
        _save_url(assessment, "b.1"),
        data={"value": "yesterday", "version": "0", "csrf_token": csrf},
    )
    assert response.status_code == 422
    assert "'yesterday' is not a date" in text(one(page(response.text), ".levend-alert"))
    assert count_rows(session, Answer) == 0


def test_a_one_megabyte_answer_is_refused_with_413(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    _editor, assessment, csrf = _editor_with_draft(client, session)
    response = client.post(
        _save_url(assessment, "0.1"),
        data={"value": "x" * 1024 * 1024, "version": "0", "csrf_token": csrf},
        headers=HTMX,
    )
    assert response.status_code == 413
    assert "larger than 256 KB" in response.text
    assert count_rows(session, Answer) == 0


def test_a_one_megabyte_answer_sent_in_chunks_is_refused_with_413(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    _editor, assessment, csrf = _editor_with_draft(client, session)
    body = urlencode({"value": "x" * 1024 * 1024, "version": "0", "csrf_token": csrf}).encode()

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    response = client.post(
        _save_url(assessment, "0.1"),
        content=chunks(),
        headers=HTMX | {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert response.status_code == 413
    assert "larger than 256 KB" in response.text
    assert count_rows(session, Answer) == 0


def test_markup_in_answers_and_names_is_shown_as_text(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    _editor, assessment, csrf = _editor_with_draft(client, session)
    colleague = make_user(session, Role.EDITOR, name="<b id=name>Mallory</b>")
    payload = "<img id=xss src=x onerror=alert(1)>"
    answer_as(session, colleague, assessment, 1, "0.1", payload)
    answer_as(session, colleague, assessment, 1, "0.2", payload)

    form = page(client.get(_section_url(assessment, "0")).text)
    assert form.select("#xss, #name") == []
    assert one(form, "#q-0__1 textarea").get_text() == payload
    conflict = client.post(
        _save_url(assessment, "0.2"),
        data={"value": "Mine", "version": "0", "csrf_token": csrf},
        headers=HTMX,
    )
    assert conflict.status_code == 409
    tree = page(conflict.text)
    assert tree.select("#xss, #name") == []
    assert payload in text(one(tree, ".levend-conflict__theirs"))
    assert "<b id=name>Mallory</b>" in text(one(tree, ".levend-conflict"))


def test_viewer_reads_answers_and_cannot_save(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    viewer = make_user(session, Role.VIEWER)
    assessment = new_assessment(session, editor)
    answer_as(session, editor, assessment, 1, "0.1", "Written by the editor")
    csrf = login(client, viewer)

    tree = page(client.get(_section_url(assessment, "0")).text)
    assert "your role does not allow editing" in text(one(tree, ".levend-notice"))
    assert tree.select("form.levend-answer-form") == []
    assert tree.select("textarea, input[name=value]") == []
    assert text(one(tree, "#q-0__1 .levend-answer")) == "Written by the editor"
    assert text(one(tree, "#q-0__2 .levend-answer")) == "Not answered"

    response = client.post(
        _save_url(assessment, "0.1"),
        data={"value": "Viewer was here", "version": "1", "csrf_token": csrf},
    )
    assert response.status_code == 403
    assert refuses_role(text(one(page(response.text), ".levend-alert")), "viewer", "editor")
    htmx = client.post(
        _save_url(assessment, "0.2"),
        data={"value": "Viewer was here", "version": "0", "csrf_token": csrf},
        headers=HTMX,
    )
    assert htmx.status_code == 403
    assert refuses_role(text(page(htmx.text)), "viewer", "editor")
    stored = stored_answers(session, assessment.id or 0, 1)
    assert {k: (a.value, a.version) for k, a in stored.items()} == {
        "0.1": ("Written by the editor", 1)
    }


def test_a_submitted_revision_is_read_only(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = submitted_assessment(session, editor)
    csrf = login(client, editor)

    tree = page(client.get(_section_url(assessment, "0")).text)
    assert "submitted" in text(one(tree, "h1"))
    assert "submitted for review and cannot be edited" in text(one(tree, ".levend-notice"))
    assert tree.select("form.levend-answer-form") == []
    # Only comment fields remain: an editor may still answer a reviewer's comment.
    assert tree.select("textarea[name=value], input[name=value]") == []
    assert text(one(tree, "#q-0__1 .levend-answer")) == "Answer to 0.1"

    response = client.post(
        _save_url(assessment, "0.1"),
        data={"value": "Late change", "version": "1", "csrf_token": csrf},
        headers=HTMX,
    )
    assert response.status_code == 409
    assert "cannot be changed" in text(page(response.text))
    stored = stored_answers(session, assessment.id or 0, 1)["0.1"]
    assert (stored.value, stored.version) == ("Answer to 0.1", 1)


def test_an_approved_revision_is_read_only(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    editor = make_user(session, Role.EDITOR)
    reviewer = make_user(session, Role.REVIEWER)
    assessment = approved_assessment(session, editor, reviewer)
    csrf = login(client, editor)

    tree = page(client.get(_section_url(assessment, "c")).text)
    assert "approved and sealed" in text(one(tree, ".levend-notice"))
    assert tree.select("form.levend-answer-form") == []
    assert text(one(tree, "#q-c__1 .levend-answer")) == "Answer to c.1"

    response = client.post(
        _save_url(assessment, "c.1"),
        data={"value": "Rewriting history", "version": "1", "csrf_token": csrf},
    )
    assert response.status_code == 409
    assert stored_answers(session, assessment.id or 0, 1)["c.1"].value == "Answer to c.1"


def test_a_conflict_brings_the_progress_up_to_date(
    client: TestClient, session: Session, fria: QuestionnaireSet
) -> None:
    _editor, assessment, csrf = _editor_with_draft(client, session)
    colleague = make_user(session, Role.EDITOR, name="Cor Collega")
    answer_as(session, colleague, assessment, 1, "0.1", "Their name of the system")
    answer_as(session, colleague, assessment, 1, "0.2", "Their provider")

    response = client.post(
        _save_url(assessment, "0.1"),
        data={"value": "My name of the system", "version": "0", "csrf_token": csrf},
        headers=HTMX,
    )
    assert response.status_code == 409
    tree = page(response.text)
    menu = one(tree, "nav#section-nav")
    assert menu["hx-swap-oob"] == "true"
    first_section = one(menu, "li .levend-sections__count")
    assert text(first_section).startswith("2/")
