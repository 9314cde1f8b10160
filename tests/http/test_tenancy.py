"""Tenancy: every route that names something by id in its path (an assessment, a revision, a
question, a comment thread, a person, a questionnaire of one organisation) answers a member of
another organisation with 404, for every method it accepts. The walk reads the app's own route
table, so a new route is walked too, and fails here until the walk knows how to fill in its
path. The outsider is an admin (every role check passes) with valid credentials (a CSRF token,
a bearer token), so what refuses is the organisation boundary; and nothing is stored.

All tests share one database (module-scoped fixtures in tests/http/conftest.py)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, col, func, select

from app.assessments import service
from app.main import create_app
from app.models import Answer, Comment, Membership, Revision, Role, SetStatus, User
from app.review.decisions import request_changes
from app.settings import Settings
from tests.conftest import TEST_SECRET
from tests.factories import load_fria, login, make_user, store_yaml, token_for
from tests.http.helpers import ENGLISH, actor, fill_as, new_assessment, submit_as
from tests.unit.helpers import SMALL_YAML

SECRET_TITLE = "Alpha's confidential AI system"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
PARAM = re.compile(r"{(\w+)(?::\w+)?}")


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str

    @property
    def params(self) -> list[str]:
        return PARAM.findall(self.path)

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def endpoints(app: FastAPI) -> list[Endpoint]:
    """Every method of every route with a parameter in its path, routers included."""
    found = []
    for context in iter_route_contexts(app.routes):
        if not isinstance(context.original_route, APIRoute) or not context.path:
            continue
        for method in sorted((context.methods or set()) - {"HEAD"}):
            endpoint = Endpoint(method, context.path)
            if endpoint.params:
                found.append(endpoint)
    return found


ENDPOINTS = endpoints(
    create_app(Settings(env="test", database_url="sqlite://", secret_key=TEST_SECRET))
)


@dataclass(frozen=True)
class World:
    path_values: dict[str, str]
    form: dict[str, str]
    json: dict[str, Any]
    organisation_id: int


@pytest.fixture(scope="module")
def world(module_session: Session) -> World:
    """Alpha: an assessment whose revision 1 was sent back with a change request (so it has a
    comment thread and a review to compare with), its own questionnaire, its people.
    Beta: an admin, the outsider."""
    session = module_session
    load_fria(session)
    make_user(session, Role.ADMIN, org="alpha", email="admin@alpha.example")
    editor = make_user(session, Role.EDITOR, org="alpha", email="editor@alpha.example")
    reviewer = make_user(session, Role.REVIEWER, org="alpha", email="fg@alpha.example")
    make_user(session, Role.ADMIN, org="beta", email="admin@beta.example")

    assessment = new_assessment(session, editor, SECRET_TITLE)
    assert assessment.id is not None
    fill_as(session, editor, assessment)
    submit_as(session, editor, assessment, 1)
    who = actor(session, reviewer)
    view = service.load_revision(session, who, assessment.id, 1)
    request_changes(session, who, view, comment="Please explain a.1 better.")
    thread = session.exec(
        select(Comment.id)
        .join(Revision, col(Revision.id) == col(Comment.revision_id))
        .where(Revision.assessment_id == assessment.id)
    ).first()
    assert thread is not None

    # A draft: published, every organisation would see it in the shared catalogue.
    own_set = store_yaml(
        session,
        SMALL_YAML.replace("key: klein", "key: alpha-eigen"),
        organisation_id=assessment.organisation_id,
        status=SetStatus.DRAFT,
    )

    view = service.load_revision(session, actor(session, editor), assessment.id, 1)
    answer = view.answers["a.1"]
    return World(
        path_values={
            "assessment_id": str(assessment.id),
            "number": "1",
            "question_key": "a.1",
            "section_key": "a",
            "thread_id": str(thread),
            "user_id": str(editor.id),
            "key": own_set.key,
            "version": own_set.version,
        },
        # Enough for every form and JSON body to pass validation, with values that would do
        # something real if the boundary were missing.
        form={
            "value": "Rewritten by another organisation",
            "version": str(answer.version),
            "content_hash": view.content_hash,
            "comment": "From outside",
            "body": "From outside",
            "reason": "From outside",
            "question_key": "a.1",
            "thread_id": str(thread),
            "role": "viewer",
            "back": "/",
            "new_key": "beta-fork",
            "new_version": "9.0",
            "text": SMALL_YAML.replace("key: klein", "key: alpha-eigen"),
        },
        json={
            "value": "Rewritten by another organisation",
            "version": answer.version,
            "content_hash": view.content_hash,
            "comment": "From outside",
            "reason": "From outside",
        },
        organisation_id=assessment.organisation_id,
    )


Outsider = tuple[TestClient, str, dict[str, str]]


@pytest.fixture(scope="module")
def outsider(module_app: FastAPI, module_session: Session, world: World) -> Iterator[Outsider]:
    """Beta's admin: a logged-in browser session with its CSRF token, and an API token."""
    user = module_session.exec(select(User).where(User.email == "admin@beta.example")).one()
    with TestClient(module_app, base_url="http://testserver", headers=ENGLISH) as client:
        csrf = login(client, user)
        yield client, csrf, token_for(module_session, user)


