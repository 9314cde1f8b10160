"""The main flow, as people do it: the editor creates an assessment and fills it in (autosave),
submits it; the FG approves it; the editor starts a new revision, changes one answer and reads
the diff. axe checks every distinct page on the way."""

import re
import uuid
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.conftest import (
    FRIA,
    PEOPLE,
    OpenAs,
    Screens,
    check_axe,
    log_in,
    stored_answer,
)

OLD_TEXT = "De planner controleert de uitkomst elke week."
NEW_TEXT = "De planner controleert de uitkomst elke dag grondig."

QUESTIONS_JS = """els => els.map(e => ({
  id: e.id.slice(2),
  hidden: e.hidden,
  required: e.querySelector('.levend-required') !== null,
  kind: e.querySelector('textarea[name=value]') ? 'text'
      : e.querySelector('input[type=date][name=value]') ? 'date'
      : e.querySelector('input[type=radio][name=value]') ? 'radio'
      : e.querySelector('input[type=checkbox][name=value]') ? 'checkbox' : 'none',
}))"""


def progress(page: Page) -> tuple[int, int]:
    """(required answers given, required questions asked) from the progress bar."""
    bar = page.locator("#progress progress")
    given, asked = int(bar.get_attribute("value") or -1), int(bar.get_attribute("max") or -1)
    shown = [int(n) for n in re.findall(r"\d+", page.locator("#progress").inner_text())]
    assert shown[:2] == [given, asked], f"the text says {shown}, the bar {given}/{asked}"
    return given, asked


def version_of(page: Page, qid: str) -> int:
    return int(page.locator(f"#version-{qid}").input_value())


def wait_saved(page: Page, qid: str, version: int) -> None:
    """Autosave finished: the status says saved and the form carries the new version."""
    expect(page.locator(f"#version-{qid}")).to_have_value(str(version))
    expect(page.locator(f"#status-{qid}")).to_have_class(re.compile(r"levend-save-status--saved"))
    expect(page.locator(f"#status-{qid}")).not_to_be_empty()


def answer(page: Page, question: dict[str, Any], text: str, *, leave: bool = True) -> None:
    """Type or click an answer, then wait for autosave (no save button is pressed). A typed
    answer saves when the person pauses, or at once when they `leave` the field."""
    qid, kind = question["id"], question["kind"]
    before = version_of(page, qid)
    box = page.locator(f"#q-{qid}")
    if kind == "text":
        page.locator(f"#in-{qid}").click()
        page.locator(f"#in-{qid}").press_sequentially(text)
        if leave:
            page.keyboard.press("Tab")  # on to the next field: saves at once, no debounce wait
    elif kind == "date":
        page.locator(f"#in-{qid}").fill("2026-03-01")
    elif kind in ("radio", "checkbox"):
        box.locator(f"input[type={kind}]").first.check()
    else:
        raise AssertionError(f"question {qid} has no input")
    wait_saved(page, qid, before + 1)


def fill_section(page: Page, done: set[str]) -> None:
    """Answer every required question that is asked, including those that appear meanwhile."""
    while True:
        questions = page.eval_on_selector_all(".levend-section .levend-question", QUESTIONS_JS)
        assert questions, f"no questions on {page.url}"
        todo = [q for q in questions if q["required"] and not q["hidden"] and q["id"] not in done]
        if not todo:
            return
        question = todo[0]
        given, asked = progress(page)
        key = question["id"].replace("__", ".")
        text = OLD_TEXT if key == "0.1" else f"Antwoord op vraag {key}, getypt in de browser."
        answer(page, question, text, leave=key != "0.1")
        done.add(question["id"])
        after_given, after_asked = progress(page)
        assert after_given == given + 1, f"progress did not grow after answering {key}"
        assert after_asked >= asked


def conditional_question(page: Page) -> None:
    """0.6 is asked only when 0.5 is yes: it appears and disappears live."""
    follow_up = page.locator("#q-0__6")
    expect(follow_up).to_be_hidden()
    given, asked = progress(page)
    yes = page.locator('#q-0__5 input[type=radio][value="true"]')
    no = page.locator('#q-0__5 input[type=radio][value="false"]')
    yes.check()
    wait_saved(page, "0__5", 1)
    expect(follow_up).to_be_visible()
    expect(follow_up.locator("textarea#in-0__6")).to_be_editable()
    assert progress(page) == (given + 1, asked + 1)
    no.check()
    wait_saved(page, "0__5", 2)
    expect(follow_up).to_be_hidden()
    assert progress(page) == (given + 1, asked)
    yes.check()
    wait_saved(page, "0__5", 3)
    expect(follow_up).to_be_visible()


