"""Reviewer comments on a revision, on one question or on the revision as a whole."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, DateTime, String, Text
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class CommentKind(StrEnum):
    COMMENT = "comment"
    CHANGE_REQUEST = "change_request"


class Comment(SQLModel, table=True):
    """A comment starts a thread (on a question, or on the revision as a whole when
    question_key is None); replies point at the thread's first comment."""

    __table_args__ = (CheckConstraint("kind IN ('comment', 'change_request')", name="kind"),)

    id: int | None = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="revision.id", index=True)
    question_key: str | None = Field(default=None, sa_type=String(40))
    thread_id: int | None = Field(default=None, foreign_key="comment.id", index=True)
    author_id: int = Field(foreign_key="user_account.id")
    kind: CommentKind = Field(default=CommentKind.COMMENT, sa_type=String(16))
    body: str = Field(sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    resolved: bool = False
    resolved_by: int | None = Field(default=None, foreign_key="user_account.id")
    resolved_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class DecisionKind(StrEnum):
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"


class Decision(SQLModel, table=True):
    """A reviewer's decision on a submitted revision, with the content hash they saw and the
    answers as they were, so that a resubmission can show what changed since."""

    __table_args__ = (CheckConstraint("kind IN ('approve', 'request_changes')", name="kind"),)

    id: int | None = Field(default=None, primary_key=True)
    revision_id: int = Field(foreign_key="revision.id", index=True)
    reviewer_id: int = Field(foreign_key="user_account.id")
    kind: DecisionKind = Field(sa_type=String(16))
    content_hash: str = Field(sa_type=String(64))
    reason: str = Field(default="", sa_type=Text)
    reviewed_answers: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    decided_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
