"""Saving answers of a draft: values checked, versions counted, and two people editing the same
answer never overwrite each other silently."""

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.assessments.answers import StaleAnswer, save_answer
from app.errors import InvalidInput, NotFound, PermissionDenied, StateConflict
from app.models import Answer, Assessment, Revision
from tests.unit.helpers import (
    COMPLETE,
    People,
    approved_assessment,
    fill,
    new_assessment,
    save,
    submit,
    view_of,
)


def stored(session: Session, assessment: Assessment, key: str, number: int = 1) -> Answer | None:
    """The answer as the database holds it now."""
    session.expire_all()
    return session.exec(
        select(Answer)
        .join(Revision, col(Answer.revision_id) == col(Revision.id))
        .where(
            Revision.assessment_id == assessment.id,
            Revision.number == number,
            Answer.question_key == key,
        )
    ).first()


def test_a_first_save_stores_version_1(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    saved = save(session, who.editor, assessment, "2.1", ["other", "children"])
    assert (saved.question_key, saved.value, saved.version) == ("2.1", ["children", "other"], 1)
    answer = stored(session, assessment, "2.1")
    assert answer is not None
    assert (answer.value, answer.version, answer.updated_by) == (
        ["children", "other"],
        1,
        who.editor.user_id,
    )


def test_each_change_makes_a_new_version(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    save(session, who.editor, assessment, "1.1", "Eerste versie")
    saved = save(session, who.editor2, assessment, "1.1", "Tweede versie")
    assert saved.version == 2
    answer = stored(session, assessment, "1.1")
    assert answer is not None
    assert (answer.value, answer.version, answer.updated_by) == (
        "Tweede versie",
        2,
        who.editor2.user_id,
    )


def test_two_first_saves_of_the_same_answer_the_second_is_stale(
    session: Session, who: People
) -> None:
    assessment = new_assessment(session, who.editor)
    # Both open the form while the question is still unanswered.
    eva = view_of(session, who.editor, assessment)
    mohammed = view_of(session, who.editor2, assessment)
    save_answer(session, who.editor, eva, question_key="1.1", value="Eva's tekst", version=0)
    with pytest.raises(StaleAnswer) as raised:
        save_answer(
            session, who.editor2, mohammed, question_key="1.1", value="Mohammeds tekst", version=0
        )
    current = raised.value.current
    assert current is not None
    assert (current.value, current.version, current.updated_by) == (
        "Eva's tekst",
        1,
        who.editor.user_id,
    )
    assert raised.value.message == (
        "Someone else saved this answer after you opened it; "
        "compare both versions and choose or merge."
    )
    answer = stored(session, assessment, "1.1")
    assert answer is not None
    assert (answer.value, answer.version) == ("Eva's tekst", 1)


def test_two_first_saves_from_two_workers(session: Session, engine: Engine, who: People) -> None:
    """The same race with each person in their own database session, as two app processes."""
    assessment = new_assessment(session, who.editor)
    with (
        Session(engine, expire_on_commit=False) as first,
        Session(engine, expire_on_commit=False) as second,
    ):
        eva = view_of(first, who.editor, assessment)
        mohammed = view_of(second, who.editor2, assessment)
        save_answer(first, who.editor, eva, question_key="1.4", value="pilot", version=0)
        with pytest.raises(StaleAnswer) as raised:
            save_answer(second, who.editor2, mohammed, question_key="1.4", value="fixed", version=0)
    assert raised.value.current is not None
    assert raised.value.current.value == "pilot"
    answer = stored(session, assessment, "1.4")
    assert answer is not None
    assert (answer.value, answer.version) == ("pilot", 1)


def test_a_stale_version_on_update_is_refused_with_the_other_answer(
    session: Session, who: People
) -> None:
    assessment = new_assessment(session, who.editor)
    save(session, who.editor, assessment, "1.1", "Versie 1")
    eva = view_of(session, who.editor, assessment)
    mohammed = view_of(session, who.editor2, assessment)
    save_answer(session, who.editor, eva, question_key="1.1", value="Eva's versie 2", version=1)
    with pytest.raises(StaleAnswer) as raised:
        save_answer(
            session, who.editor2, mohammed, question_key="1.1", value="Mohammeds 2", version=1
        )
    current = raised.value.current
    assert current is not None
    assert (current.value, current.version) == ("Eva's versie 2", 2)
    answer = stored(session, assessment, "1.1")
    assert answer is not None
    assert (answer.value, answer.version, answer.updated_by) == (
        "Eva's versie 2",
        2,
        who.editor.user_id,
    )


def test_a_version_from_the_future_is_stale(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    save(session, who.editor, assessment, "1.1", "Versie 1")
    view = view_of(session, who.editor, assessment)
    with pytest.raises(StaleAnswer):
        save_answer(session, who.editor, view, question_key="1.1", value="Sprong", version=7)
    answer = stored(session, assessment, "1.1")
    assert answer is not None
    assert (answer.value, answer.version) == ("Versie 1", 1)


def test_a_negative_version_is_invalid(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    view = view_of(session, who.editor, assessment)
    with pytest.raises(InvalidInput):
        save_answer(session, who.editor, view, question_key="1.1", value="x", version=-1)
    assert stored(session, assessment, "1.1") is None


def test_a_save_that_changes_nothing_keeps_the_version(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    save(session, who.editor, assessment, "1.1", "Zelfde tekst")
    before = stored(session, assessment, "1.1")
    assert before is not None
    saved_at = before.updated_at  # a value: `before` itself is refreshed by the session
    saved = save(session, who.editor2, assessment, "1.1", "Zelfde tekst")
    assert saved.version == 1
    after = stored(session, assessment, "1.1")
    assert after is not None
    assert (after.version, after.updated_by, after.updated_at) == (
        1,
        who.editor.user_id,
        saved_at,
    )


def test_clearing_an_unanswered_question_stores_nothing(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    view = view_of(session, who.editor, assessment)
    saved = save_answer(session, who.editor, view, question_key="1.6", value="  ", version=0)
    assert (saved.value, saved.version) == (None, 0)
    assert stored(session, assessment, "1.6") is None


def test_clearing_an_answer_is_a_new_version_without_a_value(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    save(session, who.editor, assessment, "2.1", ["children"])
    saved = save(session, who.editor, assessment, "2.1", [])
    assert (saved.value, saved.version) == (None, 2)
    answer = stored(session, assessment, "2.1")
    assert answer is not None
    assert (answer.value, answer.version) == (None, 2)


def test_a_bad_value_is_refused_next_to_its_question(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    with pytest.raises(InvalidInput) as raised:
        save(session, who.editor, assessment, "1.4", "forever")
    assert raised.value.message == "Choose one of: pilot, fixed, ongoing."
    assert raised.value.problems == [
        {"question": "1.4", "message": "Choose one of: pilot, fixed, ongoing."}
    ]
    assert stored(session, assessment, "1.4") is None


def test_an_unknown_question_is_not_found(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    with pytest.raises(NotFound) as raised:
        save(session, who.editor, assessment, "9.9", "x")
    assert raised.value.message == "Questionnaire klein@1.0 has no question '9.9'."


def test_a_viewer_cannot_save(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    with pytest.raises(PermissionDenied):
        save(session, who.viewer, assessment, "1.1", "x")
    assert stored(session, assessment, "1.1") is None


def test_a_submitted_revision_refuses_saves(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.editor, assessment)
    with pytest.raises(StateConflict) as raised:
        save(session, who.editor, assessment, "1.1", "Nog even aanpassen")
    assert raised.value.message == (
        "Revision 1 is submitted for review; its answers cannot be changed."
    )
    with pytest.raises(StateConflict):
        save(session, who.editor, assessment, "1.6", "Een nieuw antwoord")
    answer = stored(session, assessment, "1.1")
    assert answer is not None
    assert (answer.value, answer.version) == (COMPLETE["1.1"], 1)
    assert stored(session, assessment, "1.6") is None


def test_an_approved_revision_refuses_saves(session: Session, who: People) -> None:
    assessment = approved_assessment(session, who)
    with pytest.raises(StateConflict, match="Revision 1 is approved and sealed"):
        save(session, who.editor, assessment, "1.2", True)
    answer = stored(session, assessment, "1.2")
    assert answer is not None
    assert answer.value is False


@pytest.mark.parametrize(("key", "version"), [("1.1", 1), ("1.6", 0)])
def test_a_form_opened_before_the_revision_was_submitted_gets_a_state_conflict(
    session: Session, engine: Engine, who: People, key: str, version: int
) -> None:
    """The form was loaded while the revision was a draft; another worker submits it before the
    save arrives. The database refuses the write; the person must hear that the revision is no
    longer a draft, not that someone else changed this answer (nobody did)."""
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    with Session(engine, expire_on_commit=False) as late:
        form = view_of(late, who.editor2, assessment)
        submit(session, who.editor, assessment)
        with pytest.raises(StateConflict) as raised:
            save_answer(late, who.editor2, form, question_key=key, value="Te laat", version=version)
    assert raised.value.message == "This revision is no longer a draft; reload to see it."
    answers = {k: a.value for k, a in view_of(session, who.editor, assessment).answers.items()}
    assert answers == COMPLETE


def test_saved_answers_are_stored_per_revision(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    other = new_assessment(session, who.editor, title="Parkeerscan")
    save(session, who.editor, assessment, "1.1", "Zwerfafval")
    save(session, who.editor, other, "1.1", "Parkeren")
    rows = session.exec(select(Answer).order_by(col(Answer.revision_id))).all()
    assert [(row.question_key, row.value) for row in rows] == [
        ("1.1", "Zwerfafval"),
        ("1.1", "Parkeren"),
    ]
