"""The revision lifecycle through the services, on a real database: create, submit, approve
(sealing and chaining), request changes, open a new draft; roles and organisations."""

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.assessments import service
from app.assessments.hashing import revision_content_hash
from app.assessments.service import RevisionView
from app.errors import InvalidInput, NotFound, PermissionDenied, StateConflict
from app.models import Assessment, Comment, CommentKind
from app.review.decisions import approve, request_changes
from tests.unit.helpers import (
    COMPLETE,
    SMALL_REF,
    People,
    approve_revision,
    approved_assessment,
    fill,
    new_assessment,
    save,
    stored_answers,
    stored_revisions,
    submit,
    view_of,
)


def expected_hash(session: Session, view: RevisionView) -> str:
    """The seal recomputed from what is stored, as an auditor would."""
    return revision_content_hash(
        number=view.revision.number,
        questionnaire_ref=view.questionnaire_set.ref,
        questionnaire_hash=view.questionnaire_set.content_hash,
        answers=stored_answers(session, view.revision),
        parent_hash=view.revision.parent_hash,
    )


# --- creating --------------------------------------------------------------------------------


def test_create_assessment_opens_revision_1_as_a_draft(session: Session, who: People) -> None:
    assessment, revision = service.create_assessment(
        session,
        who.editor,
        title="  Zwerfafvalherkenning  ",
        description="Camera's op veegwagens",
        questionnaire_ref=SMALL_REF,
    )
    assert assessment.title == "Zwerfafvalherkenning"
    assert assessment.organisation_id == who.editor.organisation_id
    assert assessment.questionnaire_key == "klein"
    [stored] = stored_revisions(session, assessment)
    assert stored.id == revision.id
    assert (stored.number, stored.state, stored.reason) == (1, "draft", "")
    assert stored.created_by == who.editor.user_id
    assert (stored.content_hash, stored.parent_hash, stored.parent_id) == (None, None, None)
    assert stored_answers(session, stored) == {}


def test_create_assessment_refuses_an_unknown_questionnaire(session: Session, who: People) -> None:
    with pytest.raises(InvalidInput) as raised:
        service.create_assessment(session, who.editor, title="X", questionnaire_ref="iama@9.9")
    assert raised.value.message == (
        "Unknown questionnaire 'iama@9.9'; name one as KEY@VERSION, for example ai-act-fria@1.0."
    )
    assert session.exec(select(Assessment)).all() == []


def test_create_assessment_needs_a_title(session: Session, who: People) -> None:
    with pytest.raises(InvalidInput, match="Title is required"):
        service.create_assessment(session, who.editor, title="   ", questionnaire_ref=SMALL_REF)


# --- submitting ------------------------------------------------------------------------------


def test_submit_refuses_and_lists_the_missing_required_answers(
    session: Session, who: People
) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, {"1.1": "Herkent zwerfafval.", "1.2": True})
    with pytest.raises(InvalidInput) as raised:
        submit(session, who.editor, assessment)
    # 1.3 is asked because 1.2 is yes; 1.5, 2.2 and the rest are not asked.
    assert raised.value.message == "3 required questions still need an answer: 1.3, 1.4, 2.1."
    assert [p["question"] for p in raised.value.problems] == ["1.3", "1.4", "2.1"]
    [stored] = stored_revisions(session, assessment)
    assert (stored.state, stored.submitted_by) == ("draft", None)


def test_submit_says_one_question_in_the_singular(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, {k: v for k, v in COMPLETE.items() if k != "2.1"})
    with pytest.raises(InvalidInput) as raised:
        submit(session, who.editor, assessment)
    assert raised.value.message == "1 required question still needs an answer: 2.1."


def test_submit_works_when_every_asked_required_question_is_answered(
    session: Session, who: People
) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.editor2, assessment)
    [stored] = stored_revisions(session, assessment)
    assert stored.state == "submitted"
    assert stored.submitted_by == who.editor2.user_id
    assert stored.submitted_at is not None
    assert stored.content_hash is None


