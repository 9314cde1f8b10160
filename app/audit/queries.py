"""Reading the audit trail back: newest first, filtered, a page at a time."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from app.i18n import _
from app.models import AuditEvent

PAGE_SIZE = 50


def action_labels() -> dict[str, str]:
    """Every action the app records, as a person reads it (in the request's language)."""
    return {
        "assessment.created": _("Assessment created"),
        "answer.saved": _("Answer saved"),
        "revision.submitted": _("Submitted for review"),
        "revision.approval_given": _("Approval given"),
        "revision.approved": _("Approved and sealed"),
        "revision.changes_requested": _("Changes requested"),
        "revision.opened": _("New revision started"),
        "answer.discarded": _("Answer no longer asked discarded"),
        "comment.added": _("Comment added"),
        "comment.resolved": _("Comment resolved"),
        "member.added": _("Person added"),
        "member.role_changed": _("Role changed"),
        "member.role_kept": _("Role kept: last admin"),
        "member.deactivated": _("Account deactivated"),
        "member.reactivated": _("Account reactivated"),
        "member.removed": _("Removed from the organisation"),
        "organisation.settings_changed": _("Settings changed"),
        "questionnaire.forked": _("Questionnaire forked"),
        "questionnaire.edited": _("Questionnaire draft edited"),
        "questionnaire.published": _("Questionnaire published"),
        "questionnaire.version_started": _("New questionnaire version started"),
        "questionnaire.imported": _("Questionnaire imported"),
    }


@dataclass(frozen=True)
class AuditFilter:
    assessment_id: int | None = None
    action: str | None = None
    actor_id: int | None = None
    since: date | None = None
    until: date | None = None


def events_page(
    session: Session,
    organisation_id: int,
    wanted: AuditFilter,
    *,
    before_seq: int | None = None,
    limit: int = PAGE_SIZE,
) -> Sequence[AuditEvent]:
    """At most `limit` events, newest first, older than `before_seq` when given."""
    query = select(AuditEvent).where(AuditEvent.organisation_id == organisation_id)
    if wanted.assessment_id is not None:
        query = query.where(AuditEvent.assessment_id == wanted.assessment_id)
    if wanted.action:
        query = query.where(AuditEvent.action == wanted.action)
    if wanted.actor_id is not None:
        query = query.where(AuditEvent.actor_id == wanted.actor_id)
    if wanted.since is not None:
        start = datetime.combine(wanted.since, time.min, tzinfo=UTC)
        query = query.where(col(AuditEvent.occurred_at) >= start)
    if wanted.until is not None:
        end = datetime.combine(wanted.until + timedelta(days=1), time.min, tzinfo=UTC)
        query = query.where(col(AuditEvent.occurred_at) < end)
    if before_seq is not None:
        query = query.where(col(AuditEvent.seq) < before_seq)
    return session.exec(query.order_by(col(AuditEvent.seq).desc()).limit(limit)).all()
