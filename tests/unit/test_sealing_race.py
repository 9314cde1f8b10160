"""A revision cannot be submitted while an answer of it is being written in another transaction,
so no answer can slip in after submission (the database guard holds the revision row)."""

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from app.models import QuestionnaireSet, Role
from tests.factories import actor_of, answer, make_assessment, make_user


def _draft_with_answer(session: Session) -> tuple[int, int]:
    editor = actor_of(session, make_user(session, Role.EDITOR))
    assessment = make_assessment(session, editor)
    answer(session, editor, assessment, 1, "a.1", "First text")
    row = session.execute(
        text("SELECT id FROM revision WHERE assessment_id = :a"), {"a": assessment.id}
    ).one()
    return assessment.id or 0, row.id


def test_submit_waits_for_an_answer_being_written(
    engine: Engine, session: Session, fria: QuestionnaireSet
) -> None:
    _assessment_id, revision_id = _draft_with_answer(session)
    postgres = engine.dialect.name == "postgresql"
    writer = engine.connect()
    submitter = engine.connect()
    try:
        writer.begin()
        writer.execute(
            text("UPDATE answer SET value = '\"Sneaked in\"' WHERE revision_id = :r"),
            {"r": revision_id},
        )
        submitter.begin()
        if postgres:
            submitter.execute(text("SET LOCAL lock_timeout = '300ms'"))
        else:
            submitter.exec_driver_sql("PRAGMA busy_timeout = 300")
        with pytest.raises(OperationalError):
            submitter.execute(
                text("UPDATE revision SET state = 'submitted' WHERE id = :r"), {"r": revision_id}
            )
        submitter.rollback()
        writer.commit()
        # Now the other order: once submitted, the answer can no longer change.
        submitter.begin()
        submitter.execute(
            text("UPDATE revision SET state = 'submitted' WHERE id = :r"), {"r": revision_id}
        )
        submitter.commit()
        writer.begin()
        with pytest.raises(DBAPIError, match="cannot change"):
            writer.execute(
                text("UPDATE answer SET value = '\"Too late\"' WHERE revision_id = :r"),
                {"r": revision_id},
            )
        writer.rollback()
    finally:
        writer.close()
        submitter.close()
    stored = session.execute(
        text("SELECT value FROM answer WHERE revision_id = :r"), {"r": revision_id}
    ).scalar_one()
    assert "Sneaked in" in str(stored)
