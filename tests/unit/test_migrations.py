"""Migrations: they go all the way down and up again, and they build exactly the schema the
models describe (on SQLite and on PostgreSQL)."""

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlmodel import SQLModel

import app.models  # noqa: F401  (every table on the metadata)
from app.cli import migrate
from app.db import build_engine
from app.settings import PROJECT_ROOT

APP_TABLES = {table.name for table in SQLModel.metadata.sorted_tables}
# The tables 0001 made; later migrations add the audit trail and decisions.
FIRST_TABLES = {"organisation", "user_account", "assessment", "revision", "answer", "comment"}
TRIGGERS = {
    "sqlite": {
        "answer_frozen_insert",
        "answer_frozen_update",
        "answer_frozen_delete",
        "revision_sealed_update",
        "revision_sealed_delete",
        "audit_event_append_only_update",
        "audit_event_append_only_delete",
        "decision_append_only_update",
        "decision_append_only_delete",
        "audit_chain_grows",
        "audit_chain_kept",
        "questionnaire_set_published_update",
        "questionnaire_set_published_delete",
    },
    "postgresql": {
        "answer_frozen",
        "revision_sealed",
        "audit_event_append_only",
        "decision_append_only",
        "audit_chain_grows",
        "questionnaire_set_published",
    },
}
# What 0006 adds: taken away by its downgrade, the rest staying.
FROZEN_SETS = {
    "sqlite": {"questionnaire_set_published_update", "questionnaire_set_published_delete"},
    "postgresql": {"questionnaire_set_published"},
}


def alembic_config(database_url: str) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.attributes["configure_logging"] = False
    config.attributes["database_url"] = database_url
    return config


@pytest.fixture
def database(database_url: str) -> Iterator[str]:
    """The test database, migrated to head again afterwards whatever happened (on PostgreSQL
    the later tests share it)."""
    try:
        yield database_url
    finally:
        migrate(database_url)


def inspect_database(database_url: str) -> tuple[set[str], set[str], str | None]:
    """(tables, triggers, alembic revision) as the database reports them."""
    engine: Engine = build_engine(database_url)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            if connection.dialect.name == "postgresql":
                query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
            else:
                query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            triggers = {row[0] for row in connection.execute(text(query))}
            revision = MigrationContext.configure(connection).get_current_revision()
            return tables, triggers, revision
    finally:
        engine.dispose()


def head() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def test_upgrade_downgrade_upgrade(database: str) -> None:
    dialect = "postgresql" if database.startswith("postgresql") else "sqlite"
    migrate(database)
    tables, triggers, revision = inspect_database(database)
    assert tables >= APP_TABLES
    assert TRIGGERS[dialect] <= triggers
    assert revision == head()

    command.downgrade(alembic_config(database), "0005")
    tables, triggers, revision = inspect_database(database)
    assert not FROZEN_SETS[dialect] & triggers
    assert TRIGGERS[dialect] - FROZEN_SETS[dialect] <= triggers

    command.downgrade(alembic_config(database), "0001")
    tables, triggers, revision = inspect_database(database)
    assert tables >= FIRST_TABLES
    assert not {"audit_event", "audit_chain", "decision"} & tables
    assert not TRIGGERS[dialect] & triggers
    assert revision == "0001"

    command.downgrade(alembic_config(database), "base")
    tables, triggers, revision = inspect_database(database)
    assert not APP_TABLES & tables
    assert revision is None

    migrate(database)
    tables, triggers, revision = inspect_database(database)
    assert tables >= APP_TABLES
    assert TRIGGERS[dialect] <= triggers
    assert revision == head()


def test_the_models_and_the_migrations_agree(database: str) -> None:
    migrate(database)
    engine = build_engine(database)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()
    assert differences == [], "write a migration for these model changes"


def test_two_drafts_of_one_key_stop_the_upgrade_with_their_key(database: str) -> None:
    """Before 0006 two admins could each start a draft of one key; 0006 says which to settle."""
    migrate(database)
    command.downgrade(alembic_config(database), "0005")
    engine = build_engine(database)
    try:
        with engine.begin() as connection:
            for version in ("1.1", "2.0"):
                connection.execute(
                    text(
                        "INSERT INTO questionnaire_set (key, version, title, content, "
                        "content_hash, created_at, status) VALUES ('dubbel', :version, 'D', "
                        "'{}', 'h', CURRENT_TIMESTAMP, 'draft')"
                    ),
                    {"version": version},
                )
        with pytest.raises(RuntimeError, match="more than one draft: dubbel; publish or delete"):
            command.upgrade(alembic_config(database), "head")
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM questionnaire_set WHERE key = 'dubbel'"))
    finally:
        engine.dispose()


def test_existing_tokens_keep_the_organisation_they_acted_in(database: str) -> None:
    """0007 binds each token to the organisation it acted in until then (the person's first
    membership); a token of a person in no organisation, which could act nowhere, goes."""
    migrate(database)
    command.downgrade(alembic_config(database), "0006")
    engine = build_engine(database)
    statements = [
        "INSERT INTO organisation (id, slug, name, created_at) VALUES "
        "(901, 'eerste', 'E', CURRENT_TIMESTAMP), (902, 'tweede', 'T', CURRENT_TIMESTAMP)",
        "INSERT INTO user_account (id, email, name, is_active, created_at) VALUES "
        "(901, 'lid@a.nl', 'Lid', true, CURRENT_TIMESTAMP), "
        "(902, 'los@a.nl', 'Los', true, CURRENT_TIMESTAMP)",
        # Stored in the other order than their ids: the first membership is the lowest id.
        "INSERT INTO membership (id, user_id, organisation_id, role) VALUES "
        "(902, 901, 901, 'viewer'), (901, 901, 902, 'editor')",
        "INSERT INTO apitoken (id, user_id, name, token_hash, created_at) VALUES "
        "(901, 901, 'a', 'h901', CURRENT_TIMESTAMP), (902, 902, 'b', 'h902', CURRENT_TIMESTAMP)",
    ]
    try:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
        command.upgrade(alembic_config(database), "head")
        with engine.begin() as connection:
            tokens = connection.execute(
                text("SELECT id, organisation_id FROM apitoken WHERE id > 900")
            ).all()
            assert [tuple(t) for t in tokens] == [(901, 902)]
            for table in ("apitoken", "membership", "user_account", "organisation"):
                connection.execute(text(f"DELETE FROM {table} WHERE id > 900"))  # noqa: S608
    finally:
        engine.dispose()
