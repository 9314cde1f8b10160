"""A stored questionnaire set version: validated, canonical JSON content and its hash."""

from datetime import datetime

from sqlalchemy import DateTime, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class QuestionnaireSet(SQLModel, table=True):
    __tablename__ = "questionnaire_set"
    __table_args__ = (UniqueConstraint("key", "version"),)

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

    @property
    def ref(self) -> str:
        return f"{self.key}@{self.version}"
