"""Forking a questionnaire in the browser: the demo admin forks the built-in FRIA set, edits the
draft's YAML (a mistake first, shown by line without losing the text; then a reworded question,
a new one and one removed), publishes it, reads its lineage, compares it with its parent word by
word, and exports it. axe checks each page."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import OpenAs, Screens, check_axe

FRIA_URL = "/questionnaires/ai-act-fria/1.0"
FORK = "demo-fria"
FORK_URL = f"/questionnaires/{FORK}/1.0"
OLD_NL = "Wat is de naam van het AI-systeem en hoe duidt de aanbieder het aan?"
NEW_NL = "Wat is de naam van het AI-systeem en welk versienummer heeft het?"
ADDED = """\
      - key: '0.1b'
        text:
          nl: Wie in de gemeente is eigenaar van het systeem?
          en: Who in the municipality owns the system?
        type: text
"""


def edited(yaml: str) -> str:
    """Reword 0.1 (Dutch), add 0.1b after it, remove 0.2."""
    assert OLD_NL in yaml
    start, end = yaml.index("      - key: '0.2'\n"), yaml.index("      - key: '0.3'\n")
    return yaml[:start].replace(OLD_NL, NEW_NL) + ADDED + yaml[end:]


def status_says(page: Page, text: str) -> None:
    expect(page.locator("main [role=status]")).to_contain_text(text)


def test_admin_forks_edits_publishes_compares_and_exports(open_as: OpenAs, shot: Screens) -> None:
    admin = open_as("admin")
    admin.get_by_role("link", name="Vragenlijsten").click()
    expect(admin).to_have_url(re.compile(r"/questionnaires$"))
    expect(admin.get_by_role("heading", level=2, name="Ingebouwd in Levend")).to_be_visible()
    check_axe(admin)
    shot(admin, "catalogue")

    admin.locator(f"a[href='{FRIA_URL}']").first.click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text("gepubliceerd")
    check_axe(admin)
    admin.get_by_label("Sleutel van de afsplitsing").fill(FORK)
    admin.get_by_role("button", name="Afsplitsen").click()
    expect(admin).to_have_url(re.compile(f"{FORK_URL}$"))
    status_says(admin, f"{FORK}@1.0 is een concept van uw organisatie")
    expect(admin.locator(".levend-lineage").first).to_contain_text("ai-act-fria@1.0")
    check_axe(admin)
    shot(admin, "draft")

    # A mistake: the problem is listed by line, and the typed text stays.
    editor = admin.get_by_label(f"YAML van {FORK}@1.0")
    yaml = editor.input_value()
    assert yaml.startswith(f"key: {FORK}\n")
    mistaken = yaml.replace("type: text", "type: essay", 1)
    editor.fill(mistaken)
    admin.get_by_role("button", name="Het concept opslaan").click()
    problems = admin.locator(".levend-yaml-problems__list li")
    expect(problems).to_have_count(1)
    line = mistaken[: mistaken.index("type: essay")].count("\n") + 1
    expect(problems.first).to_contain_text(f"{line}:9: sections/0/questions/0/type")
    expect(admin.get_by_label(f"YAML van {FORK}@1.0")).to_have_value(mistaken)
    check_axe(admin)
    shot(admin, "mistake")

    admin.get_by_label(f"YAML van {FORK}@1.0").fill(edited(yaml))
    admin.get_by_role("button", name="Het concept opslaan").click()
    status_says(admin, "Het concept is opgeslagen.")
    admin.get_by_role("button", name=f"{FORK}@1.0 publiceren").click()
    status_says(admin, "is gepubliceerd")
    expect(admin.get_by_role("heading", level=1)).to_contain_text("gepubliceerd")
    expect(admin.locator(f"form[action='{FORK_URL}/yaml']")).to_have_count(0)
    expect(admin.get_by_label("Versienummer")).to_have_value("1.1")
    lineage = admin.locator("section[aria-labelledby=lineage-title]")
    expect(lineage.get_by_role("link", name="ai-act-fria@1.0")).to_be_visible()
    check_axe(admin)
    shot(admin, "published")

    admin.get_by_role("link", name="Vergelijken met de oorsprong ai-act-fria@1.0").click()
    expect(admin).to_have_url(re.compile(f"{FORK_URL}/compare$"))
    expect(admin.locator(".levend-diff__summary")).to_contain_text(
        "1 anders verwoord, 0 gewijzigd, 0 verplaatst, 1 toegevoegd, 1 verwijderd"
    )
    reworded = admin.locator("article.levend-diff__item--reworded")
    expect(reworded).to_contain_text("0.1")
    expect(reworded.locator("ins").first).to_contain_text("welk versienummer heeft")
    expect(reworded.locator("del").first).to_contain_text("hoe duidt de aanbieder")
    expect(admin.locator("article.levend-diff__item--added")).to_contain_text("0.1b")
    expect(admin.locator("article.levend-diff__item--removed")).to_contain_text("0.2")
    check_axe(admin)
    admin.evaluate("window.scrollTo(0, 0)")
    admin.screenshot(path="/tmp/forks.png", full_page=False)
    shot(admin, "compare")

    admin.get_by_role("link", name=f"{FORK}@1.0").click()
    with admin.expect_download() as download:
        admin.get_by_role("link", name="Exporteren als YAML").click()
    assert download.value.suggested_filename == f"{FORK}-1.0.yaml"
    exported = download.value.path().read_text(encoding="utf-8")
    assert f"\nkey: {FORK}\n" in exported
    assert "\nforked_from: ai-act-fria@1.0\nlineage:\n  - ai-act-fria@1.0\n" in exported
    assert NEW_NL in exported and "- key: 0.1b\n" in exported and "'0.2'" not in exported
