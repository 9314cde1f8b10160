"""Module-scoped fixtures for the HTTP tests that walk many routes over one world of data (the
tenancy walk, the role matrix): one fresh, migrated database per test module instead of per
test. Tests that use them must leave the world as other tests expect it, or build what they
change themselves."""

import os
import shutil
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, text
from sqlmodel import Session, SQLModel

from app.db import build_engine
from app.main import create_app
from app.settings import Settings
from tests.conftest import TEST_SECRET

POSTGRES_URL = os.environ.get("LEVEND_TEST_DATABASE_URL")


@pytest.fixture(scope="module")
def module_database_url(
    migrated_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if POSTGRES_URL:
        engine = build_engine(POSTGRES_URL)
        tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()
        yield POSTGRES_URL
        return
    copy = tmp_path_factory.mktemp("module-db") / "levend.db"
    shutil.copyfile(migrated_template, copy)
    yield f"sqlite:///{copy}"


@pytest.fixture(scope="module")
def module_engine(module_database_url: str) -> Iterator[Engine]:
    engine = build_engine(module_database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def module_session(module_engine: Engine) -> Iterator[Session]:
    with Session(module_engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture(scope="module")
def module_app(module_database_url: str, module_engine: Engine) -> FastAPI:
    settings = Settings(env="test", database_url=module_database_url, secret_key=TEST_SECRET)
    return create_app(settings, module_engine)
