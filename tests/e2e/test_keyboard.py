"""Keyboard only: the skip link, logging in, making an assessment and answering its first
question, without a mouse."""

import re
import uuid

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PEOPLE, OpenAs, Screens, stored_answer

MAX_TABS = 60


def focused_matches(page: Page, selector: str) -> bool:
    return bool(page.evaluate("s => document.activeElement?.matches(s) ?? false", selector))


def focus_is_visible(page: Page) -> bool:
    """The focused element shows a focus indicator (an outline or a box shadow)."""
    return bool(
        page.evaluate(
            """() => {
              const style = getComputedStyle(document.activeElement);
              const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
              return outline || style.boxShadow !== 'none';
            }"""
        )
    )


def tab_to(page: Page, selector: str) -> int:
    """Press Tab until `selector` has the focus (which must be visible); the presses it took."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if focused_matches(page, selector):
            assert focus_is_visible(page), f"no visible focus on {selector} at {page.url}"
            return presses
    focused = page.evaluate("document.activeElement?.outerHTML.slice(0, 200)")
    raise AssertionError(f"{selector} not reached in {MAX_TABS} tabs on {page.url}; at {focused}")


def check_skip_link(page: Page) -> None:
    """The first Tab lands on a visible skip link; Enter moves the focus to main."""
    skip_link = page.locator("a.levend-skip-link[href='#main']")
    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    assert focus_is_visible(page), "the skip link shows no focus"
    box = skip_link.bounding_box()
    assert box and box["width"] > 1 and box["height"] > 1, "the focused skip link is invisible"
    assert box["y"] >= 0, "the focused skip link is off screen"
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement?.closest('main') !== null"), (
        "the Tab after the skip link left main"
    )


def test_keyboard_only_login_new_assessment_and_first_answer(
    open_as: OpenAs, shot: Screens
) -> None:
    email, password = PEOPLE["editor"]
    page = open_as(None)
    page.goto("/login")
    check_skip_link(page)

    tab_to(page, "#email")
    page.keyboard.type(email)
    tab_to(page, "#password")
    page.keyboard.type(password)
    shot(page, "login")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator('form[action="/logout"]')).to_be_visible()
    shot(page, "list")

    tab_to(page, 'a[href="/assessments/new"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/assessments/new$"))
    tab_to(page, "#title")
    page.keyboard.type(f"Toetsenbord {uuid.uuid4().hex[:6]}")
    shot(page, "new-assessment")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/assessments/\d+/revisions/1/sections/0$"))
    match = re.search(r"/assessments/(\d+)/", page.url)
    assert match
    assessment_id = int(match.group(1))
    shot(page, "form")

    check_skip_link(page)
    tab_to(page, "#in-0__1")
    text = "Met alleen het toetsenbord ingevuld."
    page.keyboard.type(text)
    expect(page.locator("#version-0__1")).to_have_value("1")
    expect(page.locator("#status-0__1")).to_have_class(re.compile("levend-save-status--saved"))
    shot(page, "first-answer")
    assert stored_answer(page, assessment_id, 1, "0.1") == {"value": text, "version": 1}

    # Radio buttons by arrow keys: Tab into 0.3's group, choose with the arrows.
    tab_to(page, "#q-0__3 input[type=radio]")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#version-0__3")).to_have_value("1")
    chosen = page.locator("#q-0__3 input[type=radio]:checked")
    expect(chosen).to_have_count(1)
    value = chosen.get_attribute("value")
    assert stored_answer(page, assessment_id, 1, "0.3")["value"] == value
