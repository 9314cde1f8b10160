"""Writers of one SQLite file queue in the app: a second writer, in another thread or another
process, starts when the first commits or rolls back; readers never wait."""

import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest

from app.sqlite_writers import QueueingConnection, WriteLock


def _connect(path: Path, lock: WriteLock) -> QueueingConnection:
    connection = sqlite3.connect(path, factory=QueueingConnection, check_same_thread=False)
    assert isinstance(connection, QueueingConnection)
    connection.write_lock = lock
    connection.execute("PRAGMA journal_mode=WAL")
    # Without the queue, the second writer would fail at once instead of waiting.
    connection.execute("PRAGMA busy_timeout=0")
    return connection


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "levend.db"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE log (who TEXT)")
    return path


def _hold_the_lock_in_a_thread(first: QueueingConnection) -> tuple[threading.Event, list[str]]:
    """`first` writes and keeps its transaction open until the returned event is set."""
    first.execute("INSERT INTO log VALUES ('first')")
    release = threading.Event()
    done: list[str] = []

    def finish() -> None:
        release.wait(timeout=10)
        first.commit()
        done.append("first committed")

    threading.Thread(target=finish).start()
    return release, done


def test_a_second_writer_waits_for_the_first_to_commit(database: Path) -> None:
    lock = WriteLock(str(database))
    first, second = _connect(database, lock), _connect(database, lock)
    release, done = _hold_the_lock_in_a_thread(first)
    writes: list[str] = []

    def write() -> None:
        second.execute("INSERT INTO log VALUES ('second')")
        writes.append("second wrote after " + (done[0] if done else "nothing"))
        second.commit()

    writer = threading.Thread(target=write)
    writer.start()
    writer.join(timeout=0.3)
    assert writer.is_alive(), "the second writer went ahead while the first held the lock"
    release.set()
    writer.join(timeout=10)
    assert writes == ["second wrote after first committed"]
    assert [row[0] for row in second.execute("SELECT who FROM log")] == ["first", "second"]


def test_readers_do_not_wait_for_a_writer(database: Path) -> None:
    lock = WriteLock(str(database))
    writer, reader = _connect(database, lock), _connect(database, lock)
    release, _ = _hold_the_lock_in_a_thread(writer)
    try:
        assert reader.execute("SELECT count(*) FROM log").fetchone() == (0,)
    finally:
        release.set()


def test_rollback_and_close_pass_the_lock_on(database: Path) -> None:
    lock = WriteLock(str(database))
    first = _connect(database, lock)
    first.execute("INSERT INTO log VALUES ('rolled back')")
    first.rollback()
    assert lock.acquire(timeout=0.1)
    lock.release()
    first.execute("INSERT INTO log VALUES ('closed')")
    first.close()
    assert lock.acquire(timeout=0.1)
    lock.release()


def _write_in_another_process(path: str, started: object, release: object) -> None:
    connection = _connect(Path(path), WriteLock(path))
    connection.execute("INSERT INTO log VALUES ('other process')")
    started.set()  # type: ignore[attr-defined]
    release.wait(timeout=10)  # type: ignore[attr-defined]
    connection.commit()


def test_writers_in_two_processes_queue_too(database: Path) -> None:
    context = multiprocessing.get_context("fork")
    started, release = context.Event(), context.Event()
    other = context.Process(
        target=_write_in_another_process, args=(str(database), started, release)
    )
    other.start()
    try:
        assert started.wait(timeout=10)
        lock = WriteLock(str(database))
        assert not lock.acquire(timeout=0.2), "the other process's writer holds the file"
        release.set()
        assert lock.acquire(timeout=10)
        lock.release()
        mine = _connect(database, lock)
        mine.execute("INSERT INTO log VALUES ('this process')")
        mine.commit()
    finally:
        release.set()
        other.join(timeout=10)
    assert other.exitcode == 0
    rows = sqlite3.connect(database).execute("SELECT who FROM log").fetchall()
    assert [row[0] for row in rows] == ["other process", "this process"]


def test_a_forked_worker_does_not_share_the_lock_it_inherited(database: Path) -> None:
    lock = WriteLock(str(database))
    assert lock.acquire()
    lock.release()
    context = multiprocessing.get_context("fork")
    holding, release = context.Event(), context.Event()

    def hold() -> None:
        assert lock.acquire(timeout=5)  # the child's own open file, not the parent's
        holding.set()
        release.wait(timeout=10)
        lock.release()

    child = context.Process(target=hold)
    child.start()
    try:
        assert holding.wait(timeout=10)
        assert not lock.acquire(timeout=0.2)
    finally:
        release.set()
        child.join(timeout=10)
    assert lock.acquire(timeout=5)
    lock.release()


def test_a_lock_that_cannot_be_had_in_time_lets_sqlite_decide(database: Path) -> None:
    lock = WriteLock(str(database))
    first, second = _connect(database, lock), _connect(database, lock)
    release, _ = _hold_the_lock_in_a_thread(first)
    try:
        taken = threading.Event()

        def try_briefly() -> None:
            if lock.acquire(timeout=0.05):
                taken.set()
                lock.release()

        attempt = threading.Thread(target=try_briefly)
        attempt.start()
        attempt.join(timeout=5)
        assert not taken.is_set()
        second.execute("SELECT 1")  # a read still goes ahead
    finally:
        release.set()


def test_an_in_memory_database_queues_threads_only() -> None:
    lock = WriteLock(None)
    assert lock.path is None
    assert lock.acquire(timeout=0.1)
    lock.release()
