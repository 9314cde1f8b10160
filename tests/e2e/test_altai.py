"""ALTAI in the browser: the editor makes an ALTAI assessment, reads the introduction (text
without a field) and picks an adherence level on the 1-5 scale with the mouse and then the
keyboard; each choice is saved, counted in the section's progress and stored as a number."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import OpenAs, Screens, check_axe, stored_answer

ALTAI = "altai@1.0"
LEVEL = "1__9__1"  # requirement 1's adherence level, as a DOM id


def test_editor_picks_an_adherence_level_on_the_altai_scale(open_as: OpenAs, shot: Screens) -> None:
    page = open_as("editor")

    # A new assessment with the ALTAI set, through the form.
    page.goto("/assessments/new")
    page.locator("#title").fill(f"Zwerfafvalherkenning {uuid.uuid4().hex[:6]}")
    page.locator("#questionnaire").select_option(ALTAI)
    page.locator('form[action="/assessments"] button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/revisions/1/sections/0$"))
    match = re.search(r"/assessments/(\d+)/", page.url)
    assert match
    assessment_id = int(match.group(1))
    base = f"/assessments/{assessment_id}/revisions/1"

    # Fundamental rights open with text to read: no field, no save status.
    intro = page.locator("#q-0__0")
    expect(intro).to_be_visible()
    expect(intro).to_contain_text("ALTAI begint bij de grondrechten")
    expect(intro.locator("form, input, textarea, select, .levend-save-status")).to_have_count(0)
    shot(page, "altai-fundamental-rights")
    check_axe(page)

    # Requirement 1, whose last required question is the adherence level.
    page.locator(f'#section-nav a[href="{base}/sections/1"]').click()
    expect(page).to_have_url(re.compile(rf"{base}/sections/1$"))
    count = page.locator(f'#section-nav a[href="{base}/sections/1"] .levend-sections__count')
    expect(count).to_have_text(re.compile(r"^0/\d+"))
    asked = int(count.inner_text().split("/")[1].split()[0])
    expect(page.locator("#q-1__0 input")).to_have_count(0)
    scale = page.locator(f"#q-{LEVEL}")
    expect(scale.locator("legend")).to_contain_text("menselijke autonomie en toezicht")
    expect(scale.locator("input[type=radio]")).to_have_count(5)
    expect(scale).to_contain_text("niet voldaan")
    expect(scale).to_contain_text("volledig voldaan")
    check_axe(page)

    # A click on a point: saved, and counted.
    scale.get_by_label("3", exact=True).check()
    expect(page.locator(f"#version-{LEVEL}")).to_have_value("1")
    expect(page.locator(f"#status-{LEVEL}")).to_have_text("Opgeslagen")
    expect(count).to_have_text(re.compile(rf"^1/{asked}\b"))
    assert stored_answer(page, assessment_id, 1, "1.9.1") == {"value": 3, "version": 1}

    # The keyboard moves along the scale; the new level is saved too.
    scale.locator("input[type=radio][value='3']").focus()
    page.keyboard.press("ArrowRight")
    expect(scale.locator("input[type=radio][value='4']")).to_be_checked()
    expect(page.locator(f"#version-{LEVEL}")).to_have_value("2")
    expect(page.locator(f"#status-{LEVEL}")).to_have_text("Opgeslagen")
    expect(count).to_have_text(re.compile(rf"^1/{asked}\b"))
    assert stored_answer(page, assessment_id, 1, "1.9.1") == {"value": 4, "version": 2}
    scale.scroll_into_view_if_needed()
    shot(page, "altai-scale-saved")
    check_axe(page)

    # After a reload the chosen level is still chosen.
    page.reload()
    expect(page.locator(f"#q-{LEVEL} input[type=radio][value='4']")).to_be_checked()
