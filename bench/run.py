"""Levend benchmark: seed 1,000 assessments x 10 revisions, start a real server on loopback, and
measure the form page, one autosave, the history page, the diff page and /healthz (the ceiling),
sequentially and with 8 concurrent clients; the form page's first-load bytes; the server's memory.

    .venv/bin/python bench/run.py [--assessments 1000 --revisions 10 --requests 300
                                   --out bench/results.json]

See bench/README.md for what each number means and the recorded results.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import seed as seeding  # noqa: E402

try:  # the app's own mapping of question keys to DOM ids, if it still has one
    from app.web.templating import dom_id
except ImportError:  # pragma: no cover

    def dom_id(key: str) -> str:
        return key.replace(".", "__")


KB = 1000  # sizes are reported in kB of 1,000 bytes and MB of 1,000,000 bytes (the stricter)
MB = 1000 * 1000
SESSION_COOKIE = "levend_session"
ENDPOINTS = ["healthz", "form", "autosave", "history", "diff"]
# Every ratio compares phases that run back to back, so that a burst of other work on this
# shared machine weighs on both its sides instead of on whichever block of phases it fell in:
# each endpoint's two modes follow each other, and the form page's concurrent phase follows
# that of /healthz, its ceiling.
PHASES = [
    ("healthz", "sequential"),
    ("healthz", "concurrent"),
    ("form", "concurrent"),
    ("form", "sequential"),
    ("autosave", "sequential"),
    ("autosave", "concurrent"),
    ("history", "sequential"),
    ("history", "concurrent"),
    ("diff", "sequential"),
    ("diff", "concurrent"),
]

TARGETS_TEXT = {
    "form_p95": "form page p95 < 50 ms (sequential)",
    "autosave_p95": "autosave p95 < 25 ms (sequential)",
    "diff_p95": "diff page p95 < 60 ms (sequential)",
    "form_throughput": "form page throughput >= 1/3 of /healthz ({n} clients)",
    "first_load": "first load of the form page < 150 kB gzip (as served)",
    "memory": "server memory (Pss of all server processes at the end) < 200 MB",
}
CONCURRENCY_GROWTH_LIMIT = 4.0
# /healthz takes about a millisecond: it gets five times the requests, so that its phase lasts
# long enough (a second or more) for a stable ceiling.
HEALTHZ_FACTOR = 5


class BenchError(Exception):
    """Something the benchmark cannot carry on from; the message says what and where."""


# --- the server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    database: Path
    workdir: Path
    env_mode: str = "production"
    workers: int = 1
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def command(self) -> list[str]:
        # The way production serves: `levend serve`, one worker per core (see app/server.py).
        return [
            sys.executable,
            "-m",
            "app.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
        ]

    def start(self, timeout: float = 60.0) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LEVEND_")}
        env |= {
            "LEVEND_DATABASE_URL": f"sqlite:///{self.database}",
            "LEVEND_ENV": self.env_mode,
            "LEVEND_SECRET_KEY": secrets.token_urlsafe(36),  # 48 characters
            "PYTHONUNBUFFERED": "1",
            # As the Dockerfile sets it: two malloc arenas instead of one per thread.
            "MALLOC_ARENA_MAX": "2",
        }
        self.log_path = self.workdir / "server.log"
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(
                    f"the server exited with {self.process.returncode}:\n{self.tail()}"
                )
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise BenchError(
            f"the server did not answer /healthz within {timeout:.0f} s:\n{self.tail()}"
        )

    def tail(self, lines: int = 40) -> str:
        if self.log_path is None or not self.log_path.exists():
            return "(no server log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def pids(self) -> list[int]:
        """The server process and its workers (a preforking server has one per core)."""
        assert self.process is not None
        found = [self.process.pid]
        for pid in found:
            for task in Path(f"/proc/{pid}/task").iterdir():
                children = task / "children"
                if children.exists():
                    found.extend(int(c) for c in children.read_text().split())
        return found

    def proc_status(self) -> dict[str, int]:
        """Memory in bytes over all server processes: the sums of VmRSS, VmHWM (each
        process's peak) and Pss, where Pss splits each page shared by the forked workers
        among them, so that the sum is what the server really holds."""
        values = {"VmRSS": 0, "VmHWM": 0, "Pss": 0, "processes": 0}
        for pid in self.pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except FileNotFoundError:  # a worker that just exited
                continue
            values["processes"] += 1
            for line in (status + rollup).splitlines():
                name, _, rest = line.partition(":")
                if name in ("VmRSS", "VmHWM", "Pss") and rest.strip().endswith("kB"):
                    values[name] += int(rest.split()[0]) * 1024
        return values

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server processes (all their threads)."""
        return sum(self.cpu_by_process().values())

    def cpu_by_process(self) -> dict[int, float]:
        """User + system CPU time of each server process (the master first)."""
        seconds = {}
        for pid in self.pids():
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except FileNotFoundError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
            seconds[pid] = ticks / os.sysconf("SC_CLK_TCK")
        return seconds

    def threads(self) -> int:
        return sum(len(os.listdir(f"/proc/{pid}/task")) for pid in self.pids())

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


# --- logged-in clients ---------------------------------------------------------------------------

CSRF_FIELD = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
CSRF_HEADER = re.compile(r'"X-CSRF-Token":\s*"([^"]+)"')


class Browser:
    """One person's httpx client. The session cookie is kept by hand: in production it is
    `Secure`, which httpx (like a browser) would not send back over plain http."""

    def __init__(self, base_url: str) -> None:
        self.client = httpx.Client(
            base_url=base_url,
            timeout=60.0,
            follow_redirects=False,
            headers={"Accept": "text/html,application/xhtml+xml", "Accept-Language": "nl"},
            event_hooks={"response": [self._keep_cookie, self._count_reconnects]},
        )
        self.csrf = ""
        # Responses that asked to connect again: a busy worker handing the connection over.
        self.reconnects = 0

    def _count_reconnects(self, response: httpx.Response) -> None:
        if response.headers.get("connection", "").lower() == "close":
            self.reconnects += 1

    def _keep_cookie(self, response: httpx.Response) -> None:
        for header in response.headers.get_list("set-cookie"):
            name, _, rest = header.partition("=")
            if name.strip() != SESSION_COOKIE:
                continue
            value = rest.split(";", 1)[0]
            if value and value != "null":
                self.client.headers["Cookie"] = f"{SESSION_COOKIE}={value}"
            else:
                self.client.headers.pop("Cookie", None)
        self.client.cookies.clear()

    def login(self, email: str, password: str, landing: str) -> None:
        page = expect(self.client.get("/login"), 200, "GET /login")
        token = csrf_in(page.text, "GET /login")
        response = self.client.post(
            "/login",
            data={"email": email, "password": password, "csrf_token": token, "next": "/"},
        )
        if response.status_code == 400:
            raise BenchError(f"login as {email} was refused (400): wrong seeded password?")
        expect(response, 303, "POST /login")
        landed = expect(self.client.get(landing), 200, f"GET {landing} after login")
        self.csrf = csrf_in(landed.text, f"GET {landing}")

    def close(self) -> None:
        self.client.close()


def log_in_together(
    base_url: str, count: int, info: seeding.SeedInfo, landing: str
) -> list[Browser]:
    browsers = [Browser(base_url) for _ in range(count)]
    emails = [info.editor_email] + [
        seeding.colleague_email(n) for n in range(2, seeding.COLLEAGUES + 2)
    ]
    if count > len(emails):
        raise BenchError(f"the seed has {len(emails)} editors; ask for at most that many clients")
    failures: list[BaseException] = []

    def log_in(browser: Browser) -> None:
        email = emails[browsers.index(browser)]
        try:
            browser.login(email, info.editor_password, landing)
        except (BenchError, httpx.HTTPError) as exc:
            failures.append(exc)

    threads = [threading.Thread(target=log_in, args=(b,)) for b in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        for browser in browsers:
            browser.close()
        raise BenchError(f"{len(failures)} of {count} logins failed; the first: {failures[0]}")
    return browsers


def csrf_in(html: str, where: str) -> str:
    found = CSRF_FIELD.search(html) or CSRF_HEADER.search(html)
    if not found:
        raise BenchError(f"{where}: no csrf_token field or X-CSRF-Token header in the page")
    return found.group(1)


def expect(response: httpx.Response, status: int, what: str) -> httpx.Response:
    if response.status_code != status:
        location = response.headers.get("location")
        raise BenchError(
            f"{what}: expected HTTP {status}, got {response.status_code}"
            + (f" (Location: {location})" if location else "")
            + f"\n{response.text[:600]}"
        )
    return response


# --- the requests --------------------------------------------------------------------------------


@dataclass
class Draft:
    """What the benchmark knows of one draft answer, to make each autosave a real change."""

    version: int
    value: str
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class Workload:
    assessments: list[int]
    revision: int
    sections: list[str]
    drafts: dict[int, dict[str, Draft]]  # assessment id -> text question key -> state
    words: list[str]


@dataclass
class Outcome:
    seconds: float
    error: str | None = None
    detail: str = ""


def _is_html(response: httpx.Response) -> bool:
    return response.headers.get("content-type", "").startswith("text/html")


def _check_page(response: httpx.Response, what: str) -> str | None:
    if response.status_code == 303 and "/login" in response.headers.get("location", ""):
        return f"{what}: 303 to /login (the session was lost)"
    if response.status_code != 200:
        return f"{what}: HTTP {response.status_code}"
    if not _is_html(response):
        return f"{what}: content-type {response.headers.get('content-type')!r}, not HTML"
    return None


def _timed(send: Callable[[], httpx.Response]) -> tuple[httpx.Response, float]:
    started = time.perf_counter()
    response = send()  # a sync httpx.Client reads the whole body before returning
    return response, time.perf_counter() - started


def req_healthz(browser: Browser, work: Workload, rng: random.Random, part: list[int]) -> Outcome:
    response, seconds = _timed(lambda: browser.client.get("/healthz"))
    if response.status_code != 200:
        return Outcome(seconds, f"/healthz: HTTP {response.status_code}", response.text[:300])
    if response.json() != {"status": "ok"}:
        return Outcome(seconds, "/healthz: unexpected body", response.text[:300])
    return Outcome(seconds)


def req_form(browser: Browser, work: Workload, rng: random.Random, part: list[int]) -> Outcome:
    assessment = rng.choice(part)
    url = (
        f"/assessments/{assessment}/revisions/{work.revision}/sections/{rng.choice(work.sections)}"
    )
    response, seconds = _timed(lambda: browser.client.get(url))
    error = _check_page(response, "form page")
    return Outcome(seconds, error, f"GET {url}\n{response.text[:300]}" if error else "")


def req_history(browser: Browser, work: Workload, rng: random.Random, part: list[int]) -> Outcome:
    url = f"/assessments/{rng.choice(part)}/history"
    response, seconds = _timed(lambda: browser.client.get(url))
    error = _check_page(response, "history page")
    return Outcome(seconds, error, f"GET {url}\n{response.text[:300]}" if error else "")


def req_diff(browser: Browser, work: Workload, rng: random.Random, part: list[int]) -> Outcome:
    url = f"/assessments/{rng.choice(part)}/diff?from={work.revision - 1}&to={work.revision}"
    response, seconds = _timed(lambda: browser.client.get(url))
    error = _check_page(response, "diff page")
    return Outcome(seconds, error, f"GET {url}\n{response.text[:300]}" if error else "")


def req_autosave(browser: Browser, work: Workload, rng: random.Random, part: list[int]) -> Outcome:
    """One HTMX autosave of a text answer, as the page sends it after the user typed a few
    words: the value, the version the page holds, the CSRF token (field and header)."""
    assessment = rng.choice(part)
    key = rng.choice(sorted(work.drafts[assessment]))
    draft = work.drafts[assessment][key]
    dom = dom_id(key)
    base = f"/assessments/{assessment}/revisions/{work.revision}"
    url = f"{base}/answers/{key}"
    with draft.lock:
        typed = " ".join(rng.choice(work.words) for _ in range(rng.randint(2, 6)))
        value = f"{draft.value} {typed}" if len(draft.value) < 1500 else typed.capitalize() + "."
        headers = {
            "HX-Request": "true",
            "HX-Current-URL": f"{browser.client.base_url}{base}/sections/{key.split('.')[0]}",
            "HX-Target": f"status-{dom}",
            "X-CSRF-Token": browser.csrf,
        }
        data = {"csrf_token": browser.csrf, "version": str(draft.version), "value": value}
        response, seconds = _timed(lambda: browser.client.post(url, data=data, headers=headers))
        if response.status_code == 409:
            return Outcome(seconds, "autosave: 409 (stale version)", f"POST {url} v{draft.version}")
        if response.status_code != 200:
            return Outcome(
                seconds,
                f"autosave: HTTP {response.status_code}",
                f"POST {url} v{draft.version}\n{response.text[:300]}",
            )
        tag = re.search(rf'<input[^>]*\bid="version-{re.escape(dom)}"[^>]*>', response.text)
        found = re.search(r'\bvalue="(\d+)"', tag.group(0)) if tag else None
        if not found:
            draft.version += 1
            draft.value = value
            return Outcome(seconds, "autosave: no new version in the response", response.text[:300])
        new_version = int(found.group(1))
        if new_version != draft.version + 1:
            error = f"autosave: version went {draft.version} -> {new_version}, not +1"
            draft.version, draft.value = new_version, value
            return Outcome(seconds, error, f"POST {url}")
        draft.version, draft.value = new_version, value
    return Outcome(seconds)


REQUESTS: dict[str, Callable[[Browser, Workload, random.Random, list[int]], Outcome]] = {
    "healthz": req_healthz,
    "form": req_form,
    "autosave": req_autosave,
    "history": req_history,
    "diff": req_diff,
}


# --- running and summarising ---------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class PhaseResult:
    endpoint: str
    mode: str
    clients: int
    latencies: list[float]
    wall: float
    server_cpu: float
    client_cpu: float
    worker_cpu_split: list[float]
    reconnects: int
    errors: Counter[str]
    samples: list[str]

    def summary(self) -> dict[str, Any]:
        ms = [s * 1000 for s in self.latencies]
        n = len(ms)
        return {
            "endpoint": self.endpoint,
            "mode": self.mode,
            "clients": self.clients,
            "requests": n,
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "error_samples": self.samples,
            "median_ms": round(statistics.median(ms), 2) if ms else None,
            "p95_ms": round(percentile(ms, 95), 2) if ms else None,
            "p99_ms": round(percentile(ms, 99), 2) if ms else None,
            "max_ms": round(max(ms), 2) if ms else None,
            "mean_ms": round(statistics.fmean(ms), 2) if ms else None,
            "throughput_rps": round(n / self.wall, 1) if self.wall > 0 else None,
            "wall_s": round(self.wall, 2),
            "server_cpu_ms_per_request": round(self.server_cpu * 1000 / n, 2) if n else None,
            "client_cpu_ms_per_request": round(self.client_cpu * 1000 / n, 2) if n else None,
            "worker_cpu_split": self.worker_cpu_split,
            "reconnects": self.reconnects,
        }


def run_phase(
    server: Server,
    browsers: list[Browser],
    work: Workload,
    endpoint: str,
    total: int,
    mode: str,
    rng_seed: int,
) -> PhaseResult:
    clients = len(browsers)
    request = REQUESTS[endpoint]
    # Each client works on its own share of the assessments, so that two clients never save the
    # same answer at once (a 409 would be the benchmark's fault, not the app's).
    parts = [work.assessments[i::clients] for i in range(clients)]
    counts = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: Counter[str] = Counter()
    samples: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def worker(index: int) -> None:
        rng = random.Random(rng_seed * 7919 + index)
        barrier.wait()
        for _ in range(counts[index]):
            try:
                outcome = request(browsers[index], work, rng, parts[index])
            except httpx.HTTPError as exc:
                outcome = Outcome(0.0, f"{endpoint}: {type(exc).__name__}", str(exc)[:300])
            latencies[index].append(outcome.seconds)
            if outcome.error:
                with lock:
                    errors[outcome.error] += 1
                    if len(samples) < 5:
                        samples.append(f"{outcome.error}\n{outcome.detail}".strip())

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    cpu_before, client_before = server.cpu_by_process(), time.process_time()
    reconnects_before = sum(b.reconnects for b in browsers)
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu_after = server.cpu_by_process()
    client_cpu = time.process_time() - client_before
    spent = {pid: cpu_after[pid] - cpu_before.get(pid, 0.0) for pid in cpu_after}
    server_cpu = sum(spent.values())
    # How the work fell on the workers (the master, listed first, does none): with the server
    # saturated, an even split means no core idled while another queued requests.
    worker_spent = [spent[pid] for pid in list(spent)[1:]]
    worker_cpu_split = [
        round(100 * part / sum(worker_spent)) if sum(worker_spent) else 0 for part in worker_spent
    ]
    return PhaseResult(
        endpoint=endpoint,
        mode=mode,
        clients=clients,
        latencies=[s for part in latencies for s in part],
        wall=wall,
        server_cpu=server_cpu,
        client_cpu=client_cpu,
        worker_cpu_split=worker_cpu_split,
        reconnects=sum(b.reconnects for b in browsers) - reconnects_before,
        errors=errors,
        samples=samples,
    )


# --- first-load bytes ----------------------------------------------------------------------------


class AssetFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.assets: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        rel = found.get("rel", "").lower().split()
        if tag == "link" and "stylesheet" in rel and found.get("href"):
            self.assets.append(("css", found["href"]))
        elif tag == "link" and ("modulepreload" in rel or "preload" in rel) and found.get("href"):
            kind = {"style": "css", "script": "js"}.get(found.get("as", ""), "other")
            self.assets.append((kind, found["href"]))
        elif tag == "script" and found.get("src"):
            self.assets.append(("js", found["src"]))
        elif tag == "link" and "icon" in rel and found.get("href"):
            self.assets.append(("icon", found["href"]))  # fetched too, outside the target's sum


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def fetch_transferred(client: httpx.Client, url: str) -> dict[str, Any]:
    """Bytes on the wire (the body as sent, compressed or not), the decoded size, and
    gzip -9 of the decoded body for reference."""
    with client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as response:
        raw = b"".join(response.iter_raw())
        status = response.status_code
        headers = response.headers
    encoding = headers.get("content-encoding", "")
    decoded = gzip.decompress(raw) if encoding == "gzip" else raw
    return {
        "url": url,
        "status": status,
        "content_type": headers.get("content-type", ""),
        "content_encoding": encoding or "identity",
        "cache_control": headers.get("cache-control", ""),
        "transferred_bytes": len(raw),
        "decoded_bytes": len(decoded),
        "gzip9_bytes": len(gzip.compress(decoded, compresslevel=9)),
        "body": decoded,
    }


def first_load(base_url: str, browser: Browser, page_url: str) -> dict[str, Any]:
    page = fetch_transferred(browser.client, page_url)
    if page["status"] != 200:
        raise BenchError(f"first load: GET {page_url} answered {page['status']}")
    finder = AssetFinder()
    finder.feed(page["body"].decode("utf-8", errors="replace"))
    files = [{"kind": "html", **page}]
    extra = []
    seen = set()
    for kind, href in finder.assets:
        absolute = urljoin(base_url + page_url, href)
        if urlsplit(absolute).netloc != urlsplit(base_url).netloc or absolute in seen:
            continue  # another origin would not be this server's bytes; none are expected
        seen.add(absolute)
        fetched = fetch_transferred(browser.client, absolute)
        if fetched["status"] != 200:
            raise BenchError(
                f"first load: {href} referenced by the form page answered {fetched['status']}"
            )
        files.append({"kind": kind, **fetched})
        if kind == "css":
            css = fetched["body"].decode("utf-8", errors="replace")
            for match in CSS_URL.finditer(css):
                ref = (match.group(1) or match.group(2) or "").strip()
                if ref.startswith("data:") or not ref:
                    continue
                target = urljoin(absolute, ref)
                if target in seen or urlsplit(target).netloc != urlsplit(base_url).netloc:
                    continue
                seen.add(target)
                extra.append({"kind": "css-url", **fetch_transferred(browser.client, target)})
    for item in files + extra:
        item.pop("body")
        item["url"] = item["url"].replace(base_url, "")
    counted = [f for f in files if f["kind"] in ("html", "css", "js")]
    return {
        "page": page_url,
        "files": files,
        "referenced_by_css": extra,
        "transferred_bytes": sum(f["transferred_bytes"] for f in counted),
        "decoded_bytes": sum(f["decoded_bytes"] for f in counted),
        "gzip9_bytes": sum(f["gzip9_bytes"] for f in counted),
        "not_compressed": [f["url"] for f in counted if f["content_encoding"] == "identity"],
        "not_counted_bytes": sum(
            f["transferred_bytes"] for f in files + extra if f["kind"] not in ("html", "css", "js")
        ),
    }


# --- machine, database facts, and the report ------------------------------------------------


def machine_info() -> dict[str, Any]:
    cpu_model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    mem_total = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_total = int(line.split()[1]) * 1024
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    versions = {}
    for package in (
        "fastapi",
        "starlette",
        "uvicorn",
        "sqlalchemy",
        "sqlmodel",
        "jinja2",
        "jinja2_fragments",
        "httpx",
    ):
        try:
            from importlib.metadata import version

            versions[package] = version(package.replace("_", "-"))
        except Exception:
            versions[package] = "?"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "--no-optional-locks", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split("\n")
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "nproc": int(nproc) if nproc.isdigit() else os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_total_bytes": mem_total,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
        "packages": versions,
        "git_commit": commit,
        # Files changed against that commit when the benchmark ran (uncommitted work measured).
        "git_uncommitted": sorted(line[3:] for line in changed if line.strip()),
    }


def load_workload(database: Path, revision: int) -> Workload:
    """The draft answers the autosave benchmark will change, read straight from the file."""
    with sqlite3.connect(database) as conn:
        content = conn.execute(
            "SELECT content FROM questionnaire_set WHERE key = ? AND version = ?",
            seeding.QUESTIONNAIRE,
        ).fetchone()
        if content is None:
            raise BenchError("the seeded database has no FRIA questionnaire")
        sets = json.loads(content[0])
        text_keys = {
            q["key"] for s in sets["sections"] for q in s["questions"] if q["type"] == "text"
        }
        rows = conn.execute(
            "SELECT r.assessment_id, a.question_key, a.version, a.value FROM answer a "
            "JOIN revision r ON r.id = a.revision_id WHERE r.number = ? AND r.state = 'draft'",
            (revision,),
        ).fetchall()
        assessments = [row[0] for row in conn.execute("SELECT id FROM assessment ORDER BY id")]
    drafts: dict[int, dict[str, Draft]] = {}
    for assessment_id, key, version, value in rows:
        if key in text_keys:
            drafts.setdefault(assessment_id, {})[key] = Draft(version, json.loads(value))
    missing = [a for a in assessments if a not in drafts]
    if missing:
        raise BenchError(
            f"{len(missing)} assessments have no draft text answers in revision "
            f"{revision} (first: {missing[0]})"
        )
    words = " ".join(seeding.OBJECTS + seeding.TAILS).replace(".", "").split()
    return Workload(
        assessments=assessments,
        revision=revision,
        sections=[s["key"] for s in sets["sections"]],
        drafts=drafts,
        words=words,
    )


def load_average() -> list[float]:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return []


def wait_for_quiet(limit: float, timeout: float) -> list[float]:
    """Wait (up to `timeout` s) until the 1-minute load average is below `limit`."""
    deadline = time.monotonic() + timeout
    load = load_average()
    while load and load[0] >= limit and time.monotonic() < deadline:
        print(f"  waiting for a quieter machine: load average {load[0]:.2f} >= {limit}")
        time.sleep(min(30.0, max(1.0, deadline - time.monotonic())))
        load = load_average()
    return load


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def evaluate(
    results: dict[str, dict[str, dict[str, Any]]], load: dict[str, Any], memory: dict[str, int]
) -> list[dict[str, Any]]:
    seq, conc = results["sequential"], results["concurrent"]
    clients = conc["form"]["clients"]
    targets = []

    def add(key: str, text: str, value: Any, limit: str, ok: bool) -> None:
        targets.append(
            {"target": key, "text": text, "value": value, "limit": limit, "result": verdict(ok)}
        )

    add(
        "form_p95",
        TARGETS_TEXT["form_p95"],
        f"{seq['form']['p95_ms']:.1f} ms",
        "< 50 ms",
        seq["form"]["p95_ms"] < 50,
    )
    add(
        "autosave_p95",
        TARGETS_TEXT["autosave_p95"],
        f"{seq['autosave']['p95_ms']:.1f} ms",
        "< 25 ms",
        seq["autosave"]["p95_ms"] < 25,
    )
    add(
        "diff_p95",
        TARGETS_TEXT["diff_p95"],
        f"{seq['diff']['p95_ms']:.1f} ms",
        "< 60 ms",
        seq["diff"]["p95_ms"] < 60,
    )
    ratio = conc["form"]["throughput_rps"] / conc["healthz"]["throughput_rps"]
    add(
        "form_throughput",
        TARGETS_TEXT["form_throughput"].format(n=clients),
        f"{conc['form']['throughput_rps']:.0f} / {conc['healthz']['throughput_rps']:.0f} req/s "
        f"= {ratio:.2f}",
        ">= 0.33",
        ratio >= 1 / 3,
    )
    for endpoint in ("form", "autosave", "history", "diff"):
        growth = conc[endpoint]["p95_ms"] / seq[endpoint]["p95_ms"]
        add(
            f"{endpoint}_concurrency",
            f"{endpoint}: p95 with {clients} clients / sequential p95 <= 4x",
            f"{conc[endpoint]['p95_ms']:.1f} / {seq[endpoint]['p95_ms']:.1f} ms = {growth:.1f}x "
            f"(median {conc[endpoint]['median_ms'] / seq[endpoint]['median_ms']:.1f}x)",
            "<= 4.0x",
            growth <= CONCURRENCY_GROWTH_LIMIT,
        )
    add(
        "first_load",
        TARGETS_TEXT["first_load"],
        f"{load['transferred_bytes'] / KB:.1f} kB (gzip -9: {load['gzip9_bytes'] / KB:.1f} kB)",
        "< 150 kB",
        load["transferred_bytes"] < 150 * KB,
    )
    add(
        "memory",
        TARGETS_TEXT["memory"],
        f"{memory['Pss'] / MB:.1f} MB in {memory['processes']} processes (VmRSS "
        f"{memory['VmRSS'] / MB:.1f} MB, peak VmHWM {memory['VmHWM'] / MB:.1f} MB)",
        "< 200 MB",
        memory["Pss"] < 200 * MB,
    )
    errors = sum(r["errors"] for mode in results.values() for r in mode.values())
    add("errors", "no failed or unexpected responses", str(errors), "0", errors == 0)
    return targets


def ceiling_growth(results: dict[str, dict[str, dict[str, Any]]]) -> str:
    """How much /healthz itself slows down with the clients: what the machine and the load
    generator cost every request, with no page, database or template in it (not a target)."""
    seq, conc = results["sequential"]["healthz"], results["concurrent"]["healthz"]
    p95, median = conc["p95_ms"] / seq["p95_ms"], conc["median_ms"] / seq["median_ms"]
    return (
        f"/healthz, for comparison (not a target): p95 with {conc['clients']} clients / "
        f"sequential p95 = {conc['p95_ms']:.1f} / {seq['p95_ms']:.1f} ms = {p95:.1f}x "
        f"(median {median:.1f}x)"
    )


def _split(result: dict[str, Any]) -> str:
    """The workers' shares of the server's CPU time in a phase, as in 51/49 (%)."""
    return "/".join(str(share) for share in result["worker_cpu_split"]) or "-"


def markdown(report: dict[str, Any]) -> str:
    """The results as Markdown tables, for bench/README.md."""
    m = report["machine"]
    lines = [
        f"Run of {m['date']} on {m['nproc']} cores ({m['cpu_model']}), Python {m['python']}, "
        f"SQLite {m['sqlite']}, app at `{m['git_commit']}`"
        + (" plus uncommitted changes" if m["git_uncommitted"] else "")
        + f"; load average before measuring {m['load_average']['before']}.",
        "",
        "| endpoint | clients | requests | errors | median | p95 | p99 | req/s | server CPU/req "
        "| workers' CPU | reconnects |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for mode in ("sequential", "concurrent"):
        for endpoint in ENDPOINTS:
            r = report["results"][mode][endpoint]
            lines.append(
                f"| {endpoint} | {r['clients']} | {r['requests']} | {r['errors']} | "
                f"{r['median_ms']:.1f} ms | {r['p95_ms']:.1f} ms | {r['p99_ms']:.1f} ms | "
                f"{r['throughput_rps']:.0f} | {r['server_cpu_ms_per_request']:.1f} ms | "
                f"{_split(r)} | {r['reconnects']} |"
            )
    lines += ["", "| target | measured | result |", "|---|---|---|"]
    for t in report["targets"]:
        lines.append(f"| {t['text']} | {t['value']} | **{t['result']}** |")
    lines += ["", ceiling_growth(report["results"]) + "."]
    return "\n".join(lines) + "\n"


def print_report(report: dict[str, Any]) -> None:
    print()
    header = (
        f"{'endpoint':<10} {'mode':<11} {'n':>5} {'err':>4} {'median':>8} {'p95':>8} "
        f"{'p99':>8} {'req/s':>7} {'srv CPU/req':>11} {'workers':>8} {'reconn':>6}"
    )
    print(header)
    print("-" * len(header))
    for mode in ("sequential", "concurrent"):
        for endpoint in ENDPOINTS:
            r = report["results"][mode][endpoint]
            label = mode if mode == "sequential" else f"{r['clients']} clients"
            print(
                f"{endpoint:<10} {label:<11} {r['requests']:>5} {r['errors']:>4} "
                f"{r['median_ms']:>6.1f}ms {r['p95_ms']:>6.1f}ms {r['p99_ms']:>6.1f}ms "
                f"{r['throughput_rps']:>7.1f} {r['server_cpu_ms_per_request']:>9.1f}ms "
                f"{_split(r):>8} {r['reconnects']:>6}"
            )
    load = report["first_load"]
    print()
    print(f"first load of {load['page']} (Accept-Encoding: gzip):")
    for f in load["files"]:
        print(
            f"  {f['kind']:<5} {f['url'][:60]:<60} {f['transferred_bytes'] / KB:>7.1f} kB "
            f"sent ({f['content_encoding']}), {f['decoded_bytes'] / KB:>7.1f} kB decoded, "
            f"gzip -9 {f['gzip9_bytes'] / KB:>6.1f} kB"
        )
    for f in load["referenced_by_css"]:
        print(f"  {f['kind']:<5} {f['url'][:60]:<60} {f['transferred_bytes'] / KB:>7.1f} kB sent")
    print(
        f"  total {load['transferred_bytes'] / KB:.1f} kB sent, gzip -9 "
        f"{load['gzip9_bytes'] / KB:.1f} kB, {load['decoded_bytes'] / KB:.1f} kB decoded (HTML, "
        f"CSS and JS; icons and other files: {load['not_counted_bytes'] / KB:.1f} kB more)"
    )
    mem = report["memory"]
    clients = report["parameters"]["concurrent_clients"]
    print(
        f"\nserver memory at the end: Pss {mem['Pss'] / MB:.1f} MB in {mem['processes']} "
        f"processes, VmRSS {mem['VmRSS'] / MB:.1f} MB, peak VmHWM "
        f"{mem['VmHWM'] / MB:.1f} MB (after start: VmRSS {mem['after_start']['VmRSS'] / MB:.1f}"
        f" MB, VmHWM {mem['after_start']['VmHWM'] / MB:.1f} MB; after {clients} simultaneous"
        f" logins: VmHWM {mem['after_logins']['VmHWM'] / MB:.1f} MB)"
    )
    print(f"load average (1, 5, 15 min): {report['machine']['load_average']}")
    print()
    for t in report["targets"]:
        print(f"  {t['result']:<4}  {t['text']:<58} {t['value']}")
    print(f"        {ceiling_growth(report['results'])}")
    for mode, per in report["results"].items():
        for endpoint, r in per.items():
            for sample in r["error_samples"][:2]:
                print(f"\n[{mode} {endpoint}] {sample}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assessments", type=int, default=1000)
    parser.add_argument("--revisions", type=int, default=10)
    parser.add_argument(
        "--requests",
        type=int,
        default=1000,
        help="measured requests per endpoint per mode (default 1000)",
    )
    parser.add_argument("--warmup", type=int, default=30, help="requests per endpoint before")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="server worker processes, as `levend serve --workers` (default: one per core)",
    )
    parser.add_argument("--out", type=Path, default=BENCH / "results.json")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of data and requests")
    parser.add_argument(
        "--env",
        choices=["production", "development"],
        default="production",
        help="LEVEND_ENV of the server (default production)",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="seed afresh instead of copying bench/.cache/"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (db, server log)")
    parser.add_argument(
        "--wait-idle",
        type=float,
        default=0,
        metavar="SECONDS",
        help="before measuring, wait up to this long for the 1-minute load "
        "average to drop below --idle-load (other work skews every number)",
    )
    parser.add_argument("--idle-load", type=float, default=1.0)
    args = parser.parse_args()
    if args.assessments < args.clients:
        parser.error("--assessments must be at least --clients")
    if args.requests < 20:
        parser.error("--requests must be at least 20 for a p95 to mean something")

    machine = machine_info()
    print(
        f"Levend benchmark, {machine['date']}, {machine['nproc']} cores "
        f"({machine['cpu_model']}), Python {machine['python']}, app at {machine['git_commit']}"
        + (
            f" + {len(machine['git_uncommitted'])} uncommitted file(s)"
            if machine["git_uncommitted"]
            else ""
        )
    )
    workdir = Path(tempfile.mkdtemp(prefix="levend-bench-"))
    database = workdir / "levend.db"
    server = Server(database=database, workdir=workdir, env_mode=args.env, workers=args.workers)
    browsers: list[Browser] = []
    try:
        started = time.perf_counter()
        info, cached = seeding.seeded_copy(
            database,
            args.assessments,
            args.revisions,
            rng_seed=args.seed,
            cache_dir=None if args.no_cache else BENCH / ".cache",
        )
        took = time.perf_counter() - started
    except AssertionError as error:
        print(
            "\nseeding stopped: the bulk-written data no longer matches what the services write "
            f"(the app changed; update bench/seed.py):\n{error}",
            file=sys.stderr,
        )
        shutil.rmtree(workdir, ignore_errors=True)
        return 2
    try:
        if cached:
            print(
                f"seed: copied the cached database ({info.cache_key}) in {took:.1f} s; seeding "
                f"it took {info.seconds:.1f} s"
            )
        else:
            print(
                f"seed: {args.assessments} assessments x {args.revisions} revisions, "
                f"{info.answers:,} answers, seeded in {info.seconds:.1f} s"
            )
        for check in info.checks:
            print(f"  checked: {check}")
        work = load_workload(database, args.revisions)

        server.start()
        print(
            f"server: {' '.join(server.command[1:])} (pid {server.process.pid}, "  # type: ignore[union-attr]
            f"LEVEND_ENV={args.env})"
        )
        landing = (
            f"/assessments/{work.assessments[0]}/revisions/{args.revisions}/sections/"
            f"{work.sections[0]}"
        )
        memory_after_start = server.proc_status()
        # The clients log in at the same moment, as a team does at nine o'clock.
        browsers = log_in_together(server.base_url, args.clients, info, landing)
        memory_after_logins = server.proc_status()
        print(
            f"logged in {args.clients} clients at once; server VmRSS "
            f"{memory_after_logins['VmRSS'] / MB:.0f} MB, peak VmHWM "
            f"{memory_after_logins['VmHWM'] / MB:.0f} MB (was "
            f"{memory_after_start['VmHWM'] / MB:.0f} MB before the logins)"
        )

        load_before = wait_for_quiet(args.idle_load, args.wait_idle)
        machine_busy = bool(load_before) and load_before[0] > 0.5 * (machine["nproc"] or 1)
        print(
            f"load average before measuring: {load_before}"
            + (
                "  (WARNING: the machine is busy; latencies will be inflated)"
                if machine_busy
                else ""
            )
        )
        print(f"warm-up: {args.warmup} requests per endpoint")
        for endpoint in ENDPOINTS:
            phase = run_phase(
                server, browsers[:1], work, endpoint, args.warmup, "warmup", args.seed + 1
            )
            if phase.errors and sum(phase.errors.values()) == len(phase.latencies):
                raise BenchError(
                    f"every warm-up request to {endpoint} failed:\n" + "\n".join(phase.samples[:2])
                )

        results: dict[str, dict[str, dict[str, Any]]] = {"sequential": {}, "concurrent": {}}
        loads = {"before": load_before}
        modes = {"sequential": browsers[:1], "concurrent": browsers}
        for endpoint, mode in PHASES:
            clients = modes[mode]
            phase = run_phase(
                server,
                clients,
                work,
                endpoint,
                args.requests * (HEALTHZ_FACTOR if endpoint == "healthz" else 1),
                mode,
                args.seed + (2 if mode == "sequential" else 3),
            )
            summary = phase.summary()
            results[mode][endpoint] = summary
            print(
                f"  {mode:<10} {endpoint:<9} median {summary['median_ms']:6.1f} ms  "
                f"p95 {summary['p95_ms']:6.1f} ms  {summary['throughput_rps']:6.1f} req/s"
                f"  errors {summary['errors']}"
            )
            loads[f"after_{endpoint}_{mode}"] = load_average()

        load = first_load(server.base_url, browsers[0], landing)
        memory = server.proc_status()
        threads = server.threads()
    except (BenchError, httpx.HTTPError) as error:
        print(f"\nbenchmark stopped: {type(error).__name__}: {error}", file=sys.stderr)
        if server.process is not None:
            print(f"\nserver log (tail):\n{server.tail()}", file=sys.stderr)
        return 2
    finally:
        for browser in browsers:
            browser.close()
        server.stop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"kept {workdir}")

    report = {
        "machine": {**machine, "load_average": loads},
        "parameters": {
            "assessments": args.assessments,
            "revisions": args.revisions,
            "requests_per_endpoint_per_mode": args.requests,
            "healthz_requests_per_mode": args.requests * HEALTHZ_FACTOR,
            "warmup_per_endpoint": args.warmup,
            "concurrent_clients": args.clients,
            "rng_seed": args.seed,
            "server_command": " ".join(
                [
                    "python",
                    *("<free>" if arg == str(server.port) else arg for arg in server.command[1:]),
                ]
            ),
            "levend_env": args.env,
            "workers": args.workers,
        },
        "seed": {
            "cached": cached,
            "seconds": info.seconds,
            "answers": info.answers,
            "cache_key": info.cache_key,
            "checks": info.checks,
        },
        "results": results,
        "first_load": load,
        "memory": {
            **memory,
            "after_start": memory_after_start,
            "after_logins": memory_after_logins,
            "threads": threads,
        },
    }
    report["targets"] = evaluate(results, load, memory)
    report["markdown"] = markdown(report)
    print_report(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten to {args.out}")
    return 0 if all(t["result"] == "PASS" for t in report["targets"]) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # an app change the script did not foresee: say so, exit 2 (not 1)
        import traceback

        traceback.print_exc()
        print("\nbenchmark stopped by an unexpected error (see above)", file=sys.stderr)
        sys.exit(2)
