"""A reviewer's decisions on a submitted revision, each kept as a record of its own: approve
(which seals the revision once the organisation's number of approvals is reached) or send it
back with a reason. Both name the content hash the reviewer saw, and refuse if it changed."""

from collections.abc import Sequence

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.access import Actor
from app.assessments.lifecycle import require_state, transition
from app.assessments.service import RevisionView
from app.audit.chain import record
from app.errors import InvalidInput, PermissionDenied, StateConflict
from app.i18n import _
from app.models import (
    Comment,
    CommentKind,
    Decision,
    DecisionKind,
    Organisation,
    Revision,
    RevisionState,
    Role,
    utcnow,
)
from app.models.base import as_utc
from app.review.four_eyes import may_approve

MAX_REASON = 10_000


def _check_reviewer(session: Session, actor: Actor, view: RevisionView, action: str) -> None:
    actor.require(Role.REVIEWER)
    require_state(view.revision, RevisionState.SUBMITTED, action)
    if not may_approve(session, view.revision, actor.user_id):
        raise PermissionDenied(
            _(
                "You edited, opened or submitted this revision, so someone else must approve it "
                "(four eyes)."
            )
        )


def _check_seen(view: RevisionView, seen_hash: str | None, *, required: bool) -> str:
    current = view.content_hash
    if required and not seen_hash:
        raise InvalidInput(_("This form does not say which answers you reviewed; reload the page."))
    if seen_hash and seen_hash != current:
        raise StateConflict(
            _(
                "The answers of revision %(n)d are not the ones you reviewed: it was sent back "
                "and submitted again meanwhile. Reload it and review it again."
            )
            % {"n": view.revision.number}
        )
    return current


def _lock_revision(session: Session, revision: Revision) -> None:
    """Lock the revision's row (PostgreSQL) or the database (SQLite) until the commit, so two
    reviewers deciding at once see each other's decision; refuse if the revision is no longer
    the submission the reviewer loaded (sent back, or sent back and submitted again)."""
    locked = session.execute(
        update(Revision)
        .where(
            col(Revision.id) == revision.id,
            col(Revision.state) == RevisionState.SUBMITTED.value,
            col(Revision.submitted_at) == revision.submitted_at,
        )
        .values(state=col(Revision.state))
        .execution_options(synchronize_session=False)
    )
    if locked.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise StateConflict(
            _("Revision %(n)d was changed by someone else meanwhile.") % {"n": revision.number}
        )


def approvals_of_this_submission(session: Session, revision: Revision) -> Sequence[Decision]:
    """Approvals given since the revision was last submitted (a request for changes and a new
    submission start the count again)."""
    return approvals_of_each_submission(session, [revision])[revision.id or 0]


def approvals_of_each_submission(
    session: Session, revisions: Sequence[Revision]
) -> dict[int, list[Decision]]:
    """approvals_of_this_submission for several revisions in one query, by revision id."""
    submitted = {r.id or 0: r.submitted_at for r in revisions}
    approvals: dict[int, list[Decision]] = {revision_id: [] for revision_id in submitted}
    for decision in session.exec(
        select(Decision)
        .where(
            col(Decision.revision_id).in_(list(submitted)),
            Decision.kind == DecisionKind.APPROVE,
        )
        .order_by(col(Decision.decided_at), col(Decision.id))
    ):
        since = submitted[decision.revision_id]
        # as_utc: a moment read back from SQLite has no zone, one set in this session has.
        if since is not None and as_utc(decision.decided_at) >= as_utc(since):
            approvals[decision.revision_id].append(decision)
    return approvals


def required_approvals(session: Session, organisation_id: int) -> int:
    organisation = session.get(Organisation, organisation_id)
    assert organisation is not None
    return organisation.required_approvals


