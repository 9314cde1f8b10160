"""The audit trail: every change of an assessment appends one event to its organisation's chain,
each event hashed together with the one before it; `check_chain` names the first broken link;
the database itself refuses to change or remove events and decisions."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.access import Actor
from app.assessments import service
from app.assessments.answers import StaleAnswer, save_answer
from app.assessments.service import RevisionView
from app.audit.chain import GENESIS_HASH, event_hash, value_hash
from app.audit.verify import check_all_chains, check_chain
from app.errors import DomainError, InvalidInput, NotFound, PermissionDenied, StateConflict
from app.models import Assessment, AuditEvent, Organisation
from app.review.decisions import approve, request_changes
from tests.unit.helpers import (
    COMPLETE,
    People,
    approve_revision,
    approved_assessment,
    delete_event,
    events_of,
    fill,
    head_of,
    new_assessment,
    rewrite_event,
    save,
    stored_revisions,
    submit,
    view_of,
)

APPEND_ONLY = "audit events and decisions are never changed or deleted"
CHAIN_GROWS = "the audit chain only grows, one event at a time"

# (action, revision, subject, actor, before_hash, after_hash, detail) of an event.
Row = tuple[str, int | None, str, int | None, str | None, str | None, dict[str, Any]]


def rows(events: list[AuditEvent]) -> list[Row]:
    return [
        (
            e.action,
            e.revision_number,
            e.subject,
            e.actor_id,
            e.before_hash,
            e.after_hash,
            e.detail,
        )
        for e in events
    ]


def sealed_hash(session: Session, assessment: Assessment, number: int = 1) -> str:
    content_hash = stored_revisions(session, assessment)[number - 1].content_hash
    assert content_hash is not None
    return content_hash


def verified(session: Session, organisation_id: int) -> tuple[int, str | None]:
    """(events checked, problem) as `check_chain` finds the database now, read in a session
    of its own so that nothing this test's session remembers can hide a change."""
    with Session(session.get_bind()) as reader:
        organisation = reader.get(Organisation, organisation_id)
        assert organisation is not None
        result = check_chain(reader, organisation)
    return result.events, result.problem


# --- the chain ---------------------------------------------------------------------------------


def test_events_are_numbered_from_one_and_each_names_the_one_before(
    session: Session, who: People
) -> None:
    approved_assessment(session, who)  # created, 4 answers, submitted, approved
    org = who.editor.organisation_id

    chain = events_of(session, org)
    assert [e.seq for e in chain] == list(range(1, 8))
    assert chain[0].prev_hash == GENESIS_HASH
    assert [e.prev_hash for e in chain[1:]] == [e.hash for e in chain[:-1]]
    assert all(e.hash == event_hash(e) for e in chain)
    assert all(re.fullmatch(r"[0-9a-f]{64}", e.hash) for e in chain)
    assert len({e.hash for e in chain}) == len(chain)
    assert head_of(session, org) == (7, chain[-1].hash)


def test_each_organisation_has_a_chain_of_its_own(session: Session, who: People) -> None:
    new_assessment(session, who.editor)
    new_assessment(session, who.outsider, title="Parkeerbeheer")
    new_assessment(session, who.editor, title="Wmo-toewijzing")

    ours = events_of(session, who.editor.organisation_id)
    theirs = events_of(session, who.outsider.organisation_id)
    assert [(e.seq, e.subject) for e in ours] == [(1, "Zwerfafval"), (2, "Wmo-toewijzing")]
    assert [(e.seq, e.subject, e.prev_hash) for e in theirs] == [(1, "Parkeerbeheer", GENESIS_HASH)]
    assert ours[1].prev_hash == ours[0].hash


