"""A review with a round of changes, as people do it: the editor creates an assessment and
submits it; the FG finds it in the review queue and asks for changes; the editor changes an
answer and submits again; the FG reads what changed since her review and approves; the audit
trail shows every step. axe checks the queue, the changes since the review and the trail."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.conftest import FRIA, OpenAs, Screens, answer_all, check_axe, stored_answer

REASON = "Noem in 0.1 ook wie de uitkomst controleert."
OLD_TEXT = "Antwoord op 0.1."
NEW_TEXT = "Antwoord op 0.1. De teamleider controleert elke uitkomst."


def test_changes_requested_then_approved_with_the_trail_to_show_for_it(
    open_as: OpenAs, shot: Screens
) -> None:
    title = f"Beoordeelronde {uuid.uuid4().hex[:6]}"

    # The editor creates the assessment through the form; the answers go in through the API
    # (the main flow test types them), then she submits on the overview.
    editor = open_as("editor")
    editor.goto("/assessments/new")
    editor.locator("#title").fill(title)
    editor.locator("#questionnaire").select_option(FRIA)
    editor.locator('form[action="/assessments"] button[type="submit"]').click()
    expect(editor).to_have_url(re.compile(r"/assessments/\d+/revisions/1/sections/0$"))
    match = re.search(r"/assessments/(\d+)/", editor.url)
    assert match
    assessment_id = int(match.group(1))
    overview = f"/assessments/{assessment_id}"
    base = f"{overview}/revisions/1"
    answer_all(editor, assessment_id)
    assert stored_answer(editor, assessment_id, 1, "0.1")["value"] == OLD_TEXT
    editor.goto(overview)
    editor.locator(f'form[action="{base}/submit"] button').click()
    expect(editor.locator("#current-title .levend-state--submitted")).to_be_visible()

    # The FG finds it in her queue, waiting for her.
    reviewer = open_as("reviewer")
    reviewer.locator('header a[href="/review"]').click()
    expect(reviewer).to_have_url(re.compile(r"/review$"))
    expect(reviewer.locator("h1")).to_have_text("Te beoordelen")
    row = reviewer.locator("main table tbody tr", has=reviewer.get_by_role("link", name=title))
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text("1")
    expect(row.locator("td").nth(2)).to_contain_text("Eva de Vries")
    expect(row.locator("td").nth(3)).to_have_text("0 / 1")
    expect(row.locator("td").nth(4)).to_have_text("wacht op u")
    shot(reviewer, "queue")
    check_axe(reviewer)

    # She asks for changes, with her reason.
    row.get_by_role("link", name=title).click()
    expect(reviewer).to_have_url(re.compile(rf"{overview}$"))
    expect(reviewer.locator(f'form[action="{base}/approve"] button')).to_have_text(
        "Goedkeuren en verzegelen"
    )
    reviewer.locator("#comment").fill(REASON)
    shot(reviewer, "request-changes")
    reviewer.locator(f'form[action="{base}/request-changes"] button[type="submit"]').click()
    expect(reviewer.locator("#current-title .levend-state--draft")).to_be_visible()
    reviewer.goto("/review")
    expect(reviewer.get_by_role("link", name=title)).to_have_count(0)

    # The editor reads the reason, changes the answer in the form and submits again.
    editor.goto(overview)
    expect(editor.locator("#current-title .levend-state--draft")).to_be_visible()
    expect(editor.locator("main")).to_contain_text(REASON)
    shot(editor, "changes-requested")
    editor.goto(f"{base}/sections/0")
    version = int(editor.locator("#version-0__1").input_value())
    editor.locator("#in-0__1").fill(NEW_TEXT)
    expect(editor.locator("#version-0__1")).to_have_value(str(version + 1))
    expect(editor.locator("#status-0__1")).to_have_class(re.compile("levend-save-status--saved"))
    editor.goto(overview)
    editor.locator(f'form[action="{base}/submit"] button').click()
    expect(editor.locator("#current-title .levend-state--submitted")).to_be_visible()

    # Back in her queue; on the overview she opens what changed since her review.
    reviewer.goto("/review")
    row = reviewer.locator("main table tbody tr", has=reviewer.get_by_role("link", name=title))
    expect(row.locator("td").nth(4)).to_have_text("wacht op u")
    row.get_by_role("link", name=title).click()
    since = reviewer.locator(f'a[href="{base}/since-review"]')
    expect(since).to_contain_text("Wat er veranderde sinds Femke Gerritsen (FG)")
    since.click()
    expect(reviewer).to_have_url(re.compile(rf"{base}/since-review$"))
    expect(reviewer.locator("h1")).to_have_text("Revisie 1: wat er veranderde sinds de beoordeling")
    expect(reviewer.locator(".levend-quote")).to_have_text(REASON)
    items = reviewer.locator(".levend-diff__item")
    expect(items).to_have_count(1)
    changed = reviewer.locator(".levend-diff__item--changed")
    expect(changed.locator(".levend-question__key")).to_have_text("0.1")
    expect(changed.locator(".levend-diff__words ins")).to_contain_text(
        "De teamleider controleert elke uitkomst."
    )
    expect(changed.locator(".levend-diff__words del")).to_have_count(0)
    shot(reviewer, "since-review")
    check_axe(reviewer)

    # She approves: the revision is sealed.
    reviewer.locator(f'.levend-breadcrumb a[href="{overview}"]').click()
    reviewer.locator(f'form[action="{base}/approve"] button').click()
    expect(reviewer.locator("#current-title .levend-state--approved")).to_be_visible()
    sealed = (reviewer.locator(".levend-hash").first.text_content() or "").strip()
    assert re.fullmatch(r"[0-9a-f]{64}", sealed)

    # The assessment's audit trail tells the story, newest first.
    reviewer.locator(f'a[href="{overview}/audit"]').click()
    expect(reviewer).to_have_url(re.compile(rf"{overview}/audit$"))
    rows = reviewer.locator("table.levend-audit tbody tr")
    # Created, 45 answers, submitted, sent back, 0.1 again, submitted, approved: 51 events,
    # of which a page shows the newest 50.
    expect(rows).to_have_count(50)
    places = [int(t) for t in rows.locator("td:nth-child(1)").all_inner_texts()]
    assert places == sorted(places, reverse=True), places
    what = [" ".join(t.split()) for t in rows.locator("td:nth-child(4)").all_inner_texts()]
    who = [" ".join(t.split()) for t in rows.locator("td:nth-child(3)").all_inner_texts()]
    assert what[:5] == [
        "Goedgekeurd en verzegeld · revisie 1",
        "Ter beoordeling ingediend · revisie 1",
        "Antwoord opgeslagen · revisie 1",
        "Wijzigingen gevraagd · revisie 1",
        "Ter beoordeling ingediend · revisie 1",
    ], what[:5]
    assert set(what[5:]) == {"Antwoord opgeslagen · revisie 1"}
    assert who[:5] == [
        "Femke Gerritsen (FG)",
        "Eva de Vries",
        "Eva de Vries",
        "Femke Gerritsen (FG)",
        "Eva de Vries",
    ]
    expect(rows.nth(2).locator("td:nth-child(5)")).to_contain_text("0.1")
    shot(reviewer, "audit-assessment")
    check_axe(reviewer)
    reviewer.get_by_role("link", name="Oudere gebeurtenissen").click()
    expect(reviewer).to_have_url(re.compile(rf"{overview}/audit\?before={places[-1]}$"))
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td:nth-child(4)")).to_have_text("Beoordeling aangemaakt · revisie 1")
    expect(rows.first.locator("td:nth-child(5)")).to_have_text(title)

    # The organisation's trail, filtered to requests for changes, names this assessment.
    reviewer.locator('header a[href="/audit"]').click()
    reviewer.locator("#action").select_option("revision.changes_requested")
    reviewer.locator("form.levend-audit-filter button[type=submit]").click()
    expect(reviewer).to_have_url(re.compile(r"/audit\?.*action=revision\.changes_requested"))
    expect(reviewer.locator("table.levend-audit tbody tr").first).to_contain_text(title)
    shot(reviewer, "audit-organisation")
    check_axe(reviewer)
