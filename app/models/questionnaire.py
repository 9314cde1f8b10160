"""A stored questionnaire set version: validated, canonical JSON content and its hash. A draft
belongs to one organisation and may still change; a published version never changes again."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, Index, String, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class SetStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class QuestionnaireSet(SQLModel, table=True):
    __tablename__ = "questionnaire_set"
    __table_args__ = (
        UniqueConstraint("key", "version"),
        CheckConstraint("status IN ('draft', 'published')", name="status"),
        # One draft per key at a time, enforced by the database (two admins starting a version).
        Index(
            "uq_questionnaire_set_one_draft_per_key",
            "key",
            unique=True,
            sqlite_where=text("status = 'draft'"),
            postgresql_where=text("status = 'draft'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_type=String(64), index=True)
    version: str = Field(sa_type=String(20))
    # None for the sets that ship with Levend.
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    forked_from: str | None = Field(default=None, sa_type=String(90))
    title: str = Field(sa_type=String(300))
    content: str = Field(sa_type=Text)
    content_hash: str = Field(sa_type=String(64))
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    # Built-in and imported sets are published when stored; a fork or a new version starts as
    # a draft of its organisation, which no other organisation sees until it is published.
    status: SetStatus = Field(
        default=SetStatus.PUBLISHED,
        sa_type=String(16),
        sa_column_kwargs={"server_default": SetStatus.PUBLISHED.value},
    )
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    published_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    published_by: int | None = Field(default=None, foreign_key="user_account.id")

    @property
    def ref(self) -> str:
        return f"{self.key}@{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == SetStatus.DRAFT