BASE_EVENT: dict[str, Any] = {
    "organisation_id": 1,
    "seq": 3,
    "occurred_at": datetime(2026, 11, 22, 12, 30, 0, 123456, tzinfo=UTC),
    "actor_id": 7,
    "action": "answer.saved",
    "assessment_id": 2,
    "revision_number": 1,
    "subject": "1.1",
    "before_hash": "a" * 64,
    "after_hash": "b" * 64,
    "detail": {"version": 2},
    "prev_hash": "c" * 64,
}
# Another value for every field that the hash covers.
CHANGED: dict[str, Any] = {
    "organisation_id": 2,
    "seq": 4,
    "occurred_at": datetime(2026, 11, 22, 12, 30, 0, 123457, tzinfo=UTC),
    "actor_id": None,
    "action": "revision.submitted",
    "assessment_id": 3,
    "revision_number": 2,
    "subject": "1.2",
    "before_hash": None,
    "after_hash": "d" * 64,
    "detail": {"version": 3},
    "prev_hash": "e" * 64,
}


def test_every_field_but_the_hash_itself_is_covered() -> None:
    assert set(CHANGED) == set(AuditEvent.model_fields) - {"id", "hash"}


@pytest.mark.parametrize("field", sorted(CHANGED))
def test_the_event_hash_changes_when_any_field_changes(field: str) -> None:
    original = event_hash(AuditEvent(**BASE_EVENT, hash=""))
    assert event_hash(AuditEvent(**BASE_EVENT, hash="")) == original  # deterministic
    assert event_hash(AuditEvent(**(BASE_EVENT | {field: CHANGED[field]}), hash="")) != original


def test_the_event_hash_ignores_its_own_field_and_how_the_moment_was_read_back() -> None:
    original = event_hash(AuditEvent(**BASE_EVENT, hash=""))
    assert event_hash(AuditEvent(**BASE_EVENT, hash="f" * 64)) == original
    # SQLite hands the moment back without its time zone; it is the same moment in UTC.
    naive = BASE_EVENT | {"occurred_at": BASE_EVENT["occurred_at"].replace(tzinfo=None)}
    assert event_hash(AuditEvent(**naive, hash="")) == original


def test_value_hash_keeps_a_fingerprint_of_the_answer_not_the_answer() -> None:
    assert value_hash(None) is None
    fingerprint = value_hash("Het systeem herkent zwerfafval.")
    assert fingerprint is not None and re.fullmatch(r"[0-9a-f]{64}", fingerprint)
    assert "zwerfafval" not in fingerprint
    assert value_hash({"b": 1, "a": [2, 3]}) == value_hash({"a": [2, 3], "b": 1})
    assert value_hash("1") != value_hash(1)
    assert value_hash(["children", "elderly"]) != value_hash(["elderly", "children"])
    assert value_hash(False) != value_hash(None)


# --- what each action records ------------------------------------------------------------------