def approve(
    session: Session,
    actor: Actor,
    view: RevisionView,
    *,
    seen_hash: str | None = None,
    require_seen: bool = False,
) -> Decision:
    """Record the approval; seal the revision when it is the last one needed: the content hash
    is fixed, chained to the parent's, and the previously approved revision is superseded."""
    _check_reviewer(session, actor, view, _("approved"))
    revision = view.revision
    _lock_revision(session, revision)
    content_hash = _check_seen(view, seen_hash, required=require_seen)
    earlier = approvals_of_this_submission(session, revision)
    needed = required_approvals(session, actor.organisation_id)
    mine = next((d for d in earlier if d.reviewer_id == actor.user_id), None)
    if mine is not None:
        if len(earlier) < needed:
            raise StateConflict(
                _("You approved this revision already; it needs another reviewer's approval.")
            )
        # The organisation lowered its required approvals after this one was given: the
        # approvals already given suffice, so the revision is sealed on them.
        _seal(session, actor, view, content_hash, given=len(earlier), needed=needed)
        return mine
    decision = Decision(
        revision_id=revision.id or 0,
        reviewer_id=actor.user_id,
        kind=DecisionKind.APPROVE,
        content_hash=content_hash,
        reviewed_answers=view.values,
        decided_at=utcnow(),
    )
    session.add(decision)
    given = len(earlier) + 1
    if given < needed:
        record(
            session,
            actor.organisation_id,
            actor.user_id,
            "revision.approval_given",
            assessment_id=view.assessment.id,
            revision_number=revision.number,
            after_hash=content_hash,
            detail={"approvals": given, "required": needed},
        )
        session.commit()
        return decision
    _seal(session, actor, view, content_hash, given=given, needed=needed)
    return decision


def _seal(
    session: Session,
    actor: Actor,
    view: RevisionView,
    content_hash: str,
    *,
    given: int,
    needed: int,
) -> None:
    revision = view.revision
    # Approving revision n supersedes the one approved before it (the one move a sealed
    # revision may make; the database allows nothing else).
    session.execute(
        update(Revision)
        .where(
            col(Revision.assessment_id) == revision.assessment_id,
            col(Revision.state) == RevisionState.APPROVED.value,
        )
        .values(state=RevisionState.SUPERSEDED.value)
        .execution_options(synchronize_session=False)
    )
    transition(
        session,
        revision,
        "approve",
        approved_by=actor.user_id,
        approved_at=utcnow(),
        content_hash=content_hash,
    )
    record(
        session,
        actor.organisation_id,
        actor.user_id,
        "revision.approved",
        assessment_id=view.assessment.id,
        revision_number=revision.number,
        after_hash=content_hash,
        detail={"approvals": given, "required": needed},
    )
    session.commit()


def request_changes(
    session: Session,
    actor: Actor,
    view: RevisionView,
    *,
    comment: str,
    seen_hash: str | None = None,
    require_seen: bool = False,
) -> Decision:
    """Send the revision back to draft with the reviewer's reason, keeping the answers as they
    were reviewed so that the next submission can show what changed since."""
    _check_reviewer(session, actor, view, _("sent back"))
    body = comment.strip()
    if not body:
        raise InvalidInput(_("Say what needs to change: the comment is required."))
    if len(body) > MAX_REASON:
        raise InvalidInput(
            _("The comment is longer than %(limit)d characters.") % {"limit": MAX_REASON}
        )
    content_hash = _check_seen(view, seen_hash, required=require_seen)
    revision = view.revision
    transition(session, revision, "request_changes", submitted_by=None, submitted_at=None)
    assert revision.id is not None
    decision = Decision(
        revision_id=revision.id,
        reviewer_id=actor.user_id,
        kind=DecisionKind.REQUEST_CHANGES,
        content_hash=content_hash,
        reason=body,
        reviewed_answers=view.values,
        decided_at=utcnow(),
    )
    session.add(decision)
    session.add(
        Comment(
            revision_id=revision.id,
            author_id=actor.user_id,
            kind=CommentKind.CHANGE_REQUEST,
            body=body,
        )
    )
    record(
        session,
        actor.organisation_id,
        actor.user_id,
        "revision.changes_requested",
        assessment_id=view.assessment.id,
        revision_number=revision.number,
        before_hash=content_hash,
        detail={"reason": body[:500]},
    )
    session.commit()
    return decision


def decisions_on(session: Session, revision: Revision) -> Sequence[Decision]:
    """Every decision on the revision, oldest first."""
    return session.exec(
        select(Decision)
        .where(Decision.revision_id == revision.id)
        .order_by(col(Decision.decided_at))
    ).all()


def last_review(session: Session, revision: Revision) -> Decision | None:
    """The last time changes were requested on this revision: what a resubmission is
    compared with."""
    return session.exec(
        select(Decision)
        .where(
            Decision.revision_id == revision.id,
            Decision.kind == DecisionKind.REQUEST_CHANGES,
        )
        .order_by(col(Decision.decided_at).desc())
    ).first()
