"""Migration 0004 on a database that has people in it: the link to a sign-in provider and the
failed-login table come and go, and nobody's account or membership is lost on the way (SQLite
rebuilds user_account, which memberships refer to)."""

from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import IntegrityError

from app.cli import migrate
from app.db import build_engine
from tests.unit.test_migrations import alembic_config

PEOPLE = "SELECT u.email, m.role FROM user_account u JOIN membership m ON m.user_id = u.id"


@pytest.fixture
def database(database_url: str) -> Iterator[str]:
    try:
        yield database_url
    finally:
        migrate(database_url)


def run(database: str, statement: str, **values: object) -> list[tuple[object, ...]]:
    engine = build_engine(database)
    try:
        with engine.begin() as connection:
            result = connection.execute(text(statement), values)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


def columns(connection: Connection, table: str) -> set[str]:
    return {column["name"] for column in inspect(connection).get_columns(table)}


def test_0004_keeps_everyone_and_adds_the_sign_in_link(database: str) -> None:
    command.downgrade(alembic_config(database), "0003")
    run(
        database,
        "INSERT INTO organisation (id, slug, name, created_at, required_approvals) "
        "VALUES (1, 'utrecht', 'Utrecht', CURRENT_TIMESTAMP, 1)",
    )
    run(
        database,
        "INSERT INTO user_account (id, email, name, is_active, created_at) "
        "VALUES (1, 'eva@utrecht.example', 'Eva', true, CURRENT_TIMESTAMP)",
    )
    run(database, "INSERT INTO membership (user_id, organisation_id, role) VALUES (1, 1, 'admin')")

    command.upgrade(alembic_config(database), "0004")

    assert run(database, PEOPLE) == [("eva@utrecht.example", "admin")]
    engine = build_engine(database)
    try:
        with engine.connect() as connection:
            assert {"oidc_issuer", "oidc_subject"} <= columns(connection, "user_account")
            assert {"account", "address", "failed_at"} <= columns(connection, "login_failure")
    finally:
        engine.dispose()
    run(
        database,
        "UPDATE user_account SET oidc_issuer = 'https://id.example', oidc_subject = 's1'",
    )
    with pytest.raises(IntegrityError):  # one account per subject of a provider
        run(
            database,
            "INSERT INTO user_account (email, name, is_active, created_at, oidc_issuer, "
            "oidc_subject) VALUES ('x@utrecht.example', 'X', true, CURRENT_TIMESTAMP, "
            "'https://id.example', 's1')",
        )
    with pytest.raises(IntegrityError):  # an issuer without a subject links to nobody
        run(
            database,
            "INSERT INTO user_account (email, name, is_active, created_at, oidc_issuer) "
            "VALUES ('y@utrecht.example', 'Y', true, CURRENT_TIMESTAMP, 'https://id.example')",
        )

    command.downgrade(alembic_config(database), "0003")

    assert run(database, PEOPLE) == [("eva@utrecht.example", "admin")]
    engine = build_engine(database)
    try:
        with engine.connect() as connection:
            assert "oidc_subject" not in columns(connection, "user_account")
            assert "login_failure" not in inspect(connection).get_table_names()
    finally:
        engine.dispose()
