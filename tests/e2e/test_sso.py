"""Single sign-on in a real browser: a second live server configured for a real OpenID provider
(oidc-provider-mock in this process), a person who presses the button, logs in at the provider
and lands in Levend, logged in."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import Session

from app.auth.accounts import get_or_create_organisation
from app.cli import migrate
from app.db import build_engine
from tests.e2e.conftest import TIMEOUT_MS, Screens, check_axe, server_env, serving
from tests.oidc import CLIENT_ID, CLIENT_SECRET, running_provider, set_claims

PROVIDER = "Utrecht ID"


@pytest.fixture(scope="module")
def sso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(Levend's URL, the provider's issuer): an empty Levend with one organisation, which
    sends people to the provider."""
    with running_provider() as issuer:
        folder = tmp_path_factory.mktemp("e2e-sso")
        env = server_env(
            folder,
            LEVEND_OIDC_ISSUER=issuer,
            LEVEND_OIDC_CLIENT_ID=CLIENT_ID,
            LEVEND_OIDC_CLIENT_SECRET=CLIENT_SECRET,
            LEVEND_OIDC_DISPLAY_NAME=PROVIDER,
        )
        database_url = env["LEVEND_DATABASE_URL"]
        migrate(database_url)
        engine = build_engine(database_url)
        with Session(engine) as session:
            get_or_create_organisation(session, "utrecht", "Gemeente Utrecht")
            session.commit()
        engine.dispose()
        with serving(env, folder / "server.log") as url:
            yield url, issuer


def test_log_in_with_the_organisations_provider(
    browser: Browser, sso_server: tuple[str, str], shot: Screens
) -> None:
    url, issuer = sso_server
    set_claims(
        issuer,
        "fatima-1",
        {
            "email": "fatima.el.idrissi@utrecht.example",
            "name": "Fatima El Idrissi",
            "organisation": "utrecht",
            "role": "reviewer",
        },
    )
    context = browser.new_context(base_url=url, locale="nl-NL")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto("/")
        button = page.get_by_role("link", name=f"Inloggen met {PROVIDER}")
        expect(button).to_be_visible()
        expect(page.locator('form[action="/login"]')).to_be_visible()  # passwords still work
        shot(page, "login-with-sso-button")
        check_axe(page)

        button.click()
        page.wait_for_url(f"{issuer}/oauth2/authorize?**")
        page.locator('input[name="sub"]').fill("fatima-1")
        shot(page, "provider-login")
        page.get_by_role("button", name="Authorize").click()

        page.wait_for_url(f"{url}/")
        expect(page.locator('form[action="/logout"]')).to_be_visible()
        expect(page.locator(".levend-user")).to_have_text("Fatima El Idrissi (beoordelaar)")
        shot(page, "landed-logged-in")
    finally:
        context.close()
