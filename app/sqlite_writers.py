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
import os
import re
import sqlite3
import threading
import time
from typing import Any

# Statements that never write; anything else takes the lock (taking it needlessly only queues).
_READ_ONLY = re.compile(r"\s*(SELECT|PRAGMA|EXPLAIN)\b", re.IGNORECASE)
WAIT_SECONDS = 5.0  # as long as SQLite's busy timeout (see app.db)
_POLL_SECONDS = 0.0005  # how often a process looks whether another process has finished


class WriteLock:
    """The lock writers of one database file queue for. A forked worker gets a lock of its
    own making: a file lock is shared by the processes that inherit its open file."""

    def __init__(self, database_path: str | None) -> None:
        self.path = f"{database_path}-writer.lock" if database_path else None
        self._pid = -1
        self._threads = threading.Lock()
        self._file: int | None = None

    def _for_this_process(self) -> None:
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._threads = threading.Lock()
            self._file = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600) if self.path else None

    def acquire(self, timeout: float = WAIT_SECONDS) -> bool:
        self._for_this_process()
        deadline = time.monotonic() + timeout
        if not self._threads.acquire(timeout=timeout):
            return False
        if self._file is None:
            return True
        while True:
            try:
                fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self._threads.release()
                    return False
                time.sleep(_POLL_SECONDS)

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
        self._threads.release()


class QueueingConnection(sqlite3.Connection):
    """A sqlite3 connection that takes `write_lock` before its first write and gives it back
    when its transaction ends (commit, rollback or close)."""

    write_lock: WriteLock | None = None
    _holds_lock = False

    def cursor(self, factory: Any = None) -> sqlite3.Cursor:  # type: ignore[override]
        return super().cursor(factory or QueueingCursor)

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        # sqlite3's shortcut runs its cursor in C, past QueueingCursor.execute.
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> sqlite3.Cursor:
        return self.cursor().executemany(sql, seq_of_parameters)

    def before_statement(self, sql: str) -> None:
        if self._holds_lock or self.write_lock is None or _READ_ONLY.match(sql):
            return
        self._holds_lock = self.write_lock.acquire()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._pass_lock_on()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._pass_lock_on()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._pass_lock_on()

    def _pass_lock_on(self) -> None:
        if self._holds_lock and self.write_lock is not None:
            self._holds_lock = False
            self.write_lock.release()


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
