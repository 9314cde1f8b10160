"""The revision state machine: which moves exist, and one guarded way to make them."""

from typing import Any

from sqlalchemy import CursorResult, update
from sqlmodel import Session, col

from app.errors import StateConflict
from app.models import Revision, RevisionState

S = RevisionState
TRANSITIONS: dict[str, tuple[RevisionState, RevisionState]] = {
    "submit": (S.DRAFT, S.SUBMITTED),
    "request_changes": (S.SUBMITTED, S.DRAFT),
    "approve": (S.SUBMITTED, S.APPROVED),
    "supersede": (S.APPROVED, S.SUPERSEDED),
}

STATE_WORDS = {
    S.DRAFT: "a draft",
    S.SUBMITTED: "submitted for review",
    S.APPROVED: "approved and sealed",
    S.SUPERSEDED: "superseded and sealed",
}


def describe(revision: Revision) -> str:
    return f"Revision {revision.number} is {STATE_WORDS[RevisionState(revision.state)]}"


def require_state(revision: Revision, expected: RevisionState, doing: str) -> None:
    if revision.state != expected:
        raise StateConflict(f"{describe(revision)}; only {STATE_WORDS[expected]} can be {doing}.")


def transition(session: Session, revision: Revision, action: str, **fields: Any) -> None:
    """Move the revision, refusing if someone else moved it first (the UPDATE is conditional)."""
    source, target = TRANSITIONS[action]
    require_state(revision, source, action.replace("_", " ").replace("submit", "submitted"))
    result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(Revision)
        .where(col(Revision.id) == revision.id, col(Revision.state) == source.value)
        .values(state=target.value, **fields)
    )
    if result.rowcount != 1:
        session.rollback()
        raise StateConflict(f"Revision {revision.number} was changed by someone else meanwhile.")
    revision.state = target
    for name, value in fields.items():
        setattr(revision, name, value)
