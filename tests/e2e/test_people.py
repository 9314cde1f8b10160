"""People and organisations in the browser: the demo admin adds a person, changes their role and
deactivates them (who then cannot log in); the FG, who works for two municipalities, switches
between them with the keyboard. axe checks each page."""

import re
import uuid

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import OpenAs, Screens, check_axe


def member_row(page: Page, email: str) -> Locator:
    return page.locator("table.levend-people tbody tr", has_text=email)


def test_admin_adds_changes_and_deactivates_a_person(open_as: OpenAs, shot: Screens) -> None:
    suffix = uuid.uuid4().hex[:6]
    email = f"noor.{suffix}@demo.levend.nl"
    name = f"Noor Visser {suffix}"
    password = f"fiets-naar-het-stadhuis-{suffix}"

    admin = open_as("admin")
    admin.get_by_role("navigation", name="Beheer").get_by_role("link", name="Mensen").click()
    expect(admin).to_have_url(re.compile(r"/people$"))
    expect(admin.get_by_role("heading", level=1)).to_have_text("Mensen")
    expect(member_row(admin, "fg@demo.levend.nl")).to_contain_text("Uit de organisatie verwijderen")
    check_axe(admin)

    admin.get_by_label("E-mailadres").fill(email)
    admin.get_by_label("Naam", exact=True).fill(name)
    admin.locator("#role").select_option("editor")
    admin.get_by_label("Wachtwoord").fill(password)
    admin.get_by_role("button", name="Toevoegen").click()
    expect(admin.get_by_role("status")).to_have_text(f"{name} kan nu inloggen als redacteur.")
    row = member_row(admin, email)
    expect(row).to_contain_text(name)
    expect(row.get_by_label(f"Rol van {name}")).to_have_value("editor")
    expect(row).to_contain_text("Actief")
    shot(admin, "added")
    check_axe(admin)

    row.get_by_label(f"Rol van {name}").select_option("reviewer")
    row.get_by_role("button", name="Wijzigen").click()
    expect(admin.get_by_role("status")).to_have_text(f"De rol van {name} is nu beoordelaar.")
    expect(member_row(admin, email).get_by_label(f"Rol van {name}")).to_have_value("reviewer")

    member_row(admin, email).get_by_role("button", name="Deactiveren").click()
    expect(admin.get_by_role("status")).to_have_text(f"Het account van {name} is gedeactiveerd.")
    row = member_row(admin, email)
    expect(row).to_contain_text("Gedeactiveerd")
    expect(row.get_by_role("button", name="Heractiveren")).to_be_visible()
    shot(admin, "people")
    check_axe(admin)

    # The deactivated account no longer gets in.
    stranger = open_as(None)
    stranger.goto("/login")
    stranger.locator("#email").fill(email)
    stranger.locator("#password").fill(password)
    stranger.locator('form[action="/login"] button[type="submit"]').click()
    expect(stranger.locator(".levend-alert")).to_be_visible()
    expect(stranger).to_have_url(re.compile(r"/login"))


def test_reviewer_switches_organisation_with_the_keyboard(open_as: OpenAs, shot: Screens) -> None:
    reviewer = open_as("reviewer")
    reviewer.goto("/")
    switch = reviewer.get_by_label("Organisatie")
    expect(switch).to_have_value(re.compile(r"\d+"))
    expect(switch.locator("option:checked")).to_have_text("Gemeente Voorbeeldstad")
    expect(reviewer.locator("main")).not_to_contain_text("Slimme verkeerslichten")
    check_axe(reviewer)

    switch.focus()
    switch.select_option(label="Gemeente Buurdorp")
    reviewer.keyboard.press("Tab")
    expect(reviewer.get_by_role("button", name="Wisselen")).to_be_focused()
    reviewer.keyboard.press("Enter")
    expect(reviewer.locator("main")).to_contain_text("Slimme verkeerslichten")
    expect(reviewer.get_by_label("Organisatie").locator("option:checked")).to_have_text(
        "Gemeente Buurdorp"
    )
    expect(reviewer.locator(".levend-role")).to_have_text("(beoordelaar)")
    shot(reviewer, "switched")
    check_axe(reviewer)


def test_the_people_page_fits_a_phone(open_as: OpenAs, shot: Screens) -> None:
    admin = open_as("admin", width=390, height=844)
    admin.goto("/people")
    expect(admin.get_by_role("heading", level=1)).to_have_text("Mensen")
    shot(admin, "people-phone")
    assert admin.evaluate("document.documentElement.scrollWidth") <= 390
    check_axe(admin)


def test_the_people_page_is_for_admins_only(open_as: OpenAs) -> None:
    editor = open_as("editor")
    expect(editor.get_by_role("link", name="Mensen")).to_have_count(0)
    response = editor.goto("/people")
    assert response is not None and response.status == 403
    expect(editor.locator(".levend-alert")).to_contain_text("beheerder")
