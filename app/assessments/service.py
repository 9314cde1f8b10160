"""Assessments and their revisions: create, find (always within the actor's organisation),
open a new draft from the last approved revision, submit for review."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from app.access import Actor
from app.assessments.carrying import CarryPlan, carry_answers
from app.assessments.hashing import revision_content_hash
from app.assessments.lifecycle import describe, require_state, transition
from app.audit.chain import record
from app.errors import InvalidInput, NotFound, StateConflict
from app.i18n import _, ngettext
from app.models import (
    Answer,
    Assessment,
    LifecyclePhase,
    QuestionnaireSet,
    Revision,
    RevisionState,
    Role,
    utcnow,
)
from app.questionnaire.model import Question, Questionnaire
from app.questionnaire.store import find_set, parse_ref, questionnaire_of
from app.questionnaire.visibility import missing_required
from app.review.four_eyes import record_author

MAX_TITLE = 200
MAX_DESCRIPTION = 10_000
MAX_REASON = 5_000


@dataclass(frozen=True)
class StoredAnswer:
    """What pages and saves need of a stored answer: its value and the version it is at."""

    value: Any
    version: int


@dataclass(frozen=True)
class RevisionView:
    """A revision with what a page needs about it: its questionnaire and its answers."""

    assessment: Assessment
    revision: Revision
    questionnaire_set: QuestionnaireSet
    questionnaire: Questionnaire
    answers: dict[str, StoredAnswer]
    # The questionnaire set the parent revision followed (None for revision 1).
    parent_questionnaire_id: int | None = None

    @property
    def upgraded(self) -> bool:
        """This revision follows another set than its parent did."""
        return self.parent_questionnaire_id not in (None, self.revision.questionnaire_id)

    @property
    def values(self) -> dict[str, Any]:
        return {key: answer.value for key, answer in self.answers.items()}

    def question(self, key: str) -> Question:
        """The question of this revision's set with this key; NotFound for any other key."""
        question = self.questionnaire.by_key.get(key)
        if question is None:
            raise NotFound(
                _("Questionnaire %(set)s has no question %(key)s.")
                % {"set": self.questionnaire.ref, "key": repr(key)}
            )
        return question

    @property
    def content_hash(self) -> str:
        """The hash the revision's content has now (the one approval seals, if unchanged)."""
        return revision_content_hash(
            number=self.revision.number,
            questionnaire_ref=self.questionnaire_set.ref,
            questionnaire_hash=self.questionnaire_set.content_hash,
            answers=self.values,
            parent_hash=self.revision.parent_hash,
        )


