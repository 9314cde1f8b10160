"""A reviewer's decisions: each approval and each request for changes is kept with the content
hash the reviewer saw and the answers as they were; an answer set that changed since is refused;
an organisation may require two approvals by different reviewers before the seal."""

import pytest
from sqlmodel import Session, col, select

from app.access import Actor
from app.errors import InvalidInput, PermissionDenied, StateConflict
from app.models import Assessment, Comment, Decision, Role
from app.review.decisions import (
    approvals_of_this_submission,
    approve,
    decisions_on,
    last_review,
    request_changes,
)
from tests.factories import require_approvals
from tests.unit.helpers import (
    COMPLETE,
    People,
    events_of,
    fill,
    new_assessment,
    person,
    save,
    stored_revisions,
    submit,
    view_of,
)

FOUR_EYES = (
    "You edited, opened or submitted this revision, so someone else must approve it (four eyes)."
)
STALE = (
    "The answers of revision 1 are not the ones you reviewed: it was sent back and submitted "
    "again meanwhile. Reload it and review it again."
)
TWICE = "You approved this revision already; it needs another reviewer's approval."


def submitted(session: Session, who: People) -> Assessment:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.editor, assessment)
    return assessment


def state_of(session: Session, assessment: Assessment) -> tuple[str, str | None]:
    revision = stored_revisions(session, assessment)[0]
    return revision.state, revision.content_hash


def decisions(session: Session, assessment: Assessment) -> list[tuple[str, int, str]]:
    """(kind, reviewer, content hash) of every decision on revision 1, oldest first."""
    revision = stored_revisions(session, assessment)[0]
    return [(d.kind, d.reviewer_id, d.content_hash) for d in decisions_on(session, revision)]


def approve_as(session: Session, reviewer: Actor, assessment: Assessment) -> Decision:
    return approve(session, reviewer, view_of(session, reviewer, assessment))


def send_back(session: Session, reviewer: Actor, assessment: Assessment, reason: str) -> Decision:
    return request_changes(
        session, reviewer, view_of(session, reviewer, assessment), comment=reason
    )


def resubmit_with(
    session: Session, who: People, assessment: Assessment, key: str, value: object
) -> None:
    save(session, who.editor, assessment, key, value)
    submit(session, who.editor, assessment)


# --- the decision records ----------------------------------------------------------------------


def test_an_approval_keeps_what_the_reviewer_saw(session: Session, who: People) -> None:
    assessment = submitted(session, who)
    seen = view_of(session, who.reviewer, assessment).content_hash

    decision = approve(
        session, who.reviewer, view_of(session, who.reviewer, assessment), seen_hash=seen
    )

    assert state_of(session, assessment) == ("approved", seen)
    stored = session.get(Decision, decision.id)
    assert stored is not None
    assert (stored.kind, stored.reviewer_id, stored.content_hash, stored.reason) == (
        "approve",
        who.reviewer.user_id,
        seen,
        "",
    )
    assert stored.reviewed_answers == COMPLETE


def test_a_request_for_changes_keeps_the_reason_and_the_answers_as_reviewed(
    session: Session, who: People
) -> None:
    assessment = submitted(session, who)
    seen = view_of(session, who.reviewer, assessment).content_hash

    send_back(session, who.reviewer, assessment, "  Vul 1.6 in: wanneer evalueert u?  ")

    assert state_of(session, assessment) == ("draft", None)
    revision = stored_revisions(session, assessment)[0]
    assert (revision.submitted_by, revision.submitted_at) == (None, None)
    review = last_review(session, revision)
    assert review is not None
    assert (review.kind, review.reviewer_id, review.content_hash, review.reason) == (
        "request_changes",
        who.reviewer.user_id,
        seen,
        "Vul 1.6 in: wanneer evalueert u?",
    )
    assert review.reviewed_answers == COMPLETE
    [comment] = session.exec(select(Comment)).all()
    assert (comment.kind, comment.body, comment.author_id) == (
        "change_request",
        "Vul 1.6 in: wanneer evalueert u?",
        who.reviewer.user_id,
    )
    # The snapshot stays as it was reviewed while the draft moves on.
    save(session, who.editor, assessment, "1.6", "Jaarlijks")
    session.expire_all()
    kept = session.get(Decision, review.id)
    assert kept is not None and kept.reviewed_answers == COMPLETE


