"""Small factory functions for the unit tests: a compact questionnaire set whose rules are easy
to see, the people of two municipalities, and revisions taken through the real services."""

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import text, update
from sqlmodel import Session, col, select

from app.access import Actor
from app.assessments import service
from app.assessments.answers import SavedAnswer, save_answer
from app.assessments.service import RevisionView
from app.auth.accounts import get_or_create_organisation
from app.i18n import current_language
from app.models import (
    Answer,
    Assessment,
    AuditChain,
    AuditEvent,
    Membership,
    QuestionnaireSet,
    Revision,
    Role,
    User,
)
from app.questionnaire.loader import LoadedSet, load_file, load_set
from app.questionnaire.model import Questionnaire, questionnaire_from_content
from app.questionnaire.store import store_set
from app.review.decisions import approve
from tests.factories import FRIA_PATH, actor_of

# A questionnaire with one question of every type and every kind of `show_if`:
#   1.3 follows 1.2 (yes/no equals true), 1.5 follows 1.4 (choice `in`),
#   1.6 follows 1.4 (choice equals a string), 2.2 follows 2.1 (multichoice `in`),
#   2.3 follows 1.3 (answered) and 2.4 follows 2.3 (equals false): a chain of three.
SMALL_YAML = """\
key: klein
version: "1.0"
title:
  nl: "Kleine toets"
  en: "Small test"
source:
  publisher: "Gemeente Voorbeeld"
  title: "Testvragen"
  year: 2026
  url: "https://voorbeeld.example/vragen"
  licence: "EUPL-1.2"
review_interval_months: 12
sections:
  - key: "1"
    title:
      nl: "Het systeem"
      en: "The system"
    questions:
      - key: "1.1"
        text:
          nl: "Wat doet het systeem?"
          en: "What does the system do?"
        type: text
        required: true
      - key: "1.2"
        text:
          nl: "Is er een DPIA?"
          en: "Is there a DPIA?"
        type: yesno
        required: true
      - key: "1.3"
        text:
          nl: "Waar staat de DPIA?"
          en: "Where is the DPIA?"
        type: text
        required: true
        show_if:
          question: "1.2"
          equals: true
      - key: "1.4"
        text:
          nl: "Hoe lang gebruikt u het?"
          en: "For how long do you use it?"
        type: choice
        required: true
        options:
          - value: pilot
            label:
              nl: "Proef"
              en: "Pilot"
          - value: fixed
            label:
              nl: "Vaste periode"
              en: "Fixed period"
          - value: ongoing
            label:
              nl: "Doorlopend"
              en: "Ongoing"
      - key: "1.5"
        text:
          nl: "Wanneer stopt het gebruik?"
          en: "When does use end?"
        type: date
        required: true
        show_if:
          question: "1.4"
          in: [pilot, fixed]
      - key: "1.6"
        text:
          nl: "Wanneer evalueert u het?"
          en: "When do you evaluate it?"
        type: text
        show_if:
          question: "1.4"
          equals: ongoing
  - key: "2"
    title:
      nl: "Betrokkenen"
      en: "People affected"
    questions:
      - key: "2.1"
        text:
          nl: "Welke groepen raakt het?"
          en: "Which groups does it affect?"
        type: multichoice
        required: true
        options:
          - value: children
            label:
              nl: "Kinderen"
              en: "Children"
          - value: elderly
            label:
              nl: "Ouderen"
              en: "Elderly people"
          - value: disabled
            label:
              nl: "Mensen met een beperking"
              en: "People with a disability"
          - value: other
            label:
              nl: "Anders"
              en: "Other"
      - key: "2.2"
        text:
          nl: "Welke andere groepen?"
          en: "Which other groups?"
        type: text
        required: true
        show_if:
          question: "2.1"
          in: [other]
      - key: "2.3"
        text:
          nl: "Is de DPIA actueel?"
          en: "Is the DPIA up to date?"
        type: yesno
        required: true
        show_if:
          question: "1.3"
          answered: true
      - key: "2.4"
        text:
          nl: "Wanneer werkt u de DPIA bij?"
          en: "When will you update the DPIA?"
        type: date
        show_if:
          question: "2.3"
          equals: false
"""

SMALL_REF = "klein@1.0"

# Answers that make the small set complete with the fewest questions asked.
COMPLETE: dict[str, Any] = {
    "1.1": "Het systeem herkent zwerfafval op camerabeelden van veegwagens.",
    "1.2": False,
    "1.4": "ongoing",
    "2.1": ["children", "elderly"],
}


@lru_cache
def small_loaded() -> LoadedSet:
    return load_set(SMALL_YAML, "klein.yaml")


@lru_cache
def small_questionnaire() -> Questionnaire:
    return questionnaire_from_content(small_loaded().content)


@lru_cache
def fria_questionnaire() -> Questionnaire:
    return questionnaire_from_content(load_file(FRIA_PATH).content)


def store_small(session: Session) -> QuestionnaireSet:
    row, _created = store_set(session, small_loaded())
    session.commit()
    return row


@dataclass(frozen=True)
class People:
    """Everyone a lifecycle test needs: two municipalities, every role."""

    editor: Actor
    editor2: Actor
    reviewer: Actor
    reviewer2: Actor
    viewer: Actor
    outsider: Actor  # an editor of another municipality


def person(session: Session, role: Role, org: str = "utrecht") -> Actor:
    """A member of `org` with `role`. No password: hashing one is slow and these tests never
    log in (tests.factories.make_user does, for the HTTP tests)."""
    organisation = get_or_create_organisation(session, org, org.title())
    assert organisation.id is not None
    user = User(email=f"{role.value}-{next(_numbers)}@{org}.example", name=f"{role.value} {org}")
    session.add(user)
    session.flush()
    assert user.id is not None
    session.add(Membership(user_id=user.id, organisation_id=organisation.id, role=role))
    session.commit()
    return actor_of(session, user)


