"""Who may do what: every action tried by every role (viewer < editor < reviewer < admin),
through the web forms and, for the assessment actions, through the JSON API too. An allowed
action changes what is stored; a refused one answers 403, names the role it needs, and changes
nothing.

All cases share one database (module-scoped fixtures in tests/http/conftest.py); each builds
the assessment or the person it acts on, so the cases do not depend on each other."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.assessments import service
from app.models import Assessment, Membership, Role, User
from tests.factories import PASSWORD, csrf_from, load_fria, make_user, token_for
from tests.http.helpers import (
    ENGLISH,
    FRIA,
    actor,
    approved_assessment,
    fill_as,
    fresh,
    new_assessment,
    one,
    page,
    refuses_role,
    revision_numbers,
    stored_answers,
    stored_revision,
    submitted_assessment,
    text,
)

ORG = "matrix"


@dataclass
class Team:
    session: Session
    people: dict[Role, User]
    author: User  # an editor who prepares what the others act on
    approver: User  # a reviewer who approves what `open revision` needs sealed
    clients: dict[Role, TestClient]
    csrf: dict[Role, str]
    tokens: dict[Role, dict[str, str]]

    def form(self, who: Role, url: str, data: dict[str, str]) -> httpx.Response:
        response: httpx.Response = self.clients[who].post(
            url, data={**data, "csrf_token": self.csrf[who]}, follow_redirects=False
        )
        return response

    def api(self, who: Role, method: str, url: str, body: object = None) -> httpx.Response:
        response: httpx.Response = self.clients[who].request(
            method, url, json=body, headers=self.tokens[who]
        )
        return response


@pytest.fixture(scope="module")
def team(module_app: FastAPI, module_session: Session) -> Iterator[Team]:
    session = module_session
    load_fria(session)
    people = {role: make_user(session, role, org=ORG) for role in Role}
    author = make_user(session, Role.EDITOR, org=ORG, email="author@matrix.example")
    approver = make_user(session, Role.REVIEWER, org=ORG, email="approver@matrix.example")
    clients: dict[Role, TestClient] = {}
    csrf: dict[Role, str] = {}
    for role, user in people.items():
        client = TestClient(module_app, base_url="http://testserver", headers=ENGLISH)
        client.__enter__()
        clients[role] = client
        token = csrf_from(client.get("/login").text)
        client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
        csrf[role] = csrf_from(client.get("/").text)
    tokens = {role: token_for(session, user) for role, user in people.items()}
    yield Team(session, people, author, approver, clients, csrf, tokens)
    for client in clients.values():
        client.__exit__(None, None, None)


# Each action: do it as `who` through `surface`, and say whether it happened (read back from
# the database afterwards).
Attempt = tuple[httpx.Response, Callable[[], bool]]


def create_assessment(t: Team, who: Role, surface: str) -> Attempt:
    title = f"Made by the {who.value} through the {surface}"
    if surface == "web":
        response = t.form(who, "/assessments", {"title": title, "questionnaire": FRIA})
    else:
        response = t.api(
            who, "POST", "/api/v1/assessments", {"title": title, "questionnaire": FRIA}
        )

    def happened() -> bool:
        found = fresh(t.session).exec(select(Assessment).where(Assessment.title == title))
        return found.first() is not None

    return response, happened


def save_answer(t: Team, who: Role, surface: str) -> Attempt:
    assessment = new_assessment(t.session, t.author)
    value = f"Answered by the {who.value}"
    base = f"/assessments/{assessment.id}/revisions/1/answers/a.1"
    if surface == "web":
        response = t.form(who, base, {"value": value, "version": "0"})
    else:
        response = t.api(who, "PUT", f"/api/v1{base}", {"value": value, "version": 0})

    def happened() -> bool:
        stored = stored_answers(t.session, assessment.id or 0, 1).get("a.1")
        return stored is not None and stored.value == value

    return response, happened


def _filled_draft(t: Team) -> Assessment:
    assessment = new_assessment(t.session, t.author)
    fill_as(t.session, t.author, assessment)
    return assessment


def _state(t: Team, assessment: Assessment, number: int = 1) -> str | None:
    revision = stored_revision(t.session, assessment.id or 0, number)
    return revision.state if revision else None


def submit(t: Team, who: Role, surface: str) -> Attempt:
    assessment = _filled_draft(t)
    url = f"/assessments/{assessment.id}/revisions/1/submit"
    response = t.form(who, url, {}) if surface == "web" else t.api(who, "POST", f"/api/v1{url}")
    return response, lambda: _state(t, assessment) == "submitted"


def _seen_hash(t: Team, assessment: Assessment) -> str:
    who = actor(t.session, t.author)
    return service.load_revision(t.session, who, assessment.id or 0, 1).content_hash


def approve(t: Team, who: Role, surface: str) -> Attempt:
    assessment = submitted_assessment(t.session, t.author)
    url = f"/assessments/{assessment.id}/revisions/1/approve"
    seen = {"content_hash": _seen_hash(t, assessment)}
    if surface == "web":
        response = t.form(who, url, seen)
    else:
        response = t.api(who, "POST", f"/api/v1{url}", seen)
    return response, lambda: _state(t, assessment) == "approved"


def request_changes(t: Team, who: Role, surface: str) -> Attempt:
    assessment = submitted_assessment(t.session, t.author)
    url = f"/assessments/{assessment.id}/revisions/1/request-changes"
    body = {"comment": "Explain a.1 better.", "content_hash": _seen_hash(t, assessment)}
    if surface == "web":
        response = t.form(who, url, body)
    else:
        response = t.api(who, "POST", f"/api/v1{url}", body)
    return response, lambda: _state(t, assessment) == "draft"


def open_revision(t: Team, who: Role, surface: str) -> Attempt:
    assessment = approved_assessment(t.session, t.author, t.approver)
    url = f"/assessments/{assessment.id}/revisions"
    body = {"reason": "The model was retrained."}
    if surface == "web":
        response = t.form(who, url, body)
    else:
        response = t.api(who, "POST", f"/api/v1{url}", body)
    return response, lambda: revision_numbers(t.session, assessment.id or 0) == [1, 2]


def _member(t: Team, role: Role = Role.VIEWER) -> User:
    return make_user(t.session, role, org=ORG)


def _stored_user(t: Team, user_id: int | None) -> User:
    found = fresh(t.session).get(User, user_id)
    assert found is not None
    return found


def see_people(t: Team, who: Role, surface: str) -> Attempt:
    response = t.clients[who].get("/people")

    def happened() -> bool:
        shown = [text(c) for c in page(response.text).select(".levend-people__email")]
        return t.people[Role.VIEWER].email in shown

    return response, happened


def add_person(t: Team, who: Role, surface: str) -> Attempt:
    email = f"added-by-{who.value}@matrix.example"
    data = {"email": email, "name": "New Person", "role": "editor", "password": PASSWORD}
    response = t.form(who, "/people", data)

    def happened() -> bool:
        user = fresh(t.session).exec(select(User).where(User.email == email)).first()
        return user is not None

    return response, happened


def change_role(t: Team, who: Role, surface: str) -> Attempt:
    target = _member(t)
    response = t.form(who, f"/people/{target.id}/role", {"role": "editor"})

    def happened() -> bool:
        membership = (
            fresh(t.session).exec(select(Membership).where(Membership.user_id == target.id)).one()
        )
        return membership.role == Role.EDITOR

    return response, happened


def deactivate(t: Team, who: Role, surface: str) -> Attempt:
    target = _member(t)
    response = t.form(who, f"/people/{target.id}/deactivate", {})
    return response, lambda: not _stored_user(t, target.id).is_active


def reactivate(t: Team, who: Role, surface: str) -> Attempt:
    target = _member(t)
    target.is_active = False
    t.session.add(target)
    t.session.commit()
    response = t.form(who, f"/people/{target.id}/reactivate", {})
    return response, lambda: _stored_user(t, target.id).is_active


Action = Callable[[Team, Role, str], Attempt]
BOTH = ("web", "api")
# action: (the least role that may do it, the surfaces it is offered on)
ACTIONS: dict[str, tuple[Action, Role, tuple[str, ...]]] = {
    "create assessment": (create_assessment, Role.EDITOR, BOTH),
    "save answer": (save_answer, Role.EDITOR, BOTH),
    "submit": (submit, Role.EDITOR, BOTH),
    "approve": (approve, Role.REVIEWER, BOTH),
    "request changes": (request_changes, Role.REVIEWER, BOTH),
    "open revision": (open_revision, Role.EDITOR, BOTH),
    "see people": (see_people, Role.ADMIN, ("web",)),
    "add person": (add_person, Role.ADMIN, ("web",)),
    "change role": (change_role, Role.ADMIN, ("web",)),
    "deactivate": (deactivate, Role.ADMIN, ("web",)),
    "reactivate": (reactivate, Role.ADMIN, ("web",)),
}
CASES = [
    pytest.param(name, role, surface, id=f"{name}-{role.value}-{surface}")
    for name, (_action, _needs, surfaces) in ACTIONS.items()
    for surface in surfaces
    for role in Role
]


def _refusal(response: httpx.Response, surface: str) -> str:
    if surface == "api":
        return str(response.json()["detail"])
    return text(one(page(response.text), ".levend-alert"))


@pytest.mark.parametrize(("name", "who", "surface"), CASES)
def test_every_role_may_do_what_its_role_allows(
    team: Team, name: str, who: Role, surface: str
) -> None:
    action, needs, _surfaces = ACTIONS[name]
    response, happened = action(team, who, surface)
    if who.at_least(needs):
        assert response.status_code in (200, 201, 303), response.text[:500]
        assert happened(), (
            f"{name} by the {who.value} answered {response.status_code} but did not happen"
        )
    else:
        assert response.status_code == 403, response.text[:500]
        message = _refusal(response, surface)
        assert refuses_role(message, who.value, needs.value), message
        assert not happened(), f"{name} by the {who.value} was refused but happened anyway"
