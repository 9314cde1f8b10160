"""Two editors on the same answer: the second save is stale, nothing is overwritten, and the
page shows both versions so the person can choose."""

import re
import uuid

from playwright.sync_api import Page, expect

from tests.e2e.conftest import OpenAs, Screens, check_axe, create_assessment, stored_answer

EVA = "Eva: het systeem telt afval per straat."
MOHAMMED = "Mohammed: het systeem telt afval per wijk."


def type_answer(page: Page, text: str) -> None:
    """Type into question 0.1 and pause: autosave's debounce sends it."""
    box = page.locator("#in-0__1")
    box.click()
    box.press("Control+a")
    box.press_sequentially(text)


def wait_saved(page: Page, version: int) -> None:
    expect(page.locator("#version-0__1")).to_have_value(str(version))
    expect(page.locator("#status-0__1")).to_have_class(re.compile(r"levend-save-status--saved"))


def expect_conflict(page: Page, theirs: str, mine: str, their_version: int) -> None:
    question = page.locator("#q-0__1")
    panel = question.locator(".levend-conflict")
    expect(panel).to_be_visible()
    expect(question.locator(".levend-conflict__theirs")).to_contain_text(theirs)
    expect(question.locator("#in-0__1")).to_have_value(mine)
    expect(question.locator("#version-0__1")).to_have_value(str(their_version))


def test_stale_save_shows_both_versions_and_stores_the_choice(
    open_as: OpenAs, shot: Screens
) -> None:
    eva = open_as("editor")
    mohammed = open_as("editor2")
    assessment_id = create_assessment(eva, f"Conflict {uuid.uuid4().hex[:6]}")
    section = f"/assessments/{assessment_id}/revisions/1/sections/0"
    eva.goto(section)
    mohammed.goto(section)  # both pages hold version 0 of question 0.1

    type_answer(eva, EVA)
    wait_saved(eva, 1)
    shot(eva, "eva-saved")

    # Mohammed's page is stale: his save is refused and both texts are shown.
    type_answer(mohammed, MOHAMMED)
    expect_conflict(mohammed, theirs=EVA, mine=MOHAMMED, their_version=1)
    assert stored_answer(mohammed, assessment_id, 1, "0.1") == {"value": EVA, "version": 1}
    shot(mohammed, "mohammed-conflict")
    check_axe(mohammed)

    # He keeps his own version.
    mohammed.locator("#q-0__1 form.levend-answer-form button[type=submit]").click()
    wait_saved(mohammed, 2)
    assert stored_answer(mohammed, assessment_id, 1, "0.1") == {"value": MOHAMMED, "version": 2}
    shot(mohammed, "mohammed-kept-his")
    mohammed.reload()
    expect(mohammed.locator("#in-0__1")).to_have_value(MOHAMMED)
    shot(mohammed, "mohammed-reloaded")
    expect(mohammed.locator("#version-0__1")).to_have_value("2")
    expect(mohammed.locator("#q-0__1 .levend-conflict")).to_have_count(0)

    # Now Eva's page is stale: she adds a sentence, sees the conflict and takes his version.
    eva_text = EVA + " Aangevuld."
    type_answer(eva, eva_text)
    expect_conflict(eva, theirs=MOHAMMED, mine=eva_text, their_version=2)
    shot(eva, "eva-conflict")
    eva.locator('#q-0__1 a[hx-get$="/answers/0.1"]').click()
    expect(eva.locator("#q-0__1 .levend-conflict")).to_have_count(0)
    expect(eva.locator("#in-0__1")).to_have_value(MOHAMMED)
    expect(eva.locator("#version-0__1")).to_have_value("2")
    shot(eva, "eva-took-his")
    assert stored_answer(eva, assessment_id, 1, "0.1") == {"value": MOHAMMED, "version": 2}
    eva.reload()
    expect(eva.locator("#in-0__1")).to_have_value(MOHAMMED)
    shot(eva, "eva-reloaded")

    # After choosing, autosave works again on the fresh version.
    type_answer(eva, MOHAMMED + " Nagekeken door Eva.")
    wait_saved(eva, 3)
    assert stored_answer(eva, assessment_id, 1, "0.1")["value"] == MOHAMMED + " Nagekeken door Eva."


def test_after_keeping_my_version_autosave_goes_on(open_as: OpenAs, shot: Screens) -> None:
    """Resolving a conflict with "save my version" must leave a field that saves further typing;
    otherwise what the person types next is silently never stored."""
    eva = open_as("editor")
    mohammed = open_as("editor2")
    assessment_id = create_assessment(eva, f"Conflict daarna {uuid.uuid4().hex[:6]}")
    section = f"/assessments/{assessment_id}/revisions/1/sections/0"
    eva.goto(section)
    mohammed.goto(section)
    type_answer(eva, EVA)
    wait_saved(eva, 1)
    type_answer(mohammed, MOHAMMED)
    expect_conflict(mohammed, theirs=EVA, mine=MOHAMMED, their_version=1)
    mohammed.locator("#q-0__1 form.levend-answer-form button[type=submit]").click()
    wait_saved(mohammed, 2)

    # He goes on typing in the same field, without reloading.
    more = MOHAMMED + " En per straat."
    mohammed.locator("#in-0__1").press("End")
    mohammed.locator("#in-0__1").press_sequentially(" En per straat.")
    expect(mohammed.locator("#in-0__1")).to_have_value(more)
    shot(mohammed, "typed-after-resolving")
    wait_saved(mohammed, 3)
    assert stored_answer(mohammed, assessment_id, 1, "0.1") == {"value": more, "version": 3}
    expect(mohammed.locator("#q-0__1 .levend-conflict")).to_have_count(0)
