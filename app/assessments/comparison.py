"""Load two revisions of one assessment and compare them (the pure diff does the comparing)."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlmodel import Session

from app.access import Actor
from app.assessments.service import RevisionView, StoredAnswer, load_revision
from app.diff import revisions as revision_diff
from app.questionnaire.compare import QuestionnaireComparison, compare_questionnaires
from app.questionnaire.model import Questionnaire, QuestionType


@dataclass(frozen=True)
class Comparison:
    old: RevisionView
    new: RevisionView
    diffs: list[revision_diff.QuestionDiff]
    # When the two revisions follow different sets (an upgrade): what the questionnaire changed.
    questionnaire: QuestionnaireComparison | None = None

    def count(self, status: str) -> int:
        return sum(1 for d in self.diffs if d.status == status)


def _text_keys(*views: RevisionView) -> set[str]:
    return {q.key for v in views for q in v.questionnaire.questions if q.type == QuestionType.TEXT}


def compare_with_snapshot(
    view: RevisionView, snapshot: Mapping[str, Any], *, changes_only: bool = True
) -> Comparison:
    """The revision now against its answers as they were at an earlier moment (a review)."""
    before = replace(view, answers={key: StoredAnswer(value, 0) for key, value in snapshot.items()})
    keys = [q.key for q in view.questionnaire.questions if q.takes_answer]
    diffs = revision_diff.diff_revisions(
        keys, before.values, view.values, text_keys=_text_keys(view)
    )
    if changes_only:
        diffs = revision_diff.changes_only(diffs)
    return Comparison(old=before, new=view, diffs=diffs)


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
    before = _under_new_names(new.questionnaire, old.values)
    keys = [q.key for q in new.questionnaire.questions if q.takes_answer]
    keys += [
        q.key
        for q in old.questionnaire.questions
        if q.takes_answer and q.key not in new.questionnaire.by_key and q.key in before
    ]
    diffs = revision_diff.diff_revisions(keys, before, new.values, text_keys=_text_keys(old, new))
    if changes_only:
        diffs = revision_diff.changes_only(diffs)
    changed_set = (
        compare_questionnaires(old.questionnaire, new.questionnaire)
        if old.questionnaire.ref != new.questionnaire.ref
        else None
    )
    return Comparison(old=old, new=new, diffs=diffs, questionnaire=changed_set)


def _under_new_names(questionnaire: Questionnaire, values: Mapping[str, Any]) -> dict[str, Any]:
    """An earlier revision's answers keyed as `questionnaire` names their questions, so a renamed
    question is compared with itself rather than shown as removed and added."""
    renamed = dict(values)
    for question in questionnaire.questions:
        for old_key in question.renamed_from:
            if old_key in renamed and question.key not in renamed:
                renamed[question.key] = renamed.pop(old_key)
    return renamed
