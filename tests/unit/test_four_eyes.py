"""Four eyes: a reviewer never approves a revision they opened, edited or submitted; someone
who only reviewed it may."""

import pytest
from sqlmodel import Session

from app.access import Actor
from app.assessments import service
from app.errors import PermissionDenied
from app.models import Assessment
from app.review.decisions import approve, request_changes
from app.review.four_eyes import authors_of, may_approve
from tests.unit.helpers import (
    COMPLETE,
    People,
    approve_revision,
    approved_assessment,
    fill,
    new_assessment,
    save,
    stored_revisions,
    submit,
    view_of,
)

FOUR_EYES = (
    "You edited, opened or submitted this revision, so someone else must approve it (four eyes)."
)


def state_of(session: Session, assessment: Assessment, number: int = 1) -> tuple[str, str | None]:
    revision = stored_revisions(session, assessment)[number - 1]
    return revision.state, revision.content_hash


def refused(session: Session, reviewer: Actor, assessment: Assessment, number: int = 1) -> None:
    with pytest.raises(PermissionDenied) as raised:
        approve_revision(session, reviewer, assessment, number)
    assert raised.value.message == FOUR_EYES
    assert state_of(session, assessment, number) == ("submitted", None)


def test_a_reviewer_who_saved_an_answer_may_not_approve(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    save(session, who.reviewer, assessment, "1.6", "Jaarlijks, door de FG")
    submit(session, who.editor, assessment)
    refused(session, who.reviewer, assessment)
    approve_revision(session, who.reviewer2, assessment)
    assert state_of(session, assessment)[0] == "approved"


def test_a_reviewer_who_cleared_an_answer_may_not_approve(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, {**COMPLETE, "1.6": "Jaarlijks"})
    save(session, who.reviewer, assessment, "1.6", "")
    submit(session, who.editor, assessment)
    refused(session, who.reviewer, assessment)


def test_a_reviewer_who_opened_the_assessment_may_not_approve_revision_1(
    session: Session, who: People
) -> None:
    assessment = new_assessment(session, who.reviewer)
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.editor, assessment)
    refused(session, who.reviewer, assessment)


def test_a_reviewer_who_opened_a_new_draft_may_not_approve_it(
    session: Session, who: People
) -> None:
    assessment = approved_assessment(session, who)
    service.open_draft(session, who.reviewer2, assessment, reason="Incident gemeld")
    save(session, who.editor, assessment, "1.1", "Herkent ook graffiti.", 2)
    submit(session, who.editor, assessment, 2)
    refused(session, who.reviewer2, assessment, 2)
    # The reviewer of revision 1 did not touch revision 2.
    approve_revision(session, who.reviewer, assessment, 2)
    assert state_of(session, assessment, 2)[0] == "approved"


def test_a_reviewer_who_submitted_may_not_approve(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.reviewer, assessment)
    refused(session, who.reviewer, assessment)


def test_a_reviewer_who_only_sent_it_back_may_approve_the_next_round(
    session: Session, who: People
) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.editor, assessment)
    request_changes(
        session, who.reviewer, view_of(session, who.reviewer, assessment), comment="Vul 1.6 in"
    )
    save(session, who.editor, assessment, "1.6", "Jaarlijks")
    submit(session, who.editor, assessment)
    approve(session, who.reviewer, view_of(session, who.reviewer, assessment))
    assert state_of(session, assessment)[0] == "approved"


def test_having_edited_once_counts_even_after_a_round_of_changes(
    session: Session, who: People
) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    save(session, who.reviewer, assessment, "1.6", "Mijn eigen tekst")
    submit(session, who.editor, assessment)
    request_changes(
        session, who.reviewer2, view_of(session, who.reviewer2, assessment), comment="Korter"
    )
    save(session, who.editor, assessment, "1.6", "Jaarlijks")
    submit(session, who.editor, assessment)
    refused(session, who.reviewer, assessment)


def test_authors_are_the_opener_and_everyone_who_saved_or_submitted(
    session: Session, who: People
) -> None:
    assessment = new_assessment(session, who.editor)
    save(session, who.editor2, assessment, "1.1", "Tekst")
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.reviewer2, assessment)
    revision = view_of(session, who.viewer, assessment).revision
    assert authors_of(session, revision) == {
        who.editor.user_id,
        who.editor2.user_id,
        who.reviewer2.user_id,
    }
    assert not may_approve(session, revision, who.reviewer2.user_id)
    assert may_approve(session, revision, who.reviewer.user_id)
