"""All tables, imported here so that the metadata is complete for Alembic and the tests."""

from app.models.assessment import (
    Answer,
    Assessment,
    LifecyclePhase,
    Revision,
    RevisionContributor,
    RevisionState,
)
from app.models.audit import AuditChain, AuditEvent
from app.models.base import utcnow
from app.models.organisation import (
    ApiToken,
    LoginFailure,
    Membership,
    Organisation,
    Role,
    User,
)
from app.models.questionnaire import QuestionnaireSet, SetStatus
from app.models.review import Comment, CommentKind, Decision, DecisionKind

__all__ = [
    "Answer",
    "ApiToken",
    "Assessment",
    "AuditChain",
    "AuditEvent",
    "Comment",
    "CommentKind",
    "Decision",
    "DecisionKind",
    "LifecyclePhase",
    "LoginFailure",
    "Membership",
    "Organisation",
    "QuestionnaireSet",
    "Revision",
    "RevisionContributor",
    "RevisionState",
    "Role",
    "SetStatus",
    "User",
    "utcnow",
]