def test_every_step_of_the_lifecycle_records_exactly_its_events(
    session: Session, who: People
) -> None:
    org = who.editor.organisation_id
    editor, reviewer = who.editor.user_id, who.reviewer.user_id

    assessment = new_assessment(session, who.editor)
    assert rows(events_of(session, org)) == [
        ("assessment.created", 1, "Zwerfafval", editor, None, None, {"questionnaire": "klein@1.0"})
    ]
    [created] = events_of(session, org)
    assert (created.assessment_id, created.organisation_id) == (assessment.id, org)

    save(session, who.editor, assessment, "1.1", "Eerste tekst")
    save(session, who.editor, assessment, "1.1", "Tweede tekst")
    save(session, who.editor, assessment, "1.1", "   ")  # a blank text clears the answer
    assert rows(events_of(session, org, after=1)) == [
        ("answer.saved", 1, "1.1", editor, None, value_hash("Eerste tekst"), {"version": 1}),
        (
            "answer.saved",
            1,
            "1.1",
            editor,
            value_hash("Eerste tekst"),
            value_hash("Tweede tekst"),
            {"version": 2},
        ),
        ("answer.saved", 1, "1.1", editor, value_hash("Tweede tekst"), None, {"version": 3}),
    ]

    fill(session, who.editor, assessment, COMPLETE)
    assert [(e.action, e.subject) for e in events_of(session, org, after=4)] == [
        ("answer.saved", "1.1"),
        ("answer.saved", "1.2"),
        ("answer.saved", "1.4"),
        ("answer.saved", "2.1"),
    ]
    # Saving what is stored already (a blur after an autosave) records nothing.
    save(session, who.editor, assessment, "1.2", False)
    assert head_of(session, org) == (8, events_of(session, org)[-1].hash)

    submitted_hash = view_of(session, who.editor, assessment).content_hash
    submit(session, who.editor, assessment)
    request_changes(
        session, who.reviewer, view_of(session, who.reviewer, assessment), comment="Vul 1.6 in."
    )
    save(session, who.editor, assessment, "1.6", "Jaarlijks, door de FG")
    resubmitted_hash = view_of(session, who.editor, assessment).content_hash
    submit(session, who.editor, assessment)
    approve_revision(session, who.reviewer, assessment)
    sealed = sealed_hash(session, assessment)
    assert sealed == resubmitted_hash != submitted_hash
    assert rows(events_of(session, org, after=8)) == [
        ("revision.submitted", 1, "", editor, None, submitted_hash, {}),
        (
            "revision.changes_requested",
            1,
            "",
            reviewer,
            submitted_hash,
            None,
            {"reason": "Vul 1.6 in."},
        ),
        (
            "answer.saved",
            1,
            "1.6",
            editor,
            None,
            value_hash("Jaarlijks, door de FG"),
            {"version": 1},
        ),
        ("revision.submitted", 1, "", editor, None, sealed, {}),
        ("revision.approved", 1, "", reviewer, None, sealed, {"approvals": 1, "required": 1}),
    ]

    service.open_draft(session, who.editor2, assessment, reason="Nieuwe camera's")
    assert rows(events_of(session, org, after=13)) == [
        (
            "revision.opened",
            2,
            "Nieuwe camera's",
            who.editor2.user_id,
            sealed,
            None,
            {"from_revision": 1},
        )
    ]
    chain = events_of(session, org)
    assert {e.assessment_id for e in chain} == {assessment.id}
    assert [e.seq for e in chain] == list(range(1, 15))
    assert verified(session, org) == (14, None)


def test_a_long_reason_is_kept_short_in_the_event(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.editor, assessment)
    reason = "Beschrijf de bezwaarprocedure. " * 40
    request_changes(
        session, who.reviewer, view_of(session, who.reviewer, assessment), comment=reason
    )
    last = events_of(session, who.editor.organisation_id)[-1]
    assert last.action == "revision.changes_requested"
    assert last.detail == {"reason": reason.strip()[:500]}


@contextmanager
def nothing_recorded(session: Session, organisation_id: int) -> Iterator[None]:
    before = head_of(session, organisation_id)
    count = len(events_of(session, organisation_id))
    yield
    session.rollback()
    assert head_of(session, organisation_id) == before
    assert len(events_of(session, organisation_id)) == count


def test_a_refused_save_records_nothing(session: Session, who: People) -> None:
    org = who.editor.organisation_id
    assessment = new_assessment(session, who.editor)
    save(session, who.editor, assessment, "1.1", "Eerste tekst")
    stale_view = view_of(session, who.editor, assessment)  # opened at version 1
    save(session, who.editor2, assessment, "1.1", "Tekst van een collega")  # now version 2

    refusals: list[tuple[type[DomainError], Any]] = [
        (StaleAnswer, lambda: _save(session, who.editor, stale_view, "1.1", "Mijn tekst", 1)),
        (InvalidInput, lambda: save(session, who.editor, assessment, "1.4", "forever")),
        (InvalidInput, lambda: save(session, who.editor, assessment, "1.2", "ja")),
        (NotFound, lambda: save(session, who.editor, assessment, "9.9", "Geen vraag")),
        (PermissionDenied, lambda: save(session, who.viewer, assessment, "1.1", "Kijker")),
    ]
    for error, attempt in refusals:
        with nothing_recorded(session, org), pytest.raises(error):
            attempt()
    assert [e.detail for e in events_of(session, org, after=1)] == [
        {"version": 1},
        {"version": 2},
    ]


