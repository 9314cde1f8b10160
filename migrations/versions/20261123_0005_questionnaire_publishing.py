"""questionnaire publishing: a set is a draft of its organisation until an admin publishes it,
and says who made and who published it; the sets stored so far are published

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("questionnaire_set", schema=None) as batch_op:
        # The server default makes every set stored so far a published one.
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), server_default="published", nullable=False)
        )
        batch_op.add_column(sa.Column("created_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("published_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_questionnaire_set_created_by_user_account"),
            "user_account",
            ["created_by"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_questionnaire_set_published_by_user_account"),
            "user_account",
            ["published_by"],
            ["id"],
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_questionnaire_set_status"), "status IN ('draft', 'published')"
        )


def downgrade() -> None:
    with op.batch_alter_table("questionnaire_set", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_questionnaire_set_status"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_questionnaire_set_published_by_user_account"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_questionnaire_set_created_by_user_account"), type_="foreignkey"
        )
        batch_op.drop_column("published_by")
        batch_op.drop_column("published_at")
        batch_op.drop_column("created_by")
        batch_op.drop_column("status")
