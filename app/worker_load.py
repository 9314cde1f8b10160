"""How busy each worker of a preforking server is, so that a busy worker can hand a kept-alive
connection over to a quieter one.

A browser keeps its connection open, and a connection stays with the worker that accepted it.
A compliance team is a handful of people, so their connections often land unevenly: with 8
connections on 2 workers we saw 7 and 1, one core queueing requests while the other idled.
Each worker writes into its own slot of a board in memory shared by the forked processes how
many requests it is serving, averaged over the last half second. A worker whose average is more
than one request above the quietest's answers one response with `Connection: close`, and the
browser connects again (at most one connection per worker per half second, so that a move shows
before the next). Whichever worker accepts first takes the new connection, and that is most
often the quiet one: the busy worker's event loop waits for the interpreter lock that its
request threads hold. A balanced server closes no connection.
"""

import math
import mmap
import time

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Per slot: requests being served now, their average over the last moments (in thousandths),
# and when that average was last brought up to date (monotonic clock, microseconds; the same
# clock in every process of the machine).
_FIELDS = 3
_SERVING, _AVERAGE, _UPDATED = range(_FIELDS)
_UNCLAIMED = -1
# How far back the average looks (seconds): long enough that a client pausing between two
# requests does not look like a quiet worker, short enough to follow a team starting work.
SMOOTHING_SECONDS = 0.5
# A worker that handed a connection over waits this long before it hands over another: the
# move shows in both averages only after about this time.
HAND_OVER_PAUSE_SECONDS = 0.5


def _now_us() -> int:
    return int(time.monotonic() * 1_000_000)


class LoadBoard:
    """One slot per worker, made before the fork; each worker writes only its own slot and reads
    the others'. A slot nobody holds reads as unclaimed."""

    def __init__(self, slots: int) -> None:
        if slots < 1:
            raise ValueError("a load board needs at least one slot")
        # An anonymous mmap is MAP_SHARED: forked children see and write the same pages.
        self._memory = mmap.mmap(-1, slots * _FIELDS * 8)
        self._cells = memoryview(self._memory).cast("q")
        for slot in range(slots):
            self.release(slot)
        self.slot: int | None = None
        self._last_hand_over_us = 0

    @property
    def slots(self) -> int:
        return len(self._cells) // _FIELDS

    def claim(self, slot: int, now_us: int | None = None) -> None:
        """In a new worker: this process serves through `slot` from now on."""
        self.slot = slot
        self._write(slot, 0, 0, _now_us() if now_us is None else now_us)

    def release(self, slot: int) -> None:
        """In the master, when the worker holding `slot` has exited."""
        self._write(slot, _UNCLAIMED, 0, 0)

    def started(self, now_us: int | None = None) -> None:
        self._change(+1, now_us)

    def finished(self, now_us: int | None = None) -> None:
        self._change(-1, now_us)

    def serving(self, slot: int) -> int:
        """Requests the slot's worker is serving now (-1 while unclaimed)."""
        return self._cells[slot * _FIELDS + _SERVING]

    def load(self, slot: int, now_us: int | None = None) -> float | None:
        """The slot's average number of requests in service, up to now; None if unclaimed."""
        base = slot * _FIELDS
        serving = self.serving(slot)
        if serving == _UNCLAIMED:
            return None
        now_us = _now_us() if now_us is None else now_us
        return _decayed(
            self._cells[base + _AVERAGE] / 1000, serving, now_us - self._cells[base + _UPDATED]
        )

    def should_hand_over(self, now_us: int | None = None) -> bool:
        """True when this worker's load is more than one request above the quietest other
        live worker's (moving one connection then narrows the gap instead of swapping sides),
        and it has not just handed one over."""
        if self.slot is None:
            return False
        now_us = _now_us() if now_us is None else now_us
        if now_us - self._last_hand_over_us < HAND_OVER_PAUSE_SECONDS * 1_000_000:
            return False
        others = [
            load
            for slot in range(self.slots)
            if slot != self.slot and (load := self.load(slot, now_us)) is not None
        ]
        mine = self.load(self.slot, now_us)
        if not others or mine is None or mine <= min(others) + 1:
            return False
        self._last_hand_over_us = now_us
        return True

    def _change(self, step: int, now_us: int | None) -> None:
        if self.slot is None:
            return
        now_us = _now_us() if now_us is None else now_us
        average = self.load(self.slot, now_us)
        assert average is not None
        self._write(self.slot, self.serving(self.slot) + step, average, now_us)

    def _write(self, slot: int, serving: int, average: float, updated_us: int) -> None:
        base = slot * _FIELDS
        self._cells[base + _AVERAGE] = round(average * 1000)
        self._cells[base + _UPDATED] = updated_us
        self._cells[base + _SERVING] = serving


def _decayed(average: float, serving: int, elapsed_us: int) -> float:
    """The average after `elapsed_us` microseconds at a steady `serving` requests."""
    weight = math.exp(-max(elapsed_us, 0) / (SMOOTHING_SECONDS * 1_000_000))
    return serving + (average - serving) * weight


def free_slot(board: LoadBoard, taken: set[int | None]) -> int | None:
    """The slot a worker about to be forked gets: the first that no live worker holds. None
    when the master runs more workers than the board has slots (it was told to add some): such a
    worker serves without taking part."""
    return next((index for index in range(board.slots) if index not in taken), None)


def _keeps_alive(scope: Scope) -> bool:
    """Whether the connection stays open after this response at all: if not (HTTP/1.0, or the
    client asked to close), handing it over would only use up the pause for nothing."""
    if scope.get("http_version") == "1.0":
        return False
    return not any(
        name == b"connection" and b"close" in value.lower()
        for name, value in scope.get("headers", ())
    )


class HandOverMiddleware:
    """Counts this worker's requests on the board and asks the client to connect again when
    this worker is the busier one (see the module's docstring)."""

    def __init__(self, app: ASGIApp, board: LoadBoard) -> None:
        self.app = app
        self.board = board

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.board.slot is None:
            await self.app(scope, receive, send)
            return

        keeps_alive = _keeps_alive(scope)

        async def send_handing_over(message: Message) -> None:
            if (
                message["type"] == "http.response.start"
                and keeps_alive
                and self.board.should_hand_over()
            ):
                MutableHeaders(scope=message).append("Connection", "close")
            await send(message)

        self.board.started()
        try:
            await self.app(scope, receive, send_handing_over)
        finally:
            self.board.finished()