def test_the_last_review_is_the_latest_request_for_changes(session: Session, who: People) -> None:
    assessment = submitted(session, who)
    assert last_review(session, stored_revisions(session, assessment)[0]) is None
    send_back(session, who.reviewer, assessment, "Eerste ronde")
    resubmit_with(session, who, assessment, "1.6", "Jaarlijks")
    send_back(session, who.reviewer2, assessment, "Tweede ronde")
    resubmit_with(session, who, assessment, "1.6", "Elk kwartaal")
    approve_as(session, who.reviewer, assessment)

    revision = stored_revisions(session, assessment)[0]
    review = last_review(session, revision)
    assert review is not None
    assert (review.reason, review.reviewer_id) == ("Tweede ronde", who.reviewer2.user_id)
    assert review.reviewed_answers == COMPLETE | {"1.6": "Jaarlijks"}
    assert [kind for kind, _r, _h in decisions(session, assessment)] == [
        "request_changes",
        "request_changes",
        "approve",
    ]


# --- the hash the reviewer saw -----------------------------------------------------------------


def test_approving_answers_other_than_the_ones_seen_is_refused(
    session: Session, who: People
) -> None:
    assessment = submitted(session, who)
    # The reviewer opens the revision; meanwhile a colleague sends it back and the editor
    # changes an answer and submits it again.
    seen = view_of(session, who.reviewer, assessment).content_hash
    send_back(session, who.reviewer2, assessment, "Vul 1.6 in.")
    resubmit_with(session, who, assessment, "1.6", "Jaarlijks")
    org = who.editor.organisation_id
    events_before = len(events_of(session, org))

    with pytest.raises(StateConflict) as refused:
        approve(session, who.reviewer, view_of(session, who.reviewer, assessment), seen_hash=seen)
    session.rollback()
    assert refused.value.message == STALE
    assert refused.value.status_code == 409
    assert state_of(session, assessment) == ("submitted", None)
    assert [kind for kind, _r, _h in decisions(session, assessment)] == ["request_changes"]
    assert len(events_of(session, org)) == events_before

    # Reloaded, the reviewer sees the new answers and may approve them.
    now = view_of(session, who.reviewer, assessment).content_hash
    assert now != seen
    approve(session, who.reviewer, view_of(session, who.reviewer, assessment), seen_hash=now)
    assert state_of(session, assessment) == ("approved", now)


def test_requesting_changes_on_answers_other_than_the_ones_seen_is_refused(
    session: Session, who: People
) -> None:
    assessment = submitted(session, who)
    seen = view_of(session, who.reviewer, assessment).content_hash
    send_back(session, who.reviewer2, assessment, "Vul 1.6 in.")
    resubmit_with(session, who, assessment, "1.6", "Jaarlijks")

    with pytest.raises(StateConflict) as refused:
        request_changes(
            session,
            who.reviewer,
            view_of(session, who.reviewer, assessment),
            comment="Oude opmerking",
            seen_hash=seen,
        )
    session.rollback()
    assert refused.value.message == STALE
    assert state_of(session, assessment) == ("submitted", None)
    assert [r for _k, r, _h in decisions(session, assessment)] == [who.reviewer2.user_id]


@pytest.mark.parametrize("seen", [None, ""])
def test_a_form_that_does_not_say_what_was_reviewed_is_refused(
    session: Session, who: People, seen: str | None
) -> None:
    assessment = submitted(session, who)
    view = view_of(session, who.reviewer, assessment)
    with pytest.raises(InvalidInput, match="which answers you reviewed"):
        approve(session, who.reviewer, view, seen_hash=seen, require_seen=True)
    session.rollback()
    with pytest.raises(InvalidInput, match="which answers you reviewed"):
        request_changes(
            session, who.reviewer, view, comment="Waarom?", seen_hash=seen, require_seen=True
        )
    session.rollback()
    assert state_of(session, assessment) == ("submitted", None)
    assert decisions(session, assessment) == []


