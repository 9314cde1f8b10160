"""published questionnaire sets are frozen in the database: a published version never changes
and is never deleted; only drafts change (and become published); one draft per key at a time

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 01:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MESSAGE = "a published questionnaire set cannot change"
FROZEN_COLUMNS = (
    "id",
    "key",
    "version",
    "organisation_id",
    "forked_from",
    "title",
    "content",
    "content_hash",
    "created_at",
    "status",
    "created_by",
    "published_at",
    "published_by",
)
SAME_SQLITE = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in FROZEN_COLUMNS)
SAME_POSTGRES = " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in FROZEN_COLUMNS)

SQLITE_UP = [
    f"""CREATE TRIGGER questionnaire_set_published_update BEFORE UPDATE ON questionnaire_set
    WHEN OLD.status = 'published' AND NOT ({SAME_SQLITE})
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER questionnaire_set_published_delete BEFORE DELETE ON questionnaire_set
    WHEN OLD.status = 'published'
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER questionnaire_set_published_update",
    "DROP TRIGGER questionnaire_set_published_delete",
]
POSTGRES_UP = [
    f"""CREATE FUNCTION levend_questionnaire_set_published() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status = 'published' AND (TG_OP = 'DELETE' OR NOT ({SAME_POSTGRES})) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER questionnaire_set_published BEFORE UPDATE OR DELETE ON questionnaire_set
    FOR EACH ROW EXECUTE FUNCTION levend_questionnaire_set_published()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER questionnaire_set_published ON questionnaire_set",
    "DROP FUNCTION levend_questionnaire_set_published()",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    bind = op.get_bind()
    # Before this index two admins could each start a draft of one key: say which to settle.
    doubled = (
        bind.execute(
            sa.text(
                "SELECT key FROM questionnaire_set WHERE status = 'draft' "
                "GROUP BY key HAVING COUNT(*) > 1"
            )
        )
        .scalars()
        .all()
    )
    if doubled:
        raise RuntimeError(
            "these questionnaire sets have more than one draft: "
            f"{', '.join(sorted(doubled))}; publish or delete all but one of each, then migrate"
        )
    postgres = bind.dialect.name == "postgresql"
    _run(POSTGRES_UP if postgres else SQLITE_UP)
    op.create_index(
        "uq_questionnaire_set_one_draft_per_key",
        "questionnaire_set",
        ["key"],
        unique=True,
        sqlite_where=sa.text("status = 'draft'"),
        postgresql_where=sa.text("status = 'draft'"),
    )


def downgrade() -> None:
    op.drop_index("uq_questionnaire_set_one_draft_per_key", table_name="questionnaire_set")
    postgres = op.get_bind().dialect.name == "postgresql"
    _run(POSTGRES_DOWN if postgres else SQLITE_DOWN)
