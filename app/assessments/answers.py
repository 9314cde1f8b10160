"""Saving one answer of a draft, with optimistic concurrency: a save names the version it
started from, and a stale one is refused with the other person's answer, never overwritten."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, DateTime, bindparam, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, col, select

from app.access import Actor
from app.assessments.lifecycle import describe
from app.assessments.service import RevisionView, load_revision
from app.audit.chain import record, value_hash
from app.errors import DomainError, InvalidInput, StateConflict
from app.i18n import _
from app.models import Answer, RevisionState, Role, utcnow
from app.questionnaire.model import Question
from app.questionnaire.values import AnswerValueError, check_value
from app.review.four_eyes import record_author


class StaleAnswer(DomainError):
    """Someone saved this answer after the version the user started from."""

    status_code = 409

    def __init__(self, current: Answer | None) -> None:
        super().__init__(
            _(
                "Someone else saved this answer after you opened it; "
                "compare both versions and choose or merge."
            )
        )
        self.current = current


@dataclass(frozen=True)
class SavedAnswer:
    question_key: str
    value: Any
    version: int


def answerable(view: RevisionView, question_key: str) -> Question:
    """The question `question_key` names in this revision's set; an answer kept from a question
    an earlier version asked is read-only (409), an unknown key is 404."""
    if question_key in view.answers and question_key not in view.questionnaire.by_key:
        raise StateConflict(
            _(
                "%(key)s answers a question this version of the questionnaire no longer asks; "
                "it is kept for reference and cannot change."
            )
            % {"key": question_key}
        )
    return view.question(question_key)


def save_answer(
    session: Session,
    actor: Actor,
    view: RevisionView,
    *,
    question_key: str,
    value: Any,
    version: int,
) -> SavedAnswer:
    actor.require(Role.EDITOR)
    question = answerable(view, question_key)
    if view.revision.state != RevisionState.DRAFT:
        raise StateConflict(
            _("%(state)s; its answers cannot be changed.") % {"state": describe(view.revision)}
        )
    try:
        value = check_value(question, value)
    except AnswerValueError as exc:
        raise InvalidInput(str(exc), [{"question": question_key, "message": str(exc)}]) from None
    if version < 0:
        raise InvalidInput(_("The version must be 0 (a new answer) or the version you edited."))
    revision_id = view.revision.id
    assert revision_id is not None
    current = view.answers.get(question_key)
    stored_version = current.version if current else 0
    if version == stored_version and (current.value if current else None) == value:
        # Nothing changed (a blur after an autosave): no new version, nobody else overwritten.
        return SavedAnswer(question_key=question_key, value=value, version=version)
    try:
        new_version = (
            _insert(session, actor, revision_id, question_key, value)
            if version == 0
            else _update(session, actor, revision_id, question_key, value, version)
        )
        if new_version is not None:
            record_author(session, revision_id, actor.user_id)
            record(
                session,
                actor.organisation_id,
                actor.user_id,
                "answer.saved",
                assessment_id=view.assessment.id,
                revision_number=view.revision.number,
                subject=question_key,
                before_hash=value_hash(current.value if current else None),
                after_hash=value_hash(value),
                detail={"version": new_version},
            )
        session.commit()
    except DBAPIError as exc:
        session.rollback()
        if "cannot change" in str(exc.orig):
            # The database's own guard: the revision left draft after this form was loaded.
            raise StateConflict(
                _("This revision is no longer a draft; reload to see it.")
            ) from None
        if not isinstance(exc, IntegrityError):
            raise
        # Two first saves of the same question raced; the loser is stale like any other.
        new_version = None
    if new_version is None:
        raise StaleAnswer(_current(session, revision_id, question_key))
    return SavedAnswer(question_key=question_key, value=value, version=new_version)


def save_answers(
    session: Session, actor: Actor, assessment_id: int, number: int, values: Mapping[str, Any]
) -> None:
    """Save several answers, each on top of the version stored now (the demo and scripts)."""
    view = load_revision(session, actor, assessment_id, number)
    for key, value in values.items():
        current = view.answers.get(key)
        save_answer(
            session,
            actor,
            view,
            question_key=key,
            value=value,
            version=current.version if current else 0,
        )


def _insert(session: Session, actor: Actor, revision_id: int, question_key: str, value: Any) -> int:
    session.add(
        Answer(
            revision_id=revision_id,
            question_key=question_key,
            value=value,
            version=1,
            updated_by=actor.user_id,
        )
    )
    session.flush()
    return 1


# Built once, with bound parameters: building the statement on every save cost more than
# running it. The caller keeps no answers in this session worth refreshing.
_UPDATE_ANSWER = (
    update(Answer)
    .where(
        col(Answer.revision_id) == bindparam("of_revision"),
        col(Answer.question_key) == bindparam("of_question"),
        col(Answer.version) == bindparam("seen_version"),
    )
    .values(
        value=bindparam("new_value", type_=JSON()),
        version=bindparam("new_version"),
        updated_by=bindparam("saved_by"),
        updated_at=bindparam("saved_at", type_=DateTime(timezone=True)),
    )
    .execution_options(synchronize_session=False)
)


def _update(
    session: Session, actor: Actor, revision_id: int, question_key: str, value: Any, version: int
) -> int | None:
    result = session.exec(
        _UPDATE_ANSWER,
        params={
            "of_revision": revision_id,
            "of_question": question_key,
            "seen_version": version,
            "new_value": value,
            "new_version": version + 1,
            "saved_by": actor.user_id,
            "saved_at": utcnow(),
        },
    )
    return version + 1 if result.rowcount == 1 else None


def _current(session: Session, revision_id: int, question_key: str) -> Answer | None:
    """The answer as stored now, not as this session last saw it."""
    return session.exec(
        select(Answer)
        .where(Answer.revision_id == revision_id, Answer.question_key == question_key)
        .execution_options(populate_existing=True)
    ).first()
