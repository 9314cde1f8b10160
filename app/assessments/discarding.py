"""An answer kept from a question an earlier version of the set asked ("no longer asked") may be
discarded from the draft before it is sealed: it may hold what the new version does not ask for
(personal data among it). Nothing else is ever deleted from a revision."""

from sqlalchemy import delete
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col

from app.access import Actor
from app.assessments.lifecycle import describe
from app.assessments.service import RevisionView
from app.audit.chain import record, value_hash
from app.errors import NotFound, StateConflict
from app.i18n import _
from app.models import Answer, RevisionState, Role
from app.review.four_eyes import record_author


def discard_kept_answer(session: Session, actor: Actor, view: RevisionView, key: str) -> None:
    actor.require(Role.EDITOR)
    kept = view.answers.get(key)
    if key in view.questionnaire.by_key or kept is None:
        raise NotFound(
            _("Revision %(n)d keeps no answer to a question no longer asked under %(key)s.")
            % {"n": view.revision.number, "key": repr(key)}
        )
    if view.revision.state != RevisionState.DRAFT:
        raise StateConflict(
            _("%(state)s; its answers cannot be changed.") % {"state": describe(view.revision)}
        )
    revision_id = view.revision.id
    assert revision_id is not None
    try:
        session.execute(
            delete(Answer).where(
                col(Answer.revision_id) == revision_id, col(Answer.question_key) == key
            )
        )
        record_author(session, revision_id, actor.user_id)
        record(
            session,
            actor.organisation_id,
            actor.user_id,
            "answer.discarded",
            assessment_id=view.assessment.id,
            revision_number=view.revision.number,
            subject=key,
            before_hash=value_hash(kept.value),
        )
        session.commit()
    except DBAPIError as exc:
        session.rollback()
        if "cannot change" in str(exc.orig):
            raise StateConflict(
                _("This revision is no longer a draft; reload to see it.")
            ) from None
        raise
