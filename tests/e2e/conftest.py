"""Browser tests: one live server on a demo database for the whole run, Debian's chromium driven
by Playwright, axe for WCAG 2.1 AA, a login helper, and a screenshot of every page visited
(test-results/screenshots/, git-ignored).

Each test makes its own assessments, so tests do not depend on each other or on their order.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

PROJECT_ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = Path(__file__).resolve().parent
SCREENSHOTS = PROJECT_ROOT / "test-results" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SECRET = "e2e-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
FRIA = "ai-act-fria@1.0"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 10_000

# The demo logins that `levend demo` creates (app/demo.py).
PEOPLE = {
    "editor": ("editor@demo.levend.nl", "demo-edit-pass"),
    "editor2": ("editor2@demo.levend.nl", "demo-edit2-pass"),
    "reviewer": ("fg@demo.levend.nl", "demo-reviewer-pass"),
    "viewer": ("viewer@demo.levend.nl", "demo-view-pass"),
    "admin": ("admin@demo.levend.nl", "demo-beheer-pass"),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


# --- the live server ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:  # noqa: S310
            return bool(json.load(response) == {"status": "ok"})
    except (OSError, urllib.error.URLError, ValueError):
        return False


def server_env(folder: Path, **settings: str) -> dict[str, str]:
    """A live server's environment: none of the caller's LEVEND_ settings, a SQLite file in
    `folder`, and `settings` (LEVEND_OIDC_ISSUER="...") on top."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEVEND_")}
    env |= {
        "LEVEND_DATABASE_URL": f"sqlite:///{folder / 'levend.db'}",
        "LEVEND_ENV": "test",
        "LEVEND_SECRET_KEY": SECRET,
    }
    return env | settings


