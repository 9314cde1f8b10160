"""Small factory functions that build test data through the same services the app uses."""

from functools import lru_cache
from typing import Any

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.access import Actor
from app.assessments import service
from app.assessments.answers import save_answer
from app.auth.accounts import (
    create_token,
    create_user,
    get_or_create_organisation,
    membership_of,
)
from app.models import Assessment, QuestionnaireSet, Role, SetStatus, User
from app.questionnaire.loader import LoadedSet, load_file, load_set
from app.questionnaire.store import store_set
from app.settings import PROJECT_ROOT

FRIA_PATH = PROJECT_ROOT / "questionnaires" / "ai-act-fria" / "1.0.yaml"
PASSWORD = "correct-horse-battery"


@lru_cache
def _fria() -> LoadedSet:
    return load_file(FRIA_PATH)


def load_fria(session: Session) -> QuestionnaireSet:
    row, _created = store_set(session, _fria())
    session.commit()
    return row


def store_yaml(
    session: Session,
    text: str,
    path: str = "test.yaml",
    *,
    organisation_id: int | None = None,
    status: SetStatus = SetStatus.PUBLISHED,
) -> QuestionnaireSet:
    """A set as the built-in loader stores it, or (given an organisation) as that
    organisation's own set in `status`: a published set never changes afterwards."""
    if organisation_id is None and status == SetStatus.PUBLISHED:
        row, _created = store_set(session, load_set(text, path))
        session.commit()
        return row
    loaded = load_set(text, path)
    row = QuestionnaireSet(
        key=loaded.content["key"],
        version=loaded.content["version"],
        organisation_id=organisation_id,
        title=loaded.content["title"]["nl"],
        content=loaded.canonical_json,
        content_hash=loaded.content_hash,
        status=status,
    )
    session.add(row)
    session.commit()
    return row


def make_user(
    session: Session,
    role: Role | str = Role.EDITOR,
    *,
    org: str = "utrecht",
    email: str | None = None,
    name: str | None = None,
) -> User:
    organisation = get_or_create_organisation(session, org, org.title())
    role = Role(role)
    email = email or f"{role.value}-{_counter()}@{org}.example"
    return create_user(
        session,
        email=email,
        name=name or email.split("@")[0],
        password=PASSWORD,
        organisation=organisation,
        role=role,
    )


_count = [0]


def _counter() -> int:
    _count[0] += 1
    return _count[0]


def actor_of(session: Session, user: User) -> Actor:
    """The person acting in their first organisation."""
    membership = membership_of(session, user)
    assert membership is not None, f"{user.email} belongs to no organisation"
    return Actor.of(user, membership.organisation_id, membership.role)


def make_assessment(
    session: Session, actor: Actor, *, ref: str = "ai-act-fria@1.0", title: str = "Chatbot"
) -> Assessment:
    assessment, _revision = service.create_assessment(
        session, actor, title=title, questionnaire_ref=ref
    )
    return assessment


def answer(
    session: Session, actor: Actor, assessment: Assessment, number: int, key: str, value: Any
) -> int:
    assert assessment.id is not None
    view = service.load_revision(session, actor, assessment.id, number)
    current = view.answers.get(key)
    return save_answer(
        session,
        actor,
        view,
        question_key=key,
        value=value,
        version=current.version if current else 0,
    ).version


def required_answers(session: Session, ref: str = "ai-act-fria@1.0") -> dict[str, Any]:
    """A value for every required question that is asked when every yes/no is yes."""
    stored = session.get(QuestionnaireSet, 1)
    assert stored is not None
    from app.questionnaire.store import questionnaire_of

    values: dict[str, Any] = {}
    for q in questionnaire_of(stored).questions:
        values[q.key] = {
            "text": f"Answer to {q.key}",
            "choice": q.options[0].value if q.options else None,
            "multichoice": [q.options[0].value] if q.options else None,
            "yesno": True,
            "date": "2026-01-31",
        }[q.type]
    return values


def fill_and_submit(
    session: Session, actor: Actor, assessment: Assessment, number: int = 1
) -> None:
    assert assessment.id is not None
    for key, value in required_answers(session).items():
        answer(session, actor, assessment, number, key, value)
    view = service.load_revision(session, actor, assessment.id, number)
    service.submit_revision(session, actor, view)


def require_approvals(session: Session, count: int, *, org: str = "utrecht") -> None:
    """`org` wants `count` approvals by different reviewers before a revision is sealed."""
    organisation = get_or_create_organisation(session, org, org.title())
    organisation.required_approvals = count
    session.add(organisation)
    session.commit()


def token_for(session: Session, user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(session, user.email)}"}


def csrf_from(html: str) -> str:
    field = BeautifulSoup(html, "html.parser").select_one("input[name=csrf_token]")
    assert field is not None, "page has no CSRF field"
    return str(field["value"])


def login(client: TestClient, user: User, password: str = PASSWORD) -> str:
    """Log in through the form; returns the CSRF token of the new session."""
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login",
        data={"email": user.email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_from(client.get("/").text)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")