@pytest.fixture(scope="module")
def insider(module_app: FastAPI, module_session: Session, world: World) -> Iterator[TestClient]:
    user = module_session.exec(select(User).where(User.email == "admin@alpha.example")).one()
    with TestClient(module_app, base_url="http://testserver", headers=ENGLISH) as client:
        login(client, user)
        yield client


def url_of(endpoint: Endpoint, world: World) -> str:
    missing = [p for p in endpoint.params if p not in world.path_values]
    assert not missing, (
        f"{endpoint}: the tenancy walk has no value for {missing}; add one of the first "
        "organisation's to World.path_values"
    )
    path = PARAM.sub(lambda m: world.path_values[m.group(1)], endpoint.path)
    # Routes that need a range get one; the others ignore it.
    return f"{path}?from=1&to=1"


def stored_state(engine: Engine) -> dict[str, Any]:
    """Row counts of every table, and what a change would alter in place."""
    with Session(engine) as session:
        state: dict[str, Any] = {
            table.name: session.exec(select(func.count()).select_from(table)).one()
            for table in SQLModel.metadata.sorted_tables
        }
        state["answers"] = session.exec(
            select(Answer.question_key, Answer.version).order_by(col(Answer.id))
        ).all()
        state["revisions"] = session.exec(select(Revision.state).order_by(col(Revision.id))).all()
        state["roles"] = session.exec(
            select(Membership.user_id, Membership.role).order_by(col(Membership.id))
        ).all()
        state["active"] = session.exec(select(User.is_active).order_by(col(User.id))).all()
    return state


def test_the_walk_sees_every_kind_of_route() -> None:
    """The walk must not go quiet if routes move behind routers: it knows these at least."""
    walked = {str(e) for e in ENDPOINTS}
    for expected in [
        "GET /assessments/{assessment_id}",
        "POST /assessments/{assessment_id}/revisions/{number}/answers/{question_key}",
        "POST /assessments/{assessment_id}/revisions/{number}/approve",
        "POST /people/{user_id}/role",
        "PUT /api/v1/assessments/{assessment_id}/revisions/{number}/answers/{question_key}",
        "GET /api/v1/questionnaires/{key}/{version}",
        "GET /questionnaires/{key}/{version}",
        "POST /questionnaires/{key}/{version}/yaml",
    ]:
        assert expected in walked


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_another_organisation_gets_404(
    endpoint: Endpoint,
    world: World,
    outsider: Outsider,
    insider: TestClient,
    module_engine: Engine,
) -> None:
    client, csrf, bearer = outsider
    url = url_of(endpoint, world)
    if endpoint.method == "GET":
        # The same address works for the organisation it belongs to: the ids are real.
        own = insider.get(url, follow_redirects=False)
        assert own.status_code in (200, 303), f"{endpoint} for a member: {own.status_code}"

    before = stored_state(module_engine)
    if endpoint.api:
        body = world.json if endpoint.method in UNSAFE else None
        response = client.request(endpoint.method, url, json=body, headers=bearer)
    elif endpoint.method in UNSAFE:
        response = client.request(
            endpoint.method,
            url,
            data=world.form,
            headers={"X-CSRF-Token": csrf},
            follow_redirects=False,
        )
    else:
        response = client.request(endpoint.method, url, follow_redirects=False)

    assert response.status_code == 404, f"{endpoint}: {response.status_code} {response.text[:300]}"
    assert SECRET_TITLE not in response.text
    if endpoint.api:
        assert response.json()["detail"]
    else:
        assert "Not found" in response.text
    assert stored_state(module_engine) == before, f"{endpoint} changed something"


def test_switching_to_an_organisation_one_does_not_belong_to_is_404(
    outsider: Outsider, world: World
) -> None:
    client, csrf, _bearer = outsider
    response = client.post(
        "/organisation",
        data={"organisation_id": str(world.organisation_id), "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 404
    assert f"There is no organisation {world.organisation_id}." in response.text
    # Still in their own organisation, seeing none of the other's assessments.
    home = client.get("/")
    assert home.status_code == 200
    assert SECRET_TITLE not in home.text
