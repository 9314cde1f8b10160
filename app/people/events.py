"""The audit events of changes to an organisation's people, written in the change's own
transaction (the caller commits both)."""

from typing import Literal

from sqlmodel import Session

from app.access import Actor
from app.audit.chain import record
from app.models import Role

MemberAction = Literal[
    "member.added",
    "member.role_changed",
    "member.deactivated",
    "member.reactivated",
    "member.removed",
]


def record_member_event(
    session: Session,
    actor: Actor,
    action: MemberAction,
    email: str,
    *,
    role: Role | None,
    previous_role: Role | None,
) -> None:
    """`role` is the member's role after the change (None once removed), `previous_role` the
    one before it (None when just added)."""
    record(
        session,
        actor.organisation_id,
        actor.user_id,
        action,
        subject=email,
        before_hash=None,
        after_hash=None,
        detail={
            "role": role.value if role else None,
            "previous_role": previous_role.value if previous_role else None,
        },
    )
