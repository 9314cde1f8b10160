"""The history page's seal check: recomputes each sealed revision's hash from stored answers."""

from sqlalchemy import text
from sqlmodel import Session

from app.assessments import service
from app.assessments.verification import check_seals
from app.models import QuestionnaireSet, Role
from app.review.decisions import approve
from tests.factories import actor_of, answer, fill_and_submit, make_assessment, make_user


def _approved_twice(session: Session) -> int:
    editor = actor_of(session, make_user(session, Role.EDITOR))
    reviewer = actor_of(session, make_user(session, Role.REVIEWER))
    assessment = make_assessment(session, editor)
    assert assessment.id is not None
    fill_and_submit(session, editor, assessment, 1)
    approve(session, reviewer, service.load_revision(session, reviewer, assessment.id, 1))
    service.open_draft(session, editor, assessment, reason="Retrained model")
    answer(session, editor, assessment, 2, "a.1", "A changed process")
    service.submit_revision(
        session, editor, service.load_revision(session, editor, assessment.id, 2)
    )
    approve(session, reviewer, service.load_revision(session, reviewer, assessment.id, 2))
    return assessment.id


def test_untouched_history_verifies(session: Session, fria: QuestionnaireSet) -> None:
    assessment_id = _approved_twice(session)
    revisions = service.revisions_of(
        session,
        service.get_assessment(
            session, actor_of(session, make_user(session, Role.VIEWER)), assessment_id
        ),
    )
    checks = check_seals(session, revisions)
    assert set(checks) == {1, 2}
    assert all(check.ok for check in checks.values())


def test_a_rewritten_parent_hash_is_caught(session: Session, fria: QuestionnaireSet) -> None:
    assessment_id = _approved_twice(session)
    # The database refuses changes to sealed revisions; drop the guard as an attacker with
    # direct database access would, and rewrite history.
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("ALTER TABLE revision DISABLE TRIGGER revision_sealed"))
    else:
        session.execute(text("DROP TRIGGER revision_sealed_update"))
    session.execute(
        text("UPDATE revision SET parent_hash = :h WHERE assessment_id = :a AND number = 2"),
        {"h": "0" * 64, "a": assessment_id},
    )
    if dialect == "postgresql":
        session.execute(text("ALTER TABLE revision ENABLE TRIGGER revision_sealed"))
    session.commit()
    viewer = actor_of(session, make_user(session, Role.VIEWER))
    revisions = service.revisions_of(
        session, service.get_assessment(session, viewer, assessment_id)
    )
    checks = check_seals(session, revisions)
    assert checks[1].ok
    assert not checks[2].hash_matches
    assert not checks[2].parent_matches
