"""The demo's IAMA 2.0 assessment in the browser: the editor reads its art. 27 view (all six
elements, with the answers that serve them), the rights chosen and assessed in part 4, and
downloads the revision as Markdown. axe checks each page."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import OpenAs, Screens, check_axe

TITLE = "Fotomeldingen openbare ruimte automatisch indelen"


def test_the_iama2_demo_has_an_art27_view_and_a_rights_table(
    open_as: OpenAs, shot: Screens
) -> None:
    page = open_as("editor")
    page.goto("/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)

    page.get_by_role("link", name="Weergave volgens artikel 27 AI-verordening").click()
    expect(page).to_have_url(re.compile(r"/revisions/1/art27$"))
    headings = page.locator("main h2")
    expect(headings).to_have_count(6)
    expect(headings.first).to_contain_text("(a)")
    expect(page.locator("main")).not_to_contain_text("Geen vraag van deze vragenlijst")
    shot(page, "art27-view")
    check_axe(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="De hele revisie downloaden (Markdown)").click()
    document = download.value.path().read_text(encoding="utf-8")
    assert document.startswith(f"# {TITLE}\n")
    assert "| # | " in document  # the rights table as a Markdown table

    page.go_back()
    page.get_by_role("link", name=re.compile("^Verder bewerken|^De antwoorden lezen")).click()
    page.locator("#section-nav a", has_text="4.").first.click()
    rights_table = page.locator(".levend-question", has=page.locator("table.levend-rows")).first
    expect(rights_table.locator("tbody tr").first).to_be_visible()
    assert rights_table.locator("tbody tr").count() >= 3
    shot(page, "rights-table")
    check_axe(page)
