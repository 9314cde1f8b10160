"""Check that history was not rewritten: each sealed revision's stored hash matches its answers,
and its parent hash is the hash of the revision it was copied from."""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from app.assessments.hashing import revision_content_hash
from app.models import Answer, Assessment, QuestionnaireSet, Revision, RevisionState


@dataclass(frozen=True)
class SealCheck:
    hash_matches: bool
    parent_matches: bool

    @property
    def ok(self) -> bool:
        return self.hash_matches and self.parent_matches


def broken_seals(session: Session) -> Iterator[str]:
    """Every sealed revision in the database whose hash or parent link does not hold, as a
    sentence naming the assessment and revision (for `levend verify`)."""
    for assessment in session.exec(select(Assessment).order_by(col(Assessment.id))):
        revisions = session.exec(
            select(Revision)
            .where(Revision.assessment_id == assessment.id)
            .order_by(col(Revision.number))
        ).all()
        for number, check in sorted(check_seals(session, revisions).items()):
            where = f"assessment {assessment.id} ({assessment.title}), revision {number}"
            if not check.hash_matches:
                yield f"{where}: the stored answers do not match its content hash"
            if not check.parent_matches:
                yield f"{where}: its parent hash is not the hash of the revision it came from"


def check_seals(session: Session, revisions: Sequence[Revision]) -> dict[int, SealCheck]:
    """One SealCheck per sealed revision, keyed by revision number (two queries in all)."""
    sealed = [r for r in revisions if RevisionState(r.state).is_sealed]
    if not sealed:
        return {}
    answers: dict[int, dict[str, Any]] = defaultdict(dict)
    # Plain columns, not ORM objects: this runs over every answer of every sealed revision.
    rows = session.exec(
        select(Answer.revision_id, Answer.question_key, Answer.value).where(
            col(Answer.revision_id).in_([r.id for r in sealed])
        )
    )
    for revision_id, question_key, value in rows:
        answers[revision_id][question_key] = value
    sets = {
        s.id: s
        for s in session.exec(
            select(QuestionnaireSet).where(
                col(QuestionnaireSet.id).in_({r.questionnaire_id for r in sealed})
            )
        )
    }
    hashes = {r.id: r.content_hash for r in revisions}
    checks: dict[int, SealCheck] = {}
    for revision in sealed:
        stored_set = sets[revision.questionnaire_id]
        expected = revision_content_hash(
            number=revision.number,
            questionnaire_ref=stored_set.ref,
            questionnaire_hash=stored_set.content_hash,
            answers=answers[revision.id or 0],
            parent_hash=revision.parent_hash,
        )
        parent_hash = hashes.get(revision.parent_id) if revision.parent_id else None
        checks[revision.number] = SealCheck(
            hash_matches=expected == revision.content_hash,
            parent_matches=parent_hash == revision.parent_hash,
        )
    return checks