def test_a_submitted_revision_cannot_be_submitted_again(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.editor, assessment)
    with pytest.raises(StateConflict, match="Revision 1 is submitted for review"):
        submit(session, who.editor, assessment)


# --- approving -------------------------------------------------------------------------------


def test_only_a_reviewer_approves(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.editor, assessment)
    for actor in (who.editor2, who.viewer):
        with pytest.raises(PermissionDenied, match="needs the role reviewer or higher"):
            approve(session, actor, view_of(session, actor, assessment))
    [stored] = stored_revisions(session, assessment)
    assert (stored.state, stored.approved_by, stored.content_hash) == ("submitted", None, None)


def test_a_draft_cannot_be_approved(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    with pytest.raises(StateConflict) as raised:
        approve_revision(session, who.reviewer, assessment)
    assert raised.value.message == (
        "Revision 1 is a draft; only a submitted revision can be approved."
    )
    assert stored_revisions(session, assessment)[0].state == "draft"


def test_approval_seals_the_revision_with_the_hash_of_its_answers(
    session: Session, who: People
) -> None:
    assessment = approved_assessment(session, who)
    [stored] = stored_revisions(session, assessment)
    assert stored.state == "approved"
    assert stored.approved_by == who.reviewer.user_id
    assert stored.approved_at is not None
    assert stored.parent_hash is None
    assert stored.content_hash == expected_hash(session, view_of(session, who.viewer, assessment))


def test_a_sealed_revision_refuses_new_answers(session: Session, who: People) -> None:
    assessment = approved_assessment(session, who)
    with pytest.raises(StateConflict) as raised:
        save(session, who.editor, assessment, "1.1", "Een late wijziging")
    assert raised.value.message == (
        "Revision 1 is approved and sealed; its answers cannot be changed."
    )
    assert stored_answers(session, stored_revisions(session, assessment)[0]) == COMPLETE


def test_three_revisions_form_a_hash_chain(session: Session, who: People) -> None:
    assessment = approved_assessment(session, who)
    changes = {2: ("1.1", "Herkent zwerfafval en graffiti."), 3: ("1.4", "fixed")}
    for number, (key, value) in changes.items():
        service.open_draft(session, who.editor, assessment, reason=f"Wijziging {number}")
        save(session, who.editor, assessment, key, value, number)
        if key == "1.4":
            save(session, who.editor, assessment, "1.5", "2027-06-30", number)
        submit(session, who.editor, assessment, number)
        approve_revision(session, who.reviewer, assessment, number)

    first, second, third = stored_revisions(session, assessment)
    assert [r.state for r in (first, second, third)] == ["superseded", "superseded", "approved"]
    assert first.parent_hash is None
    assert (second.parent_id, second.parent_hash) == (first.id, first.content_hash)
    assert (third.parent_id, third.parent_hash) == (second.id, second.content_hash)
    assert len({first.content_hash, second.content_hash, third.content_hash}) == 3
    for number in (1, 2, 3):
        view = view_of(session, who.viewer, assessment, number)
        assert view.revision.content_hash == expected_hash(session, view)
    assert stored_answers(session, third) == {
        **COMPLETE,
        "1.1": "Herkent zwerfafval en graffiti.",
        "1.4": "fixed",
        "1.5": "2027-06-30",
    }


def test_approval_supersedes_the_previously_approved_revision(
    session: Session, who: People
) -> None:
    assessment = approved_assessment(session, who)
    first_hash = stored_revisions(session, assessment)[0].content_hash
    service.open_draft(session, who.editor, assessment, reason="Nieuwe camera's")
    submit(session, who.editor, assessment, 2)
    assert [r.state for r in stored_revisions(session, assessment)] == ["approved", "submitted"]
    approve_revision(session, who.reviewer, assessment, 2)
    first, second = stored_revisions(session, assessment)
    assert (first.state, second.state) == ("superseded", "approved")
    assert first.content_hash == first_hash  # superseding keeps the seal


def test_approval_refuses_a_revision_that_was_resubmitted_meanwhile(
    session: Session, engine: Engine, who: People
) -> None:
    """The approving request has loaded the submitted revision; before it writes, another
    reviewer sends it back and the editor changes and resubmits it. The state is "submitted"
    again, but the answers are not the ones loaded: sealing them would approve content nobody
    reviewed, under a hash that does not match the stored answers."""
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.editor, assessment)
    with Session(engine, expire_on_commit=False) as approving:
        seen = view_of(approving, who.reviewer, assessment)

        other = view_of(session, who.reviewer2, assessment)
        request_changes(session, who.reviewer2, other, comment="Noem ook graffiti.")
        save(session, who.editor, assessment, "1.1", "Herkent zwerfafval en graffiti.")
        submit(session, who.editor, assessment)

        with pytest.raises(StateConflict):
            approve(approving, who.reviewer, seen)
    [stored] = stored_revisions(session, assessment)
    assert (stored.state, stored.content_hash) == ("submitted", None)


