"""The reviewers' queue: every submitted revision of the organisation, oldest submission first,
with its approvals so far and whether the reader may review it (four eyes)."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.access import Actor
from app.models import Assessment, Revision, RevisionState
from app.review.decisions import approvals_of_each_submission
from app.review.four_eyes import authors_of_each


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
    revisions = [revision for _a, revision in rows]
    approvals = approvals_of_each_submission(session, revisions)
    authors = authors_of_each(session, revisions)
    return [
        QueueItem(
            assessment=assessment,
            revision=revision,
            approvals=len(approvals[revision.id or 0]),
            approved_by_me=any(d.reviewer_id == actor.user_id for d in approvals[revision.id or 0]),
            my_own_work=actor.user_id in authors[revision.id or 0],
        )
        for assessment, revision in rows
    ]
