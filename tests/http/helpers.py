"""Helpers shared by the HTTP tests: English API headers, lifecycle shortcuts through the
services, the stored state read back fresh, and a few ways to look at a page."""

from typing import Any

from bs4 import BeautifulSoup, Tag
from sqlmodel import Session, col, func, select

from app.access import Actor
from app.assessments import service
from app.models import Answer, Assessment, Revision, User
from app.review.decisions import approve, request_changes
from tests.factories import (
    actor_of,
    answer,
    fill_and_submit,
    make_assessment,
    required_answers,
    soup,
    token_for,
)

FRIA = "ai-act-fria@1.0"
ENGLISH = {"Accept-Language": "en"}


def api_headers(session: Session, user: User) -> dict[str, str]:
    """A fresh personal token for `user`, and English messages."""
    return token_for(session, user) | ENGLISH


def fresh(session: Session) -> Session:
    """Forget what the test's session remembers: the app wrote through its own sessions."""
    session.expire_all()
    return session


def actor(session: Session, user: User) -> Actor:
    return actor_of(fresh(session), user)


def stored_revision(session: Session, assessment_id: int, number: int) -> Revision | None:
    return (
        fresh(session)
        .exec(
            select(Revision).where(
                Revision.assessment_id == assessment_id, Revision.number == number
            )
        )
        .first()
    )


def stored_answers(session: Session, assessment_id: int, number: int) -> dict[str, Answer]:
    revision = stored_revision(session, assessment_id, number)
    assert revision is not None
    rows = session.exec(select(Answer).where(Answer.revision_id == revision.id)).all()
    return {row.question_key: row for row in rows}


def count_rows(session: Session, model: type[Any]) -> int:
    return fresh(session).exec(select(func.count()).select_from(model)).one()


def revision_numbers(session: Session, assessment_id: int) -> list[int]:
    return list(
        fresh(session).exec(
            select(Revision.number)
            .where(Revision.assessment_id == assessment_id)
            .order_by(col(Revision.number))
        )
    )


def new_assessment(session: Session, editor: User, title: str = "Chatbot") -> Assessment:
    return make_assessment(session, actor(session, editor), title=title)


def submitted_assessment(session: Session, editor: User, title: str = "Chatbot") -> Assessment:
    """Revision 1 with every question answered, submitted by `editor`."""
    assessment = new_assessment(session, editor, title)
    fill_and_submit(session, actor(session, editor), assessment)
    return assessment


def approve_as(session: Session, reviewer: User, assessment: Assessment, number: int) -> None:
    assert assessment.id is not None
    who = actor(session, reviewer)
    approve(session, who, service.load_revision(session, who, assessment.id, number))


def send_back_as(session: Session, reviewer: User, assessment: Assessment, reason: str) -> None:
    """The reviewer asks for changes on the submitted revision 1."""
    assert assessment.id is not None
    who = actor(session, reviewer)
    request_changes(
        session, who, service.load_revision(session, who, assessment.id, 1), comment=reason
    )


def approved_assessment(
    session: Session, editor: User, reviewer: User, title: str = "Chatbot"
) -> Assessment:
    """Revision 1 filled and submitted by `editor`, approved (sealed) by `reviewer`."""
    assessment = submitted_assessment(session, editor, title)
    approve_as(session, reviewer, assessment, 1)
    return assessment


def open_revision_as(session: Session, editor: User, assessment: Assessment, reason: str) -> int:
    draft = service.open_draft(session, actor(session, editor), assessment, reason=reason)
    return draft.number


def answer_as(
    session: Session, user: User, assessment: Assessment, number: int, key: str, value: Any
) -> int:
    """Save one answer through the service, from the version stored now."""
    return answer(session, actor(session, user), assessment, number, key, value)


def fill_as(
    session: Session,
    user: User,
    assessment: Assessment,
    number: int = 1,
    *,
    skip: tuple[str, ...] = (),
) -> None:
    for key, value in required_answers(session).items():
        if key not in skip:
            answer_as(session, user, assessment, number, key, value)


def submit_as(session: Session, user: User, assessment: Assessment, number: int) -> None:
    assert assessment.id is not None
    who = actor(session, user)
    service.submit_revision(
        session, who, service.load_revision(session, who, assessment.id, number)
    )


def changed_register(session: Session, editor: User, reviewer: User, assessment: Assessment) -> int:
    """On an assessment of the test set `register@1.0`: revision 1 approved with two risks,
    then a draft (its number returned) that changes the first row's rating, keeps the second
    and adds a third."""
    first = [
        {"risk": "Bias", "inherent": {"likelihood": "medium", "severity": "high"}},
        {"risk": "Lek", "inherent": {"likelihood": "low", "severity": "low"}},
    ]
    answer_as(session, editor, assessment, 1, "1.1", False)
    answer_as(session, editor, assessment, 1, "2.1", {"likelihood": "low", "severity": "low"})
    answer_as(session, editor, assessment, 1, "2.2", first)
    submit_as(session, editor, assessment, 1)
    approve_as(session, reviewer, assessment, 1)
    number = open_revision_as(session, editor, assessment, "Nieuwe maatregel")
    second = [
        {"risk": "Bias", "inherent": {"likelihood": "low", "severity": "high"}},
        first[1],
        {"risk": "Uitval"},
    ]
    answer_as(session, editor, assessment, number, "2.2", second)
    return number


def page(html: str) -> BeautifulSoup:
    return soup(html)


def text(node: Tag | BeautifulSoup | None) -> str:
    """The visible text of a node with whitespace collapsed."""
    assert node is not None
    return " ".join(node.get_text(" ").split())


def one(tree: BeautifulSoup | Tag, selector: str) -> Tag:
    found = tree.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def hidden_fields(tree: BeautifulSoup | Tag, action: str) -> dict[str, str]:
    """What a browser sends of the form that posts to `action` besides what the person types:
    its hidden fields (the CSRF token, the content hash the reviewer saw)."""
    form = one(tree, f"form[action='{action}']")
    return {
        str(field["name"]): str(field.get("value", ""))
        for field in form.select("input[type=hidden][name]")
    }


def current_hash(session: Session, user: User, assessment: Assessment, number: int) -> str:
    """The hash of the revision's answers as they are now: what a review form carries."""
    assert assessment.id is not None
    who = actor(session, user)
    return service.load_revision(session, who, assessment.id, number).content_hash


def refuses_role(message: str, role: str, needed: str) -> bool:
    """A refusal for lack of a role names the role the person has and the role it needs."""
    return role in message and needed in message and "role" in message
