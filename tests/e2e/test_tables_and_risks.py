"""Tables in the browser: the editor fills the DPIA's risk register row by row (text, likelihood
and severity before and after measures), adds a row, removes one, and reads the level each rating
comes to; and the pre-scan's conclusions follow the answers. Axe on each state."""

import re
import uuid

from playwright.sync_api import Page, expect

from tests.e2e.conftest import OpenAs, Screens, api, check_axe, stored_answer

REGISTER = "16__1"  # the DPIA's risk register, as a DOM id


def new_assessment(page: Page, ref: str, title: str) -> int:
    body = {"title": f"{title} {uuid.uuid4().hex[:6]}", "questionnaire": ref}
    return int(api(page, "POST", "/api/v1/assessments", body, status=201)["id"])


def test_editor_keeps_a_risk_register_row_by_row(open_as: OpenAs, shot: Screens) -> None:
    page = open_as("editor")
    assessment_id = new_assessment(page, "dpia@1.0", "Fraudesignalering")
    base = f"/assessments/{assessment_id}/revisions/1"
    page.goto(f"{base}/sections/16")
    register = page.locator(f"#q-{REGISTER}")
    rows = register.locator("tbody tr")
    expect(rows).to_have_count(1)
    check_axe(page)

    # Row 1: the risk, who it hits, and the risk before and after measures.
    register.get_by_label("Risico, rij 1", exact=True).fill(
        "Inwoners uit één wijk vaker gecontroleerd"
    )
    register.get_by_label(re.compile(r"^Kans · Risico vóór maatregelen, rij 1$")).select_option(
        "high"
    )
    register.get_by_label(re.compile(r"^Ernst · Risico vóór maatregelen, rij 1$")).select_option(
        "high"
    )
    expect(page.locator(f"#status-{REGISTER}")).to_have_text("Opgeslagen")
    expect(page.locator(f"#version-{REGISTER}")).not_to_have_value("0")
    # The level follows each saved rating at once, in a live region that stays in place, so a
    # screen reader announces the new level.
    expect(page.locator(f"#level-{REGISTER}-1-inherent")).to_have_text("Hoog risico")
    level_region = page.locator(f"[role=status]:has(> #level-{REGISTER}-1-inherent)")
    expect(level_region).to_have_count(1)
    register.get_by_label(re.compile(r"^Ernst · Risico vóór maatregelen, rij 1$")).select_option(
        "low"
    )
    expect(page.locator(f"#level-{REGISTER}-1-inherent")).to_have_text("Middelgroot risico")
    expect(level_region).to_have_count(1)

    # "Add a row" draws the table again: the first rating reads as a level, row 2 is blank.
    register.get_by_role("button", name="Rij toevoegen").click()
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Middelgroot risico")
    register.get_by_label("Risico, rij 2", exact=True).fill("Datalek bij de leverancier")
    register.get_by_label(re.compile(r"^Kans · Risico vóór maatregelen, rij 2$")).select_option(
        "low"
    )
    expect(page.locator(f"#status-{REGISTER}")).to_have_text("Opgeslagen")
    shot(page, "risk-register-two-rows")
    check_axe(page)
    stored = stored_answer(page, assessment_id, 1, "16.1")["value"]
    assert [row["risk"] for row in stored] == [
        "Inwoners uit één wijk vaker gecontroleerd",
        "Datalek bij de leverancier",
    ]
    assert stored[0]["inherent"] == {"likelihood": "high", "severity": "low"}

    # Removing row 1 leaves the data leak; after a reload it is still so.
    register.get_by_role("button", name="Verwijderen rij 1").click()
    expect(rows).to_have_count(1)
    page.reload()
    expect(register.get_by_label("Risico, rij 1", exact=True)).to_have_value(
        "Datalek bij de leverancier"
    )
    assert [r["risk"] for r in stored_answer(page, assessment_id, 1, "16.1")["value"]] == [
        "Datalek bij de leverancier"
    ]
    check_axe(page)


def test_the_pre_scan_concludes_from_the_answers(open_as: OpenAs, shot: Screens) -> None:
    page = open_as("editor")
    assessment_id = new_assessment(page, "pre-scan@1.0", "Chatbot")
    base = f"/assessments/{assessment_id}/revisions/1"
    page.goto(f"{base}/sections/2")
    criteria = page.locator("#q-2__2")
    expect(criteria).to_be_hidden()
    page.locator("#q-2__1").get_by_label("Ja").check()
    expect(criteria).to_be_visible()
    boxes = criteria.locator("input[type=checkbox]")
    boxes.nth(0).check()
    expect(page.locator("#status-2__2")).to_have_text("Opgeslagen")
    boxes.nth(3).check()
    expect(page.locator("#version-2__2")).to_have_value("2")
    page.locator("#q-2__3").get_by_label("Nee").check()
    expect(page.locator("#status-2__3")).to_have_text("Opgeslagen")
    check_axe(page)

    page.goto(f"{base}/sections/4")
    expect(page.locator("#q-4__1")).to_be_visible()
    expect(page.locator("#q-4__1")).to_contain_text("DPIA nodig")
    expect(page.locator("#q-4__2")).to_be_hidden()
    shot(page, "pre-scan-conclusion")
    check_axe(page)


def test_enter_in_a_table_field_saves_and_removes_no_row(open_as: OpenAs, shot: Screens) -> None:
    page = open_as("editor")
    assessment_id = new_assessment(page, "dpia@1.0", "Actiepunten")
    page.goto(f"/assessments/{assessment_id}/revisions/1/sections/17")
    actions = page.locator("#q-17__2")
    actions.get_by_label("Actie, rij 1", exact=True).fill("Bias-toets laten doen")
    expect(page.locator("#status-17__2")).to_have_text("Opgeslagen")
    actions.get_by_role("button", name="Rij toevoegen").click()
    expect(actions.locator("tbody tr")).to_have_count(2)
    actions.get_by_label("Actie, rij 2", exact=True).fill("Register bijwerken")
    due = actions.get_by_label("Uiterlijk, rij 2", exact=True)
    due.fill("2027-01-31")
    due.press("Enter")
    expect(page.locator("#status-17__2")).to_have_text("Opgeslagen")
    expect(actions.locator("tbody tr")).to_have_count(2)
    stored = stored_answer(page, assessment_id, 1, "17.2")["value"]
    assert [row["action"] for row in stored] == ["Bias-toets laten doen", "Register bijwerken"]
    assert stored[1]["due"] == "2027-01-31"
    check_axe(page)