def test_who_may_review_is_checked_before_the_hash(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    save(session, who.reviewer2, assessment, "1.6", "Jaarlijks")
    submit(session, who.editor, assessment)

    with pytest.raises(PermissionDenied, match="your role is editor"):
        approve(session, who.editor2, view_of(session, who.editor2, assessment), require_seen=True)
    with pytest.raises(PermissionDenied) as refused:
        request_changes(
            session,
            who.reviewer2,
            view_of(session, who.reviewer2, assessment),
            comment="Mijn eigen werk",
            require_seen=True,
        )
    assert refused.value.message == FOUR_EYES
    assert decisions(session, assessment) == []


# --- two approvals -----------------------------------------------------------------------------


@pytest.fixture
def two_needed(session: Session, who: People) -> People:
    require_approvals(session, 2)
    return who


def test_the_first_of_two_approvals_leaves_it_submitted_the_second_seals(
    session: Session, two_needed: People
) -> None:
    who = two_needed
    assessment = submitted(session, who)
    content_hash = view_of(session, who.reviewer, assessment).content_hash
    org = who.editor.organisation_id
    seq = len(events_of(session, org))

    approve_as(session, who.reviewer, assessment)
    assert state_of(session, assessment) == ("submitted", None)
    revision = stored_revisions(session, assessment)[0]
    assert [d.reviewer_id for d in approvals_of_this_submission(session, revision)] == [
        who.reviewer.user_id
    ]
    [given] = events_of(session, org, after=seq)
    assert (given.action, given.actor_id, given.after_hash, given.detail) == (
        "revision.approval_given",
        who.reviewer.user_id,
        content_hash,
        {"approvals": 1, "required": 2},
    )

    approve_as(session, who.reviewer2, assessment)
    assert state_of(session, assessment) == ("approved", content_hash)
    revision = stored_revisions(session, assessment)[0]
    assert revision.approved_by == who.reviewer2.user_id
    [sealed] = events_of(session, org, after=seq + 1)
    assert (sealed.action, sealed.actor_id, sealed.after_hash, sealed.detail) == (
        "revision.approved",
        who.reviewer2.user_id,
        content_hash,
        {"approvals": 2, "required": 2},
    )
    assert decisions(session, assessment) == [
        ("approve", who.reviewer.user_id, content_hash),
        ("approve", who.reviewer2.user_id, content_hash),
    ]


def test_the_same_reviewer_may_not_approve_twice(session: Session, two_needed: People) -> None:
    who = two_needed
    assessment = submitted(session, who)
    approve_as(session, who.reviewer, assessment)
    org = who.editor.organisation_id
    events_before = len(events_of(session, org))

    with pytest.raises(StateConflict) as refused:
        approve_as(session, who.reviewer, assessment)
    session.rollback()
    assert refused.value.message == TWICE
    assert state_of(session, assessment) == ("submitted", None)
    assert len(decisions(session, assessment)) == 1
    assert len(events_of(session, org)) == events_before


def test_after_lowering_to_one_approval_the_approver_seals_on_the_approval_given(
    session: Session, two_needed: People
) -> None:
    who = two_needed
    assessment = submitted(session, who)
    content_hash = view_of(session, who.reviewer, assessment).content_hash
    approve_as(session, who.reviewer, assessment)
    require_approvals(session, 1)

    approve_as(session, who.reviewer, assessment)
    assert state_of(session, assessment) == ("approved", content_hash)
    assert stored_revisions(session, assessment)[0].approved_by == who.reviewer.user_id
    # Sealed on the one approval there is; no second decision is recorded.
    assert decisions(session, assessment) == [("approve", who.reviewer.user_id, content_hash)]
    last = events_of(session, who.editor.organisation_id)[-1]
    assert (last.action, last.detail) == ("revision.approved", {"approvals": 1, "required": 1})


def test_an_author_may_give_neither_approval(session: Session, two_needed: People) -> None:
    who = two_needed
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    save(session, who.reviewer2, assessment, "1.6", "Jaarlijks")
    submit(session, who.editor, assessment)

    with pytest.raises(PermissionDenied) as refused:
        approve_as(session, who.reviewer2, assessment)
    assert refused.value.message == FOUR_EYES
    approve_as(session, who.reviewer, assessment)
    with pytest.raises(PermissionDenied) as again:
        approve_as(session, who.reviewer2, assessment)  # not even as the second one
    assert again.value.message == FOUR_EYES
    assert state_of(session, assessment) == ("submitted", None)

    third = person(session, Role.ADMIN)  # an admin may review too
    approve_as(session, third, assessment)
    assert state_of(session, assessment)[0] == "approved"
    assert [r for _k, r, _h in decisions(session, assessment)] == [
        who.reviewer.user_id,
        third.user_id,
    ]


def test_a_request_for_changes_starts_the_count_again(session: Session, two_needed: People) -> None:
    who = two_needed
    assessment = submitted(session, who)
    approve_as(session, who.reviewer, assessment)
    send_back(session, who.reviewer2, assessment, "Vul 1.6 in.")
    resubmit_with(session, who, assessment, "1.6", "Jaarlijks")
    revision = stored_revisions(session, assessment)[0]
    assert approvals_of_this_submission(session, revision) == []

    # The earlier approval does not count, so the same reviewer may approve again…
    approve_as(session, who.reviewer, assessment)
    assert state_of(session, assessment) == ("submitted", None)
    # …and it still takes a second reviewer to seal.
    approve_as(session, who.reviewer2, assessment)
    state, content_hash = state_of(session, assessment)
    assert state == "approved"
    assert content_hash == view_of(session, who.viewer, assessment).content_hash
    org = who.editor.organisation_id
    actions = [e.action for e in events_of(session, org) if e.action.startswith("revision.")]
    assert actions == [
        "revision.submitted",
        "revision.approval_given",
        "revision.changes_requested",
        "revision.submitted",
        "revision.approval_given",
        "revision.approved",
    ]
    kinds = [kind for kind, _r, _h in decisions(session, assessment)]
    assert kinds == ["approve", "request_changes", "approve", "approve"]
    stored = session.exec(select(Decision).order_by(col(Decision.id))).all()
    assert stored[0].content_hash != stored[-1].content_hash  # before and after the change


def test_one_approval_seals_when_one_is_required(session: Session, who: People) -> None:
    assessment = submitted(session, who)
    approve_as(session, who.reviewer, assessment)
    assert state_of(session, assessment)[0] == "approved"
    last = events_of(session, who.editor.organisation_id)[-1]
    assert (last.action, last.detail) == ("revision.approved", {"approvals": 1, "required": 1})


def test_an_approval_of_a_revision_sent_back_meanwhile_is_refused(
    session: Session, two_needed: People
) -> None:
    """The first of two approvals has no seal to guard it: the approver's lock must check that
    the revision is still the submission they loaded."""
    who = two_needed
    assessment = submitted(session, who)
    # The approver's own request: its own session, loaded before the other reviewer acted.
    with Session(session.get_bind(), expire_on_commit=False) as approvers:
        loaded = view_of(approvers, who.reviewer, assessment)
        send_back(session, who.reviewer2, assessment, "Noem wie de uitkomst controleert.")
        org = who.editor.organisation_id
        events_before = len(events_of(session, org))
        with pytest.raises(StateConflict, match="changed by someone else meanwhile"):
            approve(approvers, who.reviewer, loaded, seen_hash=loaded.content_hash)
    session.expire_all()
    assert state_of(session, assessment) == ("draft", None)
    assert [kind for kind, _r, _h in decisions(session, assessment)] == ["request_changes"]
    assert len(events_of(session, org)) == events_before
