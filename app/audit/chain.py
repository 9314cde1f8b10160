"""Appending to an organisation's audit chain. Every event is written in the transaction of the
change it records, so the change and its event land together or not at all."""

import hashlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from app.models import AuditChain, AuditEvent, utcnow
from app.models.base import as_utc
from app.questionnaire.loader import canonical_json

EVENT_FORMAT = "levend-audit/1"
GENESIS_HASH = "0" * 64


def value_hash(value: Any) -> str | None:
    """What an event keeps of an answer: its SHA-256, never the answer itself."""
    if value is None:
        return None
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def event_hash(event: AuditEvent) -> str:
    """SHA-256 over every field of the event but its own hash, its predecessor's included."""
    payload = {
        "format": EVENT_FORMAT,
        "organisation": event.organisation_id,
        "seq": event.seq,
        "occurred_at": as_utc(event.occurred_at).isoformat(timespec="microseconds"),
        "actor": event.actor_id,
        "action": event.action,
        "assessment": event.assessment_id,
        "revision": event.revision_number,
        "subject": event.subject,
        "before": event.before_hash,
        "after": event.after_hash,
        "detail": event.detail,
        "prev": event.prev_hash,
    }
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


_CHAIN = SQLModel.metadata.tables[AuditChain.__tablename__]
_EVENT = SQLModel.metadata.tables[AuditEvent.__tablename__]
# Core statements, built once: one is written with every answer saved.
_ADVANCE = (
    update(_CHAIN)
    .where(_CHAIN.c.organisation_id == bindparam("org"))
    .values(seq=_CHAIN.c.seq + 1)
    .returning(_CHAIN.c.seq, _CHAIN.c.head_hash)
)
_SET_HEAD = (
    update(_CHAIN)
    .where(_CHAIN.c.organisation_id == bindparam("org"))
    .values(head_hash=bindparam("head"))
)
_INSERT = insert(_EVENT)


def _advance_head(session: Session, organisation_id: int) -> tuple[int, str] | None:
    # An UPDATE first: it locks the head row (PostgreSQL) or the database (SQLite) until the
    # transaction ends, so two appends in one organisation never take the same place.
    row = session.connection().execute(_ADVANCE, {"org": organisation_id}).first()
    return None if row is None else (row[0], row[1])


def start_chain(session: Session, organisation_id: int) -> None:
    """The empty chain of a new organisation."""
    try:
        with session.begin_nested():
            session.add(AuditChain(organisation_id=organisation_id, seq=0, head_hash=GENESIS_HASH))
    except IntegrityError:
        pass  # started meanwhile by someone else: fine, it is the same empty chain


def record(
    session: Session,
    organisation_id: int,
    actor_id: int | None,
    action: str,
    *,
    assessment_id: int | None = None,
    revision_number: int | None = None,
    subject: str = "",
    before_hash: str | None = None,
    after_hash: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; the caller commits it together with the change it describes."""
    head = _advance_head(session, organisation_id)
    if head is None:
        start_chain(session, organisation_id)
        head = _advance_head(session, organisation_id)
        assert head is not None
    seq, prev_hash = head
    event = AuditEvent(
        organisation_id=organisation_id,
        seq=seq,
        occurred_at=utcnow(),
        actor_id=actor_id,
        action=action,
        assessment_id=assessment_id,
        revision_number=revision_number,
        subject=subject[:254],
        before_hash=before_hash,
        after_hash=after_hash,
        detail=dict(detail or {}),
        prev_hash=prev_hash,
        hash="",
    )
    event.hash = event_hash(event)
    connection = session.connection()
    connection.execute(_INSERT, event.model_dump(exclude={"id"}))
    connection.execute(_SET_HEAD, {"org": organisation_id, "head": event.hash})
    return event
