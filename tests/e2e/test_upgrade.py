"""Upgrading in the browser: the admin forks the FRIA set (one question removed, one added) and
publishes it; the editor starts the next revision of an approved FRIA assessment on the fork,
finds the removed question's answer kept as "no longer asked", the new question marked, and the
diff naming what the questionnaire changed. axe checks each page."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import OpenAs, Screens, answer_all, api, check_axe, create_assessment

ADDED = """\
      - key: '0.1c'
        text:
          nl: Welke afdeling beheert het systeem?
          en: Which department runs the system?
        type: text
"""


def test_an_approved_assessment_moves_to_a_fork_with_its_answers(
    open_as: OpenAs, shot: Screens
) -> None:
    fork = f"upgrade-{uuid.uuid4().hex[:6]}"
    admin = open_as("admin")
    admin.goto("/questionnaires/ai-act-fria/1.0")
    admin.get_by_label("Sleutel van de afsplitsing").fill(fork)
    admin.get_by_role("button", name="Afsplitsen").click()
    expect(admin).to_have_url(re.compile(f"/questionnaires/{fork}/1.0$"))
    editor_box = admin.get_by_label(f"YAML van {fork}@1.0")
    yaml = editor_box.input_value()
    start, end = yaml.index("      - key: '0.2'\n"), yaml.index("      - key: '0.3'\n")
    editor_box.fill(yaml[:start] + ADDED + yaml[end:])
    admin.get_by_role("button", name="Het concept opslaan").click()
    expect(admin.locator("main [role=status]")).to_contain_text("Het concept is opgeslagen.")
    admin.get_by_role("button", name=f"{fork}@1.0 publiceren").click()
    expect(admin.locator("main [role=status]")).to_contain_text("is gepubliceerd")

    editor = open_as("editor")
    reviewer = open_as("reviewer")
    assessment_id = create_assessment(editor, f"Chatbot {fork}")
    answer_all(editor, assessment_id)
    api(editor, "POST", f"/api/v1/assessments/{assessment_id}/revisions/1/submit")
    api(reviewer, "POST", f"/api/v1/assessments/{assessment_id}/revisions/1/approve")
    removed_answer = api(editor, "GET", f"/api/v1/assessments/{assessment_id}/revisions/1")[
        "answers"
    ]["0.2"]["value"]

    editor.goto(f"/assessments/{assessment_id}")
    editor.get_by_label("Vragenlijst voor de nieuwe revisie").select_option(f"{fork}@1.0")
    editor.locator("#reason").fill("De gemeente gebruikt voortaan haar eigen vragenlijst.")
    check_axe(editor)
    editor.get_by_role("button", name="Nieuwe revisie starten").click()
    expect(editor).to_have_url(re.compile(rf"/assessments/{assessment_id}/revisions/2/sections/0$"))

    kept = editor.locator("details.levend-no-longer")
    expect(kept).to_contain_text("0.2")
    expect(kept).to_contain_text("niet meer gevraagd")
    expect(kept).to_contain_text(str(removed_answer))
    expect(editor.locator("#q-0__1c")).to_contain_text("nieuw in deze versie")
    expect(editor.locator("#in-0__1")).to_have_value("Antwoord op 0.1.")
    shot(editor, "upgraded-draft")
    check_axe(editor)

    editor.goto(f"/assessments/{assessment_id}/diff?from=1&to=2")
    changes = editor.locator("section.levend-set-changes")
    expect(changes).to_contain_text(f"ai-act-fria@1.0 → {fork}@1.0")
    expect(changes).to_contain_text("1 toegevoegd, 1 verwijderd")
    expect(editor.locator("article", has_text="0.2").first).to_contain_text("niet meer gevraagd")
    shot(editor, "upgraded-diff")
    check_axe(editor)