@contextmanager
def serving(env: dict[str, str], log_path: Path) -> Iterator[str]:
    """uvicorn with the app on a free loopback port, until the block ends; its URL."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "app.main:create_app",
                "--factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while not _healthy(url):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`levend demo` on a fresh SQLite file, then uvicorn on a free loopback port."""
    folder = tmp_path_factory.mktemp("e2e-server")
    env = server_env(folder)
    demo = subprocess.run(
        [sys.executable, "-m", "app.cli", "demo"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert demo.returncode == 0, f"levend demo failed:\n{demo.stdout}\n{demo.stderr}"
    with serving(env, folder / "server.log") as url:
        yield url


# --- the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests use Debian's chromium. "
            "`make test` installs it (apt-get install chromium)."
        )
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _fresh_screenshots() -> None:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


class Screens:
    """Numbered screenshots of one test, named after it."""

    def __init__(self, test_name: str) -> None:
        self.prefix = re.sub(r"[^A-Za-z0-9_.-]+", "-", test_name).strip("-")
        self.count = 0

    def __call__(self, page: Page, label: str) -> None:
        self.count += 1
        page.evaluate("window.scrollTo(0, 0)")  # sticky parts drawn where they belong
        page.screenshot(
            path=SCREENSHOTS / f"{self.prefix}-{self.count:02d}-{label}.png", full_page=True
        )


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Screens:
    return Screens(request.node.name)


OpenAs = Callable[..., Page]


@pytest.fixture(scope="session")
def logins() -> dict[str, Any]:
    """Each person logs in through the form once per run; later contexts reuse the cookie."""
    return {}


@pytest.fixture
def open_as(
    browser: Browser, live_server: str, shot: Screens, logins: dict[str, Any]
) -> Iterator[OpenAs]:
    """`open_as("editor")`: a page of the app, logged in, in a browser context of its own.
    `open_as(None)` gives a blank page that is not logged in."""
    contexts: list[BrowserContext] = []

    def open_page(who: str | None, *, width: int = 1280, height: int = 900) -> Page:
        context = browser.new_context(
            base_url=live_server,
            locale="nl-NL",  # a Dutch municipality's browser
            viewport={"width": width, "height": height},
            storage_state=logins.get(who) if who else None,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        if who is None:
            return page
        if who in logins:
            page.goto("/")
            expect(page.locator('form[action="/logout"]')).to_be_visible()
            shot(page, f"home-{who}")
        else:
            log_in(page, *PEOPLE[who], shot=shot, label=f"login-{who}")
            logins[who] = context.storage_state()
        return page

    yield open_page
    for context in contexts:
        context.close()


def log_in(page: Page, email: str, password: str, *, shot: Screens, label: str = "login") -> None:
    """Through the login form, as a person would."""
    if "/login" not in page.url:
        page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    shot(page, label)
    page.locator('form[action="/login"] button[type="submit"]').click()
    page.wait_for_url(lambda url: "/login" not in url)
    expect(page.locator('form[action="/logout"]')).to_be_visible()


# --- checks ------------------------------------------------------------------------------------


def check_axe(page: Page) -> None:
    """No WCAG 2.0/2.1 A and AA violations on the page as it is now."""
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    assert results.violations_count == 0, f"axe on {page.url}:\n{results.generate_report()}"


def csrf_of(page: Page) -> str:
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    assert token, f"no CSRF token on {page.url}"
    return token


def api(page: Page, method: str, path: str, body: Any = None, *, status: int = 200) -> Any:
    """The JSON API with the page's session cookie (and its CSRF token), for set-up and for
    checking what is stored."""
    response = page.request.fetch(
        path,
        method=method,
        headers={"X-CSRF-Token": csrf_of(page)},
        data=body,
    )
    assert response.status == status, f"{method} {path}: {response.status} {response.text()}"
    return response.json()


def create_assessment(page: Page, title: str) -> int:
    """A fresh assessment (revision 1, a draft) made through the JSON API."""
    body = {"title": title, "questionnaire": FRIA, "description": "Made by a browser test."}
    return int(api(page, "POST", "/api/v1/assessments", body, status=201)["id"])


def sample_value(question: dict[str, Any]) -> Any:
    options = [o["value"] for o in question.get("options", [])]
    return {
        "text": f"Antwoord op {question['key']}.",
        "choice": options[0] if options else None,
        "multichoice": options[:1],
        "yesno": True,
        "date": "2026-01-31",
    }[question["type"]]


def answer_all(page: Page, assessment_id: int, number: int = 1) -> None:
    """Give every question of the FRIA set an answer (every yes/no is yes) through the API."""
    questionnaire = api(page, "GET", "/api/v1/questionnaires/ai-act-fria/1.0")
    stored = api(page, "GET", f"/api/v1/assessments/{assessment_id}/revisions/{number}")
    for section in questionnaire["sections"]:
        for question in section["questions"]:
            key = question["key"]
            api(
                page,
                "PUT",
                f"/api/v1/assessments/{assessment_id}/revisions/{number}/answers/{key}",
                {"value": sample_value(question), "version": stored["answers"][key]["version"]},
            )


def stored_answer(page: Page, assessment_id: int, number: int, key: str) -> dict[str, Any]:
    revision = api(page, "GET", f"/api/v1/assessments/{assessment_id}/revisions/{number}")
    return dict(revision["answers"][key])


def two_revisions(editor: Page, reviewer: Page, title: str, changed_text: str) -> int:
    """An assessment whose revision 1 is approved and whose draft revision 2 changes 0.1."""
    assessment_id = create_assessment(editor, title)
    answer_all(editor, assessment_id)
    api(editor, "POST", f"/api/v1/assessments/{assessment_id}/revisions/1/submit")
    api(reviewer, "POST", f"/api/v1/assessments/{assessment_id}/revisions/1/approve")
    api(
        editor,
        "POST",
        f"/api/v1/assessments/{assessment_id}/revisions",
        {"reason": "Het systeem is veranderd."},
        status=201,
    )
    api(
        editor,
        "PUT",
        f"/api/v1/assessments/{assessment_id}/revisions/2/answers/0.1",
        {"value": changed_text, "version": 1},
    )
    return assessment_id
