"""A phone-sized screen (390 by 844) without sideways scrolling, and the language switch."""

import re
import uuid

from playwright.sync_api import Page, expect

from tests.e2e.conftest import OpenAs, Screens, check_axe, create_assessment, two_revisions

PHONE = {"width": 390, "height": 844}


def horizontal_overflow(page: Page) -> str:
    """ "" when the page fits the viewport's width, else what sticks out."""
    return str(
        page.evaluate(
            """width => {
              if (document.documentElement.scrollWidth <= width) return "";
              const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 0.5)
                .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right
                                                 <= width + 0.5)
                .slice(0, 5)
                .map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> right=`
                          + Math.round(e.getBoundingClientRect().right));
              return `scrollWidth ${document.documentElement.scrollWidth} > ${width}: `
                     + wide.join(', ');
            }""",
            PHONE["width"],
        )
    )


def test_phone_form_page_fits_and_passes_axe(open_as: OpenAs, shot: Screens) -> None:
    page = open_as("editor", **PHONE)
    assessment_id = create_assessment(page, f"Telefoon {uuid.uuid4().hex[:6]}")
    base = f"/assessments/{assessment_id}/revisions/1/sections"
    page.goto(f"{base}/0")
    expect(page.locator("#in-0__1")).to_be_visible()
    shot(page, "form-section-0")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], (
        horizontal_overflow(page)
    )
    check_axe(page)
    # The sections with the longest option labels fit too.
    for section in ("a", "c", "d"):
        page.goto(f"{base}/{section}")
        shot(page, f"form-section-{section}")
        assert horizontal_overflow(page) == "", f"section {section}: {horizontal_overflow(page)}"


def test_phone_other_pages_fit(open_as: OpenAs, shot: Screens) -> None:
    """The list, an overview with its 64-character hash, the history and the diff."""
    page = open_as("editor", **PHONE)
    reviewer = open_as("reviewer")
    assessment_id = two_revisions(
        page,
        reviewer,
        f"Telefoon overzicht {uuid.uuid4().hex[:6]}",
        "Een heel ander antwoord op een smal scherm.",
    )
    for name, path in [
        ("list", "/"),
        ("overview", f"/assessments/{assessment_id}"),
        ("history", f"/assessments/{assessment_id}/history"),
        ("diff", f"/assessments/{assessment_id}/diff?from=1&to=2"),
        ("sealed-form", f"/assessments/{assessment_id}/revisions/1/sections/0"),
    ]:
        page.goto(path)
        shot(page, name)
        assert horizontal_overflow(page) == "", f"{name}: {horizontal_overflow(page)}"
    check_axe(page)  # the diff's word marks on a small screen


def test_language_switch_persists_across_pages(open_as: OpenAs, shot: Screens) -> None:
    page = open_as("editor")
    page.goto("/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "nl")  # Dutch by default
    page.goto("/assessments/new")
    page.locator('button[name="language"][value="en"]').click()
    expect(page).to_have_url(re.compile(r"/assessments/new$"))
    expect(html).to_have_attribute("lang", "en")
    english_title = page.title()
    shot(page, "english-new-assessment")
    check_axe(page)

    page.goto("/")
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator('button[name="language"][value="nl"]')).to_be_visible()
    shot(page, "english-list")
    other_tab = page.context.new_page()
    other_tab.goto("/assessments/new")
    expect(other_tab.locator("html")).to_have_attribute("lang", "en")
    assert other_tab.title() == english_title
    shot(other_tab, "english-second-tab")

    page.locator('button[name="language"][value="nl"]').click()
    expect(html).to_have_attribute("lang", "nl")
    shot(page, "dutch-list")
    page.goto("/assessments/new")
    expect(html).to_have_attribute("lang", "nl")
    assert page.title() != english_title, "the Dutch page has the English title"
    shot(page, "dutch-new-assessment")
