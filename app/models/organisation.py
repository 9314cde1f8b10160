"""Organisations (tenants), people, their memberships and personal API tokens."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, String, UniqueConstraint
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

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_type=String(254), unique=True)
    name: str = Field(sa_type=String(200))
    password_hash: str | None = Field(default=None, sa_type=String(200))
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


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
    """A personal token for the JSON API; only its SHA-256 is stored."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    name: str = Field(sa_type=String(100))
    token_hash: str = Field(sa_type=String(64), unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    last_used_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
