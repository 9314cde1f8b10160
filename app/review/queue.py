"""The reviewers' queue: every submitted revision of the organisation, oldest submission first,
with its approvals so far and whether the reader may review it (four eyes)."""

from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.access import Actor
from app.models import (
    Assessment,
    Decision,
    DecisionKind,
    Revision,
    RevisionContributor,
    RevisionState,
)
from app.models.base import as_utc


@dataclass(frozen=True)
class QueueItem:
    assessment: Assessment
    revision: Revision
    approvals: int
    approved_by_me: bool
    my_own_work: bool


def review_queue(session: Session, actor: Actor) -> list[QueueItem]:
    rows = session.exec(
        select(Assessment, Revision)
        .join(Revision, col(Revision.assessment_id) == Assessment.id)
        .where(
            Assessment.organisation_id == actor.organisation_id,
            Revision.state == RevisionState.SUBMITTED,
        )
        .order_by(col(Revision.submitted_at), col(Revision.id))
    ).all()
    ids = [r.id for _a, r in rows]
    approvers: dict[int, set[int]] = defaultdict(set)
    for decision in session.exec(
        select(Decision).where(
            col(Decision.revision_id).in_(ids), Decision.kind == DecisionKind.APPROVE
        )
    ):
        submitted = next(r.submitted_at for _a, r in rows if r.id == decision.revision_id)
        # as_utc: a moment read back from SQLite has no zone, one set in this session has.
        if submitted is not None and as_utc(decision.decided_at) >= as_utc(submitted):
            approvers[decision.revision_id].add(decision.reviewer_id)
    authors: dict[int, set[int]] = defaultdict(set)
    for revision_id, user_id in session.exec(
        select(RevisionContributor.revision_id, RevisionContributor.user_id).where(
            col(RevisionContributor.revision_id).in_(ids)
        )
    ):
        authors[revision_id].add(user_id)
    return [
        QueueItem(
            assessment=assessment,
            revision=revision,
            approvals=len(approvers[revision.id or 0]),
            approved_by_me=actor.user_id in approvers[revision.id or 0],
            my_own_work=actor.user_id in authors[revision.id or 0]
            or revision.created_by == actor.user_id,
        )
        for assessment, revision in rows
    ]