def _save(
    session: Session, actor: Actor, view: RevisionView, key: str, value: Any, version: int
) -> None:
    save_answer(session, actor, view, question_key=key, value=value, version=version)


def test_refused_lifecycle_steps_record_nothing(session: Session, who: People) -> None:
    org = who.editor.organisation_id
    assessment = new_assessment(session, who.editor)
    save(session, who.editor, assessment, "1.1", "Alleen de eerste vraag")

    with nothing_recorded(session, org), pytest.raises(InvalidInput):
        submit(session, who.editor, assessment)  # required answers missing
    fill(session, who.editor, assessment, COMPLETE)
    save(session, who.reviewer2, assessment, "1.6", "Jaarlijks")
    submit(session, who.editor, assessment)

    with nothing_recorded(session, org), pytest.raises(StateConflict):
        save(session, who.editor, assessment, "1.1", "Na het indienen")
    with nothing_recorded(session, org), pytest.raises(PermissionDenied):
        approve_revision(session, who.reviewer2, assessment)  # four eyes
    with nothing_recorded(session, org), pytest.raises(PermissionDenied):
        approve_revision(session, who.editor2, assessment)  # an editor
    with nothing_recorded(session, org), pytest.raises(InvalidInput):
        request_changes(
            session, who.reviewer, view_of(session, who.reviewer, assessment), comment="  "
        )
    with nothing_recorded(session, org), pytest.raises(StateConflict):
        service.open_draft(session, who.editor, assessment, reason="Te vroeg")
    with nothing_recorded(session, org), pytest.raises(StateConflict):
        approve(
            session,
            who.reviewer,
            view_of(session, who.reviewer, assessment),
            seen_hash="0" * 64,
        )
    assert stored_revisions(session, assessment)[0].state == "submitted"


# --- verifying ---------------------------------------------------------------------------------


def described(seq: int, action: str) -> str:
    """How the check names an event: its place, its action and its moment."""
    return rf"event {seq} \({re.escape(action)}, \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\)"


def test_an_untouched_database_verifies(session: Session, who: People) -> None:
    approved_assessment(session, who)
    new_assessment(session, who.outsider, title="Parkeerbeheer")
    with Session(session.get_bind()) as reader:
        results = check_all_chains(reader)
    assert [str(r) for r in results] == [
        "amersfoort: audit chain of 1 events is intact",
        "utrecht: audit chain of 7 events is intact",
    ]
    assert all(r.problem is None for r in results)


def test_an_organisation_without_events_verifies(session: Session, who: People) -> None:
    assert verified(session, who.editor.organisation_id) == (0, None)


@pytest.mark.parametrize(
    "change",
    [
        {"detail": {"version": 99}},
        {"subject": "2.4"},
        {"actor_id": None},
        {"after_hash": "0" * 64},
    ],
    ids=["detail", "subject", "actor", "after_hash"],
)
def test_a_changed_event_is_named(session: Session, who: People, change: dict[str, Any]) -> None:
    approved_assessment(session, who)
    org = who.editor.organisation_id
    [third] = [e for e in events_of(session, org) if e.seq == 3]
    assert third.action == "answer.saved"
    before = third.model_dump()

    rewrite_event(session, org, 3, **change)
    [rewritten] = [e for e in events_of(session, org) if e.seq == 3]
    assert rewritten.model_dump() == before | change

    events, problem = verified(session, org)
    assert events == 2
    assert problem is not None
    assert re.fullmatch(
        described(3, "answer.saved") + r" was changed after it was written \(hash mismatch\)",
        problem,
    ), problem


