"""single sign-on and the login guard: a person's link to their OpenID Connect identity
(issuer and subject), and the failed password logins counted against accounts and addresses

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 22:38:18.744068
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=254), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("settled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.create_index("ix_login_failure_account", ["account", "failed_at"], unique=False)
        batch_op.create_index("ix_login_failure_address", ["address", "failed_at"], unique=False)

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("oidc_issuer", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("oidc_subject", sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_user_account_oidc_issuer_oidc_subject"), ["oidc_issuer", "oidc_subject"]
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_user_account_oidc_link"),
            "(oidc_issuer IS NULL) = (oidc_subject IS NULL)",
        )


def downgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_user_account_oidc_link"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("uq_user_account_oidc_issuer_oidc_subject"), type_="unique"
        )
        batch_op.drop_column("oidc_subject")
        batch_op.drop_column("oidc_issuer")

    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.drop_index("ix_login_failure_address")
        batch_op.drop_index("ix_login_failure_account")

    op.drop_table("login_failure")
