"""Assessments of AI systems, their chain of revisions, and the answers of each revision."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class LifecyclePhase(StrEnum):
    IDEA = "idea"
    PILOT = "pilot"
    PRODUCTION = "production"
    RETIRED = "retired"


class RevisionState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    SUPERSEDED = "superseded"

    @property
    def is_sealed(self) -> bool:
        return self in (RevisionState.APPROVED, RevisionState.SUPERSEDED)


class Assessment(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint(
            "lifecycle_phase IN ('idea', 'pilot', 'production', 'retired')", name="lifecycle_phase"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    title: str = Field(sa_type=String(200))
    description: str = Field(default="", sa_type=Text)
    lifecycle_phase: LifecyclePhase = Field(default=LifecyclePhase.IDEA, sa_type=String(16))
    questionnaire_key: str = Field(sa_type=String(64))
    created_by: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Revision(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("assessment_id", "number"),
        CheckConstraint("state IN ('draft', 'submitted', 'approved', 'superseded')", name="state"),
        # At most one open (draft or submitted) revision per assessment, enforced by the database.
        Index(
            "uq_revision_one_open_per_assessment",
            "assessment_id",
            unique=True,
            sqlite_where=text("state IN ('draft', 'submitted')"),
            postgresql_where=text("state IN ('draft', 'submitted')"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    # Indexed by the unique (assessment_id, number) constraint.
    assessment_id: int = Field(foreign_key="assessment.id")
    number: int
    parent_id: int | None = Field(default=None, foreign_key="revision.id")
    questionnaire_id: int = Field(foreign_key="questionnaire_set.id")
    state: RevisionState = Field(default=RevisionState.DRAFT, sa_type=String(16))
    reason: str = Field(default="", sa_type=Text)
    created_by: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    submitted_by: int | None = Field(default=None, foreign_key="user_account.id")
    submitted_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    approved_by: int | None = Field(default=None, foreign_key="user_account.id")
    approved_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    content_hash: str | None = Field(default=None, sa_type=String(64))
    parent_hash: str | None = Field(default=None, sa_type=String(64))


class Answer(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("revision_id", "question_key"),)

    id: int | None = Field(default=None, primary_key=True)
    # Indexed by the unique (revision_id, question_key) constraint.
    revision_id: int = Field(foreign_key="revision.id")
    question_key: str = Field(sa_type=String(40))
    value: Any = Field(default=None, sa_type=JSON, nullable=True)
    # Optimistic concurrency: a save names the version it started from.
    version: int = 1
    updated_by: int = Field(foreign_key="user_account.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class RevisionContributor(SQLModel, table=True):
    """Everyone who shaped a revision (opened it, saved an answer, submitted it): none of them
    may approve it."""

    __tablename__ = "revision_contributor"

    revision_id: int = Field(foreign_key="revision.id", primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", primary_key=True)
