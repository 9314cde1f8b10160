"""The database itself guards sealed history: even SQL that goes around the services cannot
change the answers of a revision that left draft, nor the seal of an approved revision."""

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import JSON, bindparam, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.models import Assessment, QuestionnaireSet, Revision, SetStatus
from tests.factories import store_yaml
from tests.unit.helpers import (
    COMPLETE,
    SMALL_YAML,
    People,
    approved_assessment,
    fill,
    new_assessment,
    stored_answers,
    stored_revisions,
    submit,
)


def refused(session: Session, sql: str, **params: Any) -> str:
    """Run raw SQL that the database must refuse; returns the database's message."""
    statement = text(sql)
    if "value" in params:
        statement = statement.bindparams(bindparam("value", type_=JSON))
    with pytest.raises(DBAPIError) as raised:
        session.execute(statement, params)
    session.rollback()
    return str(raised.value.orig)


@dataclass(frozen=True)
class Seal:
    """What was stored when revision 1 was approved, as plain values (a Revision object would
    be refreshed by the session and compare equal to itself whatever the database holds)."""

    id: int
    content_hash: str
    author: int


def reload(session: Session, revision_id: int) -> Revision:
    session.expire_all()
    revision = session.get(Revision, revision_id)
    assert revision is not None
    return revision


def first_revision(session: Session, assessment: Assessment) -> Revision:
    return stored_revisions(session, assessment)[0]


@pytest.fixture
def sealed(session: Session, who: People) -> Seal:
    """Revision 1, approved."""
    revision = first_revision(session, approved_assessment(session, who))
    assert revision.id is not None and revision.content_hash is not None
    assert revision.state == "approved"
    return Seal(revision.id, revision.content_hash, revision.created_by)


def test_an_answer_of_an_approved_revision_cannot_be_updated(
    session: Session, sealed: Seal
) -> None:
    message = refused(
        session,
        "UPDATE answer SET value = :value WHERE revision_id = :r AND question_key = '1.1'",
        value="Herschreven geschiedenis",
        r=sealed.id,
    )
    assert "answers of a revision that is not a draft cannot change" in message
    assert stored_answers(session, reload(session, sealed.id)) == COMPLETE


def test_an_answer_of_an_approved_revision_cannot_be_deleted(
    session: Session, sealed: Seal
) -> None:
    message = refused(session, "DELETE FROM answer WHERE revision_id = :r", r=sealed.id)
    assert "cannot change" in message
    assert stored_answers(session, reload(session, sealed.id)) == COMPLETE


def test_no_answer_can_be_added_to_an_approved_revision(session: Session, sealed: Seal) -> None:
    message = refused(
        session,
        "INSERT INTO answer (revision_id, question_key, value, version, updated_by, updated_at)"
        " VALUES (:r, '1.6', :value, 1, :u, CURRENT_TIMESTAMP)",
        r=sealed.id,
        value="Toegevoegd na goedkeuring",
        u=sealed.author,
    )
    assert "cannot change" in message
    assert stored_answers(session, reload(session, sealed.id)) == COMPLETE


def test_an_answer_cannot_be_moved_into_an_approved_revision(
    session: Session, who: People, sealed: Seal
) -> None:
    other = new_assessment(session, who.editor, title="Tweede")
    fill(session, who.editor, other, {"1.6": "Ondergeschoven"})
    draft = first_revision(session, other)
    refused(
        session, "UPDATE answer SET revision_id = :sealed WHERE revision_id = :draft",
        sealed=sealed.id, draft=draft.id,
    )  # fmt: skip
    assert stored_answers(session, reload(session, sealed.id)) == COMPLETE


def test_answers_of_a_submitted_revision_are_frozen_too(session: Session, who: People) -> None:
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    submit(session, who.editor, assessment)
    submitted = first_revision(session, assessment)
    refused(
        session, "UPDATE answer SET version = version + 1 WHERE revision_id = :r", r=submitted.id
    )
    assert stored_answers(session, submitted) == COMPLETE


