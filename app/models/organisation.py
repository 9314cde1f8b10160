"""Organisations (tenants), people, their memberships, personal API tokens and failed logins."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    REVIEWER = "reviewer"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def at_least(self, other: "Role | str") -> bool:
        return self.rank >= Role(other).rank


class Organisation(SQLModel, table=True):
    __table_args__ = (CheckConstraint("required_approvals IN (1, 2)", name="required_approvals"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(sa_type=String(64), unique=True)
    name: str = Field(sa_type=String(200))
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    # Approvals by different reviewers before a revision is sealed (e.g. the FG and the
    # responsible manager).
    required_approvals: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class User(SQLModel, table=True):
    __tablename__ = "user_account"
    __table_args__ = (
        # A person who logs in through single sign-on is known by the provider's subject,
        # which never changes (an e-mail address may).
        UniqueConstraint("oidc_issuer", "oidc_subject"),
        CheckConstraint("(oidc_issuer IS NULL) = (oidc_subject IS NULL)", name="oidc_link"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_type=String(254), unique=True)
    name: str = Field(sa_type=String(200))
    password_hash: str | None = Field(default=None, sa_type=String(200))
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    oidc_issuer: str | None = Field(default=None, sa_type=String(500))
    oidc_subject: str | None = Field(default=None, sa_type=String(255))


class Membership(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("user_id", "organisation_id"),
        CheckConstraint("role IN ('viewer', 'editor', 'reviewer', 'admin')", name="role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    role: Role = Field(sa_type=String(16))


class ApiToken(SQLModel, table=True):
    """A personal token for the JSON API, acting in one of the person's organisations; only its
    SHA-256 is stored."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    name: str = Field(sa_type=String(100))
    token_hash: str = Field(sa_type=String(64), unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    last_used_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class LoginFailure(SQLModel, table=True):
    """One password login that failed (or is being checked right now), counted against the
    account and the client address for a while. Kept in the database, so that every worker
    process sees the same counts."""

    __tablename__ = "login_failure"
    __table_args__ = (
        Index("ix_login_failure_account", "account", "failed_at"),
        Index("ix_login_failure_address", "address", "failed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account: str = Field(sa_type=String(254))
    address: str = Field(sa_type=String(64))
    failed_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    # False while the password is still being checked. An address counts only settled
    # failures: many colleagues behind one office address log in at nine at once.
    settled: bool = False
