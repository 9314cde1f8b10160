"""The audit trail: one append-only chain of events per organisation, each hashed with the one
before it, and the chain's head (its length and last hash) kept beside it."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (UniqueConstraint("organisation_id", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id")
    # The event's place in its organisation's chain: 1, 2, 3, … without gaps.
    seq: int
    occurred_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    # None when the command line acted (levend user create, levend load).
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    action: str = Field(sa_type=String(40))
    assessment_id: int | None = Field(default=None, foreign_key="assessment.id", index=True)
    revision_number: int | None = None
    # What the event is about within that: a question key, an e-mail address, a role.
    subject: str = Field(default="", sa_type=String(254))
    # SHA-256 of the thing before and after (an answer's value, a revision's content).
    before_hash: str | None = Field(default=None, sa_type=String(64))
    after_hash: str | None = Field(default=None, sa_type=String(64))
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    prev_hash: str = Field(sa_type=String(64))
    hash: str = Field(sa_type=String(64), unique=True)


class AuditChain(SQLModel, table=True):
    """The head of an organisation's chain. Appending updates this row first, so appends in
    one organisation take turns, and `levend verify` can tell a chain cut short at its end."""

    __tablename__ = "audit_chain"

    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True)
    seq: int = 0
    head_hash: str = Field(sa_type=String(64))
