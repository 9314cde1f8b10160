"""Fixtures: a fresh, migrated database per test (SQLite by default, PostgreSQL when
LEVEND_TEST_DATABASE_URL names one), the app wired to it, and a TestClient."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, make_url, text
from sqlmodel import Session, SQLModel

from app.cli import migrate
from app.db import build_engine
from app.main import create_app
from app.models import QuestionnaireSet
from app.settings import Settings
from tests.factories import load_fria

TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"
POSTGRES_URL = os.environ.get("LEVEND_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Migrate once per run; each test then starts from a copy (SQLite) or a truncate (PG)."""
    if POSTGRES_URL:
        engine = build_engine(POSTGRES_URL)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        migrate(POSTGRES_URL)
        return POSTGRES_URL
    path = tmp_path_factory.mktemp("template") / "levend.db"
    migrate(f"sqlite:///{path}")
    return str(path)


@pytest.fixture
def database_url(migrated_template: str, tmp_path: Path) -> Iterator[str]:
    if POSTGRES_URL:
        engine = build_engine(POSTGRES_URL)
        tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()
        yield POSTGRES_URL
        return
    copy = tmp_path / "levend.db"
    shutil.copyfile(migrated_template, copy)
    yield f"sqlite:///{copy}"


@pytest.fixture
def elsewhere(migrated_template: str, tmp_path: Path) -> Iterator[Engine]:
    """Another Levend installation: a second database, migrated and empty, for what is shared
    between installations (an exported questionnaire set)."""
    if not POSTGRES_URL:
        copy = tmp_path / "elsewhere.db"
        shutil.copyfile(migrated_template, copy)
        engine = build_engine(f"sqlite:///{copy}")
        yield engine
        engine.dispose()
        return
    url = make_url(POSTGRES_URL)
    name = f"{url.database}_elsewhere"
    admin = build_engine(url.set(database="postgres").render_as_string(hide_password=False))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    other_url = url.set(database=name).render_as_string(hide_password=False)
    migrate(other_url)
    engine = build_engine(other_url)
    yield engine
    engine.dispose()
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = build_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def fria(session: Session) -> QuestionnaireSet:
    return load_fria(session)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(env="test", database_url=database_url, secret_key=TEST_SECRET)


@pytest.fixture
def app(settings: Settings, engine: Engine) -> FastAPI:
    return create_app(settings, engine)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client
