"""The load board that lets a busy worker hand a kept-alive connection to a quieter one."""

import asyncio
import copy
from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from app.worker_load import (
    HAND_OVER_PAUSE_SECONDS,
    SMOOTHING_SECONDS,
    HandOverMiddleware,
    LoadBoard,
    free_slot,
)

SECOND = 1_000_000  # the board's clock counts microseconds


def _two_workers() -> tuple[LoadBoard, LoadBoard]:
    """Two workers' views of one board, as after a fork: the shared memory is the same."""
    board = LoadBoard(2)
    first, second = copy.copy(board), copy.copy(board)
    first.claim(0, now_us=0)
    second.claim(1, now_us=0)
    return first, second


def test_a_board_starts_with_every_slot_unclaimed() -> None:
    board = LoadBoard(3)
    assert board.slots == 3
    assert [board.load(slot, now_us=0) for slot in range(3)] == [None, None, None]
    board.started()  # a process without a slot counts nothing
    assert not board.should_hand_over(now_us=10 * SECOND)


def test_a_board_needs_a_slot() -> None:
    with pytest.raises(ValueError, match="at least one slot"):
        LoadBoard(0)


def test_the_load_follows_the_requests_served_over_the_last_moments() -> None:
    worker, _ = _two_workers()
    for _ in range(4):
        worker.started(now_us=0)
    after_one_tau = worker.load(0, now_us=int(SMOOTHING_SECONDS * SECOND))
    assert after_one_tau == pytest.approx(4 * (1 - 0.3679), abs=0.01)
    assert worker.load(0, now_us=10 * SECOND) == pytest.approx(4, abs=0.001)
    for _ in range(4):
        worker.finished(now_us=10 * SECOND)
    assert worker.load(0, now_us=10 * SECOND) == pytest.approx(4, abs=0.001)
    assert worker.load(0, now_us=20 * SECOND) == pytest.approx(0, abs=0.001)


def test_the_busier_worker_hands_over_and_the_quieter_one_does_not() -> None:
    busy, quiet = _two_workers()
    for _ in range(5):
        busy.started(now_us=0)
    quiet.started(now_us=0)
    steady = 5 * SECOND
    assert not quiet.should_hand_over(now_us=steady)
    assert busy.should_hand_over(now_us=steady)
    # One connection at a time: the move must show before the next.
    assert not busy.should_hand_over(now_us=steady + 1)
    later = steady + int(HAND_OVER_PAUSE_SECONDS * SECOND)
    assert busy.should_hand_over(now_us=later)


def test_workers_one_request_apart_keep_their_connections() -> None:
    first, second = _two_workers()
    for _ in range(4):
        first.started(now_us=0)
    for _ in range(3):
        second.started(now_us=0)
    assert not first.should_hand_over(now_us=5 * SECOND)
    assert not second.should_hand_over(now_us=5 * SECOND)


def test_a_worker_alone_or_beside_an_exited_one_never_hands_over() -> None:
    busy, gone = _two_workers()
    for _ in range(6):
        busy.started(now_us=0)
    busy.release(1)  # the master saw the other worker exit
    assert busy.load(1, now_us=SECOND) is None
    assert not busy.should_hand_over(now_us=5 * SECOND)
    gone.claim(1, now_us=5 * SECOND)  # its replacement starts quiet
    assert busy.should_hand_over(now_us=6 * SECOND)


def test_a_new_worker_gets_the_first_slot_no_live_worker_holds() -> None:
    board = LoadBoard(3)
    assert free_slot(board, set()) == 0
    assert free_slot(board, {0, None}) == 1
    assert free_slot(board, {0, 2}) == 1
    assert free_slot(board, {0, 1, 2}) is None


def _app(board: LoadBoard) -> HandOverMiddleware:
    async def page(request: object) -> PlainTextResponse:
        return PlainTextResponse("ok")

    return HandOverMiddleware(Starlette(routes=[Route("/", page)]), board=board)


def test_the_middleware_asks_the_client_to_reconnect_only_when_this_worker_is_busier() -> None:
    this, _ = _two_workers()
    with TestClient(_app(this)) as client:
        calm = client.get("/")
        assert calm.status_code == 200
        assert calm.headers.get("connection") != "close"
        # The other worker has been idle while this one served three requests at a time.
        for _ in range(3):
            this.started(now_us=0)
        handed_over = client.get("/")
        assert handed_over.text == "ok"
        assert handed_over.headers["connection"] == "close"
        for _ in range(3):
            this.finished()
    assert this.load(0, now_us=int(1e12)) == pytest.approx(0)  # every request counted out


def test_a_connection_that_closes_anyway_is_not_counted_as_handed_over() -> None:
    this, _ = _two_workers()
    for _ in range(3):
        this.started(now_us=0)
    with TestClient(_app(this)) as client:
        closing = client.get("/", headers={"Connection": "close"})
        assert closing.status_code == 200
        # The pause was not used up by it: the next kept-alive request is handed over.
        assert client.get("/").headers["connection"] == "close"


def test_a_board_has_room_for_the_workers_of_a_reload() -> None:
    board = LoadBoard(4)  # `levend serve --workers 2`
    old_workers = {0, 1}
    assert free_slot(board, old_workers) == 2
    assert free_slot(board, old_workers | {2}) == 3


def test_the_middleware_counts_a_request_that_fails() -> None:
    this, _ = _two_workers()

    async def failing(scope: object, receive: object, send: object) -> None:
        raise RuntimeError("broken")

    middleware = HandOverMiddleware(failing, board=this)  # type: ignore[arg-type]

    async def call() -> None:
        async def receive() -> dict[str, object]:
            return {"type": "http.request", "body": b""}

        async def send(message: object) -> None:
            pass

        await middleware({"type": "http", "path": "/"}, receive, send)

    # A loop of its own in a thread of its own: in a whole run, Playwright's sync API keeps an
    # event loop running in this thread, where asyncio.run() refuses to start.
    with ThreadPoolExecutor(1) as thread, pytest.raises(RuntimeError, match="broken"):
        thread.submit(asyncio.run, call()).result()
    assert this.serving(0) == 0
