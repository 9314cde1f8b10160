"""audit trail and review decisions: an append-only, hash-chained event log per organisation,
decision records, comment threads, and the number of approvals an organisation requires

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 22:33:04.288837
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY_MESSAGE = "audit events and decisions are never changed or deleted"
CHAIN_MESSAGE = "the audit chain only grows, one event at a time"

SQLITE_UP = [
    *(
        f"""CREATE TRIGGER {table}_append_only_{op_name} BEFORE {op_name.upper()} ON {table}
        BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"""
        for table in ("audit_event", "decision")
        for op_name in ("update", "delete")
    ),
    f"""CREATE TRIGGER audit_chain_grows BEFORE UPDATE ON audit_chain
    WHEN NEW.organisation_id IS NOT OLD.organisation_id
      OR NEW.seq NOT IN (OLD.seq, OLD.seq + 1)
    BEGIN SELECT RAISE(ABORT, '{CHAIN_MESSAGE}'); END""",
    f"""CREATE TRIGGER audit_chain_kept BEFORE DELETE ON audit_chain
    BEGIN SELECT RAISE(ABORT, '{CHAIN_MESSAGE}'); END""",
]
SQLITE_DOWN = [
    f"DROP TRIGGER {name}"
    for name in (
        "audit_event_append_only_update",
        "audit_event_append_only_delete",
        "decision_append_only_update",
        "decision_append_only_delete",
        "audit_chain_grows",
        "audit_chain_kept",
    )
]
POSTGRES_UP = [
    f"""CREATE FUNCTION levend_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'check_violation';
    END $$""",
    """CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION levend_append_only()""",
    """CREATE TRIGGER decision_append_only BEFORE UPDATE OR DELETE ON decision
    FOR EACH ROW EXECUTE FUNCTION levend_append_only()""",
    f"""CREATE FUNCTION levend_audit_chain_grows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id
         OR NEW.seq NOT IN (OLD.seq, OLD.seq + 1) THEN
        RAISE EXCEPTION '{CHAIN_MESSAGE}' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER audit_chain_grows BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION levend_audit_chain_grows()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER audit_chain_grows ON audit_chain",
    "DROP FUNCTION levend_audit_chain_grows()",
    "DROP TRIGGER decision_append_only ON decision",
    "DROP TRIGGER audit_event_append_only ON audit_event",
    "DROP FUNCTION levend_append_only()",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    op.create_table(
        "audit_chain",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_audit_chain_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_audit_chain")),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("revision_number", sa.Integer(), nullable=True),
        sa.Column("subject", sa.String(length=254), nullable=False),
        sa.Column("before_hash", sa.String(length=64), nullable=True),
        sa.Column("after_hash", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_audit_event_actor_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_audit_event_assessment_id_assessment"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_audit_event_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_event_hash")),
        sa.UniqueConstraint(
            "organisation_id", "seq", name=op.f("uq_audit_event_organisation_id_seq")
        ),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_event_assessment_id"), ["assessment_id"], unique=False
        )

    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reviewed_answers", sa.JSON(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('approve', 'request_changes')", name=op.f("ck_decision_kind")),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["user_account.id"], name=op.f("fk_decision_reviewer_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revision.id"], name=op.f("fk_decision_revision_id_revision")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_revision_id"), ["revision_id"], unique=False)

    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("thread_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("resolved_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f("ix_comment_thread_id"), ["thread_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_comment_thread_id_comment"), "comment", ["thread_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_comment_resolved_by_user_account"),
            "user_account",
            ["resolved_by"],
            ["id"],
        )

    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("required_approvals", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.create_check_constraint(
            op.f("ck_organisation_required_approvals"), "required_approvals IN (1, 2)"
        )

    postgres = op.get_bind().dialect.name == "postgresql"
    _run(POSTGRES_UP if postgres else SQLITE_UP)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    _run(POSTGRES_DOWN if postgres else SQLITE_DOWN)
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_organisation_required_approvals"), type_="check")
        batch_op.drop_column("required_approvals")

    with op.batch_alter_table("comment", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_comment_resolved_by_user_account"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("fk_comment_thread_id_comment"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_comment_thread_id"))
        batch_op.drop_column("resolved_at")
        batch_op.drop_column("resolved_by")
        batch_op.drop_column("thread_id")

    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_revision_id"))

    op.drop_table("decision")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_assessment_id"))

    op.drop_table("audit_event")
    op.drop_table("audit_chain")
