"""Publishing a draft: from then on the version never changes, assessments may follow it, and
every organisation on the installation sees it in the shared catalogue."""

from sqlmodel import Session

from app.access import Actor
from app.audit.chain import record
from app.errors import InvalidInput, StateConflict
from app.i18n import _
from app.models import QuestionnaireSet, SetStatus, utcnow
from app.questionnaire.catalogue import Operator, as_admin, own_set
from app.questionnaire.drafts import change_draft


def publish(
    session: Session, who: Actor | Operator, ref: str, *, seen_hash: str | None = None
) -> QuestionnaireSet:
    """`seen_hash`: the content the admin read before publishing (the page sends it), so that
    what is published is what they saw. Only the operator, who reads no page, leaves it out;
    an empty one (a form that lost it) is refused rather than taken as no check at all."""
    maker = as_admin(who)
    stored = own_set(session, maker.organisation_id, ref)
    if not stored.is_draft:
        raise StateConflict(
            _("%(ref)s is already published; published versions never change.")
            % {"ref": stored.ref}
        )
    if seen_hash is not None and not seen_hash.strip():
        raise InvalidInput(
            _(
                "The page did not say which content you saw, so nothing was published. Reload "
                "the page, read the draft and publish it again."
            )
        )
    change_draft(
        session,
        stored,
        stored.content_hash if seen_hash is None else seen_hash,
        status=SetStatus.PUBLISHED,
        published_at=utcnow(),
        published_by=maker.user_id,
    )
    record(
        session,
        maker.organisation_id,
        maker.user_id,
        "questionnaire.published",
        subject=stored.ref,
        after_hash=stored.content_hash,
    )
    session.commit()
    return stored
