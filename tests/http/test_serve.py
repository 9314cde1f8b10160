"""`levend serve` as production runs it: a master that loads the app once and forks workers,
each answering with its own database connections; and a clear refusal of a bad worker count."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlmodel import Session

from app.models import Role
from app.settings import PROJECT_ROOT
from tests.conftest import TEST_SECRET
from tests.factories import PASSWORD, actor_of, csrf_from, make_assessment, make_user


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.extend(int(c) for c in (task / "children").read_text().split())
    return found


def _wait_for_health(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited before it answered"
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError("the server did not answer /healthz within a minute")


def test_two_workers_serve_logged_in_pages(
    database_url: str, session: Session, fria: object, tmp_path: Path
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = make_assessment(session, actor_of(session, editor))
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEVEND_")}
    env |= {"LEVEND_DATABASE_URL": database_url, "LEVEND_SECRET_KEY": TEST_SECRET}
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(base, server)
        # One worker may answer before the master has forked the other: give it a moment.
        deadline = time.monotonic() + 30
        while len(_children(server.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(_children(server.pid)) == 2
        # New connections each time, which the kernel spreads over the workers: any of them
        # must read the signed session and query with connections of its own.
        with httpx.Client(base_url=base, follow_redirects=True) as client:
            token = csrf_from(client.get("/login").text)
            login = client.post(
                "/login", data={"email": editor.email, "password": PASSWORD, "csrf_token": token}
            )
            assert login.status_code == 200
            cookies = dict(client.cookies)
        for _ in range(20):
            with httpx.Client(base_url=base, cookies=cookies) as fresh:
                page = fresh.get(f"/assessments/{assessment.id}/revisions/1/sections/a")
                assert page.status_code == 200
                assert assessment.title in page.text
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0, (tmp_path / "server.log").read_text()


def test_a_worker_count_below_one_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "serve", "--workers", "0"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "--workers must be 1 or more" in result.stderr
