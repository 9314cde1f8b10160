"""The reviewers' queue as a domain function: submitted revisions only, of the reader's own
organisation, oldest submission first, with the approvals of this submission and whether the
reader wrote it or approved it already."""

from sqlmodel import Session

from app.review.decisions import request_changes
from app.review.queue import review_queue
from tests.factories import require_approvals
from tests.unit.helpers import (
    COMPLETE,
    People,
    approve_revision,
    approved_assessment,
    fill,
    new_assessment,
    save,
    submit,
    view_of,
)


def test_the_queue_holds_submitted_revisions_oldest_first(session: Session, who: People) -> None:
    first = new_assessment(session, who.editor, title="Eerste")
    second = new_assessment(session, who.editor, title="Tweede")
    fill(session, who.editor, second, COMPLETE)
    save(session, who.reviewer, second, "1.6", "Jaarlijks")
    submit(session, who.editor, second)
    fill(session, who.editor, first, COMPLETE)
    submit(session, who.editor, first)
    new_assessment(session, who.editor, title="Concept")
    approved_assessment(session, who)
    elders = new_assessment(session, who.outsider, title="Elders")
    fill(session, who.outsider, elders, COMPLETE)
    submit(session, who.outsider, elders)

    items = review_queue(session, who.reviewer)
    assert [(i.assessment.title, i.revision.number) for i in items] == [
        ("Tweede", 1),
        ("Eerste", 1),
    ]
    assert [(i.approvals, i.approved_by_me, i.my_own_work) for i in items] == [
        (0, False, True),  # the reviewer saved an answer of "Tweede"
        (0, False, False),
    ]
    assert [i.my_own_work for i in review_queue(session, who.editor)] == [True, True]
    assert [i.assessment.title for i in review_queue(session, who.outsider)] == ["Elders"]


def test_the_queue_counts_the_approvals_of_this_submission(session: Session, who: People) -> None:
    require_approvals(session, 2)
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.editor, assessment)
    approve_revision(session, who.reviewer, assessment)

    [mine] = review_queue(session, who.reviewer)
    assert (mine.approvals, mine.approved_by_me, mine.my_own_work) == (1, True, False)
    [theirs] = review_queue(session, who.reviewer2)
    assert (theirs.approvals, theirs.approved_by_me) == (1, False)

    # Sent back and submitted again: the earlier approval no longer counts.
    request_changes(
        session, who.reviewer2, view_of(session, who.reviewer2, assessment), comment="1.6 graag"
    )
    assert review_queue(session, who.reviewer) == []
    save(session, who.editor, assessment, "1.6", "Jaarlijks")
    submit(session, who.editor, assessment)
    [again] = review_queue(session, who.reviewer)
    assert (again.approvals, again.approved_by_me) == (0, False)

    approve_revision(session, who.reviewer, assessment)
    approve_revision(session, who.reviewer2, assessment)
    assert review_queue(session, who.reviewer) == []
