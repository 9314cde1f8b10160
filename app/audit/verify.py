"""Checking the audit chains: every event's hash recomputed from its content, each linked to
the one before it, no place skipped, and the chain's head pointing at its last event. The first
broken link of each organisation's chain is named; what follows it cannot be trusted."""

from collections.abc import Iterator
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.audit.chain import GENESIS_HASH, event_hash
from app.models import AuditChain, AuditEvent, Organisation

BATCH = 1000


@dataclass(frozen=True)
class ChainCheck:
    organisation: str
    events: int
    problem: str | None

    def __str__(self) -> str:
        if self.problem is None:
            return f"{self.organisation}: audit chain of {self.events} events is intact"
        return f"{self.organisation}: {self.problem}"


def _events(session: Session, organisation_id: int) -> Iterator[AuditEvent]:
    # In batches, so that a long chain is checked in constant memory.
    after = 0
    while True:
        batch = session.exec(
            select(AuditEvent)
            .where(AuditEvent.organisation_id == organisation_id, col(AuditEvent.seq) > after)
            .order_by(col(AuditEvent.seq))
            .limit(BATCH)
        ).all()
        if not batch:
            return
        yield from batch
        after = batch[-1].seq
        for event in batch:
            session.expunge(event)


def _describe(event: AuditEvent) -> str:
    return f"event {event.seq} ({event.action}, {event.occurred_at:%Y-%m-%d %H:%M:%S})"


def check_chain(session: Session, organisation: Organisation) -> ChainCheck:
    assert organisation.id is not None
    name = organisation.slug
    expected_seq, prev_hash, count = 1, GENESIS_HASH, 0
    for event in _events(session, organisation.id):
        where = _describe(event)
        if event.seq != expected_seq:
            return ChainCheck(name, count, f"event {expected_seq} is missing (next is {where})")
        if event.prev_hash != prev_hash:
            return ChainCheck(
                name, count, f"{where} does not follow the event before it (chain broken)"
            )
        if event_hash(event) != event.hash:
            return ChainCheck(
                name, count, f"{where} was changed after it was written (hash mismatch)"
            )
        expected_seq, prev_hash, count = expected_seq + 1, event.hash, count + 1
    head = session.get(AuditChain, organisation.id)
    head_seq, head_hash = (head.seq, head.head_hash) if head else (0, GENESIS_HASH)
    if (head_seq, head_hash) != (count, prev_hash):
        return ChainCheck(
            name,
            count,
            f"the chain ends at event {count}, but its head says {head_seq}: "
            "events were removed from its end",
        )
    return ChainCheck(name, count, None)


def check_all_chains(session: Session) -> list[ChainCheck]:
    organisations = session.exec(select(Organisation).order_by(col(Organisation.slug))).all()
    return [check_chain(session, organisation) for organisation in organisations]