def test_editor_fills_submits_reviewer_approves_new_revision_diff(
    open_as: OpenAs, shot: Screens
) -> None:
    title = f"Hoofdroute {uuid.uuid4().hex[:6]}"

    # The login page, then the editor logs in through it.
    editor = open_as(None)
    editor.goto("/")
    expect(editor).to_have_url(re.compile(r"/login\?next=/$"))
    shot(editor, "login-page")
    check_axe(editor)
    log_in(editor, *PEOPLE["editor"], shot=shot, label="login-editor")

    # The list, and a new assessment.
    expect(editor).to_have_url(re.compile(r"/$"))
    shot(editor, "list")
    check_axe(editor)
    editor.locator('a[href="/assessments/new"]').click()
    expect(editor).to_have_url(re.compile(r"/assessments/new$"))
    shot(editor, "new-assessment")
    check_axe(editor)
    editor.locator("#title").fill(title)
    editor.locator("#description").fill("Een systeem dat in de browsertest is aangemaakt.")
    editor.locator("#lifecycle_phase").select_option("pilot")
    editor.locator("#questionnaire").select_option(FRIA)
    editor.locator('form[action="/assessments"] button[type="submit"]').click()
    expect(editor).to_have_url(re.compile(r"/assessments/\d+/revisions/1/sections/0$"))
    match = re.search(r"/assessments/(\d+)/", editor.url)
    assert match
    assessment_id = int(match.group(1))
    base = f"/assessments/{assessment_id}/revisions/1"
    assert progress(editor)[0] == 0
    shot(editor, "form-empty")
    check_axe(editor)

    # Fill in every section through the form; autosave only.
    conditional_question(editor)
    shot(editor, "form-conditional")
    done = {"0__5"}
    sections = editor.locator("#section-nav a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(sections) >= 7, sections
    for index, href in enumerate(sections):
        assert href.startswith(f"{base}/sections/")
        if index > 0:
            editor.locator(".levend-pager a[rel=next]").click()
            expect(editor).to_have_url(re.compile(re.escape(href) + "$"))
            expect(editor.locator(f'#section-nav a[href="{href}"]')).to_have_attribute(
                "aria-current", "page"
            )
        fill_section(editor, done)
        shot(editor, f"form-section-{href.rsplit('/', 1)[-1]}")
        check_axe(editor)
    given, asked = progress(editor)
    assert given == asked > 0
    stored = stored_answer(editor, assessment_id, 1, "0.1")
    assert stored == {"value": OLD_TEXT, "version": 1}

    # Back to the overview and submit.
    editor.locator(f'.levend-pager a[href="/assessments/{assessment_id}"]').click()
    expect(editor).to_have_url(re.compile(rf"/assessments/{assessment_id}$"))
    expect(editor.locator("#current-title .levend-state--draft")).to_be_visible()
    shot(editor, "overview-draft")
    check_axe(editor)
    editor.locator(f'form[action="{base}/submit"] button').click()
    expect(editor.locator("#current-title .levend-state--submitted")).to_be_visible()
    expect(editor.locator(f'form[action="{base}/submit"]')).to_have_count(0)
    expect(editor.locator(f'form[action="{base}/approve"]')).to_have_count(0)
    shot(editor, "overview-submitted-editor")
    check_axe(editor)

    # The FG approves.
    reviewer = open_as(None)
    reviewer.goto(f"/assessments/{assessment_id}")
    expect(reviewer).to_have_url(re.compile(r"/login\?next="))
    log_in(reviewer, *PEOPLE["reviewer"], shot=shot, label="login-reviewer")
    expect(reviewer).to_have_url(re.compile(rf"/assessments/{assessment_id}$"))
    expect(reviewer.locator("#current-title .levend-state--submitted")).to_be_visible()
    approve = reviewer.locator(f'form[action="{base}/approve"] button')
    expect(approve).to_be_visible()
    shot(reviewer, "overview-submitted-reviewer")
    check_axe(reviewer)
    approve.click()
    expect(reviewer.locator("#current-title .levend-state--approved")).to_be_visible()
    expect(reviewer.locator(".levend-hash")).to_have_text(re.compile(r"^\s*[0-9a-f]{64}\s*$"))
    shot(reviewer, "overview-approved")
    check_axe(reviewer)

    # The editor sees it approved in the list and starts a new revision.
    editor.goto("/")
    row = editor.locator("tr", has=editor.locator(f'a[href="/assessments/{assessment_id}"]'))
    expect(row).to_contain_text(title)
    expect(row.locator(".levend-state--approved")).to_be_visible()
    row.locator(f'a[href="/assessments/{assessment_id}"]').click()
    expect(editor.locator("#current-title .levend-state--approved")).to_be_visible()
    approved_hash = (editor.locator(".levend-hash").text_content() or "").strip()
    shot(editor, "overview-approved-editor")
    editor.locator("#reason").fill("De pilot gaat naar productie met een nieuw model.")
    editor.locator("form.levend-new-revision button[type=submit]").click()
    expect(editor).to_have_url(re.compile(rf"/assessments/{assessment_id}/revisions/2/sections/0$"))
    textarea = editor.locator("#in-0__1")
    expect(textarea).to_have_value(OLD_TEXT)
    version = version_of(editor, "0__1")
    textarea.fill(NEW_TEXT)
    wait_saved(editor, "0__1", version + 1)
    shot(editor, "form-revision-2")
    assert stored_answer(editor, assessment_id, 2, "0.1")["value"] == NEW_TEXT
    assert stored_answer(editor, assessment_id, 1, "0.1")["value"] == OLD_TEXT

    # History: both revisions, the draft chained to the approved one.
    editor.goto(f"/assessments/{assessment_id}/history")
    items = editor.locator(".levend-history__item")
    expect(items).to_have_count(2)
    expect(items.nth(0).locator(".levend-state--draft")).to_be_visible()
    expect(items.nth(1).locator(".levend-state--approved")).to_be_visible()
    expect(items.nth(1).locator(".levend-hash")).to_have_text(approved_hash)
    expect(items.nth(0).locator(".levend-hash")).to_have_text(approved_hash)  # its parent hash
    shot(editor, "history")
    check_axe(editor)

    # The diff, reached from the overview.
    editor.goto(f"/assessments/{assessment_id}")
    shot(editor, "overview-draft-2")
    check_axe(editor)
    editor.locator(f'a[href="/assessments/{assessment_id}/diff?from=1&to=2"]').click()
    expect(editor).to_have_url(re.compile(r"/diff\?from=1&to=2$"))
    expect(editor.locator("#from")).to_have_value("1")
    expect(editor.locator("#to")).to_have_value("2")
    all_items = editor.locator(".levend-diff__item")
    changed = editor.locator(".levend-diff__item--changed")
    expect(changed).to_have_count(1)
    expect(changed.locator(".levend-question__key")).to_have_text("0.1")
    words = changed.locator(".levend-diff__words")
    expect(words.locator("del")).to_have_count(1)
    expect(words.locator("del")).to_contain_text("week")
    expect(words.locator("ins")).to_have_count(1)
    expect(words.locator("ins")).to_contain_text("dag grondig")
    expect(words).to_contain_text("controleert de uitkomst elke")
    assert "controleert" not in (words.locator("ins, del").all_text_contents()[0])
    expect(editor.locator(".levend-diff__item--unchanged").first).to_be_visible()
    total = all_items.count()
    assert total > 30
    shot(editor, "diff")
    check_axe(editor)

    # "Changes only": only the changed question is left, and the address says so.
    editor.locator('input[name="changes"]').check()
    expect(editor).to_have_url(re.compile(r"changes=true"))
    expect(all_items).to_have_count(1)
    expect(editor.locator(".levend-diff__item--changed .levend-question__key")).to_have_text("0.1")
    expect(editor.locator(".levend-diff__item--unchanged")).to_have_count(0)
    shot(editor, "diff-changes-only")
    check_axe(editor)
    editor.locator('input[name="changes"]').uncheck()
    expect(all_items).to_have_count(total)
