"""an API token acts in one organisation: the one it was made for, not the person's first

Existing tokens get the organisation they acted in until now (the person's first membership).
A token of a person in no organisation could not act anywhere; it is deleted.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 07:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("apitoken", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
    op.execute(
        """UPDATE apitoken SET organisation_id = (
            SELECT membership.organisation_id FROM membership
            WHERE membership.user_id = apitoken.user_id ORDER BY membership.id LIMIT 1)"""
    )
    op.execute("DELETE FROM apitoken WHERE organisation_id IS NULL")
    with op.batch_alter_table("apitoken", schema=None) as batch_op:
        batch_op.alter_column("organisation_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(
            batch_op.f("ix_apitoken_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_apitoken_organisation_id_organisation"),
            "organisation",
            ["organisation_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("apitoken", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_apitoken_organisation_id_organisation"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_apitoken_organisation_id"))
        batch_op.drop_column("organisation_id")
