"""Comment threads in the browser: the FG comments on one question of a submitted revision;
the editor reads it beside the question, replies and marks it resolved; the next revision still
shows the thread, marked as from the earlier one. axe checks the form with open threads."""

import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import OpenAs, Screens, answer_all, api, check_axe, create_assessment

QUESTION = "0.1"
REMARK = "Wie controleert de uitkomst, en hoe vaak?"
REPLY = "De teamleider, elke week; dat staat nu in het antwoord."


def test_a_question_thread_from_comment_to_resolved(open_as: OpenAs, shot: Screens) -> None:
    editor = open_as("editor")
    assessment_id = create_assessment(editor, f"Opmerkingen {uuid.uuid4().hex[:6]}")
    answer_all(editor, assessment_id)
    api(editor, "POST", f"/api/v1/assessments/{assessment_id}/revisions/1/submit")
    section = f"/assessments/{assessment_id}/revisions/1/sections/0"
    box = "#q-0__1 details.levend-comments"

    # The FG comments on question 0.1, beside the answer she is reading.
    reviewer = open_as("reviewer")
    reviewer.goto(section)
    comments = reviewer.locator(box)
    comments.locator("summary").click()
    comments.locator("#comment-0__1").fill(REMARK)
    comments.locator("button", has_text="Opmerking plaatsen").click()
    expect(reviewer.locator(box)).to_contain_text(REMARK)
    expect(reviewer.locator(box + " summary")).to_contain_text("1 open")
    shot(reviewer, "commented")
    check_axe(reviewer)

    # The editor sees it open beside the question, replies, and resolves the thread.
    editor.goto(section)
    thread = editor.locator(box + " .levend-thread")
    expect(thread).to_contain_text(REMARK)
    thread.locator("textarea[name=body]").fill(REPLY)
    thread.locator("button", has_text="Reageren").click()
    thread = editor.locator(box + " .levend-thread")
    expect(thread).to_contain_text(REPLY)
    thread.locator("button", has_text="Markeren als afgehandeld").click()
    resolved = editor.locator(box + " .levend-thread--resolved")
    expect(resolved).to_contain_text("Afgehandeld door Eva de Vries")
    expect(resolved.locator("textarea")).to_have_count(0)
    shot(editor, "resolved")
    check_axe(editor)

    # Sealed and reopened: the next revision shows the thread as an earlier one.
    api(reviewer, "POST", f"/api/v1/assessments/{assessment_id}/revisions/1/approve")
    api(
        editor,
        "POST",
        f"/api/v1/assessments/{assessment_id}/revisions",
        {"reason": "Nieuwe trainingsdata"},
        status=201,
    )
    editor.goto(f"/assessments/{assessment_id}/revisions/2/sections/0")
    earlier = editor.locator(box + " .levend-thread")
    earlier_summary = editor.locator(box + " summary")
    earlier_summary.click()
    expect(earlier).to_contain_text("Uit revisie 1")
    expect(earlier).to_contain_text(REMARK)
    shot(editor, "next-revision")
