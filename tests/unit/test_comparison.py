"""Comparing two stored revisions of one assessment (the pure diff does the comparing)."""

import pytest
from sqlmodel import Session

from app.assessments import service
from app.assessments.comparison import compare_revisions
from app.diff.revisions import Status, WordOp
from app.errors import NotFound
from tests.unit.helpers import People, approved_assessment, save


def test_compare_the_approved_revision_with_the_new_draft(session: Session, who: People) -> None:
    assessment = approved_assessment(session, who)
    assert assessment.id is not None
    service.open_draft(session, who.editor, assessment, reason="Ook graffiti")
    changed = "Het systeem herkent zwerfafval en graffiti op camerabeelden van veegwagens."
    save(session, who.editor, assessment, "1.1", changed, 2)
    save(session, who.editor, assessment, "1.4", "pilot", 2)
    save(session, who.editor, assessment, "1.5", "2027-06-30", 2)

    comparison = compare_revisions(session, who.viewer, assessment.id, 1, 2)
    statuses = {d.key: d.status for d in comparison.diffs}
    assert [d.key for d in comparison.diffs] == [
        "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.2", "2.3", "2.4",
    ]  # fmt: skip
    assert statuses["1.1"] == statuses["1.4"] == Status.CHANGED
    assert statuses["1.5"] == Status.ADDED
    assert (comparison.count("changed"), comparison.count("added")) == (2, 1)
    words = next(d.words for d in comparison.diffs if d.key == "1.1")
    assert words is not None
    assert [w.text.strip() for w in words if w.op == WordOp.INSERT] == ["en graffiti"]

    only = compare_revisions(session, who.viewer, assessment.id, 1, 2, changes_only=True)
    assert [(d.key, d.status) for d in only.diffs] == [
        ("1.1", Status.CHANGED),
        ("1.4", Status.CHANGED),
        ("1.5", Status.ADDED),
    ]


def test_another_organisation_cannot_compare(session: Session, who: People) -> None:
    assessment = approved_assessment(session, who)
    assert assessment.id is not None
    with pytest.raises(NotFound):
        compare_revisions(session, who.outsider, assessment.id, 1, 1)
