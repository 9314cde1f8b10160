"""The revision state machine: which moves exist, and one guarded way to make them."""

from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col

from app.errors import StateConflict
from app.i18n import _
from app.models import Revision, RevisionState

S = RevisionState
TRANSITIONS: dict[str, tuple[RevisionState, RevisionState]] = {
    "submit": (S.DRAFT, S.SUBMITTED),
    "request_changes": (S.SUBMITTED, S.DRAFT),
    "approve": (S.SUBMITTED, S.APPROVED),
}


def describe(revision: Revision) -> str:
    """The revision's state as a sentence a person reads."""
    sentences = {
        S.DRAFT: _("Revision %(n)d is a draft"),
        S.SUBMITTED: _("Revision %(n)d is submitted for review"),
        S.APPROVED: _("Revision %(n)d is approved and sealed"),
        S.SUPERSEDED: _("Revision %(n)d is superseded and sealed"),
    }
    return sentences[RevisionState(revision.state)] % {"n": revision.number}


def require_state(revision: Revision, expected: RevisionState, action: str) -> None:
    if revision.state == expected:
        return
    only = {
        S.DRAFT: _("only a draft can be %(action)s"),
        S.SUBMITTED: _("only a submitted revision can be %(action)s"),
        S.APPROVED: _("only an approved revision can be %(action)s"),
        S.SUPERSEDED: _("only a superseded revision can be %(action)s"),
    }
    raise StateConflict(f"{describe(revision)}; {only[expected] % {'action': action}}.")


def action_words() -> dict[str, str]:
    return {
        "submit": _("submitted"),
        "request_changes": _("sent back"),
        "approve": _("approved"),
    }


def transition(session: Session, revision: Revision, action: str, **fields: Any) -> None:
    """Move the revision, refusing if someone else moved it first (the UPDATE is conditional:
    same state, and for a submitted revision the same submission, not a later resubmission)."""
    source, target = TRANSITIONS[action]
    require_state(revision, source, action_words()[action])
    guards = [col(Revision.id) == revision.id, col(Revision.state) == source.value]
    if source == S.SUBMITTED:
        guards.append(col(Revision.submitted_at) == revision.submitted_at)
    result = session.exec(update(Revision).where(*guards).values(state=target.value, **fields))
    if result.rowcount != 1:
        session.rollback()
        raise StateConflict(
            _("Revision %(n)d was changed by someone else meanwhile.") % {"n": revision.number}
        )
    revision.state = target
    for name, value in fields.items():
        setattr(revision, name, value)
