"""seal answers in the database: answers change only while their revision is a draft, and a
sealed revision's hashes never change

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 20:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ANSWER_MESSAGE = "answers of a revision that is not a draft cannot change"
REVISION_MESSAGE = "a sealed revision cannot change"
# Every column of a revision but its state: none may change once it is sealed.
FROZEN_COLUMNS = (
    "assessment_id",
    "number",
    "parent_id",
    "questionnaire_id",
    "reason",
    "created_by",
    "created_at",
    "submitted_by",
    "submitted_at",
    "approved_by",
    "approved_at",
    "content_hash",
    "parent_hash",
)
SAME_COLUMNS_SQLITE = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in FROZEN_COLUMNS)
SAME_COLUMNS_POSTGRES = " AND ".join(
    f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in FROZEN_COLUMNS
)

SQLITE_UP = [
    f"""CREATE TRIGGER answer_frozen_insert BEFORE INSERT ON answer
    WHEN (SELECT state FROM revision WHERE id = NEW.revision_id) IS NOT 'draft'
    BEGIN SELECT RAISE(ABORT, '{ANSWER_MESSAGE}'); END""",
    f"""CREATE TRIGGER answer_frozen_update BEFORE UPDATE ON answer
    WHEN (SELECT state FROM revision WHERE id = OLD.revision_id) IS NOT 'draft'
      OR (SELECT state FROM revision WHERE id = NEW.revision_id) IS NOT 'draft'
    BEGIN SELECT RAISE(ABORT, '{ANSWER_MESSAGE}'); END""",
    f"""CREATE TRIGGER answer_frozen_delete BEFORE DELETE ON answer
    WHEN (SELECT state FROM revision WHERE id = OLD.revision_id) IS NOT 'draft'
    BEGIN SELECT RAISE(ABORT, '{ANSWER_MESSAGE}'); END""",
    # A sealed revision changes in one way only: approved becomes superseded, nothing else.
    f"""CREATE TRIGGER revision_sealed_update BEFORE UPDATE ON revision
    WHEN OLD.state IN ('approved', 'superseded') AND NOT (
      NEW.state IN (OLD.state, 'superseded')
      AND {SAME_COLUMNS_SQLITE})
    BEGIN SELECT RAISE(ABORT, '{REVISION_MESSAGE}'); END""",
    f"""CREATE TRIGGER revision_sealed_delete BEFORE DELETE ON revision
    WHEN OLD.state IN ('approved', 'superseded')
    BEGIN SELECT RAISE(ABORT, '{REVISION_MESSAGE}'); END""",
]
SQLITE_DOWN = [
    f"DROP TRIGGER {name}"
    for name in (
        "answer_frozen_insert",
        "answer_frozen_update",
        "answer_frozen_delete",
        "revision_sealed_update",
        "revision_sealed_delete",
    )
]

POSTGRES_UP = [
    # FOR SHARE: the revision row stays locked until the answer's transaction ends, so a
    # submit or approval waits for it (or this waits for them and then sees the new state).
    f"""CREATE FUNCTION levend_answer_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      old_state text;
      new_state text;
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        SELECT state INTO old_state FROM revision WHERE id = OLD.revision_id FOR SHARE;
        IF old_state IS DISTINCT FROM 'draft' THEN
          RAISE EXCEPTION '{ANSWER_MESSAGE}' USING ERRCODE = 'check_violation';
        END IF;
      END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') THEN
        SELECT state INTO new_state FROM revision WHERE id = NEW.revision_id FOR SHARE;
        IF new_state IS DISTINCT FROM 'draft' THEN
          RAISE EXCEPTION '{ANSWER_MESSAGE}' USING ERRCODE = 'check_violation';
        END IF;
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER answer_frozen BEFORE INSERT OR UPDATE OR DELETE ON answer
    FOR EACH ROW EXECUTE FUNCTION levend_answer_frozen()""",
    f"""CREATE FUNCTION levend_revision_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.state IN ('approved', 'superseded') AND (
         TG_OP = 'DELETE'
         OR NOT (NEW.state IN (OLD.state, 'superseded') AND {SAME_COLUMNS_POSTGRES})) THEN
        RAISE EXCEPTION '{REVISION_MESSAGE}' USING ERRCODE = 'check_violation';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER revision_sealed BEFORE UPDATE OR DELETE ON revision
    FOR EACH ROW EXECUTE FUNCTION levend_revision_sealed()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER revision_sealed ON revision",
    "DROP FUNCTION levend_revision_sealed()",
    "DROP TRIGGER answer_frozen ON answer",
    "DROP FUNCTION levend_answer_frozen()",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    _run(POSTGRES_UP if postgres else SQLITE_UP)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    _run(POSTGRES_DOWN if postgres else SQLITE_DOWN)
