"""Settings an organisation's admins choose: for now, how many approvals seal a revision."""

from sqlmodel import Session

from app.access import Actor
from app.audit.chain import record
from app.errors import InvalidInput
from app.i18n import _
from app.models import Organisation, Role

APPROVAL_CHOICES = (1, 2)


def organisation_of(session: Session, actor: Actor) -> Organisation:
    organisation = session.get(Organisation, actor.organisation_id)
    assert organisation is not None, "an actor always acts in an existing organisation"
    return organisation


def set_required_approvals(session: Session, actor: Actor, approvals: int) -> Organisation:
    """From now on, a submitted revision is sealed after this many approvals by different
    reviewers. Revisions waiting for review count their approvals against the new number."""
    actor.require(Role.ADMIN)
    if approvals not in APPROVAL_CHOICES:
        raise InvalidInput(
            _("A revision needs 1 or 2 approvals; %(n)d is not possible.") % {"n": approvals}
        )
    organisation = organisation_of(session, actor)
    previous = organisation.required_approvals
    if previous == approvals:
        return organisation
    organisation.required_approvals = approvals
    session.add(organisation)
    record(
        session,
        actor.organisation_id,
        actor.user_id,
        "organisation.settings_changed",
        subject="required_approvals",
        detail={"required_approvals": approvals, "previous": previous},
    )
    session.commit()
    return organisation
