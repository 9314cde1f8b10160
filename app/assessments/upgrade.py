"""Move an assessment to a newer version of its set, or to a fork of it: which sets qualify, and
the new draft on the chosen one."""

from sqlmodel import Session

from app.access import Actor
from app.assessments import service
from app.assessments.carrying import CarryPlan
from app.errors import InvalidInput
from app.i18n import _
from app.models import Assessment, QuestionnaireSet, Revision
from app.questionnaire.catalogue import version_order
from app.questionnaire.store import list_sets, questionnaire_of


def upgrade_targets(
    session: Session, actor: Actor, current: QuestionnaireSet
) -> list[QuestionnaireSet]:
    """Published sets an assessment on `current` may move to: a later version of the same key,
    or a fork (however far down) of it or of a later version."""
    ancestry = {current.ref}
    later: list[QuestionnaireSet] = []
    forks: list[QuestionnaireSet] = []
    candidates = list_sets(session, organisation_id=actor.organisation_id, published_only=True)
    for stored in candidates:
        if stored.key == current.key and version_order(stored.version) > version_order(
            current.version
        ):
            later.append(stored)
    ancestry |= {s.ref for s in later}
    for stored in candidates:
        if stored.key != current.key and ancestry & set(questionnaire_of(stored).lineage):
            forks.append(stored)
    later.sort(key=lambda s: version_order(s.version))
    forks.sort(key=lambda s: (s.key, version_order(s.version)))
    return later + forks


def current_set(session: Session, assessment: Assessment) -> QuestionnaireSet:
    """The set of the latest revision: the one an upgrade starts from."""
    latest = service.latest_revision(session, assessment)
    stored = session.get(QuestionnaireSet, latest.questionnaire_id)
    assert stored is not None
    return stored


def upgrade_assessment(
    session: Session, actor: Actor, assessment: Assessment, *, target_ref: str, reason: str
) -> tuple[Revision, CarryPlan]:
    """A new draft on `target_ref`, with the last approved answers carried over."""
    targets = {s.ref: s for s in upgrade_targets(session, actor, current_set(session, assessment))}
    target = targets.get(target_ref)
    if target is None:
        raise InvalidInput(
            _(
                "%(ref)s is not a later version or a fork of this assessment's questionnaire; "
                "choose one of: %(choices)s."
            )
            % {"ref": target_ref[:100], "choices": ", ".join(targets) or _("(none yet)")}
        )
    return service.open_draft_on(session, actor, assessment, reason=reason, target=target)


def open_revision_on(
    session: Session, actor: Actor, assessment: Assessment, *, reason: str, ref: str | None
) -> Revision:
    """A new revision on the current set, or (`ref` naming another set) an upgrade."""
    if ref is None or ref == current_set(session, assessment).ref:
        return service.open_draft(session, actor, assessment, reason=reason)
    draft, _plan = upgrade_assessment(session, actor, assessment, target_ref=ref, reason=reason)
    return draft
