"""Engine, the session dependency, and the connection settings each database needs."""

from collections.abc import AsyncIterator
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from app.settings import get_settings
from app.sqlite_writers import QueueingConnection, WriteLock


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers carry on while one writer saves; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # The operating system's file cache holds the database already: a 2 MB cache of its own in
    # every pooled connection of every worker (SQLite's default) held it again, about 7 MB per
    # worker under load for no measurable speed.
    cursor.execute("PRAGMA cache_size=-512")
    cursor.close()


def build_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database if parsed.database not in (None, "", ":memory:") else None
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Writers queue for the file in the app (see app.sqlite_writers), not in SQLite.
        write_lock = WriteLock(path)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "factory": QueueingConnection}
        )
        event.listen(engine, "connect", _enable_sqlite_pragmas)

        @event.listens_for(engine, "connect")
        def _queue_writers(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.write_lock = write_lock

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


@lru_cache
def get_engine() -> Engine:
    return build_engine(get_settings().database_url)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session on the app's engine for one request."""
    # A Session does no I/O until its first query, so it opens on the event loop; a sync
    # generator would cost two trips through the thread pool on every request instead of none.
    engine: Engine = request.app.state.engine
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
    finally:
        if engine.dialect.name == "sqlite":
            # Closing ends a transaction in a local file: microseconds, fine on the event loop.
            session.close()
        else:
            # Elsewhere it is a round trip to the database server, which must not block it.
            await run_in_threadpool(session.close)


SessionDep = Annotated[Session, Depends(get_session)]
