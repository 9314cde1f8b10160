"""Load two revisions of one assessment and compare them (the pure diff does the comparing)."""

from dataclasses import dataclass

from sqlmodel import Session

from app.access import Actor
from app.assessments.service import RevisionView, load_revision
from app.diff import revisions as revision_diff
from app.questionnaire.model import QuestionType


@dataclass(frozen=True)
class Comparison:
    old: RevisionView
    new: RevisionView
    diffs: list[revision_diff.QuestionDiff]

    def count(self, status: str) -> int:
        return sum(1 for d in self.diffs if d.status == status)


def compare_revisions(
    session: Session,
    actor: Actor,
    assessment_id: int,
    old_number: int,
    new_number: int,
    *,
    changes_only: bool = False,
) -> Comparison:
    old = load_revision(session, actor, assessment_id, old_number)
    new = load_revision(session, actor, assessment_id, new_number)
    keys = [q.key for q in new.questionnaire.questions]
    keys += [q.key for q in old.questionnaire.questions if q.key not in new.questionnaire.by_key]
    text_keys = {
        q.key
        for q in (*old.questionnaire.questions, *new.questionnaire.questions)
        if q.type == QuestionType.TEXT
    }
    diffs = revision_diff.diff_revisions(keys, old.values, new.values, text_keys=text_keys)
    if changes_only:
        diffs = revision_diff.changes_only(diffs)
    return Comparison(old=old, new=new, diffs=diffs)