def test_answers_of_a_draft_can_change(session: Session, who: People) -> None:
    """The guard is selective: the same SQL works while the revision is a draft."""
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, COMPLETE)
    draft = first_revision(session, assessment)
    statement = text(
        "UPDATE answer SET value = :value WHERE revision_id = :r AND question_key = '1.1'"
    ).bindparams(bindparam("value", type_=JSON))
    session.execute(statement, {"value": "Nog in concept", "r": draft.id})
    session.commit()
    assert stored_answers(session, draft)["1.1"] == "Nog in concept"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE revision SET content_hash = :other WHERE id = :r",
        "UPDATE revision SET content_hash = NULL WHERE id = :r",
        "UPDATE revision SET parent_hash = :other WHERE id = :r",
        "UPDATE revision SET state = 'draft' WHERE id = :r",
        "UPDATE revision SET state = 'submitted' WHERE id = :r",
        "UPDATE revision SET number = 7 WHERE id = :r",
    ],
)
def test_the_seal_of_an_approved_revision_cannot_change(
    session: Session, sealed: Seal, sql: str
) -> None:
    message = refused(session, sql, r=sealed.id, other="0" * 64)
    assert "a sealed revision cannot change" in message
    again = reload(session, sealed.id)
    assert (again.state, again.content_hash, again.parent_hash, again.number) == (
        "approved",
        sealed.content_hash,
        None,
        1,
    )


def test_an_approved_revision_cannot_be_deleted(session: Session, sealed: Seal) -> None:
    message = refused(session, "DELETE FROM revision WHERE id = :r", r=sealed.id)
    assert "a sealed revision cannot change" in message
    assert reload(session, sealed.id).state == "approved"


def test_superseding_an_approved_revision_is_allowed(session: Session, sealed: Seal) -> None:
    session.execute(
        text("UPDATE revision SET state = 'superseded' WHERE id = :r"), {"r": sealed.id}
    )
    session.commit()
    again = reload(session, sealed.id)
    assert (again.state, again.content_hash) == ("superseded", sealed.content_hash)


def test_a_superseded_revision_keeps_its_seal(session: Session, sealed: Seal) -> None:
    session.execute(
        text("UPDATE revision SET state = 'superseded' WHERE id = :r"), {"r": sealed.id}
    )
    session.commit()
    refused(session, "UPDATE revision SET content_hash = NULL WHERE id = :r", r=sealed.id)
    refused(session, "UPDATE answer SET version = 9 WHERE revision_id = :r", r=sealed.id)
    again = reload(session, sealed.id)
    assert (again.state, again.content_hash) == ("superseded", sealed.content_hash)
    assert stored_answers(session, again) == COMPLETE


# --- published questionnaire sets --------------------------------------------------------------

SET_FROZEN = "a published questionnaire set cannot change"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE questionnaire_set SET content = '{}' WHERE id = :id",
        "UPDATE questionnaire_set SET content_hash = 'x' WHERE id = :id",
        "UPDATE questionnaire_set SET version = '9.9' WHERE id = :id",
        "UPDATE questionnaire_set SET status = 'draft' WHERE id = :id",
        # NULL to a value: where IS / IS NOT DISTINCT FROM matter.
        "UPDATE questionnaire_set SET forked_from = 'x@1.0' WHERE id = :id",
        "UPDATE questionnaire_set SET id = id + 1000 WHERE id = :id",
        "DELETE FROM questionnaire_set WHERE id = :id",
    ],
)
def test_a_published_set_cannot_change_or_go(
    session: Session, fria: QuestionnaireSet, sql: str
) -> None:
    assert SET_FROZEN in refused(session, sql, id=fria.id)
    session.expire_all()
    assert session.get(QuestionnaireSet, fria.id) is not None


def test_a_draft_set_changes_and_is_published(session: Session) -> None:
    draft = store_yaml(
        session,
        SMALL_YAML.replace("key: klein", "key: eigen-concept"),
        organisation_id=None,
        status=SetStatus.DRAFT,
    )
    session.execute(
        text("UPDATE questionnaire_set SET title = 'Nieuw', status = 'published' WHERE id = :id"),
        {"id": draft.id},
    )
    session.commit()
    again = "UPDATE questionnaire_set SET title = 'Weer anders' WHERE id = :id"
    assert SET_FROZEN in refused(session, again, id=draft.id)