# --- requesting changes ----------------------------------------------------------------------


@pytest.mark.parametrize("comment", ["", "   \n "])
def test_request_changes_needs_a_comment(session: Session, who: People, comment: str) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.editor, assessment)
    with pytest.raises(InvalidInput) as raised:
        request_changes(
            session, who.reviewer, view_of(session, who.reviewer, assessment), comment=comment
        )
    assert raised.value.message == "Say what needs to change: the comment is required."
    assert stored_revisions(session, assessment)[0].state == "submitted"
    assert session.exec(select(Comment)).all() == []


def test_request_changes_returns_the_revision_to_draft_with_the_comment(
    session: Session, who: People
) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.editor, assessment)
    request_changes(
        session,
        who.reviewer,
        view_of(session, who.reviewer, assessment),
        comment="  Beschrijf ook de bewaartermijn van de beelden.  ",
    )
    [stored] = stored_revisions(session, assessment)
    assert (stored.state, stored.submitted_by, stored.submitted_at) == ("draft", None, None)
    [note] = session.exec(select(Comment)).all()
    assert note.revision_id == stored.id
    assert note.author_id == who.reviewer.user_id
    assert note.kind == CommentKind.CHANGE_REQUEST
    assert note.body == "Beschrijf ook de bewaartermijn van de beelden."
    # Back in draft, the editor can work on it again.
    assert save(session, who.editor, assessment, "1.6", "Na een jaar").version == 1


def test_only_a_reviewer_requests_changes(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.editor, assessment)
    with pytest.raises(PermissionDenied):
        request_changes(
            session, who.editor2, view_of(session, who.editor2, assessment), comment="Beter"
        )
    assert stored_revisions(session, assessment)[0].state == "submitted"