def test_a_changed_event_given_a_new_hash_breaks_the_link_to_the_next(
    session: Session, who: People
) -> None:
    approved_assessment(session, who)
    org = who.editor.organisation_id
    [third] = [e for e in events_of(session, org) if e.seq == 3]
    forged = AuditEvent(**(third.model_dump() | {"subject": "2.4", "hash": ""}))
    forged.hash = event_hash(forged)

    rewrite_event(session, org, 3, subject="2.4", hash=forged.hash)

    events, problem = verified(session, org)
    assert events == 3  # the forged event itself looks whole
    assert problem is not None
    assert re.fullmatch(
        described(4, "answer.saved") + r" does not follow the event before it \(chain broken\)",
        problem,
    ), problem


def test_a_removed_last_event_is_noticed_by_the_head(session: Session, who: People) -> None:
    approved_assessment(session, who)
    org = who.editor.organisation_id
    delete_event(session, org, 7)

    assert verified(session, org) == (
        6,
        "the chain ends at event 6, but its head says 7: events were removed from its end",
    )


def test_a_removed_middle_event_leaves_a_gap(session: Session, who: People) -> None:
    approved_assessment(session, who)
    new_assessment(session, who.outsider, title="Parkeerbeheer")
    org = who.editor.organisation_id
    delete_event(session, org, 4)

    events, problem = verified(session, org)
    assert events == 3
    assert problem is not None
    assert re.fullmatch(
        r"event 4 is missing \(next is " + described(5, "answer.saved") + r"\)", problem
    ), problem
    # The other organisation's chain is its own, and still whole.
    with Session(session.get_bind()) as reader:
        results = {r.organisation: r.problem for r in check_all_chains(reader)}
    assert results["amersfoort"] is None
    assert results["utrecht"] == problem


# --- the database's own guard ------------------------------------------------------------------


REFUSED = [
    ("UPDATE audit_event SET subject = 'herschreven'", APPEND_ONLY),
    ("UPDATE audit_event SET detail = detail", APPEND_ONLY),
    ("DELETE FROM audit_event WHERE seq = (SELECT MAX(seq) FROM audit_event)", APPEND_ONLY),
    ("UPDATE decision SET reason = 'herschreven'", APPEND_ONLY),
    ("UPDATE decision SET content_hash = content_hash", APPEND_ONLY),
    ("DELETE FROM decision", APPEND_ONLY),
    ("UPDATE audit_chain SET seq = seq - 1", CHAIN_GROWS),
    ("UPDATE audit_chain SET seq = seq + 2", CHAIN_GROWS),
    ("UPDATE audit_chain SET seq = 0", CHAIN_GROWS),
    ("UPDATE audit_chain SET organisation_id = organisation_id + 1000", CHAIN_GROWS),
    ("DELETE FROM audit_chain", CHAIN_GROWS),
]


@pytest.mark.parametrize(("statement", "message"), REFUSED, ids=[s for s, _m in REFUSED])
def test_the_database_refuses_to_rewrite_the_trail(
    session: Session, who: People, statement: str, message: str
) -> None:
    approved_assessment(session, who)
    org = who.editor.organisation_id
    before = [(e.seq, e.hash, e.subject) for e in events_of(session, org)]
    head = head_of(session, org)

    with pytest.raises(DBAPIError, match=re.escape(message)):
        session.execute(text(statement))
    session.rollback()

    assert [(e.seq, e.hash, e.subject) for e in events_of(session, org)] == before
    assert head_of(session, org) == head
    assert verified(session, org) == (7, None)


def test_the_chain_head_may_move_on_by_one(session: Session, who: People) -> None:
    new_assessment(session, who.editor)
    org = who.editor.organisation_id
    session.execute(
        text("UPDATE audit_chain SET seq = seq + 1, head_hash = :h WHERE organisation_id = :o"),
        {"h": "1" * 64, "o": org},
    )
    session.execute(
        text("UPDATE audit_chain SET head_hash = :h WHERE organisation_id = :o"),
        {"h": "2" * 64, "o": org},
    )
    session.commit()
    assert head_of(session, org) == (2, "2" * 64)
