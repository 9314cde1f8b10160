"""One writer at a time for a SQLite file, queued by the app instead of by SQLite's busy handler.

SQLite lets one connection write at a time. A connection that finds the file locked sleeps and
tries again on a growing schedule (1, 2, 5, 10, 15, 20, 25 ms and on), so it often sleeps on
long after the writer has finished: with 8 people saving at once, one autosave in a hundred
waited over 200 ms. Here a connection takes a lock before its first write (one lock for the
threads of a process, a file lock beside the database for the processes) and passes it on at
commit or rollback, so the next writer starts as soon as the last one is done. Reads never wait
(the database runs in WAL mode). If the lock cannot be had in time, the write goes ahead and
SQLite's own locking decides, as it would without this.
"""

import fcntl
import logging
import os
import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger("levend")

# Statements that never write; anything else takes the lock (taking it needlessly only queues).
_READ_ONLY = re.compile(r"\s*(SELECT|PRAGMA|EXPLAIN)\b", re.IGNORECASE)
WAIT_SECONDS = 5.0  # as long as SQLite's busy timeout (see app.db)
_POLL_SECONDS = 0.0005  # how often a process looks whether another process has finished
# Guards the moment a process first makes its own lock (threads may ask at once).
_SETUP = threading.Lock()


def _new_setup_lock() -> None:
    global _SETUP
    _SETUP = threading.Lock()  # a forked child must not inherit the lock taken by another thread


os.register_at_fork(after_in_child=_new_setup_lock)


@dataclass(frozen=True)
class _ProcessLock:
    pid: int
    threads: threading.Lock
    file: int | None  # an open file to flock, None for a database in memory or unreachable


@dataclass(frozen=True)
class Held:
    """What one writer took, so that it gives back exactly that."""

    lock: _ProcessLock

    def release(self) -> None:
        if self.lock.file is not None:
            fcntl.flock(self.lock.file, fcntl.LOCK_UN)
        self.lock.threads.release()


class WriteLock:
    """The lock writers of one database file queue for. Each process makes its own on first
    use: a forked worker must not share its parent's, because a file lock belongs to the open
    file, which forked processes share."""

    def __init__(self, database_path: str | None) -> None:
        self.path = f"{database_path}-writer.lock" if database_path else None
        self._lock: _ProcessLock | None = None

    def _for_this_process(self) -> _ProcessLock:
        pid = os.getpid()
        current = self._lock
        if current is not None and current.pid == pid:
            return current
        with _SETUP:
            current = self._lock
            if current is None or current.pid != pid:
                current = _ProcessLock(pid, threading.Lock(), self._open())
                self._lock = current  # one assignment: other threads see all of it or none
        return current

    def _open(self) -> int | None:
        if self.path is None:
            return None
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            pass
        try:  # made by another account (a migration run as root, say): reading will do
            return os.open(self.path, os.O_RDONLY)
        except OSError as error:
            logger.warning(
                "cannot open %s (%s): writers of other processes are left to SQLite's own locking",
                self.path,
                error,
            )
            return None

    def acquire(self, timeout: float = WAIT_SECONDS) -> Held | None:
        """The lock, or None when it could not be had within `timeout` seconds."""
        lock = self._for_this_process()
        deadline = time.monotonic() + timeout
        if not lock.threads.acquire(timeout=timeout):
            return None
        if lock.file is None:
            return Held(lock)
        while True:
            try:
                fcntl.flock(lock.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return Held(lock)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    lock.threads.release()
                    return None
                time.sleep(_POLL_SECONDS)


class QueueingConnection(sqlite3.Connection):
    """A sqlite3 connection that takes `write_lock` before its first write and gives it back
    when its transaction ends (commit, rollback or close)."""

    write_lock: WriteLock | None = None
    _held: Held | None = None
    # This transaction could not have the lock in time and went ahead without it: asking again
    # before it ends would wait for a writer that may be waiting for this connection.
    _went_ahead = False

    def cursor(self, factory: Any = None) -> sqlite3.Cursor:  # type: ignore[override]
        return super().cursor(factory or QueueingCursor)

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        # sqlite3's shortcut runs its cursor in C, past QueueingCursor.execute.
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> sqlite3.Cursor:
        return self.cursor().executemany(sql, seq_of_parameters)

    def before_statement(self, sql: str) -> None:
        if (
            self._held is not None
            or self._went_ahead
            or self.write_lock is None
            or _READ_ONLY.match(sql)
        ):
            return
        self._held = self.write_lock.acquire()
        self._went_ahead = self._held is None

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._transaction_ended()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._transaction_ended()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._transaction_ended()

    def _transaction_ended(self) -> None:
        held, self._held, self._went_ahead = self._held, None, False
        if held is not None:
            held.release()


class QueueingCursor(sqlite3.Cursor):
    def execute(self, sql: str, parameters: Any = (), /) -> "QueueingCursor":
        connection = self.connection
        if isinstance(connection, QueueingConnection):
            connection.before_statement(sql)
        super().execute(sql, parameters)
        return self

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> "QueueingCursor":
        connection = self.connection
        if isinstance(connection, QueueingConnection):
            connection.before_statement(sql)
        super().executemany(sql, seq_of_parameters)
        return self