def test_a_draft_cannot_be_sent_back(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    with pytest.raises(StateConflict, match="Revision 1 is a draft"):
        request_changes(
            session, who.reviewer, view_of(session, who.reviewer, assessment), comment="Nee"
        )


# --- opening a new draft ---------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "  \t"])
def test_open_draft_needs_a_reason(session: Session, who: People, reason: str) -> None:
    assessment = approved_assessment(session, who)
    with pytest.raises(InvalidInput) as raised:
        service.open_draft(session, who.editor, assessment, reason=reason)
    assert raised.value.message == "The reason (what changed in the system) is required."
    assert len(stored_revisions(session, assessment)) == 1


def test_open_draft_copies_the_last_approved_answers(session: Session, who: People) -> None:
    assessment = approved_assessment(session, who)
    draft = service.open_draft(
        session, who.editor2, assessment, reason="  Het model is opnieuw getraind.  "
    )
    first, second = stored_revisions(session, assessment)
    assert second.id == draft.id
    assert (second.number, second.state) == (2, "draft")
    assert second.reason == "Het model is opnieuw getraind."
    assert second.created_by == who.editor2.user_id
    assert (second.parent_id, second.parent_hash) == (first.id, first.content_hash)
    assert second.questionnaire_id == first.questionnaire_id
    assert (second.content_hash, second.submitted_by, second.approved_by) == (None, None, None)
    assert stored_answers(session, second) == stored_answers(session, first) == COMPLETE
    copies = view_of(session, who.editor, assessment, 2).answers
    assert {answer.version for answer in copies.values()} == {1}
    assert first.state == "approved"  # still the one in force until the new one is approved


def test_the_copy_is_independent_of_the_sealed_original(session: Session, who: People) -> None:
    assessment = approved_assessment(session, who)
    service.open_draft(session, who.editor, assessment, reason="Uitbreiding naar graffiti")
    save(session, who.editor, assessment, "1.1", "Herkent ook graffiti.", 2)
    first, second = stored_revisions(session, assessment)
    assert stored_answers(session, first)["1.1"] == COMPLETE["1.1"]
    assert stored_answers(session, second)["1.1"] == "Herkent ook graffiti."


def test_open_draft_is_refused_while_revision_1_is_a_draft(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    with pytest.raises(StateConflict) as raised:
        service.open_draft(session, who.editor, assessment, reason="Nog een")
    assert raised.value.message == (
        "Revision 1 is a draft; finish it before starting a new revision "
        "(only one revision is open at a time)."
    )
    assert len(stored_revisions(session, assessment)) == 1


def test_open_draft_is_refused_while_a_revision_is_submitted(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.editor, assessment)
    with pytest.raises(StateConflict, match="Revision 1 is submitted for review; finish it"):
        service.open_draft(session, who.editor, assessment, reason="Nog een")
    assert len(stored_revisions(session, assessment)) == 1


def test_only_one_new_draft_is_open_at_a_time(session: Session, who: People) -> None:
    assessment = approved_assessment(session, who)
    service.open_draft(session, who.editor, assessment, reason="Pilot wordt productie")
    with pytest.raises(StateConflict, match="Revision 2 is a draft; finish it"):
        service.open_draft(session, who.editor2, assessment, reason="Incident")
    assert [r.state for r in stored_revisions(session, assessment)] == ["approved", "draft"]


# --- roles and organisations -----------------------------------------------------------------


def test_a_viewer_cannot_change_anything(session: Session, who: People) -> None:
    with pytest.raises(PermissionDenied) as raised:
        service.create_assessment(session, who.viewer, title="X", questionnaire_ref=SMALL_REF)
    assert raised.value.message == "This needs the role editor or higher; your role is viewer."
    assessment = approved_assessment(session, who)
    with pytest.raises(PermissionDenied):
        service.open_draft(session, who.viewer, assessment, reason="Ik kijk alleen")
    service.open_draft(session, who.editor, assessment, reason="Nieuwe versie")
    with pytest.raises(PermissionDenied):
        save(session, who.viewer, assessment, "1.1", "Ik kijk alleen", 2)
    with pytest.raises(PermissionDenied):
        submit(session, who.viewer, assessment, 2)
    assert [r.state for r in stored_revisions(session, assessment)] == ["approved", "draft"]
    assert stored_answers(session, stored_revisions(session, assessment)[1]) == COMPLETE
    assert len(session.exec(select(Assessment)).all()) == 1


def test_another_organisation_cannot_find_the_assessment(session: Session, who: People) -> None:
    assessment = approved_assessment(session, who)
    assert assessment.id is not None
    with pytest.raises(NotFound) as raised:
        service.load_revision(session, who.outsider, assessment.id, 1)
    # Exactly what a missing assessment says, so nobody learns that it exists.
    with pytest.raises(NotFound) as missing:
        service.get_assessment(session, who.outsider, assessment.id + 1000)
    assert raised.value.message == f"There is no assessment {assessment.id}."
    assert missing.value.message == f"There is no assessment {assessment.id + 1000}."
    with pytest.raises(NotFound):
        service.get_assessment(session, who.outsider, assessment.id)
    assert service.list_assessments(session, who.outsider) == []
    assert [a.id for a, _ in service.list_assessments(session, who.viewer)] == [assessment.id]
