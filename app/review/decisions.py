"""A reviewer's decisions on a submitted revision: approve (which seals it) or send it back."""

from sqlalchemy import update
from sqlmodel import Session, col

from app.access import Actor
from app.assessments.hashing import revision_content_hash
from app.assessments.lifecycle import require_state, transition
from app.assessments.service import RevisionView
from app.errors import InvalidInput, PermissionDenied
from app.i18n import _
from app.models import Comment, CommentKind, Revision, RevisionState, Role, utcnow
from app.review.four_eyes import may_approve

MAX_COMMENT = 10_000


def approve(session: Session, actor: Actor, view: RevisionView) -> Revision:
    """Approve and seal: the content hash is fixed, chained to the parent's, and the previous
    approved revision becomes superseded."""
    actor.require(Role.REVIEWER)
    revision = view.revision
    require_state(revision, RevisionState.SUBMITTED, _("approved"))
    if not may_approve(session, revision, actor.user_id):
        raise PermissionDenied(
            _(
                "You edited, opened or submitted this revision, so someone else must approve it "
                "(four eyes)."
            )
        )
    content_hash = revision_content_hash(
        number=revision.number,
        questionnaire_ref=view.questionnaire_set.ref,
        questionnaire_hash=view.questionnaire_set.content_hash,
        answers=view.values,
        parent_hash=revision.parent_hash,
    )
    # Approving revision n supersedes the one approved before it (the one move a sealed
    # revision may make; the database allows nothing else).
    session.execute(
        update(Revision)
        .where(
            col(Revision.assessment_id) == revision.assessment_id,
            col(Revision.state) == RevisionState.APPROVED.value,
        )
        .values(state=RevisionState.SUPERSEDED.value)
    )
    transition(
        session,
        revision,
        "approve",
        approved_by=actor.user_id,
        approved_at=utcnow(),
        content_hash=content_hash,
    )
    session.commit()
    return revision


def request_changes(session: Session, actor: Actor, view: RevisionView, *, comment: str) -> Comment:
    """Send the revision back to draft with the reviewer's reason."""
    actor.require(Role.REVIEWER)
    body = comment.strip()
    if not body:
        raise InvalidInput(_("Say what needs to change: the comment is required."))
    if len(body) > MAX_COMMENT:
        raise InvalidInput(
            _("The comment is longer than %(limit)d characters.") % {"limit": MAX_COMMENT}
        )
    transition(session, view.revision, "request_changes", submitted_by=None, submitted_at=None)
    assert view.revision.id is not None
    note = Comment(
        revision_id=view.revision.id,
        author_id=actor.user_id,
        kind=CommentKind.CHANGE_REQUEST,
        body=body,
    )
    session.add(note)
    session.commit()
    return note
