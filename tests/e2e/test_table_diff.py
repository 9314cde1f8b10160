"""A table's changes in the browser: the revision diff shows each row with its number, the
changed cells old and new, and passes axe."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import Session

from app.cli import migrate
from app.db import build_engine
from app.models import Role
from app.questionnaire.loader import load_file
from app.questionnaire.store import store_set
from tests.e2e.conftest import TIMEOUT_MS, Screens, check_axe, log_in, server_env, serving
from tests.factories import PASSWORD, make_assessment, make_user
from tests.http.helpers import actor, changed_register

REGISTER = Path(__file__).parents[1] / "fixtures" / "questionnaires" / "register.yaml"


@pytest.fixture(scope="module")
def two_revisions_of_a_table(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, str, int, int]]:
    """A server whose one assessment has an approved revision 1 and a draft that changes a row,
    keeps one and adds one; (url, editor's e-mail, assessment id, draft number)."""
    folder = tmp_path_factory.mktemp("table-diff")
    env = server_env(folder)
    migrate(env["LEVEND_DATABASE_URL"])
    engine = build_engine(env["LEVEND_DATABASE_URL"])
    with Session(engine, expire_on_commit=False) as session:
        store_set(session, load_file(REGISTER))
        session.commit()
        editor = make_user(session, Role.EDITOR)
        reviewer = make_user(session, Role.REVIEWER)
        assessment = make_assessment(session, actor(session, editor), ref="register@1.0")
        number = changed_register(session, editor, reviewer, assessment)
        assert assessment.id is not None
        ids = (editor.email, assessment.id, number)
    engine.dispose()
    with serving(env, folder / "server.log") as url:
        yield url, *ids


def test_the_diff_numbers_the_rows_of_a_changed_table(
    browser: Browser, two_revisions_of_a_table: tuple[str, str, int, int], shot: Screens
) -> None:
    url, email, assessment_id, number = two_revisions_of_a_table
    context = browser.new_context(base_url=url, locale="nl-NL")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto("/login")
        log_in(page, email, PASSWORD, shot=shot)
        page.goto(f"/assessments/{assessment_id}/diff?from=1&to={number}")
        rows = page.locator(".levend-diff__item--changed table tbody tr")
        expect(rows).to_have_count(3)
        expect(rows.locator("th")).to_have_text(["1", "2", "3"])
        expect(rows.nth(0).locator("del")).to_contain_text("Middel")
        expect(rows.nth(0).locator("ins")).to_contain_text("Laag")
        expect(rows.nth(2)).to_contain_text("Uitval")
        shot(page, "table-diff")
        check_axe(page)
    finally:
        context.close()
