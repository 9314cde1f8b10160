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


def _free(lock: WriteLock) -> bool:
    held = lock.acquire(timeout=0.1)
    if held is None:
        return False
    held.release()
    return True


def test_rollback_and_close_pass_the_lock_on(database: Path) -> None:
    lock = WriteLock(str(database))
    first = _connect(database, lock)
    first.execute("INSERT INTO log VALUES ('rolled back')")
    assert not _free(lock)
    first.rollback()
    assert _free(lock)
    first.execute("INSERT INTO log VALUES ('closed')")
    first.close()
    assert _free(lock)


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
        assert lock.acquire(timeout=0.2) is None, "the other process's writer holds the file"
        release.set()
        held = lock.acquire(timeout=10)
        assert held is not None
        held.release()
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
    assert _free(lock)  # the parent has opened its file
    context = multiprocessing.get_context("fork")
    holding, release = context.Event(), context.Event()

    def hold() -> None:
        held = lock.acquire(timeout=5)  # the child's own open file, not the parent's
        assert held is not None
        holding.set()
        release.wait(timeout=10)
        held.release()

    child = context.Process(target=hold)
    child.start()
    try:
        assert holding.wait(timeout=10)
        assert lock.acquire(timeout=0.2) is None
    finally:
        release.set()
        child.join(timeout=10)
    assert _free(lock)


def test_a_lock_that_cannot_be_had_in_time_lets_sqlite_decide(database: Path) -> None:
    lock = WriteLock(str(database))
    first, second = _connect(database, lock), _connect(database, lock)
    release, _ = _hold_the_lock_in_a_thread(first)
    try:
        taken = threading.Event()

        def try_briefly() -> None:
            held = lock.acquire(timeout=0.05)
            if held is not None:
                taken.set()
                held.release()

        attempt = threading.Thread(target=try_briefly)
        attempt.start()
        attempt.join(timeout=5)
        assert not taken.is_set()
        second.execute("SELECT 1")  # a read still goes ahead
    finally:
        release.set()


def test_a_writer_that_went_ahead_does_not_ask_again_in_its_transaction(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = WriteLock(str(database))
    first, second = _connect(database, lock), _connect(database, lock)
    monkeypatch.setattr("app.sqlite_writers.WAIT_SECONDS", 0.05)
    release, _ = _hold_the_lock_in_a_thread(first)
    try:
        asked: list[float] = []
        real_acquire = lock.acquire

        def counting_acquire(timeout: float = 0.05) -> object:
            asked.append(timeout)
            return real_acquire(timeout=0.05)

        monkeypatch.setattr(lock, "acquire", counting_acquire)
        second.execute("PRAGMA busy_timeout=5000")
        # Its first write finds the lock taken and goes ahead; SQLite makes it wait for `first`,
        # which commits a moment later.
        threading.Timer(0.3, release.set).start()
        second.execute("INSERT INTO log VALUES ('second')")
        assert second._went_ahead
        second.execute("INSERT INTO log VALUES ('second again')")
        assert len(asked) == 1
        second.commit()
        second.execute("INSERT INTO log VALUES ('next transaction')")
        assert len(asked) == 2
        second.commit()
    finally:
        release.set()


def test_an_in_memory_database_queues_threads_only() -> None:
    lock = WriteLock(None)
    assert lock.path is None
    assert _free(lock)


def test_a_lock_file_that_cannot_be_made_leaves_processes_to_sqlite(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    lock = WriteLock(str(tmp_path / "missing" / "levend.db"))
    assert _free(lock)  # threads still queue
    assert "cannot open" in caplog.text
