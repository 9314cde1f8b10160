"""Autosave when things go wrong (a refused value, no connection), and navigation that must keep
the person where they were: the back button after "changes only", the language switch and the
login detour on a diff with chosen revisions."""

import re
import uuid

from playwright.sync_api import Page, Route, expect

from tests.e2e.conftest import (
    PEOPLE,
    OpenAs,
    Screens,
    api,
    check_axe,
    create_assessment,
    log_in,
    stored_answer,
    two_revisions,
)

TOO_LONG = 20_001  # app/questionnaire/values.py allows 20,000 characters


def expect_error_next_to_field(page: Page, qid: str) -> None:
    status = page.locator(f"#status-{qid}")
    expect(status).to_have_class(re.compile(r"levend-save-status--error"))
    expect(status).not_to_be_empty()
    announced = status.evaluate(
        "e => e.closest('[role=status], [role=alert], [aria-live]') !== null"
    )
    assert announced, "the error is not in a live region, so a screen reader does not hear it"
    described_by = page.locator(f"#in-{qid}").get_attribute("aria-describedby") or ""
    assert f"status-{qid}" in described_by.split(), "the error is not tied to the field"


def test_refused_value_and_lost_connection_show_next_to_the_field(
    open_as: OpenAs, shot: Screens
) -> None:
    page = open_as("editor")
    assessment_id = create_assessment(page, f"Fouten {uuid.uuid4().hex[:6]}")
    page.goto(f"/assessments/{assessment_id}/revisions/1/sections/0")

    # The textarea stops typing at the limit (maxlength); a browser that ignores it still gets
    # a refusal from the server, and the message stands next to the field.
    field = page.locator("#in-0__2")
    assert field.get_attribute("maxlength") == "20000"
    field.evaluate("element => element.removeAttribute('maxlength')")
    field.fill("x" * TOO_LONG)
    expect_error_next_to_field(page, "0__2")
    expect(page.locator("#version-0__2")).to_have_value("0")
    shot(page, "too-long")
    assert stored_answer(page, assessment_id, 1, "0.2") == {"value": None, "version": 0}
    page.locator("#in-0__2").fill("Een kort antwoord.")
    expect(page.locator("#version-0__2")).to_have_value("1")
    expect(page.locator("#status-0__2")).to_have_class(re.compile(r"levend-save-status--saved"))

    # The server cannot be reached: the field says it was not saved, instead of "saving…".
    def refuse(route: Route) -> None:
        route.abort("connectionrefused")

    page.route("**/answers/**", refuse)
    page.locator("#in-0__4").fill("Geschreven zonder verbinding.")
    expect_error_next_to_field(page, "0__4")
    shot(page, "offline")
    check_axe(page)
    page.unroute("**/answers/**", refuse)
    page.locator("#in-0__4").press_sequentially(" Weer verbonden.")
    expect(page.locator("#version-0__4")).to_have_value("1")
    expect(page.locator("#status-0__4")).to_have_class(re.compile(r"levend-save-status--saved"))
    assert stored_answer(page, assessment_id, 1, "0.4")["value"] == (
        "Geschreven zonder verbinding. Weer verbonden."
    )


def diff_with_two_revisions(open_as: OpenAs) -> tuple[Page, int]:
    editor = open_as("editor")
    reviewer = open_as("reviewer")
    assessment_id = two_revisions(
        editor, reviewer, f"Navigatie {uuid.uuid4().hex[:6]}", "Een nieuw antwoord."
    )
    return editor, assessment_id


def test_back_button_after_changes_only_restores_the_whole_diff(
    open_as: OpenAs, shot: Screens
) -> None:
    page, assessment_id = diff_with_two_revisions(open_as)
    page.goto(f"/assessments/{assessment_id}/diff?from=1&to=2")
    items = page.locator(".levend-diff__item")
    total = items.count()
    assert total > 1
    page.locator('input[name="changes"]').check()
    expect(page).to_have_url(re.compile(r"changes=true"))
    expect(items).to_have_count(1)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/diff\?from=1&to=2$"))
    expect(items).to_have_count(total)
    expect(page.locator("header.levend-header")).to_have_count(1)
    expect(page.locator("main h1")).to_have_count(1)
    expect(page.locator('input[name="changes"]')).not_to_be_checked()
    shot(page, "diff-after-back")


def test_language_switch_keeps_the_chosen_comparison(open_as: OpenAs, shot: Screens) -> None:
    page, assessment_id = diff_with_two_revisions(open_as)
    address = f"/assessments/{assessment_id}/diff?from=1&to=2&changes=true"
    page.goto(address)
    expect(page.locator(".levend-diff__item")).to_have_count(1)
    page.locator('button[name="language"][value="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shot(page, "diff-in-english")
    assert page.url.endswith(address), f"the language switch went to {page.url}"
    expect(page.locator(".levend-diff__item")).to_have_count(1)


def test_login_returns_to_the_full_address(open_as: OpenAs, shot: Screens) -> None:
    editor, assessment_id = diff_with_two_revisions(open_as)
    address = f"/assessments/{assessment_id}/diff?from=1&to=2&changes=true"
    assert api(editor, "GET", f"/api/v1/assessments/{assessment_id}")["current_revision"] == 2
    page = open_as(None)
    page.goto(address)
    expect(page).to_have_url(re.compile(r"/login\?next="))
    log_in(page, *PEOPLE["viewer"], shot=shot, label="login-viewer")
    shot(page, "after-login")
    assert page.url.endswith(address), f"after logging in the viewer is at {page.url}"
    expect(page.locator(".levend-diff__item")).to_have_count(1)


def test_what_is_typed_while_a_save_is_under_way_is_saved_after_it(
    open_as: OpenAs, shot: Screens
) -> None:
    """The first save is held on its way; the person types on. When it lands, the rest of the
    text must still go out (it once counted as saved because it was in the field by then)."""
    page = open_as("editor")
    assessment_id = create_assessment(page, f"Vertraagd {uuid.uuid4().hex[:6]}")
    page.goto(f"/assessments/{assessment_id}/revisions/1/sections/0")
    held: list[Route] = []
    # The first save waits in `held`; every later one goes straight through.
    page.route(
        f"**/assessments/{assessment_id}/revisions/1/answers/0.1",
        lambda route: route.continue_() if held else held.append(route),
    )
    field = page.locator("#in-0__1")
    field.fill("Eerste deel")
    while not held:
        page.wait_for_timeout(50)
    field.press_sequentially(", en meer", delay=20)
    page.wait_for_timeout(800)  # past the autosave's delay, while the first save is still held
    held[0].continue_()
    expect(page.locator("#version-0__1")).to_have_value("2")
    expect(page.locator("#status-0__1")).to_have_text("Opgeslagen")
    assert stored_answer(page, assessment_id, 1, "0.1") == {
        "value": "Eerste deel, en meer",
        "version": 2,
    }