def _clean_text(value: str, field: str, limit: int, *, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise InvalidInput(_("%(field)s is required.") % {"field": field})
    if len(value) > limit:
        raise InvalidInput(
            _("%(field)s is %(length)d characters long; the limit is %(limit)d.")
            % {"field": field, "length": len(value), "limit": limit}
        )
    return value


def create_assessment(
    session: Session,
    actor: Actor,
    *,
    title: str,
    questionnaire_ref: str,
    description: str = "",
    lifecycle_phase: str = LifecyclePhase.IDEA,
) -> tuple[Assessment, Revision]:
    """A new assessment of an AI system; revision 1 opens as a draft."""
    actor.require(Role.EDITOR)
    title = _clean_text(title, _("Title"), MAX_TITLE, required=True)
    description = _clean_text(description, _("Description"), MAX_DESCRIPTION, required=False)
    if lifecycle_phase not in set(LifecyclePhase):
        phases = ", ".join(LifecyclePhase)
        raise InvalidInput(
            _("Unknown lifecycle phase %(phase)s; use one of: %(phases)s.")
            % {"phase": repr(lifecycle_phase), "phases": phases}
        )
    parsed = parse_ref(questionnaire_ref)
    stored = find_set(session, *parsed, organisation_id=actor.organisation_id) if parsed else None
    if stored is None:
        raise InvalidInput(
            _(
                "Unknown questionnaire %(ref)s; name one as KEY@VERSION, "
                "for example ai-act-fria@1.0."
            )
            % {"ref": repr(questionnaire_ref)}
        )
    if stored.is_draft:
        raise InvalidInput(
            _(
                "%(ref)s is a draft that may still change; an admin publishes it before "
                "assessments can follow it."
            )
            % {"ref": stored.ref}
        )
    assessment = Assessment(
        organisation_id=actor.organisation_id,
        title=title,
        description=description,
        lifecycle_phase=LifecyclePhase(lifecycle_phase),
        questionnaire_key=stored.key,
        created_by=actor.user_id,
    )
    session.add(assessment)
    session.flush()
    assert assessment.id is not None and stored.id is not None
    revision = Revision(
        assessment_id=assessment.id,
        number=1,
        questionnaire_id=stored.id,
        # Revision 1 needs no reason: the page says "first assessment" in the reader's language.
        reason="",
        created_by=actor.user_id,
    )
    session.add(revision)
    record(
        session,
        actor.organisation_id,
        actor.user_id,
        "assessment.created",
        assessment_id=assessment.id,
        revision_number=1,
        subject=title,
        detail={"questionnaire": stored.ref},
    )
    session.commit()
    return assessment, revision


def list_assessments(session: Session, actor: Actor) -> list[tuple[Assessment, Revision]]:
    """The organisation's assessments with their latest revision, newest first."""
    latest = (
        select(Revision.assessment_id, func.max(Revision.number).label("number"))
        .group_by(col(Revision.assessment_id))
        .subquery()
    )
    rows = session.exec(
        select(Assessment, Revision)
        .join(latest, col(latest.c.assessment_id) == Assessment.id)
        .join(
            Revision,
            (col(Revision.assessment_id) == Assessment.id)
            & (col(Revision.number) == latest.c.number),
        )
        .where(Assessment.organisation_id == actor.organisation_id)
        .order_by(col(Assessment.created_at).desc(), col(Assessment.id).desc())
    )
    return list(rows.all())


def get_assessment(session: Session, actor: Actor, assessment_id: int) -> Assessment:
    """Another organisation's assessment is indistinguishable from a missing one."""
    assessment = session.get(Assessment, assessment_id)
    if assessment is None or assessment.organisation_id != actor.organisation_id:
        raise NotFound(_("There is no assessment %(id)d.") % {"id": assessment_id})
    return assessment


def revisions_of(session: Session, assessment: Assessment) -> Sequence[Revision]:
    return session.exec(
        select(Revision)
        .where(Revision.assessment_id == assessment.id)
        .order_by(col(Revision.number))
    ).all()


def get_revision(session: Session, assessment: Assessment, number: int) -> Revision:
    revision = session.exec(
        select(Revision).where(Revision.assessment_id == assessment.id, Revision.number == number)
    ).first()
    if revision is None:
        raise NotFound(
            _("Assessment %(id)s has no revision %(n)d.") % {"id": assessment.id, "n": number}
        )
    return revision


def latest_revision(session: Session, assessment: Assessment) -> Revision:
    revision = session.exec(
        select(Revision)
        .where(Revision.assessment_id == assessment.id)
        .order_by(col(Revision.number).desc())
    ).first()
    assert revision is not None, "every assessment has revision 1"
    return revision


def answers_of(session: Session, revision: Revision) -> dict[str, Answer]:
    return {
        answer.question_key: answer
        for answer in session.exec(select(Answer).where(Answer.revision_id == revision.id))
    }


# Built once: every page and autosave runs these two, and building a statement cost about as
# much as running it.
_PARENT = aliased(Revision)
_REVISION_WITH_SET = (
    select(
        Assessment,
        Revision,
        QuestionnaireSet,
        # The set the parent followed: an upgrade's form shows what changed since.
        select(_PARENT.questionnaire_id)
        .where(_PARENT.id == Revision.parent_id)
        .scalar_subquery()
        .label("parent_questionnaire_id"),
    )
    .join(Revision, col(Revision.assessment_id) == Assessment.id)
    .join(QuestionnaireSet, col(QuestionnaireSet.id) == Revision.questionnaire_id)
    .where(
        Assessment.id == bindparam("assessment_id"),
        Assessment.organisation_id == bindparam("organisation_id"),
        Revision.number == bindparam("number"),
    )
)
# Plain columns, not Answer objects, run on the session's connection: building ORM objects for
# forty answers cost more than the rest of the query.
_STORED_ANSWERS = select(Answer.question_key, Answer.value, Answer.version).where(
    Answer.revision_id == bindparam("revision_id")
)


def stored_answers(session: Session, revision_id: int) -> dict[str, StoredAnswer]:
    rows = session.connection().execute(_STORED_ANSWERS, {"revision_id": revision_id})
    return {key: StoredAnswer(value, version) for key, value, version in rows}


def load_revision(session: Session, actor: Actor, assessment_id: int, number: int) -> RevisionView:
    """The revision, its assessment and questionnaire in one query, then its answers."""
    found = session.exec(
        _REVISION_WITH_SET,
        params={
            "assessment_id": assessment_id,
            "organisation_id": actor.organisation_id,
            "number": number,
        },
    ).first()
    if found is None:
        assessment = get_assessment(session, actor, assessment_id)  # NotFound: no such assessment
        get_revision(session, assessment, number)  # NotFound: it has no such revision
        raise AssertionError("a revision always has its questionnaire set")
    assessment, revision, stored, parent_questionnaire_id = found
    assert revision.id is not None
    return RevisionView(
        assessment=assessment,
        revision=revision,
        questionnaire_set=stored,
        questionnaire=questionnaire_of(stored),
        answers=stored_answers(session, revision.id),
        parent_questionnaire_id=parent_questionnaire_id,
    )


def submit_revision(session: Session, actor: Actor, view: RevisionView) -> Revision:
    """Send a draft for review; every required question that is asked must be answered."""
    actor.require(Role.EDITOR)
    require_state(view.revision, RevisionState.DRAFT, _("submitted"))
    missing = missing_required(view.questionnaire, view.values)
    if missing:
        keys = ", ".join(q.key for q in missing[:10]) + ("…" if len(missing) > 10 else "")
        raise InvalidInput(
            ngettext(
                "%(count)d required question still needs an answer: %(keys)s.",
                "%(count)d required questions still need an answer: %(keys)s.",
                len(missing),
            )
            % {"count": len(missing), "keys": keys},
            problems=[{"question": q.key, "message": "required"} for q in missing],
        )
    transition(session, view.revision, "submit", submitted_by=actor.user_id, submitted_at=utcnow())
    assert view.revision.id is not None
    record_author(session, view.revision.id, actor.user_id)
    record(
        session,
        actor.organisation_id,
        actor.user_id,
        "revision.submitted",
        assessment_id=view.assessment.id,
        revision_number=view.revision.number,
        after_hash=view.content_hash,
    )
    session.commit()
    return view.revision


def open_draft(session: Session, actor: Actor, assessment: Assessment, *, reason: str) -> Revision:
    """Start a new revision because the system changed: a copy of the last approved answers."""
    draft, _plan = open_draft_on(session, actor, assessment, reason=reason)
    return draft


def open_draft_on(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    *,
    reason: str,
    target: QuestionnaireSet | None = None,
) -> tuple[Revision, CarryPlan]:
    """A new draft from the last approved revision, on its questionnaire or on `target` (an
    upgrade): answers carried by key and `renamed_from`; answers to questions the target no
    longer asks stay visible in this draft only."""
    actor.require(Role.EDITOR)
    reason = _clean_text(
        reason, _("The reason (what changed in the system)"), MAX_REASON, required=True
    )
    latest = latest_revision(session, assessment)
    if latest.state in (RevisionState.DRAFT, RevisionState.SUBMITTED):
        raise StateConflict(
            _(
                "%(state)s; finish it before starting a new revision "
                "(only one revision is open at a time)."
            )
            % {"state": describe(latest)}
        )
    approved = session.exec(
        select(Revision)
        .where(Revision.assessment_id == assessment.id, Revision.state == RevisionState.APPROVED)
        .order_by(col(Revision.number).desc())
    ).first()
    assert approved is not None and approved.id is not None, "a closed revision was approved"
    assert assessment.id is not None
    before = session.get(QuestionnaireSet, approved.questionnaire_id)
    after = target or before
    assert before is not None and after is not None and after.id is not None
    rows = answers_of(session, approved)
    plan = carry_answers(
        questionnaire_of(before),
        questionnaire_of(after),
        {key: answer.value for key, answer in rows.items()},
    )
    draft = Revision(
        assessment_id=assessment.id,
        number=latest.number + 1,
        parent_id=approved.id,
        questionnaire_id=after.id,
        reason=reason,
        created_by=actor.user_id,
        parent_hash=approved.content_hash,
    )
    session.add(draft)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise StateConflict(_("Someone else started a new revision meanwhile.")) from None
    assert draft.id is not None
    record_author(session, draft.id, actor.user_id)
    now = utcnow()
    upgrading = after.id != before.id
    # Answers to questions the new set no longer asks stay visible in an upgrade's draft; on
    # the same set, those an earlier upgrade kept are not carried on.
    carried = plan.answers if upgrading else plan.carried
    session.add_all(
        Answer(
            revision_id=draft.id,
            question_key=key,
            value=value,
            version=1,
            updated_by=rows[plan.renamed.get(key, key)].updated_by,
            updated_at=now,
        )
        for key, value in carried.items()
    )
    detail: dict[str, Any] = {"from_revision": approved.number}
    if upgrading:
        assessment.questionnaire_key = after.key
        session.add(assessment)
        detail |= {
            "questionnaire_from": before.ref,
            "questionnaire_to": after.ref,
            "no_longer_asked": sorted(plan.no_longer_asked),
            "not_carried": [n.old_key for n in plan.not_carried],
        }
    record(
        session,
        actor.organisation_id,
        actor.user_id,
        "revision.opened",
        assessment_id=assessment.id,
        revision_number=draft.number,
        subject=reason,
        before_hash=approved.content_hash,
        detail=detail,
    )
    session.commit()
    return draft, plan
