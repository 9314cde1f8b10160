"""Reviewer comments on a revision, on one question or on the revision as a whole."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, String, Text
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class CommentKind(StrEnum):
    COMMENT = "comment"
    CHANGE_REQUEST = "change_request"


class Comment(SQLModel, table=True):
    __table_args__ = (CheckConstraint("kind IN ('comment', 'change_request')", name="kind"),)

    id: int | None = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="revision.id", index=True)
    question_key: str | None = Field(default=None, sa_type=String(40))
    author_id: int = Field(foreign_key="user_account.id")
    kind: CommentKind = Field(default=CommentKind.COMMENT, sa_type=String(16))
    body: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    resolved: bool = False
