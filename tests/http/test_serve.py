"""`levend serve` as production runs it: a master that loads the app once and forks workers,
each answering with its own database connections, a busy worker handing connections to an idle
one; and a clear refusal of a bad worker count."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def _two_worker_server(database_url: str, tmp_path: Path) -> Iterator[tuple[str, list[int]]]:
    """The server's address and its two workers' process ids."""
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
        yield base, _children(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0, (tmp_path / "server.log").read_text()


def _log_in(base: str, email: str) -> dict[str, str]:
    with httpx.Client(base_url=base, follow_redirects=True) as client:
        token = csrf_from(client.get("/login").text)
        login = client.post(
            "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
        )
        assert login.status_code == 200
        return dict(client.cookies)


def test_two_workers_serve_logged_in_pages(
    database_url: str, session: Session, fria: object, tmp_path: Path
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = make_assessment(session, actor_of(session, editor))
    with _two_worker_server(database_url, tmp_path) as (base, _):
        cookies = _log_in(base, editor.email)
        # New connections each time, which the kernel spreads over the workers: any of them
        # must read the signed session and query with connections of its own.
        for _ in range(20):
            with httpx.Client(base_url=base, cookies=cookies) as fresh:
                page = fresh.get(f"/assessments/{assessment.id}/revisions/1/sections/a")
                assert page.status_code == 200
                assert assessment.title in page.text


def test_a_busy_worker_hands_a_connection_over_to_an_idle_one(
    database_url: str, session: Session, fria: object, tmp_path: Path
) -> None:
    editor = make_user(session, Role.EDITOR)
    assessment = make_assessment(session, actor_of(session, editor))
    page = f"/assessments/{assessment.id}/revisions/1/sections/a"
    with _two_worker_server(database_url, tmp_path) as (base, (first, second)):
        cookies = _log_in(base, editor.email)
        clients = [httpx.Client(base_url=base, cookies=cookies) for _ in range(4)]
        # While the second worker is stopped, the first accepts all four connections.
        os.kill(second, signal.SIGSTOP)
        try:
            for client in clients:
                assert client.get("/healthz").status_code == 200
        finally:
            os.kill(second, signal.SIGCONT)
        idle_cpu = _cpu_seconds(second)
        handed_over = threading.Event()
        failures: list[str] = []
        deadline = time.monotonic() + 60

        def browse(client: httpx.Client) -> None:
            # After the first hand-over, long enough for the moved client to be served there.
            finish = deadline
            while time.monotonic() < finish:
                response = client.get(page)
                if response.status_code != 200:
                    failures.append(f"HTTP {response.status_code}")
                    return
                if response.headers.get("connection") == "close" and not handed_over.is_set():
                    handed_over.set()
                if handed_over.is_set():
                    finish = min(finish, time.monotonic() + 2)

        threads = [threading.Thread(target=browse, args=(c,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for client in clients:
            client.close()
        assert not failures
        assert handed_over.is_set(), "the busy worker never asked a client to reconnect"
        # The client that reconnected was served by the worker that had nothing to do.
        assert _cpu_seconds(second) - idle_cpu > 0.05
        assert _cpu_seconds(first) > 0


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
