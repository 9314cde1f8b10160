"""Roles in the browser: a viewer reads but cannot edit; a reviewer who worked on a revision
cannot approve it (four eyes)."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import OpenAs, Screens, answer_all, api, check_axe, create_assessment


def test_viewer_reads_answers_without_form_fields(open_as: OpenAs, shot: Screens) -> None:
    editor = open_as("editor")
    assessment_id = create_assessment(editor, f"Alleen lezen {uuid.uuid4().hex[:6]}")
    text = "Een antwoord dat de viewer mag lezen."
    api(
        editor,
        "PUT",
        f"/api/v1/assessments/{assessment_id}/revisions/1/answers/0.1",
        {"value": text, "version": 0},
    )

    viewer = open_as("viewer")
    viewer.goto(f"/assessments/{assessment_id}")
    expect(viewer.locator("#current-title .levend-state--draft")).to_be_visible()
    expect(viewer.locator('form[action$="/submit"]')).to_have_count(0)
    expect(viewer.locator("form.levend-new-revision")).to_have_count(0)
    shot(viewer, "overview")
    check_axe(viewer)

    viewer.locator(f'a[href="/assessments/{assessment_id}/revisions/1"]').first.click()
    expect(viewer).to_have_url(re.compile(rf"/assessments/{assessment_id}/revisions/1/sections/0$"))
    section = viewer.locator(".levend-section")
    expect(section.locator(".levend-question").first).to_be_visible()
    expect(viewer.locator("textarea")).to_have_count(0)  # viewers may not comment either
    expect(viewer.locator("input[name=value], select[name=value]")).to_have_count(0)
    expect(viewer.locator("form.levend-answer-form")).to_have_count(0)
    expect(viewer.locator("#q-0__1 .levend-answer")).to_contain_text(text)
    expect(viewer.locator("main .levend-notice")).to_be_visible()
    shot(viewer, "form-read-only")
    check_axe(viewer)


def test_reviewer_who_edited_sees_four_eyes_notice_not_approve(
    open_as: OpenAs, shot: Screens
) -> None:
    editor = open_as("editor")
    assessment_id = create_assessment(editor, f"Vier ogen {uuid.uuid4().hex[:6]}")
    answer_all(editor, assessment_id)
    base = f"/assessments/{assessment_id}/revisions/1"

    # The FG improves one answer in the draft herself.
    reviewer = open_as("reviewer")
    reviewer.goto(f"{base}/sections/0")
    box = reviewer.locator("#in-0__2")
    version = int(reviewer.locator("#version-0__2").input_value())
    box.click()
    box.press("End")
    box.press_sequentially(" Aangevuld door de FG.")
    expect(reviewer.locator("#version-0__2")).to_have_value(str(version + 1))
    expect(reviewer.locator("#status-0__2")).to_have_class(re.compile("levend-save-status--saved"))
    shot(reviewer, "reviewer-edited-draft")

    # The editor submits.
    editor.goto(f"/assessments/{assessment_id}")
    editor.locator(f'form[action="{base}/submit"] button').click()
    expect(editor.locator("#current-title .levend-state--submitted")).to_be_visible()
    shot(editor, "submitted")

    # The FG may not approve what she edited: no approve button, the four-eyes notice instead.
    reviewer.goto(f"/assessments/{assessment_id}")
    expect(reviewer.locator("#current-title .levend-state--submitted")).to_be_visible()
    expect(reviewer.locator(f'form[action="{base}/approve"]')).to_have_count(0)
    expect(reviewer.locator(f'form[action="{base}/request-changes"]')).to_have_count(0)
    expect(reviewer.locator("main .levend-notice")).to_be_visible()
    shot(reviewer, "four-eyes")
    check_axe(reviewer)
    assert api(reviewer, "GET", f"/api/v1/assessments/{assessment_id}")["current_state"] == (
        "submitted"
    )
