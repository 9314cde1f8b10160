"""Reading the audit trail back: newest first, a page at a time, filtered by assessment, kind of
event, person and whole days in UTC."""

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from app.audit import chain
from app.audit.chain import record
from app.audit.queries import AuditFilter, action_labels, events_page
from tests.unit.helpers import People, new_assessment

# Three moments around midnight of 1 March 2026, UTC.
MOMENTS = [
    datetime(2026, 2, 28, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 3, 1, 0, 0, 0, tzinfo=UTC),
    datetime(2026, 3, 1, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2026, 3, 2, 0, 0, 0, tzinfo=UTC),
]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The moments the next events are recorded at, in order."""
    moments: list[datetime] = []
    monkeypatch.setattr(chain, "utcnow", lambda: moments.pop(0))
    return moments


def seqs(session: Session, who: People, wanted: AuditFilter, **paging: int) -> list[int]:
    events = events_page(session, who.editor.organisation_id, wanted, **paging)
    return [e.seq for e in events]


def test_days_are_whole_days_in_utc(session: Session, who: People, clock: list[datetime]) -> None:
    org = who.editor.organisation_id
    clock.extend(MOMENTS)
    for moment in MOMENTS:
        record(session, org, who.editor.user_id, "answer.saved", subject=moment.isoformat())
    session.commit()

    march_1 = date(2026, 3, 1)
    assert seqs(session, who, AuditFilter()) == [4, 3, 2, 1]
    assert seqs(session, who, AuditFilter(since=march_1, until=march_1)) == [3, 2]
    assert seqs(session, who, AuditFilter(since=march_1)) == [4, 3, 2]
    assert seqs(session, who, AuditFilter(until=march_1)) == [3, 2, 1]
    assert seqs(session, who, AuditFilter(until=date(2026, 2, 28))) == [1]
    assert seqs(session, who, AuditFilter(since=date(2026, 3, 3))) == []


def test_filters_combine_and_pages_go_back_by_place(session: Session, who: People) -> None:
    org = who.editor.organisation_id
    first = new_assessment(session, who.editor)  # 1
    second = new_assessment(session, who.editor2, title="Parkeren")  # 2
    for n in range(3, 9):  # 3..8, alternating people and assessments
        actor = who.editor if n % 2 else who.editor2
        record(
            session,
            org,
            actor.user_id,
            "answer.saved",
            assessment_id=first.id if n % 2 else second.id,
            subject=f"1.{n}",
        )
    session.commit()
    new_assessment(session, who.outsider, title="Elders")  # another organisation's chain

    assert seqs(session, who, AuditFilter()) == [8, 7, 6, 5, 4, 3, 2, 1]
    assert seqs(session, who, AuditFilter(), limit=3) == [8, 7, 6]
    assert seqs(session, who, AuditFilter(), before_seq=6, limit=3) == [5, 4, 3]
    assert seqs(session, who, AuditFilter(), before_seq=3, limit=3) == [2, 1]
    assert seqs(session, who, AuditFilter(assessment_id=first.id)) == [7, 5, 3, 1]
    assert seqs(session, who, AuditFilter(actor_id=who.editor2.user_id)) == [8, 6, 4, 2]
    assert seqs(session, who, AuditFilter(action="assessment.created")) == [2, 1]
    both = AuditFilter(assessment_id=second.id, action="answer.saved")
    assert seqs(session, who, both) == [8, 6, 4]
    assert seqs(session, who, both, before_seq=6) == [4]
    assert seqs(session, who, AuditFilter(actor_id=who.outsider.user_id)) == []


def test_every_action_the_app_records_has_a_label(session: Session, who: People) -> None:
    recorded = {
        "assessment.created",
        "answer.saved",
        "revision.submitted",
        "revision.opened",
        "revision.approval_given",
        "revision.approved",
        "revision.changes_requested",
    }
    labels = action_labels()
    assert recorded <= set(labels)
    assert all(label and label != action for action, label in labels.items())