_numbers = itertools.count(1)


def people(session: Session) -> People:
    return People(
        editor=person(session, Role.EDITOR),
        editor2=person(session, Role.EDITOR),
        reviewer=person(session, Role.REVIEWER),
        reviewer2=person(session, Role.REVIEWER),
        viewer=person(session, Role.VIEWER),
        outsider=person(session, Role.EDITOR, org="amersfoort"),
    )


def new_assessment(session: Session, actor: Actor, *, title: str = "Zwerfafval") -> Assessment:
    assessment, _revision = service.create_assessment(
        session, actor, title=title, questionnaire_ref=SMALL_REF
    )
    return assessment


def view_of(
    session: Session, actor: Actor, assessment: Assessment, number: int = 1
) -> RevisionView:
    assert assessment.id is not None
    return service.load_revision(session, actor, assessment.id, number)


def save(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    key: str,
    value: Any,
    number: int = 1,
) -> SavedAnswer:
    """Save as a person would: starting from the version that is stored now."""
    view = view_of(session, actor, assessment, number)
    current = view.answers.get(key)
    return save_answer(
        session,
        actor,
        view,
        question_key=key,
        value=value,
        version=current.version if current else 0,
    )


def fill(
    session: Session,
    actor: Actor,
    assessment: Assessment,
    answers: dict[str, Any],
    number: int = 1,
) -> None:
    for key, value in answers.items():
        save(session, actor, assessment, key, value, number)


def submit(session: Session, actor: Actor, assessment: Assessment, number: int = 1) -> None:
    service.submit_revision(session, actor, view_of(session, actor, assessment, number))


def approve_revision(
    session: Session, reviewer: Actor, assessment: Assessment, number: int = 1
) -> None:
    approve(session, reviewer, view_of(session, reviewer, assessment, number))


def approved_assessment(
    session: Session, who: People, answers: dict[str, Any] | None = None
) -> Assessment:
    """An assessment whose revision 1 was filled by the editor and approved by the reviewer."""
    assessment = new_assessment(session, who.editor)
    fill(session, who.editor, assessment, answers or COMPLETE)
    submit(session, who.editor, assessment)
    approve_revision(session, who.reviewer, assessment)
    return assessment


def stored_revisions(session: Session, assessment: Assessment) -> list[Revision]:
    """The revisions as the database holds them now (not as any session remembers them)."""
    session.expire_all()
    return list(
        session.exec(
            select(Revision)
            .where(Revision.assessment_id == assessment.id)
            .order_by(col(Revision.number))
        )
    )


def stored_answers(session: Session, revision: Revision) -> dict[str, Any]:
    session.expire_all()
    rows = session.exec(select(Answer).where(Answer.revision_id == revision.id))
    return {row.question_key: row.value for row in rows}


def line_col(text: str, needle: str, *, after: str = "") -> tuple[int, int]:
    """1-based line and column where `needle` first starts in `text` (after `after`, if given)."""
    index = text.index(needle, text.index(after) if after else 0)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


@contextmanager
def in_dutch() -> Iterator[None]:
    """Domain messages as a Dutch user (the default UI language) reads them."""
    token = current_language.set("nl")
    try:
        yield
    finally:
        current_language.reset(token)


# --- the audit trail ---------------------------------------------------------------------------


def events_of(session: Session, organisation_id: int, *, after: int = 0) -> list[AuditEvent]:
    """The organisation's audit events as stored now, in chain order (after place `after`)."""
    session.expire_all()
    return list(
        session.exec(
            select(AuditEvent)
            .where(AuditEvent.organisation_id == organisation_id, col(AuditEvent.seq) > after)
            .order_by(col(AuditEvent.seq))
        )
    )


def head_of(session: Session, organisation_id: int) -> tuple[int, str] | None:
    """The chain's head as stored now: its length and its last hash."""
    session.expire_all()
    head = session.get(AuditChain, organisation_id)
    return None if head is None else (head.seq, head.head_hash)


@contextmanager
def audit_guard_off(session: Session, operation: str) -> Iterator[None]:
    """Switch the database's guard on audit events off, as someone with direct database access
    would, for one `operation` ("update" or "delete"); commit what was done meanwhile. On
    PostgreSQL the trigger is disabled and enabled again in the same transaction, so other
    tests (which share that database) never see it switched off."""
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only"))
    else:
        session.execute(text(f"DROP TRIGGER audit_event_append_only_{operation}"))
    yield
    if postgres:
        session.execute(text("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only"))
    session.commit()
    if postgres:
        enabled = session.execute(
            text("SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_event_append_only'")
        ).scalar_one()
        assert enabled == "O", "the guard must be back on for the tests that follow"


def rewrite_event(session: Session, organisation_id: int, seq: int, **values: Any) -> None:
    """Change stored fields of one audit event behind Levend's back."""
    with audit_guard_off(session, "update"):
        session.execute(
            update(AuditEvent)
            .where(col(AuditEvent.organisation_id) == organisation_id, col(AuditEvent.seq) == seq)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def delete_event(session: Session, organisation_id: int, seq: int) -> None:
    """Remove one audit event behind Levend's back."""
    with audit_guard_off(session, "delete"):
        session.execute(
            text("DELETE FROM audit_event WHERE organisation_id = :o AND seq = :s"),
            {"o": organisation_id, "s": seq},
        )
